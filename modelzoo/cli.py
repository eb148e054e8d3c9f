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

from modelzoo import beam_options
from modelzoo.cli_common import ModelName, fail, latest_pushed
from modelzoo.firmware_cli import firmware_app
from modelzoo.kfp_cli import kfp_app
from modules.registry import MODELS
from pipelines import settings
from pipelines.quiet import quiet_logs
from pipelines.settings import NoPushedModelError, latest_version, load_manifest, pushed_versions

console = Console()

app = typer.Typer(
    help="Endpoint-AI model zoo for Ambiq Apollo4.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
data_app = typer.Typer(help="Prepare data sets.", no_args_is_help=True)
app.add_typer(data_app, name="data")
app.add_typer(kfp_app, name="kfp")
for _spec in MODELS.values():
    data_app.add_typer(
        _spec.load("data_cli")(settings.data_home() / _spec.model_name), name=_spec.cli_name
    )
app.add_typer(firmware_app, name="firmware")


class Runner(str, Enum):
    local = "local"
    kubeflow_compile = "kubeflow-compile"


@app.callback()
def main_options(verbose: bool = typer.Option(False, "-v", "--verbose", help="Show library logs.")):
    quiet_logs(verbose)


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
        console.print(f"No data at {data}: generating the synthetic default set.")
        MODELS[model.value].load("write_default_data")(data)
    elif not data.exists():
        fail(f"{data}: no such directory")
    from pipelines import local_runner

    before = pushed_versions(config.MODEL_NAME)
    with console.status("Running the heart-arrhythmia pipeline (this takes a few minutes)..."):
        local_runner.run(
            local_runner.build_local_pipeline(
                data_root=str(data), beam_options=beam_options, train_steps=train_steps
            )
        )
    try:
        version = latest_version(config.MODEL_NAME)
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
        versions = pushed_versions(info.model_name)
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
