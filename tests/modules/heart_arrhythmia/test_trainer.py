"""Trainer pieces that can be checked without a pipeline: config parsing and augmentation."""

import numpy as np
import pytest
import tensorflow as tf

from modules.heart_arrhythmia import config
from modules.heart_arrhythmia.trainer import TrainingConfig, augment, time_stretch


def dominant_hz(row: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(row - row.mean()))
    return float(np.argmax(spectrum) * config.MODEL_FS_HZ / len(row))


def test_time_stretch_keeps_shape_and_scales_frequency():
    t = np.arange(config.WINDOW_SAMPLES) / config.MODEL_FS_HZ
    batch = np.tile(np.sin(2 * np.pi * 2.0 * t), (4, 1)).astype(np.float32)
    tf.random.set_seed(3)
    seen = []
    for _ in range(12):
        out, label = time_stretch(tf.constant(batch), tf.constant([0, 1, 2, 0]), 0.15)
        assert out.shape == batch.shape
        np.testing.assert_array_equal(label.numpy(), [0, 1, 2, 0])
        rows = out.numpy()
        np.testing.assert_allclose(rows[0], rows[3])  # one factor per batch
        seen.append(dominant_hz(rows[0]))
    # Stretching by f moves a 2 Hz tone to 2/f Hz: within [1.74, 2.35] and not constant.
    assert min(seen) >= 1.7 and max(seen) <= 2.4 and len(set(seen)) > 2


def test_augment_keeps_shape_and_clip_range():
    ecg = tf.random.normal([8, config.WINDOW_SAMPLES]) * 4
    out, _ = augment(ecg, tf.zeros([8], tf.int64))
    assert out.shape == ecg.shape
    assert float(tf.reduce_max(tf.abs(out))) <= 8.0


def test_training_config_rejects_unknown_keys():
    assert TrainingConfig.from_custom_config({"epochs": 2}).epochs == 2
    with pytest.raises(ValueError, match="epcohs"):
        TrainingConfig.from_custom_config({"epcohs": 2})
