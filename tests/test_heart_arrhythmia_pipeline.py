"""The heart-arrhythmia pipeline end to end, through TFX's own CLI, then the evaluation gate.

One pipeline home is shared: run 1 (tfx CLI) trains, blesses and pushes; run 2 trains a
deliberately worse model that the Evaluator's change threshold must keep from the Pusher.
The data includes corrupt records that must be quarantined without stopping the run.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.wfdb_fixtures import truncated_copy

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PIPELINE = "heart-arrhythmia"

pytestmark = pytest.mark.slow


def add_corrupt_records(directory: Path) -> list[str]:
    """One record whose signal file is cut short, one whose header is not WFDB."""
    source = sorted(directory.glob("*.hea"))[0].with_suffix("")
    truncated = truncated_copy(source, directory / "zz_truncated")
    garbage = directory / "zz_garbage"
    garbage.with_suffix(".hea").write_text("this is not a wfdb header\n")
    return [str(truncated), str(garbage)]


@pytest.fixture(scope="module")
def pipeline_env(small_records_dir, tmp_path_factory):
    data = tmp_path_factory.mktemp("pipeline_data") / "records"
    shutil.copytree(small_records_dir, data)
    corrupt = add_corrupt_records(data)
    home = tmp_path_factory.mktemp("modelzoo_home")
    env = dict(
        os.environ,
        MODELZOO_HOME=str(home),
        LOCAL_HOME=str(home / "tfx_cli"),
        MODELZOO_DATA_ROOT=str(data),
        MODELZOO_BEAM_WORKERS="2",
        MODELZOO_TRAIN_STEPS="150",
        MODELZOO_TRAINER_CONFIG=json.dumps({"epochs": 3, "qat_epochs": 1}),
        MODELZOO_MIN_ACCURACY="0.6",
        PYTHONPATH=str(REPO),
    )
    return home, env, corrupt


def run_checked(args, env):
    result = subprocess.run(args, env=env, cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, (
        f"{args} failed:\n{result.stdout[-3000:]}\n{result.stderr[-6000:]}"
    )
    return result


@pytest.fixture(scope="module")
def first_run(pipeline_env):
    home, env, _ = pipeline_env
    tfx_cli = str(BIN / "tfx")
    run_checked(
        [
            tfx_cli,
            "pipeline",
            "create",
            "--engine",
            "local",
            "--pipeline_path",
            str(REPO / "pipelines" / "local_runner.py"),
        ],
        env,
    )
    run_checked([tfx_cli, "run", "create", "--engine", "local", "--pipeline_name", PIPELINE], env)
    return home


def metadata_store(home: Path):
    from ml_metadata.metadata_store import metadata_store as mlmd
    from ml_metadata.proto import metadata_store_pb2

    config = metadata_store_pb2.ConnectionConfig()
    config.sqlite.filename_uri = str(home / "metadata" / PIPELINE / "metadata.db")
    config.sqlite.connection_mode = metadata_store_pb2.SqliteMetadataSourceConfig.READONLY
    return mlmd.MetadataStore(config)


def int_property(artifact, name):
    return artifact.custom_properties[name].int_value


def versions(home: Path) -> list[Path]:
    root = home / "models" / "heart_arrhythmia"
    return sorted(p for p in root.iterdir() if (p / "manifest.json").exists())


def test_first_run_pushes_int8_model_c_package_and_manifest(first_run):
    [version] = versions(first_run)
    manifest = json.loads((version / "manifest.json").read_text())
    assert manifest["class_names"] == ["NORMAL", "AFIB", "AFL"]
    assert manifest["input"]["dtype"] == "int8" and manifest["input"]["shape"][-1] == 1000
    assert 0 < manifest["tflite_bytes"] <= 32 * 1024
    assert manifest["arena_bytes"] <= 16 * 1024
    assert manifest["metrics"]["int8"]["accuracy"] > 0.6
    assert manifest["parity"]["identical"] is True
    assert (version / "c" / "heart_arrhythmia_model.c").exists()
    # The firmware's front-end tables travel with the package (QuantizingPusher hook).
    from modelzoo.firmware.tables import render_ecg_tables
    from modules.heart_arrhythmia.fixed_point import frontend_tables

    assert manifest["firmware_tables_fn"].endswith("fixed_point.write_firmware_tables")
    tables_h = version / "c" / "heart_arrhythmia_frontend_tables.h"
    assert tables_h.read_text() == render_ecg_tables("heart_arrhythmia", frontend_tables())
    store = metadata_store(first_run)
    [blessing] = store.get_artifacts_by_type("ModelBlessing")
    assert int_property(blessing, "blessed") == 1


def test_corrupt_records_are_quarantined_and_the_rest_go_through(first_run, pipeline_env):
    _, _, corrupt = pipeline_env
    store = metadata_store(first_run)
    [report_artifact] = store.get_artifacts_by_type("modelzoo.QuarantineReport")
    report = json.loads((Path(report_artifact.uri) / "report.json").read_text())
    assert report["records_quarantined"] == 2
    assert sorted(entry["record"] for entry in report["records"]) == sorted(corrupt)
    assert all(entry["error"] for entry in report["records"])
    generated = [
        a
        for a in store.get_artifacts_by_type("Examples")
        if "records_quarantined" in a.custom_properties
    ]
    assert generated and all(int_property(a, "records_quarantined") == 2 for a in generated)


def test_evaluator_gate_refuses_a_worse_model(first_run, pipeline_env):
    home, env, _ = pipeline_env
    worse = dict(
        env,
        MODELZOO_TRAIN_STEPS="1",
        MODELZOO_MIN_ACCURACY="0.0",
        MODELZOO_TRAINER_CONFIG=json.dumps({"epochs": 1, "qat_epochs": 0, "augment": False}),
    )
    run_checked([sys.executable, "-m", "pipelines.local_runner"], worse)
    store = metadata_store(home)
    blessings = sorted(store.get_artifacts_by_type("ModelBlessing"), key=lambda a: a.id)
    assert [int_property(b, "blessed") for b in blessings] == [1, 0]
    pushed = sorted(store.get_artifacts_by_type("PushedModel"), key=lambda a: a.id)
    assert [int_property(p, "pushed") for p in pushed] == [1, 0]
    assert len(versions(home)) == 1


def test_predict_cli_runs_the_pushed_model_on_a_record(first_run, small_records_dir, monkeypatch):
    from typer.testing import CliRunner

    from modelzoo.cli import app

    monkeypatch.setenv("MODELZOO_HOME", str(first_run))
    record = sorted(small_records_dir.glob("*.hea"))[0]
    result = CliRunner().invoke(app, ["predict", "heart-arrhythmia", str(record), "--json"])
    assert result.exit_code == 0, result.output
    [prediction] = json.loads(result.stdout)
    assert len(prediction["windows"]) == int(prediction["duration_s"] // 10)
    assert 0.0 <= prediction["af_burden_percent"] <= 100.0
    assert {w["rhythm"] for w in prediction["windows"]} <= {"NORMAL", "AFIB", "AFL"}
