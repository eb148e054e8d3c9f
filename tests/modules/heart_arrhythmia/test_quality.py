"""Signal-quality gate (Python reference): flat, saturated, implausible and noise-only windows
are refused; ECG from every rhythm at usable SNR is not."""

from __future__ import annotations

import numpy as np
import pytest

from modules.heart_arrhythmia import config, quality
from modules.heart_arrhythmia.synthesis import RHYTHMS, noise, synthesize_record
from modules.heart_arrhythmia.windows import resample

UNITS = quality.units_per_mv(200, 8)
THRESHOLDS = quality.GateThresholds.for_gain(UNITS)
N = config.WINDOW_SAMPLES


def verdict(window_mv):
    return quality.assess(quality.to_units(window_mv, UNITS), THRESHOLDS)


def ecg_windows(rhythm, seed, snr_db, seconds=30.0, fs=250):
    rec = synthesize_record(
        np.random.default_rng(seed), fs, seconds, 1.0, rhythms=[rhythm], snr_db=snr_db
    )
    x = resample(rec.signal, fs)
    return [x[s : s + N] for s in range(0, len(x) - N + 1, N)], rec


def test_ecg_of_every_rhythm_passes_at_usable_snr():
    refused, total = 0, 0
    for i, rhythm in enumerate(RHYTHMS):
        for seed in (i, i + 100):
            windows, _ = ecg_windows(rhythm, seed, 12.0)
            for w in windows:
                total += 1
                refused += verdict(w) is not None
    assert refused / total < 0.02


@pytest.mark.parametrize("offset_mv", [0.0, 1.7, -3.0])
def test_flat_line_and_lead_off(offset_mv):
    rng = np.random.default_rng(0)
    assert verdict(np.full(N, offset_mv)) == quality.FLAT
    assert verdict(offset_mv + 0.005 * rng.standard_normal(N)) == quality.FLAT
    # ECG for 5 s, then the lead comes off: still refused.
    windows, _ = ecg_windows("normal_sinus", 1, 24.0)
    half = windows[0].copy()
    half[N // 2 :] = offset_mv
    assert verdict(half) == quality.FLAT


def test_saturated_signal_is_refused():
    """Baseline wander drives the amplifier into its rails for long stretches."""
    windows, _ = ecg_windows("normal_sinus", 2, 18.0)
    t = np.arange(N) / config.MODEL_FS_HZ
    drifting = windows[0] + 4.0 * np.sin(2 * np.pi * 0.15 * t)
    assert verdict(np.clip(drifting, -2.5, 2.5)) == quality.SATURATED
    assert verdict(drifting) is None  # the same signal inside the rails is readable
    # R peaks clipped for a sample or two are not saturation.
    assert verdict(np.clip(windows[0], None, 0.8 * windows[0].max())) is None


def test_implausible_amplitude_is_refused():
    windows, _ = ecg_windows("normal_sinus", 3, 24.0)
    scale = 12.0 / np.ptp(windows[0])  # 12 mV peak to peak: no ECG is that large
    assert verdict(windows[0] * scale * 1.5) == quality.AMPLITUDE


@pytest.mark.parametrize("model", ["muscle", "white", "baseline", "powerline", "motion"])
def test_noise_only_windows_are_refused(model):
    rng = np.random.default_rng(4)
    n = 250 * 60
    t = np.arange(n) / 250
    accepted = 0
    for _ in range(5):
        x, _ = noise.noise_mixture(rng, n, 250, t, np.sin(t), 1.0, 0.0, (model,))
        x = resample(x, 250)
        accepted += sum(verdict(x[s : s + N]) is None for s in range(0, len(x) - N + 1, N))
    assert accepted <= 1  # of 30 windows


def test_gate_is_integer_exact_and_checks_its_input():
    windows, _ = ecg_windows("atrial_fibrillation", 5, 6.0)
    units = quality.to_units(windows[0], UNITS)
    assert units.dtype == np.int64
    assert quality.assess(units, THRESHOLDS) == quality.assess(units.copy(), THRESHOLDS)
    assert quality.to_units(np.array([0.5 / UNITS, -0.5 / UNITS]), UNITS).tolist() == [1, -1]
    with pytest.raises(ValueError, match="samples"):
        quality.assess(units[:10], THRESHOLDS)
    assert THRESHOLDS.flat == 50 * UNITS // 1000
