"""`modelzoo kfp upload|run|schedule` against a fake KFP v2beta1 API server on loopback."""

import json

import pytest
import yaml
from typer.testing import CliRunner

from modelzoo.cli import app
from tests.kfp_fake_server import FakeKfp, check_model

TOKEN = "test-token-123"


@pytest.fixture
def package(kfp_packages):
    return str(kfp_packages / "heart-arrhythmia.yaml")


@pytest.fixture
def kfp(monkeypatch):
    with FakeKfp(token=TOKEN) as server:
        monkeypatch.setenv("KFP_HOST", server.host)
        monkeypatch.setenv("KFP_TOKEN", TOKEN)
        yield server
    assert server.problems == []


def invoke(*args):
    return CliRunner().invoke(app, ["kfp", *args])


def test_fake_server_checks_bodies_against_the_v2beta1_models():
    good = {"display_name": "r", "trigger": {"cron_schedule": {"cron": "0 0 3 * * *"}}}
    assert check_model({**good, "mode": "ENABLE", "no_catchup": True}, "V2beta1RecurringRun") == []
    assert check_model({**good, "mode": "ON"}, "V2beta1RecurringRun") == [
        "body.mode: 'ON' not in ['MODE_UNSPECIFIED', 'ENABLE', 'DISABLE']"
    ]
    assert check_model({"trigger": {"cron": "x"}}, "V2beta1RecurringRun") == [
        "body.trigger.cron: not a field of V2beta1Trigger"
    ]
    assert check_model({"no_catchup": "yes"}, "V2beta1RecurringRun") == [
        "body.no_catchup: 'yes' is not bool"
    ]


def test_upload_creates_the_pipeline_then_adds_versions(kfp, package):
    first = invoke("upload", package)
    assert first.exit_code == 0, first.output
    [upload] = kfp.calls("POST", "/apis/v2beta1/pipelines/upload")
    assert upload.query["name"] == ["heart-arrhythmia"]
    assert upload.headers["authorization"] == f"Bearer {TOKEN}"
    assert yaml.safe_load(upload.files["uploadfile"])["pipelineInfo"]["name"] == "heart-arrhythmia"
    pipeline_id = kfp.pipelines["heart-arrhythmia"]
    assert f"#/pipelines/details/{pipeline_id}" in first.output

    second = invoke("upload", package, "--version", "v2")
    assert second.exit_code == 0, second.output
    [version] = kfp.calls("POST", "/apis/v2beta1/pipelines/upload_version")
    assert version.query == {"name": ["v2"], "pipelineid": [pipeline_id]}
    assert len(kfp.calls("POST", "/apis/v2beta1/pipelines/upload")) == 1
    assert "Uploaded version v2 of heart-arrhythmia" in second.output


def test_run_sends_the_spec_parameters_and_pipeline_root(kfp, package):
    result = invoke(
        "run",
        package,
        "--param",
        "data_root=gs://zoo-bucket/ecg-2025",
        "--param",
        "beam_direct_num_workers=8",
        "--pipeline-root",
        "gs://zoo-bucket/runs",
        "--service-account",
        "modelzoo-pipeline",
        "--run-name",
        "nightly",
    )
    assert result.exit_code == 0, result.output
    [experiment] = kfp.calls("POST", "/apis/v2beta1/experiments")
    assert experiment.body["display_name"] == "modelzoo"
    [run] = kfp.calls("POST", "/apis/v2beta1/runs")
    assert run.body["display_name"] == "nightly"
    assert run.body["experiment_id"] == kfp.experiments["modelzoo"]
    assert run.body["service_account"] == "modelzoo-pipeline"
    assert run.body["runtime_config"] == {
        "pipeline_root": "gs://zoo-bucket/runs",
        "parameters": {"data_root": "gs://zoo-bucket/ecg-2025", "beam_direct_num_workers": 8},
    }
    assert run.body["pipeline_spec"] == yaml.safe_load(open(package))
    assert "Started run 'nightly'" in result.output and "#/runs/details/" in result.output


def test_schedule_sends_cron_concurrency_and_no_catchup(kfp, package):
    kfp.experiments["modelzoo"] = "existing-experiment"
    result = invoke("schedule", package, "--cron", "0 30 2 * * *", "--max-concurrency", "1")
    assert result.exit_code == 0, result.output
    assert kfp.calls("POST", "/apis/v2beta1/experiments") == []  # reused, not duplicated
    [recurring] = kfp.calls("POST", "/apis/v2beta1/recurringruns")
    body = recurring.body
    assert body["trigger"] == {"cron_schedule": {"cron": "0 30 2 * * *"}}
    assert body["no_catchup"] is True
    assert int(body["max_concurrency"]) == 1
    assert body["mode"] == "ENABLE"
    assert body["experiment_id"] == "existing-experiment"
    assert body["display_name"] == "heart-arrhythmia-retraining"
    assert body["pipeline_spec"]["pipelineInfo"]["name"] == "heart-arrhythmia"
    assert "no catch-up" in result.output


def test_server_error_is_one_clear_line_and_exit_1(kfp, package):
    kfp.fail["POST /apis/v2beta1/recurringruns"] = (400, "Invalid cron schedule: bad field")
    result = invoke("schedule", package, "--cron", "0 0 3 * * *")
    assert result.exit_code == 1
    assert result.output.count("error:") == 1 and "Traceback" not in result.output
    assert "answered 400 Bad Request: Invalid cron schedule: bad field" in result.output


def test_wrong_token_is_reported(kfp, package, monkeypatch):
    monkeypatch.setenv("KFP_TOKEN", "stale")
    # kfp.Client retries its health probe 5 times, 5 s apart: skip the waiting.
    monkeypatch.setattr("kfp.client.client.time.sleep", lambda seconds: None)
    result = invoke("upload", package)
    assert result.exit_code == 1
    assert "answered 401 Unauthorized: missing or wrong bearer token" in result.output
    assert "Traceback" not in result.output
    assert len(kfp.calls("GET", "/apis/v2beta1/healthz")) == 5


def test_dry_run_prints_the_calls_and_sends_nothing(kfp, package):
    result = invoke("schedule", package, "--cron", "@daily", "--dry-run", "--param", "data_root=x")
    assert result.exit_code == 0, result.output
    assert kfp.requests == []
    plan = json.loads(result.output)
    assert plan["endpoint"] == {"host": kfp.host, "token": "set"}
    experiment, recurring = plan["calls"]
    assert experiment["sdk"] == "kfp.Client.create_experiment"
    assert recurring["sdk"] == "kfp.Client.create_recurring_run"
    assert recurring["requests"] == ["POST /apis/v2beta1/recurringruns"]
    arguments = recurring["arguments"]
    assert arguments["cron_expression"] == "@daily" and arguments["no_catchup"] is True
    assert arguments["params"] == {"data_root": "x"} and arguments["max_concurrency"] == 1
    assert TOKEN not in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["schedule", "PKG", "--cron", "0 3 * * *"], "did you mean '0 0 3 * * *'?"),
        (["schedule", "PKG", "--cron", "0 0 3 * * * *"], "expected six fields"),
        (["run", "PKG", "--param", "learning_rate=0.1"], "no such parameter (beam_direct_num"),
        (["run", "PKG", "--param", "beam_direct_num_workers=many"], "expects an integer"),
        (["run", "PKG", "--param", "data_root"], "write NAME=VALUE"),
        (["upload", "missing.yaml"], "missing.yaml: no such pipeline package"),
    ],
)
def test_bad_input_exits_2_before_anything_is_sent(kfp, package, args, message):
    result = invoke(*[package if a == "PKG" else a for a in args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert kfp.requests == []


def test_no_endpoint_is_explained(package, monkeypatch):
    monkeypatch.delenv("KFP_HOST", raising=False)
    result = invoke("upload", package)
    assert result.exit_code == 2
    assert "pass --host or set KFP_HOST" in result.output


def test_unreachable_server_exits_1(package, monkeypatch):
    with FakeKfp() as server:
        host = server.host
    monkeypatch.setenv("KFP_HOST", host)  # the port is closed now
    result = invoke("upload", package)
    assert result.exit_code == 1
    assert f"cannot reach KFP API at {host}" in result.output
