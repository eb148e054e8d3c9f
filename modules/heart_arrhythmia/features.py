"""The model's front end, defined once in numpy and once in TensorFlow.

The Transform graph (TensorFlow) is what TFX trains and evaluates with; the numpy twin is what
the predict CLI, the Pusher's golden vectors and the firmware's generated tables use. A test
holds the two equal, so the device and the pipeline see the same numbers.

Steps, per window of ``config.WINDOW_SAMPLES`` samples at ``config.MODEL_FS_HZ``:
1. linear-phase FIR band-pass (0.5-40 Hz): removes baseline wander and mains/EMG above 40 Hz;
2. standardise to zero mean, unit variance (gain and lead polarity differ between devices);
3. clip to +/- ``CLIP_SIGMA`` so one artefact spike cannot own the int8 input range.
"""

from __future__ import annotations

import functools

import numpy as np
from scipy.signal import firwin

from modules.heart_arrhythmia import config

FIR_TAPS = 129
FIR_BAND_HZ = (0.5, 40.0)
CLIP_SIGMA = 8.0
STD_FLOOR = 1e-3


@functools.cache
def fir_coefficients() -> np.ndarray:
    """Band-pass taps (float32, odd length, symmetric) shared with the firmware tables."""
    taps = firwin(FIR_TAPS, FIR_BAND_HZ, pass_zero=False, fs=config.MODEL_FS_HZ)
    return taps.astype(np.float32)


def preprocess_window(window: np.ndarray) -> np.ndarray:
    """Numpy reference of ``preprocess_tf`` for one window or a batch [..., WINDOW_SAMPLES]."""
    x = np.asarray(window, dtype=np.float32)
    taps = fir_coefficients()
    filtered = np.apply_along_axis(lambda row: np.convolve(row, taps, mode="same"), -1, x)
    filtered = filtered.astype(np.float32)
    mean = filtered.mean(axis=-1, keepdims=True)
    std = filtered.std(axis=-1, keepdims=True)
    z = (filtered - mean) / np.maximum(std, STD_FLOOR)
    return np.clip(z, -CLIP_SIGMA, CLIP_SIGMA).astype(np.float32)


def preprocess_tf(windows):
    """TensorFlow version for the Transform graph: ``windows`` is float32 [batch, samples]."""
    import tensorflow as tf

    taps = tf.constant(fir_coefficients()[::-1].copy(), dtype=tf.float32)
    x = tf.cast(windows, tf.float32)[:, :, tf.newaxis]
    # conv1d is a correlation; reversing the (symmetric) taps keeps it a convolution anyway.
    filtered = tf.nn.conv1d(x, taps[:, tf.newaxis, tf.newaxis], stride=1, padding="SAME")
    filtered = filtered[:, :, 0]
    mean = tf.reduce_mean(filtered, axis=-1, keepdims=True)
    std = tf.math.reduce_std(filtered, axis=-1, keepdims=True)
    z = (filtered - mean) / tf.maximum(std, STD_FLOOR)
    return tf.clip_by_value(z, -CLIP_SIGMA, CLIP_SIGMA)
