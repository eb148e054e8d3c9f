"""Predict on a package: clips, long recordings, bad files, and int8 parity with the front end."""

import json
import re

import numpy as np
import pytest

from modules.audio import frontend
from modules.keyword_spotting import config, fixtures, inference, training
from modules.keyword_spotting.model import build_model
from modules.spec import InputError


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    """An untrained (random-weight) QAT network converted as the Pusher converts it."""
    import tensorflow as tf
    import tensorflow_model_optimization as tfmot

    from modules.keyword_spotting.scoring import export_int8

    tf.keras.utils.set_random_seed(0)
    recipe = training.TrainingConfig()  # the default network, as the Trainer builds it
    core = training.strip_augmentation(
        build_model(
            config.FEATURE_SHAPE,
            12,
            recipe.architecture,
            channels=recipe.channels,
            blocks=recipe.blocks,
            block_channels=recipe.block_channels,
        )
    )
    qat = tfmot.quantization.keras.quantize_model(core)
    rng = np.random.default_rng(0)
    representative = rng.uniform(-7.6, 4.0, (40, *config.FEATURE_SHAPE)).astype(np.float32)
    qat(representative, training=True)  # let the QAT ranges see data once
    model = export_int8(qat, representative)
    out = tmp_path_factory.mktemp("package")
    (out / "keyword_spotting_int8.tflite").write_bytes(model.int8)
    manifest = {
        "tflite_path": "keyword_spotting_int8.tflite",
        "class_names": list(config.DEFAULT_LABELS.class_names),
        "streaming": {"threshold": 0.0, "release": 1.1, "refractory_s": 1.0},
    }
    (out / "manifest.json").write_text(json.dumps(manifest))
    return out, model


def test_clip_and_recording(tmp_path, package):
    predictor = inference.load_predictor(package[0])
    clip, recording = fixtures.write_predict_inputs(tmp_path)
    assert predictor.inputs([str(tmp_path)]) == [str(clip), str(recording)]
    result = predictor.predict(str(clip)).to_json()
    assert set(result) == {"label", "score"}
    assert result["label"] in config.DEFAULT_LABELS.class_names and 0 <= result["score"] <= 1
    long = predictor.predict(str(recording)).to_json()
    assert set(long) == {"detections"}
    # threshold 0, release above 1: a one-window detection every refractory period
    starts = [d["start_s"] for d in long["detections"]]
    assert starts == sorted(starts) and len(starts) >= 2
    for d in long["detections"]:
        assert 0 <= d["start_s"] < d["end_s"] <= 3.0 + 1e-6


def test_printed_results_name_their_files(tmp_path, package):
    """A batch's human-readable lines must say which file each result is about."""
    from rich.console import Console

    predictor = inference.load_predictor(package[0])
    console = Console(record=True, width=200)
    paths = [str(p) for p in fixtures.write_predict_inputs(tmp_path)]
    for path in paths:
        predictor.predict(path).render(console)
    lines = console.export_text().splitlines()
    clip = [re.fullmatch(rf"{re.escape(paths[0])}: (\S+) \(([01]\.\d\d)\)", line) for line in lines]
    matches = [m for m in clip if m]
    assert len(matches) == 1, lines
    assert matches[0].group(1) in config.DEFAULT_LABELS.class_names
    assert any(line.startswith(f"{paths[1]}: 3.0 s, ") for line in lines)


def test_bad_file_is_one_input_error(tmp_path, package):
    predictor = inference.load_predictor(package[0])
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF....WAVEfmt garbage")
    with pytest.raises(InputError, match="bad.wav"):
        predictor.predict(str(bad))


def test_int8_input_parity_with_pusher_quantisation(tmp_path, package):
    """The predictor's integer mapping of the front end gives the int8 tensor the Pusher's
    float quantisation would, and so the same int8 outputs."""
    from components.quantizing_pusher.conversion import quantize

    _, model = package
    scale, zero_point = model.input_quantization
    rng = np.random.default_rng(1)
    pcm = frontend.to_pcm16(rng.normal(0, 0.05, config.CLIP_SAMPLES))
    q7 = frontend.log_mel_q7(pcm)
    integer = frontend.to_model_input(q7, scale, zero_point)
    floating = quantize(q7.astype(np.float32) / frontend.Q7, scale, zero_point)
    assert np.mean(integer == floating) > 0.999 and np.max(np.abs(integer - floating)) <= 1
    predictor = inference.load_predictor(package[0])
    via_predictor = predictor.model.probabilities(q7[np.newaxis])
    via_float_features = model.probabilities((q7 / frontend.Q7)[np.newaxis])
    if np.array_equal(integer, floating):
        assert np.array_equal(via_predictor, via_float_features)


def test_default_network_fits_the_device_budget(package):
    """The default recipe's int8 model within the issue's budget: <= 24 KB, arena <= 32 KiB
    (the conversion strips the flatbuffer's tensor names: flash the MCU never reads)."""
    import tensorflow as tf

    from modules.keyword_spotting.scoring import model_footprint

    _, model = package
    footprint = model_footprint(model)
    assert footprint["int8_bytes"] <= 24 * 1024 and footprint["arena_bytes"] <= 32 * 1024
    assert footprint["device_bytes"] < footprint["int8_bytes"]  # device_model.py
    interpreter = tf.lite.Interpreter(model_content=model.int8)
    names = sum(len(t["name"]) for t in interpreter.get_tensor_details())
    assert names == 0, names
