"""Noise models: each one, their mixtures, and the SNR they are scaled to."""

from __future__ import annotations

import numpy as np
import pytest

from modules.heart_arrhythmia.synthesis import noise, synthesize_record


def _mix(models, snr_db, seed=0, fs=250, seconds=60.0, p2p=1.0):
    rng = np.random.default_rng(seed)
    n = int(fs * seconds)
    t = np.arange(n) / fs
    return noise.noise_mixture(rng, n, fs, t, np.sin(0.5 * t), p2p, snr_db, models)


@pytest.mark.parametrize("model", noise.NOISE_MODELS)
@pytest.mark.parametrize("snr_db", [-6.0, 6.0, 24.0])
def test_each_model_is_scaled_to_the_snr(model, snr_db):
    x, info = _mix((model,), snr_db, p2p=1.5)
    measured = 10 * np.log10(noise.signal_power(1.5) / np.mean((x - x.mean()) ** 2))
    assert measured == pytest.approx(snr_db, abs=0.01)
    assert info["noise_models"] == model


def test_models_have_their_own_spectra():
    fs = 250

    def band_share(model, lo, hi):
        x, _ = _mix((model,), 0.0, fs=fs)
        spec = np.abs(np.fft.rfft(x)) ** 2
        f = np.fft.rfftfreq(len(x), 1 / fs)
        return spec[(f >= lo) & (f < hi)].sum() / spec.sum()

    assert band_share("baseline", 0, 1.0) > 0.9
    assert band_share("muscle", 20, 125) > 0.9
    assert band_share("motion", 0, 15) > 0.8
    assert band_share("powerline", 49, 61) > 0.8
    assert 0.3 < band_share("white", 0, 60) < 0.6


def test_mixtures_are_drawn_per_record_and_unknown_models_refused():
    drawn = {_mix(None, 10.0, seed=s)[1]["noise_models"] for s in range(30)}
    assert len(drawn) >= 6
    assert any("+" in d for d in drawn)
    with pytest.raises(ValueError, match="unknown noise models"):
        _mix(("thunder",), 10.0)


def test_record_noise_follows_snr_and_scale():
    rng = np.random.default_rng
    clean = synthesize_record(rng(4), 250, 30.0, 0.0, snr_db=0.0)
    noisy = synthesize_record(rng(4), 250, 30.0, 1.0, snr_db=0.0)
    quiet = synthesize_record(rng(4), 250, 30.0, 1.0, snr_db=20.0)
    np.testing.assert_allclose(clean.clean, noisy.clean)  # same ECG, only the noise differs
    assert np.max(np.abs(clean.signal - clean.clean)) < 1e-9
    residual = [np.std(np.diff(r.signal - r.clean)) for r in (noisy, quiet)]
    assert residual[0] > 3 * residual[1]
    assert noisy.info["snr_db"] == 0.0
