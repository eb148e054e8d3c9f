"""Shared fixtures. Whole-pipeline runs are marked ``slow`` and share one pipeline home."""

import os

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import pytest  # noqa: E402

# Cleaner than the default data (10-24 dB SNR) so that short test pipelines learn all four
# classes within a few hundred steps; the seed puts every class into the evaluation split (its
# patients p0003, p0006, p0016: fixtures.in_eval_split), which the Evaluator's per-class recall
# floor needs; one clear-cut rhythm per class so a few hundred steps learn them.
SMALL_SYNTHESIS = dict(
    n_patients=20,
    records_per_patient=1,
    record_minutes=2.0,
    seed=125,
    snr_db_range=(10.0, 24.0),
    rhythms=("normal_sinus", "ventricular_bigeminy", "atrial_fibrillation", "flutter_fixed_block"),
)


@pytest.fixture(scope="session")
def small_records_dir(tmp_path_factory):
    """A few synthetic WFDB records (all three rhythms), written once per session."""
    from modules.heart_arrhythmia.synthesis import SynthesisConfig, write_dataset

    out = tmp_path_factory.mktemp("ecg_records")
    write_dataset(out, SynthesisConfig(**SMALL_SYNTHESIS), progress=False)
    return out


@pytest.fixture(scope="session")
def kfp_packages(tmp_path_factory):
    """`modelzoo kfp compile all` output (one .yaml per model), compiled once per session."""
    from typer.testing import CliRunner

    from modelzoo.cli import app

    out = tmp_path_factory.mktemp("kfp_packages")
    args = ["kfp", "compile", "all", "--out-dir", str(out), "--root", "gs://zoo-bucket/zoo"]
    args += ["--image", "example.org/zoo/pipeline:1", "--beam-workers", "2"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def tiny_pushed_model(tmp_path_factory):
    """A real full-integer int8 TFLite model with the heart-arrhythmia input/output contract."""
    import json

    import numpy as np
    import tensorflow as tf

    from modules.heart_arrhythmia import config

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
    manifest = {
        "model_name": "heart_arrhythmia",
        "tflite_path": "tiny_int8.tflite",
        "class_names": list(config.CLASS_NAMES),
    }
    (version / "manifest.json").write_text(json.dumps(manifest))
    return version
