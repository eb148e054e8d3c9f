"""Noise models and their mixtures, scaled to a signal-to-noise ratio.

Five models, each normalised to unit RMS over the record, then mixed with random weights:

* ``baseline``: baseline wander, breathing-locked plus slow random drift;
* ``muscle``: EMG, 20-150 Hz noise with bursts;
* ``motion``: electrode motion, low-frequency transients and decaying baseline steps (the noise
  that overlaps the ECG band and so hurts most);
* ``powerline``: 50 or 60 Hz with harmonics below the anti-alias limit;
* ``white``: amplifier noise.

SNR follows the MIT-BIH Noise Stress Test convention: signal power is (QRS peak-to-peak)^2 / 8,
noise power the mean square of the mixture. The training data draws the SNR per record from
``SNR_RANGE_DB``; held-out benchmarks use real recorded noise instead (NSTDB), which no part of
this module imitates sample by sample.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import signal as sps

from modules.heart_arrhythmia.synthesis.randomness import hann_bumps, loguniform, sign, smooth_noise

NOISE_MODELS = ("baseline", "muscle", "motion", "powerline", "white")
# Chance that a record's mixture contains each model.
_INCLUDE_P = {"baseline": 0.75, "muscle": 0.6, "motion": 0.5, "powerline": 0.35, "white": 0.5}
SNR_RANGE_DB = (-6.0, 24.0)


def _unit(x: np.ndarray) -> np.ndarray:
    x = x - x.mean()
    return x / max(float(np.sqrt(np.mean(x**2))), 1e-12)


def baseline_wander(rng, n: int, fs: int, t: np.ndarray, resp: np.ndarray) -> np.ndarray:
    x = rng.uniform(0.2, 1.0) * resp * sign(rng, 0.5)
    x = x + smooth_noise(rng, t, rng.uniform(0.05, 0.5)) + 0.7 * smooth_noise(rng, t, 0.03)
    return _unit(x)


def muscle(rng, n: int, fs: int, t: np.ndarray, resp: np.ndarray) -> np.ndarray:
    nyq = fs / 2.0
    hi = min(150.0, 0.45 * fs)
    sos = sps.butter(4, [20.0 / nyq, hi / nyq], btype="band", output="sos")
    emg = sps.sosfilt(sos, rng.standard_normal(n))
    minutes = n / fs / 60.0
    n_b = rng.poisson(loguniform(rng, 0.3, 6.0) * minutes)
    env = 1.0 + hann_bumps(
        n,
        rng.integers(0, n, size=n_b),
        rng.uniform(0.3, 5.0, size=n_b) * fs,
        rng.uniform(1.0, 4.0, size=n_b),
    )
    return _unit(emg * env)


def electrode_motion(rng, n: int, fs: int, t: np.ndarray, resp: np.ndarray) -> np.ndarray:
    nyq = fs / 2.0
    minutes = n / fs / 60.0
    n_e = max(1, rng.poisson(loguniform(rng, 0.5, 8.0) * minutes))
    sos = sps.butter(2, rng.uniform(3.0, 12.0) / nyq, output="sos")
    em = _unit(sps.sosfilt(sos, rng.standard_normal(n)))
    starts = rng.integers(0, n, size=n_e)
    env = hann_bumps(
        n, starts, rng.uniform(0.2, 2.5, size=n_e) * fs, rng.uniform(0.3, 1.0, size=n_e)
    )
    x = em * env
    for s in starts[rng.random(n_e) < 0.3]:
        tau = rng.uniform(0.3, 3.0) * fs
        length = min(int(6 * tau), n - int(s))
        step = rng.uniform(0.5, 2.0) * sign(rng, 0.5)
        x[int(s) : int(s) + length] += step * np.exp(-np.arange(length) / tau)
    return _unit(x)


def powerline(rng, n: int, fs: int, t: np.ndarray, resp: np.ndarray) -> np.ndarray:
    f_line = 50.0 if rng.random() < 0.5 else 60.0
    x = np.sin(2 * np.pi * f_line * t + rng.uniform(0, 2 * np.pi))
    for h in (2, 3):
        if h * f_line < 0.45 * fs:
            x += rng.uniform(0, 0.3) * np.sin(2 * np.pi * h * f_line * t + rng.uniform(0, 6))
    return _unit(x * (1.0 + 0.3 * smooth_noise(rng, t, 0.05)))


def white(rng, n: int, fs: int, t: np.ndarray, resp: np.ndarray) -> np.ndarray:
    return _unit(rng.standard_normal(n))


_MODELS = {
    "baseline": baseline_wander,
    "muscle": muscle,
    "motion": electrode_motion,
    "powerline": powerline,
    "white": white,
}


def signal_power(qrs_p2p_mv: float) -> float:
    """NSTDB's signal power for an SNR: (QRS peak-to-peak)^2 / 8."""
    return qrs_p2p_mv**2 / 8.0


def noise_mixture(
    rng: np.random.Generator,
    n: int,
    fs: int,
    t: np.ndarray,
    resp: np.ndarray,
    qrs_p2p_mv: float,
    snr_db: float | None = None,
    models: tuple[str, ...] | None = None,
) -> tuple[np.ndarray, dict]:
    """Additive noise (mV) at ``snr_db`` (drawn from SNR_RANGE_DB when None) and what was drawn.

    ``models`` fixes which noise models are mixed (all drawn independently otherwise).
    """
    if models is None:
        chosen = [m for m in NOISE_MODELS if rng.random() < _INCLUDE_P[m]]
        models = tuple(chosen) or (NOISE_MODELS[int(rng.integers(len(NOISE_MODELS)))],)
    unknown = set(models) - set(NOISE_MODELS)
    if unknown:
        raise ValueError(f"unknown noise models {sorted(unknown)}; known: {NOISE_MODELS}")
    if snr_db is None:
        snr_db = float(rng.uniform(*SNR_RANGE_DB))
    mix = np.zeros(n)
    weights = {}
    for name in models:
        weights[name] = loguniform(rng, 0.3, 3.0)
        mix += weights[name] * _MODELS[name](rng, n, fs, t, resp)
    mix = _unit(mix) if models else mix
    rms = math.sqrt(signal_power(qrs_p2p_mv) / 10 ** (snr_db / 10.0))
    info = {"snr_db": round(snr_db, 2), "noise_models": "+".join(models)}
    info.update({f"{k}_weight": round(v, 3) for k, v in weights.items()})
    return rms * mix, info
