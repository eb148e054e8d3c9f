"""Scheduled retraining end to end: two runs of the heart-arrhythmia pipeline on two data spans.

The data root holds ExampleGen spans (``span-1/``, then ``span-2/``); each run reads the newest.
One pipeline home (ML Metadata) is shared:
- run 1 (TFX's own CLI) reads span 1, which includes corrupt records that must be quarantined
  without stopping the run, then trains, blesses and pushes;
- run 2 reads span 2, new recordings of the same patients whose training patients' rhythm labels
  came back rotated from a faulty labelling batch. It trains with the same settings; the
  Evaluator compares it with the last blessed model (the Resolver's baseline) on span 2's eval
  patients, whose labels are right, and its change threshold keeps it from the Pusher.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from modules.heart_arrhythmia.config import CLASS_NAMES, RHYTHM_TO_CLASS, UNREADABLE
from tests.conftest import SMALL_SYNTHESIS
from tests.wfdb_fixtures import relabel_rhythms, truncated_copy

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PIPELINE = "heart-arrhythmia"
# A labelling batch that shifted every rhythm label by one class.
# Every rhythm note -> a note of the next class (NORMAL -> OTHER -> AFIB -> AFL -> NORMAL).
_NEXT_NOTE = {"NORMAL": "(BII", "OTHER": "(AFIB", "AFIB": "(AFL", "AFL": "(N"}
ROTATED_LABELS = {note: _NEXT_NOTE[name] for note, name in RHYTHM_TO_CLASS.items()}

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
    shutil.copytree(small_records_dir, data / "span-1")
    corrupt = add_corrupt_records(data / "span-1")
    home = tmp_path_factory.mktemp("modelzoo_home")
    env = dict(
        os.environ,
        MODELZOO_HOME=str(home),
        LOCAL_HOME=str(home / "tfx_cli"),
        MODELZOO_DATA_ROOT=str(data),
        MODELZOO_BEAM_WORKERS="2",
        MODELZOO_TRAIN_STEPS="300",
        MODELZOO_TRAINER_CONFIG=json.dumps({"epochs": 3, "qat_epochs": 1}),
        MODELZOO_MIN_ACCURACY="0.4",
        # The spans and the change threshold are under test here, not the tiny model's quality.
        MODELZOO_MIN_CLASS_RECALL="0",
        PYTHONPATH=str(REPO),
    )
    return home, env, corrupt, data


def run_checked(args, env):
    result = subprocess.run(args, env=env, cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, (
        f"{args} failed:\n{result.stdout[-3000:]}\n{result.stderr[-6000:]}"
    )
    return result


@pytest.fixture(scope="module")
def first_run(pipeline_env):
    home, env, *_ = pipeline_env
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


def example_gen_outputs(store) -> list:
    """The ExampleGen's Examples artifacts (Transform's carry no quarantine count), oldest first."""
    examples = store.get_artifacts_by_type("Examples")
    return sorted((a for a in examples if "records_quarantined" in a.custom_properties), key=id_of)


def id_of(artifact) -> int:
    return artifact.id


def patients_in_split(examples, split: str) -> set[str]:
    import tensorflow as tf

    from modules.heart_arrhythmia import config

    files = tf.io.gfile.glob(os.path.join(examples.uri, f"Split-{split}", "*.gz"))
    return {
        tf.train.Example.FromString(raw.numpy())
        .features.feature[config.PATIENT_KEY]
        .bytes_list.value[0]
        .decode()
        for raw in tf.data.TFRecordDataset(files, compression_type="GZIP")
    }


def write_span_2(data: Path, eval_patients: set[str], scratch: Path) -> list[str]:
    """Training patients' next recordings with their labels rotated (returns those patients);
    the evaluation patients' recordings as in span 1, so both runs are judged on the same
    correctly labelled data with every class present."""
    from modules.heart_arrhythmia.datasets import read_record
    from modules.heart_arrhythmia.synthesis import SynthesisConfig, write_dataset

    config = SynthesisConfig(**{**SMALL_SYNTHESIS, "records_per_patient": 2})
    second = [p for p in write_dataset(scratch, config, progress=False) if p.name.endswith("_r02")]
    span = data / "span-2"
    span.mkdir()
    relabelled = []
    for record in second:
        for suffix in (".hea", ".dat", ".atr"):
            shutil.copy(record.with_suffix(suffix), span / (record.name + suffix))
        patient = read_record(str(span / record.name)).patient_id
        if patient not in eval_patients:
            relabel_rhythms(span / record.name, ROTATED_LABELS)
            relabelled.append(patient)
        else:
            first = data / "span-1" / record.name.replace("_r02", "_r01")
            for suffix in (".hea", ".dat", ".atr"):
                (span / (record.name + suffix)).unlink()
                shutil.copy(first.with_suffix(suffix), span / (first.name + suffix))
    return relabelled


def versions(home: Path) -> list[Path]:
    root = home / "models" / "heart_arrhythmia"
    return sorted(p for p in root.iterdir() if (p / "manifest.json").exists())


def test_first_run_pushes_int8_model_c_package_and_manifest(first_run):
    [version] = versions(first_run)
    manifest = json.loads((version / "manifest.json").read_text())
    assert manifest["class_names"] == list(CLASS_NAMES)
    assert manifest["input"]["dtype"] == "int8" and manifest["input"]["shape"][-1] == 1000
    assert 0 < manifest["tflite_bytes"] <= 32 * 1024
    assert manifest["arena_bytes"] <= 16 * 1024
    assert manifest["metrics"]["int8"]["accuracy"] > 0.4
    assert manifest["parity"]["identical"] is True
    assert (version / "c" / "heart_arrhythmia_model.c").exists()
    # The firmware's front-end tables travel with the package (QuantizingPusher hook).
    from firmware_tools.frontends.ecg.tables import render_tables
    from modules.heart_arrhythmia.fixed_point import frontend_tables

    assert manifest["firmware"]["frontend"] == "ecg"
    assert manifest["firmware"]["tables"] == ["c/heart_arrhythmia_frontend_tables.h"]
    assert manifest["firmware"]["tables_fn"].endswith("fixed_point.write_firmware_tables")
    tables_h = version / "c" / "heart_arrhythmia_frontend_tables.h"
    assert tables_h.read_text() == render_tables("heart_arrhythmia", frontend_tables())
    store = metadata_store(first_run)
    [blessing] = store.get_artifacts_by_type("ModelBlessing")
    assert int_property(blessing, "blessed") == 1


def test_corrupt_records_are_quarantined_and_the_rest_go_through(first_run, pipeline_env):
    _, _, corrupt, _ = pipeline_env
    store = metadata_store(first_run)
    [report_artifact] = store.get_artifacts_by_type("modelzoo.QuarantineReport")
    report = json.loads((Path(report_artifact.uri) / "report.json").read_text())
    assert report["records_quarantined"] == 2
    assert sorted(entry["record"] for entry in report["records"]) == sorted(
        f"{record}.hea" for record in corrupt
    )
    assert all(entry["error"] for entry in report["records"])
    [span_1] = example_gen_outputs(store)
    assert int_property(span_1, "records_quarantined") == 2
    assert int_property(span_1, "span") == 1


def test_retraining_on_a_worse_span_is_refused_by_the_change_threshold(
    first_run, pipeline_env, tmp_path
):
    import tensorflow_model_analysis as tfma

    home, env, _, data = pipeline_env
    [span_1] = example_gen_outputs(metadata_store(home))
    eval_patients = patients_in_split(span_1, "eval")
    assert eval_patients, "span 1 put no patient in the eval split"
    relabelled = write_span_2(data, eval_patients, tmp_path)
    assert relabelled and not set(relabelled) & eval_patients
    # Same trainer settings as run 1; the accuracy floor is lowered to zero so that only the
    # comparison with the last blessed model can refuse.
    run_checked(
        [sys.executable, "-m", "pipelines.local_runner"], {**env, "MODELZOO_MIN_ACCURACY": "0"}
    )

    store = metadata_store(home)
    assert [int_property(a, "span") for a in example_gen_outputs(store)] == [1, 2]
    blessings = sorted(store.get_artifacts_by_type("ModelBlessing"), key=id_of)
    assert [int_property(b, "blessed") for b in blessings] == [1, 0]
    pushed = sorted(store.get_artifacts_by_type("PushedModel"), key=id_of)
    assert [int_property(p, "pushed") for p in pushed] == [1, 0]
    assert len(versions(home)) == 1
    evaluation = sorted(store.get_artifacts_by_type("ModelEvaluation"), key=id_of)[-1]
    validation = tfma.load_validation_result(evaluation.uri)
    assert not validation.validation_ok
    failures = [f for s in validation.metric_validations_per_slice for f in s.failures]
    assert failures and all(f.metric_threshold.HasField("change_threshold") for f in failures)
    assert not any(f.metric_threshold.HasField("value_threshold") for f in failures)
    assert {f.metric_key.name for f in failures} == {"sparse_categorical_accuracy"}


def test_predict_cli_runs_the_pushed_model_on_a_record(first_run, small_records_dir, monkeypatch):
    from typer.testing import CliRunner

    from modelzoo.cli import app

    monkeypatch.setenv("MODELZOO_HOME", str(first_run))
    record = sorted(small_records_dir.glob("*.hea"))[0]
    result = CliRunner().invoke(app, ["predict", "heart-arrhythmia", str(record), "--json"])
    assert result.exit_code == 0, result.output
    [(name, prediction)] = json.loads(result.stdout).items()
    assert name == str(record)
    assert len(prediction["windows"]) == int(prediction["duration_s"] // 10)
    assert 0.0 <= prediction["af_burden_percent"] <= 100.0
    assert {w["rhythm"] for w in prediction["windows"]} <= {*CLASS_NAMES, UNREADABLE}
