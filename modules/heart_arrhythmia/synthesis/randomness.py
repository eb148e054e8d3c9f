"""Random building blocks every part of the generator shares: log-uniform draws, signs,
band-limited noise, sinusoid mixtures and Hann-shaped bumps.

Everything draws from a ``numpy.random.Generator`` passed in, so a seed fixes every file.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.interpolate import CubicSpline


def loguniform(rng: np.random.Generator, lo: float, hi: float) -> float:
    return float(math.exp(rng.uniform(math.log(lo), math.log(hi))))


def sign(rng: np.random.Generator, p_positive: float) -> float:
    return 1.0 if rng.random() < p_positive else -1.0


def smooth_noise(rng: np.random.Generator, t: np.ndarray, cutoff_hz: float) -> np.ndarray:
    """Unit-variance-ish Gaussian noise band-limited below ``cutoff_hz``, sampled at times ``t``.

    Random knots every 1/(2*cutoff) s joined by a cubic spline: cheap at any output rate.
    """
    step = 0.5 / cutoff_hz
    t0 = float(t[0]) if len(t) else 0.0
    span = (float(t[-1]) - t0) if len(t) else 0.0
    n_knots = int(span / step) + 4
    knots = rng.standard_normal(n_knots)
    spline = CubicSpline(np.arange(n_knots) * step, knots)
    return spline(t - t0 + step)


def sinusoid_mix(
    rng: np.random.Generator, t: np.ndarray, f_lo: float, f_hi: float, k: int, std: float
) -> np.ndarray:
    """Sum of ``k`` random-phase sinusoids with frequencies in [f_lo, f_hi] and given std."""
    freqs = rng.uniform(f_lo, f_hi, size=k)
    phases = rng.uniform(0, 2 * np.pi, size=k)
    amp = std / math.sqrt(k / 2.0)
    return amp * np.sin(2 * np.pi * freqs[:, None] * t[None, :] + phases[:, None]).sum(axis=0)


def hann_bumps(n: int, starts: np.ndarray, lengths: np.ndarray, heights: np.ndarray) -> np.ndarray:
    """Sum of Hann-shaped bumps (in samples) on a length-``n`` array."""
    out = np.zeros(n)
    for s, length, h in zip(starts, lengths, heights, strict=True):
        length = max(int(length), 2)
        s = int(s)
        lo, hi = max(s, 0), min(s + length, n)
        if hi <= lo:
            continue
        w = np.hanning(length)[lo - s : hi - s]
        out[lo:hi] += h * w
    return out
