"""A fake Kubeflow Pipelines API server on 127.0.0.1 for testing ``modelzoo kfp`` end to end.

It checks every request against the KFP v2beta1 API as ``kfp-server-api`` models it: method and
path of a known route, JSON bodies whose fields (recursively) are those of the route's model
(``V2beta1Run``, ``V2beta1RecurringRun``, ...) with values of the declared types and enums, and
multipart uploads that carry a parseable PipelineSpec. Replies are the models' own JSON.
Anything else is answered 404/400 and recorded in ``problems``.

Recurring runs are kept as the server keeps them: create, get, list (by experiment, display
name filter, pages), delete, disable and enable, with ``status`` following ``mode``. After
every request the fake notes how many enabled recurring runs each display name has
(``enabled_log``), so a test can check what a cluster would have seen between two requests.
"""

from __future__ import annotations

import datetime
import email.parser
import email.policy
import json
import re
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import kfp_server_api
import yaml
from google.protobuf import json_format
from kfp.pipeline_spec import pipeline_spec_pb2

_SANITIZE = kfp_server_api.ApiClient().sanitize_for_serialization
_PRIMITIVES = {"str": (str,), "bool": (bool,), "int": (int,), "float": (int, float)}
# int64 fields are strings in the OpenAPI models; JSON clients send numbers for them too.
_INT64_AS_STR = (str, int)


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # names lower-cased
    body: object = None
    files: dict[str, bytes] = field(default_factory=dict)


def check_model(value, model_name: str, where: str = "body") -> list[str]:
    """Problems of ``value`` (decoded JSON) against kfp_server_api model ``model_name``."""
    if model_name == "object" or model_name.startswith("dict("):
        return [] if isinstance(value, dict) else [f"{where}: expected an object"]
    if model_name.startswith("list["):
        if not isinstance(value, list):
            return [f"{where}: expected a list"]
        inner = model_name[5:-1]
        return [p for i, v in enumerate(value) for p in check_model(v, inner, f"{where}[{i}]")]
    if model_name == "datetime":
        return [] if isinstance(value, str) else [f"{where}: expected an RFC 3339 string"]
    if model_name in _PRIMITIVES:
        allowed = _INT64_AS_STR if model_name == "str" else _PRIMITIVES[model_name]
        return [] if isinstance(value, allowed) else [f"{where}: {value!r} is not {model_name}"]
    model = getattr(kfp_server_api.models, model_name)
    allowable = getattr(model, "allowable_values", None)
    if allowable:
        return [] if value in allowable else [f"{where}: {value!r} not in {allowable}"]
    if not isinstance(value, dict):
        return [f"{where}: expected a {model_name} object"]
    by_json = {json_key: attr for attr, json_key in model.attribute_map.items()}
    problems = []
    for key, item in value.items():
        if key not in by_json:
            problems.append(f"{where}.{key}: not a field of {model_name}")
        elif item is not None:
            problems += check_model(item, model.openapi_types[by_json[key]], f"{where}.{key}")
    return problems


class FakeKfp:
    """State and routes; ``fail`` maps "METHOD /path" to (status, message) error replies."""

    def __init__(self, token: str | None = None):
        self.token = token
        self.requests: list[Recorded] = []
        self.problems: list[str] = []
        self.pipelines: dict[str, str] = {}  # display name -> id
        self.experiments: dict[str, str] = {}
        self.recurring_runs: dict[str, dict] = {}  # id -> the V2beta1RecurringRun JSON held
        self.max_page_size = 100  # the server's cap on a list page
        # After each request: "METHOD /path" and {display name: enabled recurring runs}.
        self.enabled_log: list[tuple[str, dict[str, int]]] = []
        # "METHOD /path" (or a route template, "DELETE /apis/v2beta1/recurringruns/{id}") ->
        # (status, message): answer that request with an error.
        self.fail: dict[str, tuple[int, str]] = {}
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.host = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeKfp:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def calls(self, method: str, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and r.path == path]

    # --- routes ------------------------------------------------------------------------------

    def route(self, request: Recorded) -> tuple[int, object]:
        with self._lock:
            status, reply = self._route(request)
            enabled: dict[str, int] = {}
            for run in self.recurring_runs.values():
                if run["status"] == "ENABLED":
                    enabled[run["display_name"]] = enabled.get(run["display_name"], 0) + 1
            self.enabled_log.append((f"{request.method} {request.path}", enabled))
            return status, reply

    def _route(self, request: Recorded) -> tuple[int, object]:
        key = f"{request.method} {request.path}"
        for (method, template), handler in _ROUTES.items():
            match = re.fullmatch(_path_pattern(template), request.path)
            if method != request.method or not match:
                continue
            failure = self.fail.get(key) or self.fail.get(f"{method} {template}")
            if failure:
                status, message = failure
                return status, {"code": 3, "message": message, "details": []}
            return getattr(self, handler)(request, **match.groupdict())
        self.problems.append(f"unexpected request {key}")
        return 404, {"code": 5, "message": f"no route {key}"}

    def _healthz(self, request):
        return 200, kfp_server_api.V2beta1GetHealthzResponse(multi_user=False)

    def _list_pipelines(self, request):
        name = _filter_name(request.query)
        if name in self.pipelines:
            pipeline = kfp_server_api.V2beta1Pipeline(
                pipeline_id=self.pipelines[name], display_name=name, created_at=_now()
            )
            return 200, kfp_server_api.V2beta1ListPipelinesResponse(
                pipelines=[pipeline], total_size=1
            )
        return 200, kfp_server_api.V2beta1ListPipelinesResponse(total_size=0)

    def _upload(self, request):
        self._check_package(request)
        [name] = request.query.get("name", [""])
        self.pipelines[name] = pipeline_id = str(uuid.uuid4())
        return 200, kfp_server_api.V2beta1Pipeline(
            pipeline_id=pipeline_id, display_name=name, created_at=_now()
        )

    def _upload_version(self, request):
        self._check_package(request)
        [pipeline_id] = request.query.get("pipelineid", [""])
        [name] = request.query.get("name", [""])
        if pipeline_id not in self.pipelines.values():
            return 404, {"code": 5, "message": f"pipeline {pipeline_id} not found"}
        return 200, kfp_server_api.V2beta1PipelineVersion(
            pipeline_id=pipeline_id,
            pipeline_version_id=str(uuid.uuid4()),
            display_name=name,
            created_at=_now(),
        )

    def _list_experiments(self, request):
        name = _filter_name(request.query)
        if name in self.experiments:
            experiment = kfp_server_api.V2beta1Experiment(
                experiment_id=self.experiments[name], display_name=name
            )
            return 200, kfp_server_api.V2beta1ListExperimentsResponse(
                experiments=[experiment], total_size=1
            )
        return 200, kfp_server_api.V2beta1ListExperimentsResponse(total_size=0)

    def _create_experiment(self, request):
        self._check_body(request, "V2beta1Experiment", required=("display_name",))
        name = request.body["display_name"]
        self.experiments[name] = experiment_id = str(uuid.uuid4())
        return 200, kfp_server_api.V2beta1Experiment(
            experiment_id=experiment_id, display_name=name, created_at=_now()
        )

    def _create_run(self, request):
        self._check_body(request, "V2beta1Run", required=("display_name", "experiment_id"))
        self._check_spec(request.body.get("pipeline_spec"))
        return 200, kfp_server_api.V2beta1Run(
            run_id=str(uuid.uuid4()),
            display_name=request.body["display_name"],
            experiment_id=request.body["experiment_id"],
            state="PENDING",
            created_at=_now(),
        )

    def _create_recurring_run(self, request):
        required = ("display_name", "experiment_id", "trigger", "mode", "max_concurrency")
        self._check_body(request, "V2beta1RecurringRun", required=required)
        self._check_spec(request.body.get("pipeline_spec"))
        if request.body.get("experiment_id") not in self.experiments.values():
            return 404, {"code": 5, "message": "experiment not found"}
        run = {k: v for k, v in request.body.items() if v is not None}
        now = _now().isoformat()
        run.update(
            recurring_run_id=str(uuid.uuid4()),
            # int64 fields come back as JSON strings (grpc-gateway)
            max_concurrency=str(run["max_concurrency"]),
            status="ENABLED" if run["mode"] == "ENABLE" else "DISABLED",
            created_at=now,
            updated_at=now,
        )
        self.recurring_runs[run["recurring_run_id"]] = run
        return 200, run

    def _get_recurring_run(self, request, run_id):
        if run_id not in self.recurring_runs:
            return _not_found(run_id)
        return 200, self.recurring_runs[run_id]

    def _list_recurring_runs(self, request):
        [experiment_id] = request.query.get("experiment_id", [None])
        name = _filter_name(request.query)
        runs = [
            run
            for run in self.recurring_runs.values()
            if experiment_id in (None, run["experiment_id"]) and name in (None, run["display_name"])
        ]
        [start] = request.query.get("page_token", ["0"])
        [size] = request.query.get("page_size", ["10"])
        end = int(start) + min(int(size), self.max_page_size)
        return 200, kfp_server_api.V2beta1ListRecurringRunsResponse(
            recurring_runs=runs[int(start) : end] or None,
            total_size=len(runs),
            next_page_token=str(end) if end < len(runs) else None,
        )

    def _delete_recurring_run(self, request, run_id):
        if self.recurring_runs.pop(run_id, None) is None:
            return _not_found(run_id)
        return 200, {}

    def _disable_recurring_run(self, request, run_id):
        return self._set_mode(run_id, "DISABLE", "DISABLED")

    def _enable_recurring_run(self, request, run_id):
        return self._set_mode(run_id, "ENABLE", "ENABLED")

    def _set_mode(self, run_id, mode, status):
        if run_id not in self.recurring_runs:
            return _not_found(run_id)
        self.recurring_runs[run_id].update(mode=mode, status=status, updated_at=_now().isoformat())
        return 200, {}

    def enabled(self, name: str) -> list[dict]:
        return [
            r
            for r in self.recurring_runs.values()
            if r["display_name"] == name and r["status"] == "ENABLED"
        ]

    # --- checks ------------------------------------------------------------------------------

    def _check_body(self, request, model_name: str, required=()):
        if not isinstance(request.body, dict):
            self.problems.append(f"{request.path}: body is not a JSON object")
            return
        self.problems += check_model(request.body, model_name)
        missing = [name for name in required if request.body.get(name) in (None, "")]
        if missing:
            self.problems.append(f"{request.path}: missing {missing}")

    def _check_spec(self, spec):
        if spec is None:
            self.problems.append("run without pipeline_spec")
            return
        try:
            json_format.ParseDict(spec, pipeline_spec_pb2.PipelineSpec())
        except json_format.ParseError as error:
            self.problems.append(f"pipeline_spec does not parse: {error}")

    def _check_package(self, request):
        if set(request.files) != {"uploadfile"}:
            self.problems.append(f"{request.path}: multipart parts {sorted(request.files)}")
            return
        self._check_spec(yaml.safe_load(request.files["uploadfile"]))

    # --- HTTP --------------------------------------------------------------------------------

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_GET(self):  # noqa: N802
                self._serve()

            def do_POST(self):  # noqa: N802
                self._serve()

            def do_DELETE(self):  # noqa: N802
                self._serve()

            def _serve(self):
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                request = Recorded(
                    self.command,
                    url.path,
                    parse_qs(url.query),
                    {k.lower(): v for k, v in self.headers.items()},
                )
                content_type = self.headers.get("Content-Type", "")
                if content_type.startswith("multipart/form-data"):
                    request.files = _multipart(content_type, raw)
                elif raw:
                    try:
                        request.body = json.loads(raw)
                    except ValueError:
                        fake.problems.append(f"{url.path}: body is not JSON")
                fake.requests.append(request)
                if fake.token and self.headers.get("Authorization") != f"Bearer {fake.token}":
                    status, reply = 401, {"code": 16, "message": "missing or wrong bearer token"}
                else:
                    status, reply = fake.route(request)
                payload = json.dumps(_SANITIZE(reply)).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        return Handler


_ROUTES = {
    ("GET", "/apis/v2beta1/healthz"): "_healthz",
    ("GET", "/apis/v2beta1/pipelines"): "_list_pipelines",
    ("POST", "/apis/v2beta1/pipelines/upload"): "_upload",
    ("POST", "/apis/v2beta1/pipelines/upload_version"): "_upload_version",
    ("GET", "/apis/v2beta1/experiments"): "_list_experiments",
    ("POST", "/apis/v2beta1/experiments"): "_create_experiment",
    ("POST", "/apis/v2beta1/runs"): "_create_run",
    ("POST", "/apis/v2beta1/recurringruns"): "_create_recurring_run",
    ("GET", "/apis/v2beta1/recurringruns"): "_list_recurring_runs",
    ("GET", "/apis/v2beta1/recurringruns/{run_id}"): "_get_recurring_run",
    ("DELETE", "/apis/v2beta1/recurringruns/{run_id}"): "_delete_recurring_run",
    ("POST", "/apis/v2beta1/recurringruns/{run_id}:disable"): "_disable_recurring_run",
    ("POST", "/apis/v2beta1/recurringruns/{run_id}:enable"): "_enable_recurring_run",
}


def _path_pattern(template: str) -> str:
    return re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/:]+)", re.escape(template))


def _not_found(run_id: str):
    return 404, {"code": 5, "message": f"recurring run {run_id} not found", "details": []}


def _multipart(content_type: str, raw: bytes) -> dict[str, bytes]:
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + raw
    )
    return {
        part.get_param("name", header="content-disposition"): part.get_payload(decode=True)
        for part in message.iter_parts()
    }


def _filter_name(query: dict[str, list[str]]) -> str | None:
    """KFP list filters: ``{"predicates": [{"key": "display_name", "stringValue": ...}]}``."""
    for text in query.get("filter", []):
        for predicate in json.loads(text).get("predicates", []):
            if predicate.get("key") == "display_name":
                return predicate.get("stringValue") or predicate.get("string_value")
    return None


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)
