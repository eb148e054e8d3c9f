"""Upload, run and schedule compiled zoo pipelines on Kubeflow Pipelines through ``kfp.Client``.

Every request is made by the kfp SDK (``kfp==2.5.0``, KFP API v2beta1); this module only
decides which SDK calls to make with which arguments. Each operation is first described as a
list of ``Call`` s, so ``--dry-run`` can print exactly what would be sent without a server.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HOST_ENV = "KFP_HOST"
TOKEN_ENV = "KFP_TOKEN"
DEFAULT_EXPERIMENT = "modelzoo"
# robfig/cron as KFP uses it: six fields, seconds first, or a descriptor such as @daily.
_CRON_FIELD = re.compile(r"^[0-9A-Za-z*?/,\-LW#]+$")
_CRON_DESCRIPTORS = ("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight")
_CRON_DESCRIPTORS += ("@hourly",)


class KfpUsageError(ValueError):
    """Bad input (file, parameter, cron expression): nothing was sent."""


class KfpServerError(RuntimeError):
    """The KFP API server refused a request or could not be reached."""


@dataclass(frozen=True)
class Endpoint:
    host: str
    token: str | None = None

    @classmethod
    def resolve(cls, host: str | None = None, token: str | None = None) -> Endpoint:
        host = host or os.environ.get(HOST_ENV)
        if not host:
            raise KfpUsageError(
                f"no Kubeflow Pipelines endpoint: pass --host or set {HOST_ENV} (e.g. "
                "http://localhost:8080 after `kubectl port-forward -n kubeflow "
                "svc/ml-pipeline-ui 8080:80`)"
            )
        return cls(host.rstrip("/"), token or os.environ.get(TOKEN_ENV) or None)

    def describe(self) -> dict:
        return {"host": self.host, "token": "set" if self.token else "none"}


@dataclass
class Call:
    """One ``kfp.Client`` method call and the HTTP request(s) the SDK makes for it."""

    method: str
    requests: list[str]
    arguments: dict[str, Any]
    note: str = ""
    result: Any = field(default=None, repr=False)

    def describe(self) -> dict:
        described = {"sdk": f"kfp.Client.{self.method}", "requests": self.requests}
        described["arguments"] = self.arguments
        if self.note:
            described["note"] = self.note
        return described


def read_package(path: str | Path) -> dict:
    """The PipelineSpec of a compiled package (``modelzoo kfp compile`` writes .yaml)."""
    path = Path(path)
    if not path.is_file():
        raise KfpUsageError(f"{path}: no such pipeline package (run `modelzoo kfp compile`)")
    if path.suffix not in (".yaml", ".yml"):
        raise KfpUsageError(f"{path}: kfp.Client takes the .yaml IR that `kfp compile` writes")
    try:
        spec = yaml.safe_load(path.read_text())
    except yaml.YAMLError as error:
        raise KfpUsageError(f"{path}: not YAML: {error}") from error
    if not isinstance(spec, dict) or "pipelineInfo" not in spec or "root" not in spec:
        raise KfpUsageError(f"{path}: not a KFP pipeline spec (no pipelineInfo/root)")
    return spec


def parse_parameters(spec: dict, assignments: list[str]) -> dict[str, Any]:
    """``['data_root=gs://b/ecg', 'beam_direct_num_workers=4']`` checked against the spec."""
    declared = spec["root"].get("inputDefinitions", {}).get("parameters", {})
    parameters = {}
    for assignment in assignments:
        name, sep, text = assignment.partition("=")
        if not sep or not name:
            raise KfpUsageError(f"--param {assignment!r}: write NAME=VALUE")
        if name not in declared:
            known = ", ".join(sorted(declared)) or "none"
            raise KfpUsageError(f"--param {name}: the pipeline has no such parameter ({known})")
        kind = declared[name].get("parameterType", "STRING")
        try:
            parameters[name] = int(text) if kind == "NUMBER_INTEGER" else text
        except ValueError:
            raise KfpUsageError(f"--param {name}: expects an integer, got {text!r}") from None
    return parameters


def check_cron(expression: str) -> str:
    """KFP's cron: six fields with seconds first (``0 0 3 * * *`` = 03:00 daily)."""
    expression = " ".join(expression.split())
    if expression in _CRON_DESCRIPTORS or expression.startswith("@every "):
        return expression
    fields = expression.split(" ")
    if len(fields) == 5:
        raise KfpUsageError(
            f"--cron {expression!r}: KFP cron has six fields, seconds first; "
            f"did you mean '0 {expression}'?"
        )
    if len(fields) != 6 or not all(_CRON_FIELD.match(f) for f in fields):
        raise KfpUsageError(
            f"--cron {expression!r}: expected six fields 'sec min hour day month weekday' "
            "(e.g. '0 0 3 * * *') or a descriptor such as @daily"
        )
    return expression


def upload_calls(package: str, name: str, version: str) -> list[Call]:
    """What ``upload`` does: a new pipeline, or a new version when the name exists."""
    return [
        _lookup_call(name),
        _new_pipeline_call(package, name, note="when no pipeline of that name exists"),
        _new_version_call(
            package, version, f"<id of pipeline {name}>", note="when a pipeline of that name exists"
        ),
    ]


def _lookup_call(name: str) -> Call:
    return Call(
        "get_pipeline_id",
        ["GET /apis/v2beta1/pipelines?filter=display_name=" + name],
        {"name": name},
    )


def _new_pipeline_call(package: str, name: str, note: str = "") -> Call:
    return Call(
        "upload_pipeline",
        ["POST /apis/v2beta1/pipelines/upload?name=... (multipart: uploadfile)"],
        {"pipeline_package_path": package, "pipeline_name": name},
        note,
    )


def _new_version_call(package: str, version: str, pipeline_id: str, note: str = "") -> Call:
    return Call(
        "upload_pipeline_version",
        ["POST /apis/v2beta1/pipelines/upload_version?name=...&pipelineid=... (multipart)"],
        {
            "pipeline_package_path": package,
            "pipeline_version_name": version,
            "pipeline_id": pipeline_id,
        },
        note,
    )


@dataclass(frozen=True)
class RunRequest:
    """What a run or a recurring run of a compiled package is started with."""

    package: str
    name: str
    experiment: str = DEFAULT_EXPERIMENT
    parameters: dict[str, Any] = field(default_factory=dict)
    pipeline_root: str | None = None
    service_account: str | None = None


def experiment_requests(experiment: str) -> list[str]:
    return [
        "GET /apis/v2beta1/experiments?filter=display_name=" + experiment,
        "POST /apis/v2beta1/experiments (if it does not exist)",
    ]


def run_calls(request: RunRequest) -> list[Call]:
    return [
        Call(
            "create_run_from_pipeline_package",
            [*experiment_requests(request.experiment), "POST /apis/v2beta1/runs"],
            {
                "pipeline_file": request.package,
                "arguments": request.parameters,
                "run_name": request.name,
                "experiment_name": request.experiment,
                "pipeline_root": request.pipeline_root,
                "service_account": request.service_account,
            },
        )
    ]


def connect(endpoint: Endpoint):
    """``kfp.Client``; its constructor probes the health endpoint (5 tries, 5 s apart)."""
    import kfp

    with _sdk_log() as failures, server_errors(endpoint):
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                return kfp.Client(host=endpoint.host, existing_token=endpoint.token)
        except TimeoutError:
            # The SDK logged each failed probe; report the last server answer, not the timeout.
            if failures and failures[-1].exc_info:
                raise failures[-1].exc_info[1] from None
            raise


def execute(client, endpoint: Endpoint, calls: list[Call]) -> list[Call]:
    """Makes each call in order; a recurring run's ``<id of experiment ...>`` is filled from
    the ``create_experiment`` call before it."""
    previous = None
    for call in calls:
        arguments = dict(call.arguments)
        if call.method == "create_recurring_run" and previous is not None:
            arguments["experiment_id"] = previous.experiment_id
        # The SDK prints links on stdout; the CLI prints its own summary instead.
        with server_errors(endpoint), contextlib.redirect_stdout(io.StringIO()):
            call.result = getattr(client, call.method)(**arguments)
        previous = call.result
    return calls


def upload(client, endpoint: Endpoint, package: str, name: str, version: str) -> Call:
    [lookup] = execute(client, endpoint, [_lookup_call(name)])
    if lookup.result is None:
        [call] = execute(client, endpoint, [_new_pipeline_call(package, name)])
    else:
        [call] = execute(client, endpoint, [_new_version_call(package, version, lookup.result)])
    return call


@contextlib.contextmanager
def _sdk_log():
    """Collects what kfp.Client logs on the root logger (tracebacks per retry) instead of
    printing it: the CLI reports one line."""
    import logging

    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record):
            records.append(record)

    root = logging.getLogger()
    saved = root.handlers[:]
    root.handlers = [Collect()]
    try:
        yield records
    finally:
        root.handlers = saved


@contextlib.contextmanager
def server_errors(endpoint: Endpoint):
    import kfp_server_api
    import urllib3

    try:
        yield
    except kfp_server_api.ApiException as error:
        raise KfpServerError(
            f"KFP API at {endpoint.host} answered {error.status} {error.reason}: "
            f"{_server_message(error.body)}"
        ) from None
    except (urllib3.exceptions.HTTPError, OSError) as error:
        raise KfpServerError(f"cannot reach KFP API at {endpoint.host}: {error}") from None


def _server_message(body) -> str:
    """KFP errors are google.rpc.Status JSON: ``{"code": 3, "message": "...", ...}``."""
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    try:
        payload = json.loads(body or "")
    except ValueError:
        return (body or "no details").strip()[:500]
    if not isinstance(payload, dict):
        return str(payload)[:500]
    return str(payload.get("message") or payload.get("error") or payload)[:500]
