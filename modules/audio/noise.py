"""Synthetic background-noise textures, for corpora that ship no recorded noise.

Each generator returns float32 mono at ``rate`` with RMS ``NOISE_RMS`` (the mixer sets the
level from the SNR). Coloured noise comes from ``audiomentations``' own spectral shaping; the
environmental textures (hum, wind, rain, traffic, impulsive knocks and clicks) are short
recipes over filtered noise, each named for the sound it imitates. Babble is made by the
caller from overlapping text-to-speech (:func:`overlap`), so it speaks in the corpus's voices.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy import signal

NOISE_RMS = 0.05


def _normalise(x: np.ndarray) -> np.ndarray:
    rms = float(np.sqrt(np.mean(np.square(x)))) or 1.0
    return (x * (NOISE_RMS / rms)).astype(np.float32)


def coloured(rng: np.random.Generator, seconds: float, rate: int, color: str) -> np.ndarray:
    """white / pink / brown / blue / violet noise (audiomentations' spectral shaping)."""
    from audiomentations.augmentations.add_color_noise import generate_decaying_white_noise

    decay = {"white": 0.0, "pink": -3.01, "brown": -6.02, "blue": 3.01, "violet": 6.02}[color]
    np.random.seed(int(rng.integers(2**31)))  # the generator draws from numpy's global state
    return _normalise(generate_decaying_white_noise(int(seconds * rate), decay, rate))


def hum(rng: np.random.Generator, seconds: float, rate: int) -> np.ndarray:
    """Mains hum (50 or 60 Hz and odd harmonics) over faint white noise."""
    t = np.arange(int(seconds * rate)) / rate
    base = 50.0 if rng.random() < 0.5 else 60.0
    x = sum(
        rng.uniform(0.2, 1.0) / k * np.sin(2 * np.pi * base * k * t + rng.uniform(0, 2 * np.pi))
        for k in (1, 3, 5, 7)
    )
    return _normalise(x + 0.02 * rng.standard_normal(len(t)))


def _smooth_envelope(rng: np.random.Generator, n: int, rate: int, hz: float) -> np.ndarray:
    """A positive envelope that wanders at about ``hz``."""
    knots = max(4, int(n / rate * hz) + 2)
    env = np.interp(np.linspace(0, knots - 1, n), np.arange(knots), rng.uniform(0.2, 1.0, knots))
    return env


def wind(rng: np.random.Generator, seconds: float, rate: int) -> np.ndarray:
    """Gusty low-frequency rumble: low-passed noise under a slowly wandering envelope."""
    n = int(seconds * rate)
    sos = signal.butter(2, rng.uniform(150, 600), "low", fs=rate, output="sos")
    x = signal.sosfilt(sos, rng.standard_normal(n))
    return _normalise(x * _smooth_envelope(rng, n, rate, 0.7) ** 2)


def rain(rng: np.random.Generator, seconds: float, rate: int) -> np.ndarray:
    """Drops: many short decaying high-passed clicks over a hiss bed."""
    n = int(seconds * rate)
    drops = np.zeros(n)
    count = int(seconds * rng.uniform(200, 1500))
    drops[rng.integers(0, n, count)] = rng.uniform(0.2, 1.0, count) * rng.choice([-1, 1], count)
    decay = np.exp(-np.arange(int(0.004 * rate)) / (0.0008 * rate))
    x = np.convolve(drops, decay)[:n] + 0.05 * rng.standard_normal(n)
    sos = signal.butter(2, rng.uniform(800, 2500), "high", fs=rate, output="sos")
    return _normalise(signal.sosfilt(sos, x))


def traffic(rng: np.random.Generator, seconds: float, rate: int) -> np.ndarray:
    """Road noise: brown rumble with passing-vehicle swells and an engine tone."""
    n = int(seconds * rate)
    t = np.arange(n) / rate
    rumble = np.cumsum(rng.standard_normal(n))
    rumble -= signal.savgol_filter(rumble, 4001 if n > 4001 else (n // 2) * 2 - 1, 1)
    swell = np.zeros(n)
    for centre in rng.uniform(0, seconds, max(1, int(seconds / 4))):
        swell += np.exp(-0.5 * ((t - centre) / rng.uniform(0.8, 2.5)) ** 2)
    engine = np.sin(2 * np.pi * rng.uniform(30, 90) * t) * 0.3
    return _normalise((rumble / (np.std(rumble) or 1) + engine) * (0.3 + swell))


def impulsive(rng: np.random.Generator, seconds: float, rate: int) -> np.ndarray:
    """Knocks, claps and clicks: sparse decaying bursts of different colours."""
    n = int(seconds * rate)
    x = 0.01 * rng.standard_normal(n)
    for start in rng.integers(0, n, max(1, int(seconds * rng.uniform(0.5, 3)))):
        length = int(rate * rng.uniform(0.005, 0.12))
        burst = rng.standard_normal(length) * np.exp(-np.arange(length) / (length / 5))
        low = rng.uniform(80, 3000)
        high = min(rate / 2 * 0.95, low * rng.uniform(1.5, 6))
        sos = signal.butter(2, [low, high], "band", fs=rate, output="sos")
        burst = signal.sosfilt(sos, burst) * rng.uniform(0.3, 1.0)
        end = min(n, start + length)
        x[start:end] += burst[: end - start]
    return _normalise(x)


def tones(rng: np.random.Generator, seconds: float, rate: int) -> np.ndarray:
    """Music-like tones: notes of a random scale with harmonics and plucked envelopes."""
    n = int(seconds * rate)
    x = np.zeros(n)
    position = 0
    root = rng.uniform(110, 330)
    while position < n:
        length = int(rate * rng.uniform(0.12, 0.6))
        f0 = root * 2 ** (rng.choice([0, 2, 4, 5, 7, 9, 11, 12]) / 12)
        t = np.arange(length) / rate
        note = sum(np.sin(2 * np.pi * f0 * k * t) / k**1.5 for k in range(1, 6))
        note *= np.exp(-t * rng.uniform(2, 8))
        end = min(n, position + length)
        x[position:end] += note[: end - position]
        position = end
    return _normalise(x)


TEXTURES: dict[str, Callable[[np.random.Generator, float, int], np.ndarray]] = {
    "white": lambda rng, s, r: coloured(rng, s, r, "white"),
    "pink": lambda rng, s, r: coloured(rng, s, r, "pink"),
    "brown": lambda rng, s, r: coloured(rng, s, r, "brown"),
    "hum": hum,
    "wind": wind,
    "rain": rain,
    "traffic": traffic,
    "impulsive": impulsive,
}


def overlap(utterances: list[np.ndarray], seconds: float, rate: int, rng: np.random.Generator):
    """Babble: ``utterances`` laid at random offsets over ``seconds``, several at once."""
    n = int(seconds * rate)
    x = np.zeros(n)
    for u in utterances:
        start = int(rng.integers(0, max(1, n - len(u))))
        end = min(n, start + len(u))
        x[start:end] += u[: end - start] * rng.uniform(0.5, 1.0)
    return _normalise(x)
