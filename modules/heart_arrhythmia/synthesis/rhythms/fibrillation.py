"""Atrial fibrillation (class AFIB): irregularly irregular RR, no P waves, f-waves.

RR intervals come from one of four distributions (log-normal, refractory period plus gamma
wait, bimodal "dual AV pathway", uniform within +-x % of the mean), mean rate and RR coefficient
of variation per episode, with a slow autonomic drift in some episodes; the RR coefficient of
variation is log-uniform from 0.045 (rate-controlled AF, nearly regular to the eye: told from a
regular rhythm without P waves only by its beat-to-beat irregularity) to 0.35. f-waves: 4-9 Hz
with drifting frequency, harmonics, fragmentation and amplitude from none (a quarter of the
episodes: flat baseline) through ~0 (fine AF) to 0.2 mV (coarse AF). Variants: the patient's
usual rate (55-150 bpm), slow (40-65 bpm, rate-controlled: less irregular), fast (130-190 bpm)
and with frequent aberrant (wide) beats and PVCs.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import signal as sps

from modules.heart_arrhythmia.synthesis.beats import ABERRANT, CONDUCTED, PVC, Beat
from modules.heart_arrhythmia.synthesis.randomness import loguniform, sinusoid_mix, smooth_noise
from modules.heart_arrhythmia.synthesis.rhythms.base import Episode, EpisodeContext


def _af_beats(
    ctx: EpisodeContext, hr: float, cv: float, aberrant: float, pvc: float
) -> tuple[list[Beat], dict]:
    rng = ctx.rng
    m = 60.0 / hr
    n = int((ctx.end_s - ctx.t_last) / (m * 0.5)) + 8
    model = int(rng.choice(4, p=[0.3, 0.25, 0.15, 0.3]))
    if model == 0:  # log-normal
        x = rng.lognormal(0.0, rng.uniform(0.2, 0.45), size=n)
    elif model == 1:  # refractory period + gamma-distributed wait
        x = rng.gamma(rng.uniform(1.5, 5.0), 1.0, size=n)
    elif model == 2:  # two AV-node pathways: bimodal RR
        ratio = rng.uniform(1.3, 1.8)
        fast = rng.random(n) < rng.uniform(0.3, 0.7)
        x = np.where(fast, 1.0, ratio) * rng.lognormal(0.0, rng.uniform(0.08, 0.15), size=n)
    else:  # independent, uniform within +-x % of the mean (no memory, no skew)
        x = rng.uniform(-1.0, 1.0, size=n)
    x = (x - x.mean()) / max(x.std(), 1e-9)
    rr = m * (1.0 + cv * x)
    if rng.random() < 0.6:  # slow autonomic drift, kept below the beat-to-beat irregularity
        drift = min(0.06, 0.4 * cv)
        rr *= 1.0 + drift * sinusoid_mix(rng, np.cumsum(rr), 0.005, 0.03, 2, 1.0)
    rr = np.clip(rr, max(0.26, 0.45 * m), 2.8 * m)
    times = ctx.t_last + np.cumsum(rr)
    times = times[times <= ctx.end_s]
    u = rng.random(len(times))
    kinds = np.where(u < pvc, PVC, np.where(u < pvc + aberrant, ABERRANT, CONDUCTED))
    beats = [Beat(float(t), int(k)) for t, k in zip(times, kinds, strict=True)]
    d = np.diff(times)
    cv_real = float(d.std() / d.mean()) if len(times) > 2 else float("nan")
    return beats, {"mean_hr": hr, "rr_cv_target": cv, "rr_cv": cv_real, "rr_model": model}


def fibrillation_wave(ctx: EpisodeContext) -> tuple[np.ndarray, dict]:
    """f-waves over the episode: 4-9 Hz, drifting, harmonics, fragmentation, varying size."""
    rng, patient, fs = ctx.rng, ctx.patient, ctx.fs
    t = np.arange(ctx.i0, ctx.i1) / fs
    f0 = rng.uniform(4.0, 9.0)
    drift = rng.uniform(0.2, 0.8)
    f = np.clip(f0 + drift * smooth_noise(rng, t, rng.uniform(0.1, 0.5)), 3.5, 10.0)
    phase = 2 * np.pi * np.cumsum(f) / fs + rng.uniform(0, 2 * np.pi)
    h2, h3 = rng.uniform(0.0, 0.5), rng.uniform(0.0, 0.25)
    w = (
        np.sin(phase)
        + h2 * np.sin(2 * phase + rng.uniform(0, 2 * np.pi))
        + h3 * np.sin(3 * phase + rng.uniform(0, 2 * np.pi))
    )
    frag = rng.uniform(0.0, 0.6)  # fragmented (less organised) AF: band-limited noise
    if frag > 0 and len(t) > 32:
        nyq = fs / 2.0
        sos = sps.butter(2, [3.0 / nyq, min(12.0, 0.9 * nyq) / nyq], btype="band", output="sos")
        z = sps.sosfilt(sos, rng.standard_normal(len(t)))
        w = w + frag * z / max(float(z.std()), 1e-9) * 0.7
    env = np.clip(1.0 + 0.35 * smooth_noise(rng, t, rng.uniform(0.1, 0.6)), 0.1, None)
    w = w * env
    scale = float(np.percentile(np.abs(w), 97)) if len(w) else 1.0
    amp = float(np.clip(patient.af_f_amp * math.exp(rng.normal(0, 0.25)), 0.0, 0.2))
    if rng.random() < 0.25:  # no visible atrial activity at all: a flat baseline between beats
        amp = 0.0
    w = patient.atrial_sign * amp * w / max(scale, 1e-9)
    return w, {"f_amp_mv": amp, "f_freq_hz": f0}


def _af(ctx: EpisodeContext, hr: float, cv: float, aberrant: float, pvc: float) -> Episode:
    beats, params = _af_beats(ctx, hr, cv, aberrant, pvc)
    wave, wave_params = fibrillation_wave(ctx)
    return Episode(beats, {**params, **wave_params}, atrial=wave)


def atrial_fibrillation(ctx: EpisodeContext) -> Episode:
    rng, p = ctx.rng, ctx.patient
    hr = float(np.clip(p.af_hr * math.exp(rng.normal(0, 0.15)), 55, 150))
    return _af(ctx, hr, loguniform(rng, 0.045, 0.35), 0.015, 0.7 * p.pvc_rate)


def af_slow_response(ctx: EpisodeContext) -> Episode:
    rng = ctx.rng
    return _af(ctx, rng.uniform(40, 65), loguniform(rng, 0.045, 0.25), 0.01, 0.0)


def af_fast_response(ctx: EpisodeContext) -> Episode:
    rng = ctx.rng
    return _af(ctx, rng.uniform(130, 190), loguniform(rng, 0.05, 0.3), 0.02, 0.0)


def af_with_aberrancy(ctx: EpisodeContext) -> Episode:
    rng = ctx.rng
    return _af(ctx, rng.uniform(60, 150), loguniform(rng, 0.05, 0.3), rng.uniform(0.1, 0.3), 0.05)
