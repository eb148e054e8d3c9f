"""The front end: numpy twin equals the Transform graph, and it does what its docstring says."""

import numpy as np
import pytest
from scipy.signal import freqz

from modules.heart_arrhythmia import config, features


@pytest.fixture(scope="module")
def windows():
    rng = np.random.default_rng(7)
    t = np.arange(config.WINDOW_SAMPLES) / config.MODEL_FS_HZ
    base = np.sin(2 * np.pi * 1.2 * t) + 0.3 * rng.normal(size=(6, config.WINDOW_SAMPLES))
    return (base * rng.uniform(0.2, 3.0, size=(6, 1))).astype(np.float32)


def test_numpy_twin_matches_transform_graph(windows):
    reference = features.preprocess_window(windows)
    graph = features.preprocess_tf(windows).numpy()
    assert reference.shape == graph.shape == windows.shape
    np.testing.assert_allclose(reference, graph, atol=1e-4)


def test_band_pass_rejects_wander_and_keeps_qrs_band():
    _, response = freqz(features.fir_coefficients(), worN=[0.05, 10.0, 45.0], fs=config.MODEL_FS_HZ)
    gain_db = 20 * np.log10(np.abs(response))
    assert gain_db[0] < -6  # baseline wander
    assert abs(gain_db[1]) < 0.5  # QRS energy
    assert gain_db[2] < -40  # above the band


def test_output_is_gain_invariant_standardised_and_clipped(windows):
    out = features.preprocess_window(windows)
    np.testing.assert_allclose(out, features.preprocess_window(windows * 5.0), atol=1e-4)
    assert np.all(np.abs(out) <= features.CLIP_SIGMA)
    spike = windows[0].copy()
    spike[500] = 1e4
    assert features.preprocess_window(spike).max() == pytest.approx(features.CLIP_SIGMA)
    flat = features.preprocess_window(np.zeros(config.WINDOW_SAMPLES, np.float32))
    assert np.all(np.isfinite(flat)) and np.all(flat == 0)
