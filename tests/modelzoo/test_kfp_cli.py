"""`modelzoo kfp upload|run|schedule` against a fake KFP v2beta1 API server on loopback."""

import json
import re

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
    assert re.search(r"settings sha256:[0-9a-f]{64}", body["description"])
    assert "Created schedule 'heart-arrhythmia-retraining'" in result.output
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


def test_run_dry_run_prints_the_calls_and_sends_nothing(kfp, package):
    result = invoke("run", package, "--dry-run", "--param", "data_root=x", "--run-name", "once")
    assert result.exit_code == 0, result.output
    assert kfp.requests == []
    plan = json.loads(result.output)
    assert plan["endpoint"] == {"host": kfp.host, "token": "set"}
    [run] = plan["calls"]
    assert run["sdk"] == "kfp.Client.create_run_from_pipeline_package"
    assert run["requests"][-1] == "POST /apis/v2beta1/runs"
    assert run["arguments"]["arguments"] == {"data_root": "x"}
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


# --- declarative schedules -------------------------------------------------------------------

NAME = "nightly"
RECURRING = "/apis/v2beta1/recurringruns"


def schedule(package, cron="0 0 3 * * *", *extra):
    return invoke("schedule", package, "--name", NAME, "--cron", cron, *extra)


def changes_sent(kfp) -> list[str]:
    """The requests that change something (everything but GET), in order."""
    return [f"{r.method} {r.path}" for r in kfp.requests if r.method != "GET"]


def enabled_seen(kfp) -> list[tuple[str, int]]:
    """(request, enabled recurring runs named NAME just after it), for every request."""
    return [(request, counts.get(NAME, 0)) for request, counts in kfp.enabled_log]


def test_first_apply_creates_and_reapplying_unchanged_changes_nothing(kfp, package):
    first = schedule(package, "0 0 3 * * *", "--param", "beam_direct_num_workers=4")
    assert first.exit_code == 0, first.output
    [live] = kfp.recurring_runs.values()
    assert f"Created schedule {NAME!r} ({live['recurring_run_id']})" in first.output
    sent = len(kfp.requests)

    again = schedule(package, "0 0 3 * * *", "--param", "beam_direct_num_workers=4")
    assert again.exit_code == 0, again.output
    assert f"Schedule {NAME!r} ({live['recurring_run_id']}) is up to date" in again.output
    assert "nothing to change" in again.output
    assert [f"{r.method} {r.path}" for r in kfp.requests[sent:] if r.method != "GET"] == []
    assert list(kfp.recurring_runs.values()) == [live]


def test_changed_cron_replaces_new_first_then_old_never_zero_enabled(kfp, package):
    assert schedule(package, "0 0 3 * * *").exit_code == 0
    [old] = kfp.recurring_runs
    result = schedule(package, "0 30 2 * * *")
    assert result.exit_code == 0, result.output
    [(new, live)] = kfp.recurring_runs.items()
    assert new != old and live["trigger"] == {"cron_schedule": {"cron": "0 30 2 * * *"}}
    assert live["status"] == "ENABLED"
    create = f"POST {RECURRING}"
    assert changes_sent(kfp)[-2:] == [create, f"DELETE {RECURRING}/{old}"]
    assert f"Replaced schedule {NAME!r}: created {new}" in result.output
    assert f"removed {old}" in result.output
    assert "changed cron: '0 0 3 * * *' -> '0 30 2 * * *'" in result.output
    # What a cluster could see between two requests: from the first create on, never zero
    # enabled; two only for the one request between the new one's create and the old's delete.
    seen = enabled_seen(kfp)
    first = next(i for i, (_, count) in enumerate(seen) if count)
    assert all(count >= 1 for _, count in seen[first:]), seen
    [overlap] = [i for i, (_, count) in enumerate(seen) if count == 2]
    assert seen[overlap][0] == create
    assert seen[overlap + 1] == (f"DELETE {RECURRING}/{old}", 1)
    assert seen[-1][1] == 1


@pytest.mark.parametrize(
    "change, reported",
    [
        (["--param", "beam_direct_num_workers=8"], "changed parameters: {} -> "),
        (["--max-concurrency", "2"], "changed max_concurrency: 1 -> 2"),
        (["--pipeline-root", "gs://b/runs"], "changed pipeline_root: None -> 'gs://b/runs'"),
        (["--service-account", "modelzoo-pipeline"], "changed service_account: None -> "),
        (["PACKAGE"], "changed pipeline_spec: the compiled package differs"),
    ],
)
def test_each_setting_is_part_of_the_schedule(kfp, package, tmp_path, change, reported):
    assert schedule(package).exit_code == 0
    [old] = kfp.recurring_runs
    if change == ["PACKAGE"]:  # a new pipeline version: same name, another compiled spec
        spec = yaml.safe_load(open(package))
        spec["root"]["inputDefinitions"]["parameters"]["data_root"]["defaultValue"] = "gs://b/x"
        package, change = str(tmp_path / "heart-arrhythmia.yaml"), []
        (tmp_path / "heart-arrhythmia.yaml").write_text(yaml.safe_dump(spec))
    result = schedule(package, "0 0 3 * * *", *change)
    assert result.exit_code == 0, result.output
    assert reported in result.output
    assert old not in kfp.recurring_runs and len(kfp.enabled(NAME)) == 1


def test_failing_create_leaves_the_old_schedule_as_it_was(kfp, package):
    assert schedule(package, "0 0 3 * * *").exit_code == 0
    before = {key: dict(run) for key, run in kfp.recurring_runs.items()}
    kfp.fail[f"POST {RECURRING}"] = (500, "scheduled workflow controller unavailable")
    result = schedule(package, "0 30 2 * * *")
    assert result.exit_code == 1
    assert result.output.count("error:") == 1 and "Traceback" not in result.output
    assert "answered 500 Internal Server Error: scheduled workflow controller" in result.output
    assert kfp.recurring_runs == before
    assert not [r for r in kfp.requests if r.method == "DELETE"]


def test_failing_delete_disables_the_old_one_and_says_so(kfp, package):
    assert schedule(package, "0 0 3 * * *").exit_code == 0
    [old] = kfp.recurring_runs
    kfp.fail[f"DELETE {RECURRING}/{{run_id}}"] = (500, "database is locked")
    result = schedule(package, "0 30 2 * * *")
    assert result.exit_code == 0, result.output
    assert f"warning: could not delete the old recurring run {old}" in result.output
    assert "disabled it instead" in result.output
    assert kfp.recurring_runs[old]["status"] == "DISABLED"
    [enabled] = kfp.enabled(NAME)
    assert enabled["trigger"]["cron_schedule"]["cron"] == "0 30 2 * * *"
    assert changes_sent(kfp)[-3:] == [
        f"POST {RECURRING}",
        f"DELETE {RECURRING}/{old}",
        f"POST {RECURRING}/{old}:disable",
    ]
    # Re-applying the same settings keeps everything, and names the disabled leftover ...
    kfp.fail.clear()
    again = schedule(package, "0 30 2 * * *")
    assert "is up to date" in again.output
    assert f"left as they are, disabled: {old}" in again.output
    assert len(kfp.recurring_runs) == 2
    # ... which the next apply that replaces the schedule deletes.
    assert schedule(package, "0 0 4 * * *").exit_code == 0
    assert old not in kfp.recurring_runs and len(kfp.recurring_runs) == 1


def test_old_one_neither_deleted_nor_disabled_the_new_one_is_withdrawn(kfp, package):
    assert schedule(package, "0 0 3 * * *").exit_code == 0
    [old] = kfp.recurring_runs
    kfp.fail[f"DELETE {RECURRING}/{old}"] = (500, "database is locked")
    kfp.fail[f"POST {RECURRING}/{old}:disable"] = (500, "database is locked")
    result = schedule(package, "0 30 2 * * *")
    assert result.exit_code == 1
    assert result.output.count("error:") == 1
    assert "deleted the new one again: the old schedule runs unchanged" in result.output
    assert list(kfp.recurring_runs) == [old] and kfp.recurring_runs[old]["status"] == "ENABLED"
    assert enabled_seen(kfp)[-1][1] == 1


def test_dry_run_reads_the_live_schedule_prints_the_plan_and_changes_nothing(kfp, package):
    planned = schedule(package, "@daily", "--dry-run", "--param", "beam_direct_num_workers=3")
    assert planned.exit_code == 0, planned.output
    assert changes_sent(kfp) == [] and kfp.recurring_runs == {}
    plan = json.loads(planned.output)
    assert plan["plan"]["action"] == "create" and plan["plan"]["live"] == []
    experiment, recurring = plan["calls"]
    assert experiment["sdk"] == "kfp.Client.create_experiment"
    assert recurring["sdk"] == "kfp.Client.create_recurring_run"
    arguments = recurring["arguments"]
    assert arguments["cron_expression"] == "@daily" and arguments["no_catchup"] is True
    assert arguments["params"] == {"beam_direct_num_workers": 3}
    assert plan["plan"]["settings_sha256"] in arguments["description"]
    assert TOKEN not in planned.output

    assert schedule(package, "@daily").exit_code == 0
    [live] = kfp.recurring_runs
    before = (len(changes_sent(kfp)), dict(kfp.recurring_runs[live]))
    unchanged = json.loads(schedule(package, "@daily", "--dry-run").output)
    assert unchanged["plan"]["action"] == "unchanged" and unchanged["calls"] == []
    replace = json.loads(schedule(package, "@hourly", "--dry-run").output)
    assert replace["plan"]["action"] == "replace"
    assert replace["plan"]["changes"] == ["cron: '@daily' -> '@hourly'"]
    assert [c["sdk"] for c in replace["calls"]][-1] == "kfp.Client.delete_recurring_run"
    assert replace["calls"][-1]["arguments"] == {"recurring_run_id": live}
    assert (len(changes_sent(kfp)), kfp.recurring_runs[live]) == before


def test_a_recurring_run_made_by_hand_is_replaced(kfp, package):
    kfp.experiments["modelzoo"] = "experiment-1"
    hand_made = {
        "recurring_run_id": "by-hand",
        "display_name": NAME,
        "experiment_id": "experiment-1",
        "trigger": {"cron_schedule": {"cron": "0 0 3 * * *"}},
        "mode": "ENABLE",
        "status": "ENABLED",
        "max_concurrency": "1",
    }
    kfp.recurring_runs["by-hand"] = hand_made
    result = schedule(package, "0 0 3 * * *")
    assert result.exit_code == 0, result.output
    assert "settings digest: none (not applied by `modelzoo kfp schedule`)" in result.output
    assert "by-hand" not in kfp.recurring_runs and len(kfp.enabled(NAME)) == 1


def test_extra_enabled_copies_are_pruned_across_list_pages(kfp, package):
    assert schedule(package).exit_code == 0
    [ours] = kfp.recurring_runs
    copy = {**kfp.recurring_runs[ours], "recurring_run_id": "copy", "description": ""}
    kfp.recurring_runs["copy"] = copy
    kfp.max_page_size = 1  # the client must follow next_page_token
    result = schedule(package)
    assert result.exit_code == 0, result.output
    assert f"deleted other enabled recurring runs named {NAME!r}: copy" in result.output
    assert list(kfp.recurring_runs) == [ours]
    lists = [r for r in kfp.requests if r.method == "GET" and r.path == RECURRING]
    assert [r.query.get("page_token") for r in lists[-2:]] == [None, ["1"]]


def test_a_schedule_belongs_to_its_experiment(kfp, package):
    assert schedule(package, "0 0 3 * * *", "--experiment", "team-a").exit_code == 0
    assert schedule(package, "0 0 3 * * *", "--experiment", "team-b").exit_code == 0
    assert len(kfp.enabled(NAME)) == 2
    assert {r["experiment_id"] for r in kfp.recurring_runs.values()} == {
        kfp.experiments["team-a"],
        kfp.experiments["team-b"],
    }


def test_schedule_dry_run_needs_an_endpoint(package, monkeypatch):
    monkeypatch.delenv("KFP_HOST", raising=False)
    result = schedule(package, "@daily", "--dry-run")
    assert result.exit_code == 2
    assert "pass --host or set KFP_HOST" in result.output
