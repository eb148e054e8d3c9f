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
from modelzoo.cli_common import fail, model_argument
from modelzoo.firmware_cli import firmware_app
from modelzoo.kfp_cli import kfp_app
from modelzoo.plain_help import PlainHelpGroup
from modules.cli_support import error_line
from modules.registry import MODELS
from pipelines import settings
from pipelines.quiet import quiet_logs
from pipelines.settings import NoPushedModelError, latest_version, load_manifest, pushed_versions

console = Console(soft_wrap=True)

# Click's help layout everywhere (modelzoo/plain_help.py): no "<bool>" after flags, nothing cut.
app = typer.Typer(
    help="Endpoint-AI model zoo for Ambiq Apollo4.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    cls=PlainHelpGroup,
)
data_app = typer.Typer(help="Prepare data sets.", no_args_is_help=True, cls=PlainHelpGroup)
app.add_typer(data_app, name="data")
app.add_typer(kfp_app, name="kfp")
for _spec in MODELS.values():
    data_app.add_typer(
        _spec.load("data_cli")(settings.data_dir(_spec)), name=_spec.cli_name, cls=PlainHelpGroup
    )
app.add_typer(firmware_app, name="firmware", cls=PlainHelpGroup)
schema_app = typer.Typer(help="Curated data schemas.", no_args_is_help=True, cls=PlainHelpGroup)
app.add_typer(schema_app, name="schema")


class Runner(str, Enum):
    local = "local"
    kubeflow_compile = "kubeflow-compile"


@app.callback()
def main_options(verbose: bool = typer.Option(False, "-v", "--verbose", help="Show library logs.")):
    quiet_logs(verbose)


@app.command("run")
@beam_options.beam_flags
def run_pipeline(
    model: str = model_argument("Which model's pipeline."),
    runner: Runner = typer.Option(
        Runner.local, help="local: run now; kubeflow-compile: write a Kubeflow V2 PipelineJob JSON."
    ),
    data: Path = typer.Option(
        None,
        help="The model's data directory (default: its embedded synthetic set, generated if "
        "missing).",
    ),
    train_steps: int = typer.Option(None, min=1, help="Training steps (default: the model's)."),
    min_accuracy: float = typer.Option(
        None, min=0.0, max=1.0, help="The Evaluator's accuracy floor (default: the model's)."
    ),
    min_class_recall: float = typer.Option(
        None,
        min=0.0,
        max=1.0,
        help="The Evaluator's floor on every class's recall (default: the model's). A class "
        "missing from the evaluation data fails any floor.",
    ),
    output: Path = typer.Option(
        None,
        help="kubeflow-compile: where to write the PipelineJob (default: "
        "outputs/kubeflow/<model>.json).",
    ),
    image: str = typer.Option(None, help="kubeflow-compile: pipeline container image."),
    beam_options=None,  # the --beam-* options, checked (beam_options.beam_flags)
):
    """Run a model's TFX pipeline end to end (data -> ... -> int8 TFLite + C package)."""
    spec = MODELS[model]
    default_data = settings.default_data_dir(spec)
    data = data or default_data
    if runner is Runner.kubeflow_compile:
        from pipelines import images, kubeflow_v2_runner

        output = output or Path("outputs/kubeflow") / f"{spec.cli_name}.json"
        try:
            job = kubeflow_v2_runner.compile_pipeline(
                str(output),
                model=spec.cli_name,
                data_root=str(data),
                pipeline_root=settings.pipeline_root(spec.cli_name),
                push_destination=settings.models_dir(),
                image=images.check_pinned(image) if image else kubeflow_v2_runner.DEFAULT_IMAGE,
                beam_options=beam_options,
            )
        except (images.ImageError, ValueError) as error:
            fail(str(error))
        tasks = job["pipelineSpec"]["root"]["dag"]["tasks"]
        console.print(f"Compiled {len(tasks)} components to {output}")
        return
    if data == default_data:
        from pipelines.default_data import ensure_default_data

        ensure_default_data(spec, data, say=console.print)
    elif not data.is_dir():
        fail(f"{data}: no such directory")
    if spec.check_data:
        from modules.spec import InputError

        try:
            spec.load("check_data")(data)
        except InputError as error:
            fail(str(error))
    from pipelines import local_runner, run_report

    before = pushed_versions(spec.model_name)
    pipeline = local_runner.build_local_pipeline(
        spec.cli_name,
        data_root=str(data),
        beam_options=beam_options,
        train_steps=train_steps,
        min_accuracy=min_accuracy,
        min_class_recall=min_class_recall,
    )
    try:
        local_runner.run_with_progress(pipeline)
    except Exception as error:  # noqa: BLE001 - a failed stage ends in one line, not a trace
        _fail_run(spec, error)
    class_names = local_runner.model_pipeline(spec.cli_name).PIPELINE.push.class_names
    report = run_report.last_run(spec.cli_name, class_names)
    _print_quarantine(report)
    versions = pushed_versions(spec.model_name)
    if not versions or versions == before:
        reasons = report.failed_thresholds or ["see the Evaluator output"]
        console.print(
            "[bold]Not pushed:[/] the Evaluator did not bless this run's model"
            + (f" (version {versions[-1].name} stays the latest)" if versions else "")
            + ":"
        )
        for reason in reasons:
            console.print(f"  {reason}")
        if not versions:
            raise typer.Exit(1)
        return  # scheduled retraining: a model no better than the last is not a failure
    _print_pushed(versions[-1])


def _fail_run(spec, error: Exception) -> None:
    """A stage failed: its own message (data anomalies, missing files), one line each."""
    lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
    where = f"see {settings.pipeline_root(spec.cli_name)} and run with -v for the logs"
    fail([f"the {spec.cli_name} pipeline failed: {type(error).__name__}", *lines, where], 1)


def _print_quarantine(report) -> None:
    if not report.quarantined:
        return
    error_line(
        f"{report.quarantined} record file(s) could not be read and were quarantined "
        f"(report: {report.quarantine_report})",
        "warning",
    )
    for entry in report.quarantined_examples:
        error_line(f"{entry['record']}: {entry['error']}", "  quarantined")


def _print_pushed(version: Path) -> None:
    manifest = load_manifest(version)
    console.print(f"[bold green]Pushed[/] {manifest.get('model_name')} version {version.name}")
    console.print(f"  int8 model : {version / manifest['tflite_path']}")
    console.print(f"  C package  : {version / 'c'}")
    console.print(f"  manifest   : {version / 'manifest.json'}")


@app.command("predict")
def predict(
    model: str = model_argument("Which model."),
    inputs: list[str] = typer.Argument(
        ..., help="Files or directories to run the model on (the model's own formats)."
    ),
    model_dir: Path = typer.Option(
        None,
        help="A pushed version or a synced package directory (default: the latest pushed "
        "version, else the package committed in firmware/models/<model>).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON: {input: result}."),
):
    """Run a model's int8 package on files; a bad input is reported and the rest still run."""
    from modules.spec import InputError

    spec = MODELS[model]
    version = _package_dir(spec, model_dir)
    try:
        predictor = spec.load("predictor")(version)
    except InputError as error:
        fail(str(error))
    results: dict[str, object] = {}
    failed = 0
    for given in inputs:
        try:
            paths = predictor.inputs([given])
        except InputError as error:
            paths, failed = [], failed + 1
            error_line(str(error))
        for path in paths:
            try:
                results[path] = predictor.predict(path)
            except InputError as error:
                failed += 1
                error_line(str(error))
    if as_json:
        typer.echo(json.dumps({path: r.to_json() for path, r in results.items()}, indent=2))
    else:
        for result in results.values():
            result.render(console)
    if failed:
        raise typer.Exit(2)


def _package_dir(spec, model_dir: Path | None) -> Path:
    """The package predict runs: --model-dir, the latest pushed one, or the committed one."""
    from firmware_tools.paths import MODELS_DIR

    if model_dir is None:
        try:
            model_dir = latest_version(spec.model_name)
        except NoPushedModelError as error:
            model_dir = MODELS_DIR / spec.model_name
            error_line(f"{error}; using the pre-trained package committed in {model_dir}", "note")
    manifest_path = Path(model_dir) / settings.MANIFEST_NAME
    try:
        tflite = Path(model_dir) / json.loads(manifest_path.read_text())["tflite_path"]
    except FileNotFoundError:
        fail(f"{model_dir}: no {settings.MANIFEST_NAME}, so this is not a model package")
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        fail(f"{manifest_path}: not a model manifest ({type(error).__name__}: {error})")
    if not tflite.is_file():
        fail(f"{model_dir}: the manifest names {tflite.name}, which is not there")
    return model_dir


@schema_app.command("update")
def schema_update(
    model: str = model_argument("Whose schema."),
    data: Path = typer.Option(..., help="A data directory the model's ExampleGen reads."),
    out: Path = typer.Option(
        None, help="Where to write it (default: the schema file the pipeline imports)."
    ),
):
    """Regenerate a model's curated schema from data, to review as a diff and commit."""
    from pipelines import local_runner
    from pipelines.factory import PROJECT_ROOT
    from pipelines.schema_update import update_schema

    spec = MODELS[model]
    if not data.is_dir():
        fail(f"{data}: no such directory")
    pipeline = local_runner.model_pipeline(spec.cli_name).PIPELINE
    out = out or PROJECT_ROOT / pipeline.schema_file
    with console.status(f"Computing statistics of {data} with the {spec.cli_name} ExampleGen ..."):
        try:
            schema = update_schema(pipeline, str(data), out)
        except Exception as error:  # noqa: BLE001 - one line per problem, not a trace
            fail([f"{data}: {type(error).__name__}", *str(error).strip().splitlines()[:3]])
    console.print(f"Wrote {out} ({len(schema.feature)} features); review it with `git diff {out}`")


@app.command("models")
def list_models():
    """List the zoo's models and their pushed versions."""
    table = Table("model", "version", "flash bytes", "arena bytes", "macro F1 (int8)", "summary")
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
                # the C array the MCU flashes (packages pushed before it: the .tflite)
                str(m.get("device_model", {}).get("bytes", m.get("tflite_bytes", "?"))),
                str(m.get("arena_bytes", "?")),
                f"{f1:.3f}" if f1 is not None else "-",
                info.summary,
            )
    console.print(table)


def main() -> None:
    app()
