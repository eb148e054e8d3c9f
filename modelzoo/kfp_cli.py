"""``modelzoo kfp``: compile zoo pipelines for Kubeflow Pipelines, upload, run and schedule them.

Compilation is TFX's ``KubeflowV2DagRunner`` (``pipelines/kubeflow_v2_runner.py``); the rest is
``kfp.Client`` (``pipelines/kfp_client.py``). Endpoint and token come from ``--host`` /
``--token`` or ``KFP_HOST`` / ``KFP_TOKEN``. ``--dry-run`` prints the SDK calls and the requests
they make, and sends nothing. Bad input exits 2; a server refusal or an unreachable server, 1.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console

from modelzoo import beam_options
from modelzoo.registry import MODELS
from pipelines import kfp_client

console = Console(soft_wrap=True)  # links must stay copyable
err_console = Console(stderr=True)

kfp_app = typer.Typer(
    help="Kubeflow Pipelines: compile, upload, run, schedule.", no_args_is_help=True
)

STORAGE_ROOT_ENV = "MODELZOO_STORAGE_ROOT"
DEFAULT_OUT_DIR = Path("outputs/kubeflow")


class Format(str, Enum):
    yaml = "yaml"
    json = "json"


HOST = typer.Option(None, "--host", help=f"KFP API endpoint (default: ${kfp_client.HOST_ENV}).")
TOKEN = typer.Option(None, "--token", help=f"Bearer token (default: ${kfp_client.TOKEN_ENV}).")
DRY_RUN = typer.Option(False, "--dry-run", help="Print what would be sent; send nothing.")
EXPERIMENT = typer.Option(kfp_client.DEFAULT_EXPERIMENT, "--experiment", help="KFP experiment.")
PARAMS = typer.Option(
    None, "--param", help="Run-time parameter NAME=VALUE (repeatable), e.g. data_root=gs://..."
)
PIPELINE_ROOT = typer.Option(
    None, "--pipeline-root", help="Where this run's artifacts go (default: the compiled one)."
)
SERVICE_ACCOUNT = typer.Option(
    None, "--service-account", help="Kubernetes service account of the run's pods."
)
PACKAGE = typer.Argument(
    ..., help=f"A compiled .yaml, or a model name for {DEFAULT_OUT_DIR}/<model>.yaml."
)


def _fail(message: str, code: int = 2) -> None:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@kfp_app.command("compile")
def compile_command(
    model: str = typer.Argument(..., help=f"One of {', '.join(MODELS)}, or 'all'."),
    out_dir: Path = typer.Option(DEFAULT_OUT_DIR, help="Writes <out-dir>/<model>.<format>."),
    fmt: Format = typer.Option(
        Format.yaml, "--format", help="yaml: KFP IR for kfp.Client; json: Vertex PipelineJob."
    ),
    image: str = typer.Option(None, help="Pipeline image (default: the zoo's published one)."),
    root: str = typer.Option(
        None, help=f"Storage root, e.g. gs://BUCKET/modelzoo (default: ${STORAGE_ROOT_ENV})."
    ),
    data_root: str = typer.Option(None, help="Default data root (default: <root>/data/<model>)."),
    pipeline_root: str = typer.Option(None, help="Default: <root>/pipelines/<model>."),
    push_destination: str = typer.Option(None, help="Default: <root>/models."),
    spans: bool = typer.Option(
        True, help="Read the newest span-<N>/ of the data root (scheduled retraining)."
    ),
    beam_runner: beam_options.BeamRunner = beam_options.RUNNER,
    beam_workers: int = beam_options.WORKERS,
    flink_master: str = beam_options.FLINK_MASTER,
    spark_master: str = beam_options.SPARK_MASTER,
    project: str = beam_options.PROJECT,
    region: str = beam_options.REGION,
    temp_location: str = beam_options.TEMP_LOCATION,
):
    """Compile MODEL (or all models) to Kubeflow V2 pipeline specs with TFX."""
    from pipelines import beam, kubeflow_v2_runner

    if model != "all" and model not in MODELS:
        _fail(f"unknown model {model!r}; choose one of {', '.join(MODELS)} or 'all'")
    root = (root or os.environ.get(STORAGE_ROOT_ENV, "")).rstrip("/")
    if not root and not (data_root and pipeline_root and push_destination):
        _fail(
            f"where should runs keep data and artifacts? pass --root gs://BUCKET/modelzoo "
            f"(or set {STORAGE_ROOT_ENV}), or all of --data-root, --pipeline-root, "
            "--push-destination"
        )
    image = image or kubeflow_v2_runner.DEFAULT_IMAGE
    try:
        options = beam_options.from_flags(
            beam_runner,
            beam_workers,
            flink_master,
            spark_master,
            project,
            region,
            temp_location,
            sdk_container_image=image,
        )
    except beam.BeamOptionsError as error:
        _fail(str(error))
    for name in MODELS if model == "all" else [model]:
        output = out_dir / f"{name}.{fmt.value}"
        job = kubeflow_v2_runner.compile_pipeline(
            str(output),
            model=name,
            data_root=data_root or f"{root}/data/{MODELS[name].model_name}",
            pipeline_root=pipeline_root or f"{root}/pipelines/{name}",
            push_destination=push_destination or f"{root}/models",
            image=image,
            beam_options=options,
            spans=spans,
        )
        spec = job["pipelineSpec"]
        parameters = sorted(spec["root"]["inputDefinitions"]["parameters"])
        console.print(
            f"Compiled {name}: {len(spec['root']['dag']['tasks'])} tasks, "
            f"parameters {', '.join(parameters)} -> {output}"
        )


@kfp_app.command("upload")
def upload_command(
    package: str = PACKAGE,
    name: str = typer.Option(None, help="Pipeline name (default: the spec's pipelineInfo.name)."),
    version: str = typer.Option(None, help="Version name (default: <name>-<UTC timestamp>)."),
    host: str = HOST,
    token: str = TOKEN,
    dry_run: bool = DRY_RUN,
):
    """Upload a compiled pipeline; a new version when one of that name exists."""
    path, spec = _package(package)
    name = name or spec["pipelineInfo"]["name"]
    version = version or f"{name}-{datetime.now(timezone.utc):%Y%m%d-%H%M%S}"
    if dry_run:
        _print_plan(host, token, kfp_client.upload_calls(path, name, version))
        return
    endpoint, client = _connect(host, token)
    call = _guard(lambda: kfp_client.upload(client, endpoint, path, name, version))
    result = call.result
    if call.method == "upload_pipeline":
        console.print(f"Uploaded pipeline {name} ({result.pipeline_id})")
        console.print(f"  {endpoint.host}/#/pipelines/details/{result.pipeline_id}")
    else:
        console.print(f"Uploaded version {version} of {name} ({result.pipeline_version_id})")
        console.print(
            f"  {endpoint.host}/#/pipelines/details/{result.pipeline_id}"
            f"/version/{result.pipeline_version_id}"
        )


@kfp_app.command("run")
def run_command(
    package: str = PACKAGE,
    run_name: str = typer.Option(None, help="Default: <pipeline> <UTC timestamp>."),
    experiment: str = EXPERIMENT,
    params: list[str] = PARAMS,
    pipeline_root: str = PIPELINE_ROOT,
    service_account: str = SERVICE_ACCOUNT,
    host: str = HOST,
    token: str = TOKEN,
    dry_run: bool = DRY_RUN,
):
    """Start one run of a compiled pipeline."""
    path, spec = _package(package)
    parameters = _guard(lambda: kfp_client.parse_parameters(spec, params or []))
    run_name = run_name or f"{spec['pipelineInfo']['name']} {datetime.now(timezone.utc):%F %T}"
    calls = kfp_client.run_calls(
        path, run_name, experiment, parameters, pipeline_root, service_account
    )
    if dry_run:
        _print_plan(host, token, calls)
        return
    endpoint, client = _connect(host, token)
    [call] = _guard(lambda: kfp_client.execute(client, endpoint, calls))
    run_id = call.result.run_id
    console.print(f"Started run {run_name!r} ({run_id}) in experiment {experiment!r}")
    console.print(f"  {endpoint.host}/#/runs/details/{run_id}")


@kfp_app.command("schedule")
def schedule_command(
    package: str = PACKAGE,
    cron: str = typer.Option(
        ..., help="Six-field cron, seconds first: '0 0 3 * * *' is 03:00 every day."
    ),
    name: str = typer.Option(None, help="Recurring run name (default: <pipeline>-retraining)."),
    max_concurrency: int = typer.Option(1, min=1, help="Runs allowed at the same time."),
    experiment: str = EXPERIMENT,
    params: list[str] = PARAMS,
    pipeline_root: str = PIPELINE_ROOT,
    service_account: str = SERVICE_ACCOUNT,
    host: str = HOST,
    token: str = TOKEN,
    dry_run: bool = DRY_RUN,
):
    """Create a recurring run (cron, no catch-up): scheduled retraining."""
    path, spec = _package(package)
    parameters = _guard(lambda: kfp_client.parse_parameters(spec, params or []))
    name = name or f"{spec['pipelineInfo']['name']}-retraining"
    calls = _guard(
        lambda: kfp_client.schedule_calls(
            path,
            name,
            experiment,
            cron,
            max_concurrency,
            parameters,
            pipeline_root,
            service_account,
        )
    )
    if dry_run:
        _print_plan(host, token, calls)
        return
    endpoint, client = _connect(host, token)
    calls = _guard(lambda: kfp_client.execute(client, endpoint, calls))
    recurring = calls[-1].result
    console.print(
        f"Scheduled {name!r} ({recurring.recurring_run_id}): cron "
        f"'{calls[-1].arguments['cron_expression']}', at most {max_concurrency} at a time, "
        "no catch-up"
    )
    console.print(f"  {endpoint.host}/#/recurringrun/details/{recurring.recurring_run_id}")


def _package(package: str) -> tuple[str, dict]:
    path = DEFAULT_OUT_DIR / f"{package}.yaml" if package in MODELS else Path(package)
    return str(path), _guard(lambda: kfp_client.read_package(path))


def _connect(host: str | None, token: str | None):
    endpoint = _guard(lambda: kfp_client.Endpoint.resolve(host, token))
    return endpoint, _guard(lambda: kfp_client.connect(endpoint))


def _guard(action):
    """Runs ``action``; bad input exits 2 and server trouble 1, each with one error line."""
    try:
        return action()
    except kfp_client.KfpUsageError as error:
        _fail(str(error), 2)
    except kfp_client.KfpServerError as error:
        _fail(str(error), 1)


def _print_plan(host: str | None, token: str | None, calls: list[kfp_client.Call]) -> None:
    try:
        endpoint = kfp_client.Endpoint.resolve(host, token).describe()
    except kfp_client.KfpUsageError:
        endpoint = {"host": f"(not set: --host or ${kfp_client.HOST_ENV})"}
    plan = {"dry_run": True, "endpoint": endpoint, "calls": [c.describe() for c in calls]}
    typer.echo(json.dumps(plan, indent=2, default=str))
