"""``modelzoo kfp``: compile zoo pipelines for Kubeflow Pipelines, upload, run and schedule them.

Compilation is TFX's ``KubeflowV2DagRunner`` (``pipelines/kubeflow_v2_runner.py``); the rest is
``kfp.Client`` (``pipelines/kfp_client.py``). Endpoint and token come from ``--host`` /
``--token`` or ``KFP_HOST`` / ``KFP_TOKEN``. ``--dry-run`` prints the SDK calls and the requests
they make, and sends nothing (``schedule --dry-run`` reads the live schedule first). Bad input
exits 2; a server refusal or an unreachable server, 1. ``schedule`` is declarative
(``pipelines/kfp_schedule.py``): applying a name again replaces or keeps its recurring run.
"""

from __future__ import annotations

import dataclasses
import json
import os
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console

from modelzoo import beam_options
from modelzoo.cli_common import fail
from modelzoo.option_groups import option_group
from modelzoo.plain_help import PlainHelpCommand, PlainHelpGroup
from modules.cli_support import error_line
from modules.registry import MODELS
from pipelines import images, kfp_client, kfp_schedule

console = Console(soft_wrap=True)  # links must stay copyable

kfp_app = typer.Typer(
    cls=PlainHelpGroup,
    help="Kubeflow Pipelines: compile, upload, run, schedule.",
    no_args_is_help=True,
)

STORAGE_ROOT_ENV = "MODELZOO_STORAGE_ROOT"
_PINS = "/".join(images.PINS_FILE.parts[-4:-1])  # kubernetes/components/images
DEFAULT_OUT_DIR = Path("outputs/kubeflow")


class Format(str, Enum):
    yaml = "yaml"
    json = "json"


HOST = typer.Option(None, "--host", help=f"KFP API endpoint (default: ${kfp_client.HOST_ENV}).")
TOKEN = typer.Option(None, "--token", help=f"Bearer token (default: ${kfp_client.TOKEN_ENV}).")
DRY_RUN = typer.Option(False, "--dry-run", help="Print what would be sent; change nothing.")
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


@kfp_app.command("compile", cls=PlainHelpCommand)
@beam_options.beam_flags
def compile_command(
    model: str = typer.Argument(..., help=f"One of {', '.join(MODELS)}, or 'all'."),
    out_dir: Path = typer.Option(DEFAULT_OUT_DIR, help="Writes <out-dir>/<model>.<format>."),
    fmt: Format = typer.Option(
        Format.yaml, "--format", help="yaml: KFP IR for kfp.Client; json: Vertex PipelineJob."
    ),
    image: str = typer.Option(
        None,
        help="Pipeline image, a version tag or digest (default: the one `make image` pinned in "
        f"{_PINS}; :latest is refused).",
    ),
    root: str = typer.Option(
        None, help=f"Storage root, e.g. gs://BUCKET/modelzoo (default: ${STORAGE_ROOT_ENV})."
    ),
    data_root: str = typer.Option(None, help="Default data root (default: <root>/data/<model>)."),
    pipeline_root: str = typer.Option(None, help="Default: <root>/pipelines/<model>."),
    push_destination: str = typer.Option(None, help="Default: <root>/models."),
    spans: bool = typer.Option(
        True, help="Read the newest span-<N>/ of the data root (scheduled retraining)."
    ),
    firmware_image: str = typer.Option(
        None,
        help="Add the NeuralspotBuild step after the Pusher, run in this image "
        "(docker/firmware.Dockerfile built with NEURALSPOT_REF; a version tag or digest).",
    ),
    beam_options=None,  # the --beam-* options, checked (beam_options.beam_flags)
):
    """Compile MODEL (or all models) to Kubeflow V2 pipeline specs with TFX."""
    if model != "all" and model not in MODELS:
        fail(f"unknown model {model!r}; choose one of {', '.join(MODELS)} or 'all'")
    root = (root or os.environ.get(STORAGE_ROOT_ENV, "")).rstrip("/")
    if not root and not (data_root and pipeline_root and push_destination):
        fail(
            f"where should runs keep data and artifacts? pass --root gs://BUCKET/modelzoo "
            f"(or set {STORAGE_ROOT_ENV}), or all of --data-root, --pipeline-root, "
            "--push-destination"
        )
    image = _guard(lambda: images.check_pinned(image) if image else images.pinned(images.PIPELINE))
    if firmware_image:
        _guard(lambda: images.check_pinned(firmware_image, "--firmware-image"))
    from pipelines import kubeflow_v2_runner  # TensorFlow and TFX: after the checks

    # Dataflow workers start the pipeline image: it holds the zoo's code.
    options = dataclasses.replace(beam_options, sdk_container_image=image)
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
            firmware_build_image=firmware_image,
        )
        spec = job["pipelineSpec"]
        parameters = sorted(spec["root"]["inputDefinitions"]["parameters"])
        console.print(
            f"Compiled {name}: {len(spec['root']['dag']['tasks'])} tasks, image {image}, "
            f"parameters {', '.join(parameters)} -> {output}"
        )


@kfp_app.command("upload", cls=PlainHelpCommand)
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
    version = version or f"{name}-{_utc_now():%Y%m%d-%H%M%S}"
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


_RUN_OPTIONS = (
    ("experiment", EXPERIMENT, str),
    ("params", PARAMS, list[str]),
    ("pipeline_root", PIPELINE_ROOT, str),
    ("service_account", SERVICE_ACCOUNT, str),
    ("host", HOST, str),
    ("token", TOKEN, str),
    ("dry_run", DRY_RUN, bool),
)
run_options = option_group("target", _RUN_OPTIONS, dict)


@kfp_app.command("run", cls=PlainHelpCommand)
@run_options
def run_command(
    package: str = PACKAGE,
    run_name: str = typer.Option(None, help="Default: <pipeline> <UTC timestamp>."),
    target=None,  # where and how to start it (_RUN_OPTIONS)
):
    """Start one run of a compiled pipeline."""
    request, _ = _run_request(package, run_name, " {:%F %T}", target)
    calls = _send(kfp_client.run_calls(request), target)
    if calls:
        run_id = calls[-1].result.run_id
        console.print(f"Started run {request.name!r} ({run_id}) in {request.experiment!r}")
        console.print(f"  {_host(target)}/#/runs/details/{run_id}")


@kfp_app.command("schedule", cls=PlainHelpCommand)
@run_options
def schedule_command(
    package: str = PACKAGE,
    cron: str = typer.Option(
        ..., help="Six-field cron, seconds first: '0 0 3 * * *' is 03:00 every day."
    ),
    name: str = typer.Option(
        None, help="The schedule's name: its identity (default: <pipeline>-retraining)."
    ),
    max_concurrency: int = typer.Option(1, min=1, help="Runs allowed at the same time."),
    target=None,  # where and how to start it (_RUN_OPTIONS)
):
    """Apply a named schedule (a recurring run, no catch-up): create it, replace it when its
    settings changed, or leave it as it is.

    KFP cannot update a recurring run: a changed cron, parameter or package creates the new
    one, then deletes the old. --dry-run reads the live schedule and prints the plan.
    """
    request, spec = _run_request(package, name, "-retraining", target)
    schedule = kfp_schedule.Schedule(request, spec, cron, max_concurrency)
    _guard(lambda: schedule.settings)  # a bad cron exits 2 before anything is sent
    endpoint, client = _connect(target["host"], target["token"])
    experiment = request.experiment
    live = _guard(lambda: kfp_schedule.read_live(client, endpoint, experiment, request.name))
    plan = kfp_schedule.plan(schedule, live)
    if target["dry_run"]:
        _print_plan(target["host"], target["token"], plan.calls(), plan.describe())
        return
    outcome = _guard(lambda: kfp_schedule.apply(client, endpoint, plan))
    _report_schedule(plan, outcome, endpoint.host)


def _report_schedule(plan: kfp_schedule.Plan, outcome: kfp_schedule.Outcome, host: str) -> None:
    name, settings = plan.schedule.request.name, plan.schedule.settings
    trigger = (
        f"cron '{settings['cron']}', at most {settings['max_concurrency']} at a time, no catch-up"
    )
    if outcome.created is not None:
        shown = outcome.created.recurring_run_id
        if plan.action == "create":
            console.print(f"Created schedule {name!r} ({shown}): {trigger}")
        else:
            console.print(
                f"Replaced schedule {name!r}: created {shown} ({trigger}), "
                f"removed {', '.join(outcome.deleted + outcome.disabled) or 'none'}"
            )
            for change in plan.changes:
                console.print(f"  changed {change}", highlight=False)
    else:
        shown = plan.keep.recurring_run_id
        console.print(f"Schedule {name!r} ({shown}) is up to date ({trigger}): nothing to change")
        if outcome.deleted:
            console.print(
                f"  deleted other enabled recurring runs named {name!r}: "
                + ", ".join(outcome.deleted)
            )
        leftovers = [run.recurring_run_id for run in plan.live if not run.enabled]
        if leftovers:  # the next replace deletes them
            console.print(f"  left as they are, disabled: {', '.join(leftovers)}")
    for warning in outcome.warnings:
        error_line(warning, "warning")
    console.print(f"  {host}/#/recurringrun/details/{shown}")


def _run_request(package, name, default_suffix, target: dict) -> tuple[kfp_client.RunRequest, dict]:
    """The request, named ``name`` or the pipeline's name + ``default_suffix`` (formatted with
    the UTC time), and the package's PipelineSpec."""
    path, spec = _package(package)
    request = kfp_client.RunRequest(
        package=path,
        name=name or spec["pipelineInfo"]["name"] + default_suffix.format(_utc_now()),
        experiment=target["experiment"],
        parameters=_guard(lambda: kfp_client.parse_parameters(spec, target["params"] or [])),
        pipeline_root=target["pipeline_root"],
        service_account=target["service_account"],
    )
    return request, spec


def _send(calls: list[kfp_client.Call], target: dict) -> list[kfp_client.Call]:
    """Prints the plan (dry run: returns []) or makes the calls and returns them."""
    if target["dry_run"]:
        _print_plan(target["host"], target["token"], calls)
        return []
    endpoint, client = _connect(target["host"], target["token"])
    return _guard(lambda: kfp_client.execute(client, endpoint, calls))


def _host(target: dict) -> str:
    return kfp_client.Endpoint.resolve(target["host"], target["token"]).host


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


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
    except (kfp_client.KfpUsageError, images.ImageError) as error:
        fail(str(error), 2)
    except kfp_client.KfpServerError as error:
        fail(str(error), 1)


def _print_plan(host, token, calls: list[kfp_client.Call], plan: dict | None = None) -> None:
    try:
        endpoint = kfp_client.Endpoint.resolve(host, token).describe()
    except kfp_client.KfpUsageError:
        endpoint = {"host": f"(not set: --host or ${kfp_client.HOST_ENV})"}
    printed = {"dry_run": True, "endpoint": endpoint, **({"plan": plan} if plan else {})}
    printed["calls"] = [c.describe() for c in calls]
    typer.echo(json.dumps(printed, indent=2, default=str))
