"""Atrial flutter (class AFL): regular atrial waves at 220-340 /min, QRS locked to them.

* Typical flutter with fixed block: saw-tooth F-waves at 240-340 /min and 2:1, 3:1 or 4:1
  conduction, so the ventricular rhythm is perfectly regular (2:1 at 120-170 bpm is the
  look-alike of sinus tachycardia).
* Flutter with variable block: a sticky Markov chain over 2:1 / 4:1 (sometimes 3:1), so RR
  intervals jump between multiples of the flutter cycle.
* Atypical flutter: discrete P-like atrial waves with an isoelectric baseline between them
  (220-330 /min), either polarity, fixed or variable block.
"""

from __future__ import annotations

import math

import numpy as np

from modules.heart_arrhythmia.synthesis.beats import CONDUCTED, PVC, Beat
from modules.heart_arrhythmia.synthesis.randomness import smooth_noise
from modules.heart_arrhythmia.synthesis.rhythms.base import Episode, EpisodeContext


def _block_sequence(rng: np.random.Generator, n: int, variable: bool) -> tuple[np.ndarray, str]:
    if not variable:
        k = int(rng.choice([2, 3, 4], p=[0.4, 0.25, 0.35]))
        return np.full(n, k), f"{k}:1"
    states = np.array([2, 4, 3]) if rng.random() < 0.35 else np.array([2, 4])
    stay = rng.uniform(0.3, 0.8)
    out = np.empty(n, dtype=int)
    s = int(rng.integers(len(states)))
    for i in range(n):
        if rng.random() > stay:
            s = int(rng.integers(len(states)))
        out[i] = states[s]
    return out, "variable"


def sawtooth_cycle(rng: np.random.Generator, size: int = 256) -> np.ndarray:
    """One typical F-wave cycle: slow descending limb, fast rise, smoothed; peak-to-peak 2."""
    x = np.arange(size) / size
    d = rng.uniform(0.55, 0.85)
    tri = np.where(x < d, 1.0 - 2.0 * x / d, -1.0 + 2.0 * (x - d) / (1.0 - d))
    mix = rng.uniform(0.0, 0.5)
    w = (1.0 - mix) * tri + mix * np.sin(2 * np.pi * x + rng.uniform(0, 2 * np.pi))
    if rng.random() < 0.4:  # a notch / plateau on the wave
        c = rng.uniform(0.1, 0.9)
        w += rng.uniform(-0.4, 0.4) * np.exp(-0.5 * ((x - c) / 0.05) ** 2)
    return _smooth_cycle(rng, w)


def discrete_cycle(rng: np.random.Generator, size: int = 256) -> np.ndarray:
    """One atypical flutter cycle: a P-like wave on an isoelectric baseline; peak-to-peak 2."""
    x = np.arange(size) / size
    width = rng.uniform(0.08, 0.16)
    w = np.exp(-0.5 * ((x - 0.5) / width) ** 2)
    if rng.random() < 0.4:  # biphasic
        w -= rng.uniform(0.3, 0.8) * np.exp(-0.5 * ((x - 0.5 - 2 * width) / width) ** 2)
    return _smooth_cycle(rng, w)


def _smooth_cycle(rng: np.random.Generator, w: np.ndarray) -> np.ndarray:
    size = len(w)
    sigma = rng.uniform(0.015, 0.06) * size
    kern_x = np.arange(size) - size // 2
    kern = np.exp(-0.5 * (kern_x / sigma) ** 2)
    kern /= kern.sum()
    w = np.real(np.fft.ifft(np.fft.fft(w) * np.fft.fft(np.fft.ifftshift(kern))))
    w -= w.mean()
    return w * (2.0 / max(float(np.ptp(w)), 1e-9))


def _flutter(
    ctx: EpisodeContext, rate: float, table: np.ndarray, variable: bool, kind: str
) -> Episode:
    rng, patient, fs = ctx.rng, ctx.patient, ctx.fs
    i0, i1 = ctx.i0, ctx.i1
    t = np.arange(i0, i1) / fs
    f_hz = rate / 60.0 * (1.0 + 0.012 * np.clip(smooth_noise(rng, t, 0.03), -2.5, 2.5))
    phase = rng.uniform(0, 1) + np.cumsum(f_hz) / fs
    ext = np.concatenate([table, table[:1]])
    frac = phase - np.floor(phase)
    amp = float(np.clip(patient.flutter_amp * math.exp(rng.normal(0, 0.2)), 0.03, 0.3))
    sign = patient.flutter_sign if rng.random() < 0.85 else -patient.flutter_sign
    env = 1.0 + 0.12 * np.clip(smooth_noise(rng, t, 0.2), -2.5, 2.5)
    wave = sign * amp * env * np.interp(frac * len(table), np.arange(len(ext)), ext)
    starts = np.nonzero(np.diff(np.floor(phase)) > 0)[0] + 1 + i0  # F-wave cycle starts
    f_times = starts / fs

    n_cycles = len(f_times)
    blocks, block_name = _block_sequence(rng, max(n_cycles, 1), variable)
    av = rng.uniform(0.16, 0.3)
    beats: list[Beat] = []
    k = int(np.searchsorted(f_times, ctx.t_last + 0.3 - av))
    j = 0
    while k < n_cycles:
        b = int(blocks[min(j, len(blocks) - 1)])
        delay = av + (0.015 if b == 2 else 0.0) + rng.normal(0, 0.004)
        t_r = f_times[k] + delay
        if t_r > ctx.end_s:
            break
        if t_r > ctx.t_last + 0.25:
            prev = beats[-1].t if beats else ctx.t_last
            if rng.random() < patient.pvc_rate * 0.5 and t_r - prev > 0.5:
                # A premature ventricular beat takes this conducted beat's place.
                beats.append(Beat(prev + (t_r - prev) * rng.uniform(0.55, 0.75), PVC))
            else:
                beats.append(Beat(float(t_r), CONDUCTED))
        k += b
        j += 1
    params = {
        "atrial_rate_bpm": rate,
        "block": block_name,
        "f_amp_mv": amp,
        "av_delay_s": av,
        "wave": kind,
    }
    return Episode(beats, params, atrial=wave, atrial_starts=starts.astype(np.int64))


def _typical_rate(ctx: EpisodeContext) -> float:
    return float(np.clip(ctx.patient.flutter_rate + ctx.rng.normal(0, 8), 240, 340))


def flutter_fixed_block(ctx: EpisodeContext) -> Episode:
    return _flutter(ctx, _typical_rate(ctx), sawtooth_cycle(ctx.rng), False, "sawtooth")


def flutter_variable_block(ctx: EpisodeContext) -> Episode:
    return _flutter(ctx, _typical_rate(ctx), sawtooth_cycle(ctx.rng), True, "sawtooth")


def atypical_flutter(ctx: EpisodeContext) -> Episode:
    rng = ctx.rng
    variable = rng.random() < 0.4
    return _flutter(ctx, rng.uniform(220, 330), discrete_cycle(rng), variable, "discrete")
