"""``modelzoo``: prepare data, run pipelines, predict, list pushed models.

Quiet by default; ``-v`` brings back TensorFlow / TFX / Beam logs.
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from components.quantizing_pusher.publishing import (
    NoPushedModelError,
    latest_version,
    load_manifest,
    pushed_versions,
)
from modelzoo import beam_options
from modelzoo.cli_common import ModelName, err_console, fail, latest_pushed
from modelzoo.firmware_cli import firmware_app
from modelzoo.kfp_cli import kfp_app
from modules.registry import MODELS
from pipelines import settings
from pipelines.quiet import quiet_logs

console = Console()

app = typer.Typer(
    help="Endpoint-AI model zoo for Ambiq Apollo4.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
data_app = typer.Typer(help="Prepare data sets.", no_args_is_help=True)
heart_data_app = typer.Typer(help="Heart arrhythmia ECG data (WFDB).", no_args_is_help=True)
app.add_typer(data_app, name="data")
app.add_typer(kfp_app, name="kfp")
data_app.add_typer(heart_data_app, name="heart-arrhythmia")
app.add_typer(firmware_app, name="firmware")


class Runner(str, Enum):
    local = "local"
    kubeflow_compile = "kubeflow-compile"


class Dataset(str, Enum):
    afdb = "afdb"
    ltafdb = "ltafdb"
    icentia11k = "icentia11k"


@app.callback()
def main_options(verbose: bool = typer.Option(False, "-v", "--verbose", help="Show library logs.")):
    quiet_logs(verbose)


@heart_data_app.command("synth")
def heart_synth(
    out: Path = typer.Option(None, help="Output directory (default: $MODELZOO_DATA/...)."),
    patients: int = typer.Option(2000, min=1, help="Number of simulated patients."),
    records_per_patient: int = typer.Option(1, min=1),
    minutes: float = typer.Option(1.0, min=0.5, help="Minutes per record."),
    noise_min: float = typer.Option(0.2, min=0.0, help="Smallest per-record noise scale."),
    noise_max: float = typer.Option(2.5, min=0.0, help="Largest per-record noise scale."),
    seed: int = typer.Option(0),
):
    """Write synthetic ECG records (NORMAL / AFIB / AFL, rhythm changes, noise) in WFDB format.

    The defaults are the embedded default data set (``synthesis.DEFAULT_DATASET``): each
    record's noise scale is drawn log-uniformly in [--noise-min, --noise-max]. Equal values,
    or --noise-min 0, give every record the fixed scale --noise-max.
    """
    from modules.heart_arrhythmia.synthesis import SynthesisConfig

    if noise_min > noise_max:
        fail(f"--noise-min {noise_min} is larger than --noise-max {noise_max}")
    fixed_noise = noise_min == noise_max or noise_min == 0
    config_ = SynthesisConfig(
        n_patients=patients,
        records_per_patient=records_per_patient,
        record_minutes=minutes,
        noise_scale=noise_max if fixed_noise else 1.0,
        noise_scale_range=None if fixed_noise else (noise_min, noise_max),
        seed=seed,
    )
    _write_synthetic(out, config_)


def _write_synthetic(out: Path | None, synthesis_config) -> Path:
    from modules.heart_arrhythmia import config
    from modules.heart_arrhythmia.synthesis import write_dataset

    out = out or settings.default_data_dir(config.MODEL_NAME)
    records = write_dataset(out, synthesis_config)
    console.print(f"Wrote {len(records)} records to {out}")
    return out


@heart_data_app.command("download")
def heart_download(
    dataset: Dataset = typer.Argument(..., help="PhysioNet data set."),
    out: Path = typer.Option(None, help="Output directory (default: $MODELZOO_DATA/...)."),
    records: list[str] = typer.Option(None, "--record", help="Only these records."),
    yes: bool = typer.Option(False, "--yes", help="Accept the licence without asking."),
):
    """Download and checksum-verify a PhysioNet data set (shows its licence and citation)."""
    from modules.heart_arrhythmia import datasets

    console.print(datasets.describe(dataset.value))
    if not yes and not typer.confirm("Accept this licence and download?"):
        raise typer.Exit(1)
    out = out or settings.data_home() / "heart_arrhythmia" / dataset.value
    try:
        path = datasets.download(dataset.value, out, records=records or None)
    except datasets.DatasetError as error:
        fail(str(error))
    console.print(f"Downloaded and verified {dataset.value} in {path}")


@heart_data_app.command("inspect")
def heart_inspect(path: Path = typer.Argument(..., help="A directory of records or one record.")):
    """Summarise records: sample rate, duration, rhythm time, labelled windows per class."""
    from modules.heart_arrhythmia import config, datasets
    from modules.heart_arrhythmia.windows import iter_windows

    paths = datasets.list_records(path) if path.is_dir() else [str(path)]
    if not paths:
        fail(f"{path}: no WFDB records (*.hea) found")
    table = Table("record", "patient", "fs", "minutes", *config.CLASS_NAMES, "unlabelled")
    bad = 0
    for record_path in paths:
        try:
            record = datasets.read_record(record_path, require_annotations=False)
        except datasets.RecordError as error:
            bad += 1
            err_console.print(f"[red]corrupt:[/] {error}", highlight=False, soft_wrap=True)
            continue
        counts = dict.fromkeys((*config.CLASS_NAMES, None), 0)
        for window in iter_windows(record, stride_s=config.WINDOW_S):
            counts[window.label] += 1
        table.add_row(
            record.name,
            record.patient_id,
            f"{record.fs:g}",
            f"{len(record.signal) / record.fs / 60:.1f}",
            *(str(counts[name]) for name in config.CLASS_NAMES),
            str(counts[None]),
        )
    console.print(table)
    console.print(f"{len(paths) - bad} readable, {bad} corrupt (windows of {config.WINDOW_S} s)")
    if bad == len(paths):
        raise typer.Exit(2)


@app.command("run")
@beam_options.beam_flags
def run_pipeline(
    model: ModelName = typer.Argument(..., help="Which model's pipeline."),
    runner: Runner = typer.Option(
        Runner.local, help="local: run now; kubeflow-compile: write a Kubeflow V2 PipelineJob JSON."
    ),
    data: Path = typer.Option(
        None, help="Directory of WFDB records (default: synthetic set, generated if missing)."
    ),
    train_steps: int = typer.Option(None, min=1),
    output: Path = typer.Option(
        Path("outputs/kubeflow/heart-arrhythmia.json"),
        help="kubeflow-compile: where to write the PipelineJob.",
    ),
    image: str = typer.Option(None, help="kubeflow-compile: pipeline container image."),
    beam_options=None,  # the --beam-* options, checked (beam_options.beam_flags)
):
    """Run a model's TFX pipeline end to end (data -> ... -> int8 TFLite + C package)."""
    from modules.heart_arrhythmia import config

    data = data or settings.default_data_dir(config.MODEL_NAME)
    if runner is Runner.kubeflow_compile:
        from pipelines import kubeflow_v2_runner

        job = kubeflow_v2_runner.compile_pipeline(
            str(output),
            data_root=str(data),
            pipeline_root=settings.pipeline_root("heart-arrhythmia"),
            push_destination=settings.models_dir(),
            image=image or kubeflow_v2_runner.DEFAULT_IMAGE,
            beam_options=beam_options,
        )
        tasks = job["pipelineSpec"]["root"]["dag"]["tasks"]
        console.print(f"Compiled {len(tasks)} components to {output}")
        return
    if not data.exists() and data == settings.default_data_dir(config.MODEL_NAME):
        from modules.heart_arrhythmia.synthesis import DEFAULT_DATASET

        console.print(f"No data at {data}: generating the synthetic default set.")
        _write_synthetic(data, DEFAULT_DATASET)
    elif not data.exists():
        fail(f"{data}: no such directory")
    from pipelines import local_runner

    before = pushed_versions(settings.models_dir(), config.MODEL_NAME)
    with console.status("Running the heart-arrhythmia pipeline (this takes a few minutes)..."):
        local_runner.run(
            local_runner.build_local_pipeline(
                data_root=str(data), beam_options=beam_options, train_steps=train_steps
            )
        )
    try:
        version = latest_version(settings.models_dir(), config.MODEL_NAME)
    except NoPushedModelError:
        fail(
            "the pipeline finished but pushed no model (the Evaluator did not bless it); "
            "see the Evaluator output under " + settings.pipeline_root("heart-arrhythmia"),
            1,
        )
    if before and version == before[-1]:
        # Scheduled retraining: a model no better than the last blessed one is not a failure.
        console.print(
            f"Not pushed: the Evaluator did not bless this run's model (no better than version "
            f"{version.name}, which stays the latest)."
        )
        return
    _print_pushed(version)


def _print_pushed(version: Path) -> None:
    manifest = load_manifest(version)
    console.print(f"[bold green]Pushed[/] {manifest.get('model_name')} version {version.name}")
    console.print(f"  int8 model : {version / manifest['tflite_path']}")
    console.print(f"  C package  : {version / 'c'}")
    console.print(f"  manifest   : {version / 'manifest.json'}")


@app.command("predict")
def predict(
    model: ModelName = typer.Argument(..., help="Which model."),
    records: list[Path] = typer.Argument(..., help="WFDB records (with or without .hea)."),
    model_dir: Path = typer.Option(None, help="A pushed version directory (default: latest)."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
):
    """Classify each 10 s window of ECG records with the pushed int8 model."""
    from modules.heart_arrhythmia import config
    from modules.heart_arrhythmia.datasets import RecordError
    from modules.heart_arrhythmia.inference import Int8Classifier, predict_record

    try:
        version = model_dir or latest_pushed(config.MODEL_NAME)
        manifest = load_manifest(version)
    except FileNotFoundError as error:
        fail(str(error))
    classifier = Int8Classifier(version / manifest["tflite_path"])
    results = []
    for record in records:
        try:
            results.append(predict_record(str(record), classifier))
        except RecordError as error:
            fail(str(error))
    if as_json:
        typer.echo(json.dumps([r.to_dict() for r in results], indent=2))
        return
    for result in results:
        table = Table("start (s)", "rhythm", *config.CLASS_NAMES, title=result.record)
        for w in result.windows:
            table.add_row(
                f"{w.start_s:.0f}",
                w.rhythm,
                *(f"{w.probabilities[n]:.2f}" for n in config.CLASS_NAMES),
            )
        console.print(table)
        burden = result.burden
        console.print(
            f"{result.record}: {len(result.windows)} windows, AF burden "
            f"{100 * burden['AFIB']:.1f}%, AFL {100 * burden['AFL']:.1f}% "
            "(demonstration model, not a medical device)"
        )


@app.command("models")
def list_models():
    """List the zoo's models and their pushed versions."""
    table = Table("model", "version", "int8 bytes", "arena bytes", "macro F1 (int8)", "summary")
    for info in MODELS.values():
        versions = pushed_versions(settings.models_dir(), info.model_name)
        if not versions:
            table.add_row(info.cli_name, "-", "-", "-", "-", info.summary)
        for version in versions:
            m = load_manifest(version)
            f1 = m.get("metrics", {}).get("int8", {}).get("macro_f1")
            table.add_row(
                info.cli_name,
                version.name,
                str(m.get("tflite_bytes", "?")),
                str(m.get("arena_bytes", "?")),
                f"{f1:.3f}" if f1 is not None else "-",
                info.summary,
            )
    console.print(table)


def main() -> None:
    app()
