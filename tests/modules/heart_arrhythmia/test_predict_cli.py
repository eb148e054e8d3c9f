"""`modelzoo predict heart-arrhythmia`: happy path on a tiny int8 model, one clear error line
and exit status 2 for each kind of bad input."""

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from modelzoo.cli import app
from modules.heart_arrhythmia import config
from tests.wfdb_fixtures import truncated_copy


@pytest.fixture(scope="module")
def tiny_pushed_model(tmp_path_factory):
    """A real full-integer int8 TFLite model with the heart-arrhythmia input/output contract."""
    import tensorflow as tf

    inputs = tf.keras.Input((config.WINDOW_SAMPLES,))
    outputs = tf.keras.layers.Dense(len(config.CLASS_NAMES), activation="softmax")(inputs)
    model = tf.keras.Model(inputs, outputs)
    converter = tf.lite.TFLiteConverter.from_keras_model(model)
    converter.optimizations = [tf.lite.Optimize.DEFAULT]
    rng = np.random.default_rng(0)
    converter.representative_dataset = lambda: (
        [rng.normal(size=(1, config.WINDOW_SAMPLES)).astype(np.float32)] for _ in range(20)
    )
    converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    converter.inference_input_type = converter.inference_output_type = tf.int8
    version = tmp_path_factory.mktemp("models") / "heart_arrhythmia" / "1"
    version.mkdir(parents=True)
    (version / "tiny_int8.tflite").write_bytes(converter.convert())
    manifest = {"model_name": "heart_arrhythmia", "tflite_path": "tiny_int8.tflite"}
    (version / "manifest.json").write_text(json.dumps(manifest))
    return version


def predict(*args):
    return CliRunner().invoke(app, ["predict", "heart-arrhythmia", *map(str, args)])


def error_lines(result):
    return [line for line in result.output.splitlines() if line.strip()]


def test_predicts_every_window_of_a_record(tiny_pushed_model, small_records_dir):
    record = sorted(small_records_dir.glob("*.hea"))[0]
    result = predict(record, "--model-dir", tiny_pushed_model, "--json")
    assert result.exit_code == 0, result.output
    [(name, prediction)] = json.loads(result.stdout).items()
    assert name == str(record)
    assert len(prediction["windows"]) == int(prediction["duration_s"] // config.WINDOW_S)
    burden = prediction["burden_percent"]
    assert sum(burden.values()) == pytest.approx(100.0, abs=0.1)
    for window in prediction["windows"]:
        assert sum(window["probabilities"].values()) == pytest.approx(1.0, abs=0.05)


def test_missing_record(tiny_pushed_model, tmp_path):
    result = predict(tmp_path / "nope", "--model-dir", tiny_pushed_model)
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert "nope" in line and "error" in line.lower()


def test_truncated_record(tiny_pushed_model, small_records_dir, tmp_path):
    source = sorted(small_records_dir.glob("*.hea"))[0].with_suffix("")
    target = truncated_copy(source, tmp_path / "cut", keep_fraction=0.01)
    result = predict(target, "--model-dir", tiny_pushed_model)
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert "cut" in line and "missing signal file" not in line


def test_not_a_wfdb_record(tiny_pushed_model, tmp_path):
    garbage = tmp_path / "garbage.hea"
    garbage.write_text("<html>not a header</html>\n")
    result = predict(garbage, "--model-dir", tiny_pushed_model)
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert "garbage" in line


def test_record_shorter_than_one_window(tiny_pushed_model, tmp_path):
    import wfdb

    signal = np.zeros((250 * 4, 1))
    wfdb.wrsamp(
        "short",
        fs=250,
        units=["mV"],
        sig_name=["ECG"],
        p_signal=signal,
        fmt=["16"],
        write_dir=str(tmp_path),
    )
    result = predict(tmp_path / "short", "--model-dir", tiny_pushed_model)
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert "shorter than one" in line


def test_without_a_pushed_model_the_committed_package_is_used(
    tmp_path, monkeypatch, small_records_dir
):
    monkeypatch.setenv("MODELZOO_HOME", str(tmp_path))
    record = sorted(small_records_dir.glob("*.hea"))[0]
    result = predict(record, "--json")
    assert result.exit_code == 0, result.output
    assert "no pushed heart_arrhythmia model" in result.stderr
    assert "firmware/models/heart_arrhythmia" in result.stderr
    assert list(json.loads(result.stdout)) == [str(record)]


def test_a_bad_record_is_reported_and_the_rest_of_the_batch_still_runs(
    tiny_pushed_model, small_records_dir, tmp_path
):
    good = sorted(small_records_dir.glob("*.hea"))[:2]
    garbage = tmp_path / "garbage.hea"
    garbage.write_text("not a header\n")
    result = predict(good[0], garbage, good[1], "--model-dir", tiny_pushed_model, "--json")
    assert result.exit_code == 2
    assert list(json.loads(result.stdout)) == [str(good[0]), str(good[1])]
    [line] = [line for line in result.stderr.splitlines() if line.strip()]
    assert line.startswith("error: ") and "garbage" in line


def test_a_directory_is_searched_for_records(tiny_pushed_model, small_records_dir):
    result = predict(small_records_dir, "--model-dir", tiny_pushed_model, "--json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == len(list(small_records_dir.glob("*.hea")))


def test_a_broken_model_dir_is_one_line(tiny_pushed_model, small_records_dir, tmp_path):
    (tmp_path / "manifest.json").write_text("{not json")
    result = predict(sorted(small_records_dir.glob("*.hea"))[0], "--model-dir", tmp_path)
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert line.startswith("error: ") and str(tmp_path) in line
