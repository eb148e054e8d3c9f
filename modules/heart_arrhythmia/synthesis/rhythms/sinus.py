"""Sinus rhythms: the sinus node drives every beat (class NORMAL).

Normal sinus rhythm, sinus tachycardia (to 180 bpm, the classic look-alike of 2:1 flutter),
sinus bradycardia, marked sinus arrhythmia, sinus pauses (arrest and exit block), first-degree
AV block and sinus rhythm with frequent isolated PACs or PVCs. All share the sinus node model
of :func:`sinus_node_times` (breathing, LF and very slow rate variability) and the ectopic beat
placement of :func:`with_ectopy` (PACs reset the sinus node, PVCs leave a compensatory pause).
"""

from __future__ import annotations

import math

import numpy as np

from modules.heart_arrhythmia.synthesis.beats import PAC, PVC, SINUS, Beat
from modules.heart_arrhythmia.synthesis.randomness import sinusoid_mix
from modules.heart_arrhythmia.synthesis.rhythms.base import Episode, EpisodeContext


def sinus_node_times(
    ctx: EpisodeContext, hr0: float, rsa: float, hr_limits=(30.0, 200.0)
) -> np.ndarray:
    """Sinus node firing times after ``ctx.t_last`` up to ``ctx.end_s`` (+ margin) at ``hr0``.

    The rate is modulated by breathing (``rsa``: fraction of the rate), LF (0.04-0.15 Hz) and
    very slow drift, with a few ms of beat-to-beat jitter.
    """
    rng, patient = ctx.rng, ctx.patient
    span = (ctx.end_s - ctx.t_last) * 1.6 + 10.0
    dt = 0.25
    tg = ctx.t_last + np.arange(0.0, span, dt)
    mod = (
        rsa * ctx.resp(tg)
        + sinusoid_mix(rng, tg, 0.04, 0.15, 5, patient.lf)
        + sinusoid_mix(rng, tg, 0.004, 0.04, 3, patient.vlf)
    )
    hr = np.clip(hr0 * (1.0 + mod), *hr_limits)
    phase = np.concatenate([[0.0], np.cumsum(0.5 * (hr[1:] + hr[:-1]) * dt / 60.0)])
    start_phase = rng.uniform(0.0, 0.3) if ctx.t_last < 0 else 0.0
    k = np.arange(1.0, math.floor(phase[-1]) + 1.0) - start_phase
    k = k[k > 0]
    return np.interp(k, phase, tg) + rng.normal(0.0, 0.004, size=len(k))


def with_ectopy(
    ctx: EpisodeContext,
    sinus: np.ndarray,
    pac_rate: float,
    pvc_rate: float,
    pattern: tuple[int, int] | None = None,
    pr: float = math.nan,
    coupling: tuple[float, float] | None = None,
) -> tuple[list[Beat], dict]:
    """Sinus beats with premature beats replacing some of them.

    Random ectopy at ``pac_rate`` / ``pvc_rate``, or with ``pattern=(kind, k)`` every k-th beat
    is ectopic (k=2 bigeminy, k=3 trigeminy; rarely the pattern skips a beat). A PAC comes at
    60-85 % of the sinus interval (``coupling`` overrides) and resets the sinus node; a PVC at
    45-75 % leaves a full compensatory pause (or, rarely, is interpolated).
    """
    rng = ctx.rng
    beats: list[Beat] = []
    shift, prev_t, since = 0.0, ctx.t_last, 99
    n_pac = n_pvc = 0
    for i, t_sinus in enumerate(sinus):
        t = t_sinus + shift
        if t > ctx.end_s:
            break
        rr = t - prev_t
        kind = SINUS
        if since >= 1 and rr > 0.4:
            if pattern is not None:
                if since >= pattern[1] - 1 and rng.random() > 0.04:
                    kind = pattern[0]
            else:
                u = rng.random()
                if u < pvc_rate:
                    kind = PVC
                elif u < pvc_rate + pac_rate:
                    kind = PAC
        if kind == PVC:
            lo, hi = coupling or (0.45, 0.75)
            t_v = prev_t + rr * rng.uniform(lo, hi)
            if rr > 1.0 and rng.random() < 0.15:
                beats.append(Beat(t_v, PVC))  # interpolated PVC: the sinus beat still conducts
                beats.append(Beat(t + 0.02, SINUS, pr))
                prev_t = t + 0.02
            else:
                beats.append(Beat(t_v, PVC))  # the sinus beat is blocked: compensatory pause
                prev_t = t_v
            n_pvc += 1
            since = 0
            continue
        if kind == PAC:
            lo, hi = coupling or (0.6, 0.85)
            t_a = prev_t + rr * rng.uniform(lo, hi)
            beats.append(Beat(t_a, PAC))
            if i + 1 < len(sinus):  # the sinus node is reset by the premature beat
                next_t = t_a + rr * rng.uniform(1.0, 1.15)
                shift += next_t - (sinus[i + 1] + shift)
            prev_t = t_a
            n_pac += 1
            since = 0
            continue
        beats.append(Beat(t, SINUS, pr))
        prev_t = t
        since += 1
    return beats, {"pac": n_pac, "pvc": n_pvc}


def _sinus(ctx: EpisodeContext, hr0: float, rsa: float, pac: float, pvc: float, **extra):
    sinus = sinus_node_times(ctx, hr0, rsa)
    beats, counts = with_ectopy(ctx, sinus, pac, pvc, pr=extra.pop("pr", math.nan))
    return Episode(beats, {"mean_hr": hr0, "rsa": rsa, **counts, **extra})


def normal_sinus(ctx: EpisodeContext) -> Episode:
    p = ctx.patient
    hr0 = float(np.clip(p.hr_rest * ctx.rng.uniform(0.9, 1.15), 55, 100))
    return _sinus(ctx, hr0, p.rsa, p.pac_rate, p.pvc_rate)


def sinus_tachycardia(ctx: EpisodeContext) -> Episode:
    p = ctx.patient
    hr0 = ctx.rng.uniform(100, 180)
    return _sinus(ctx, hr0, 0.3 * p.rsa, 0.5 * p.pac_rate, 0.5 * p.pvc_rate)


def sinus_bradycardia(ctx: EpisodeContext) -> Episode:
    p = ctx.patient
    return _sinus(ctx, ctx.rng.uniform(35, 59), 1.2 * p.rsa, p.pac_rate, p.pvc_rate)


def sinus_arrhythmia(ctx: EpisodeContext) -> Episode:
    """Marked respiratory sinus arrhythmia: phasic, breathing-locked, not irregularly irregular."""
    return _sinus(ctx, ctx.rng.uniform(50, 90), ctx.rng.uniform(0.08, 0.25), 0.0, 0.0)


def first_degree_av_block(ctx: EpisodeContext) -> Episode:
    p = ctx.patient
    hr0 = float(np.clip(p.hr_rest * ctx.rng.uniform(0.85, 1.1), 50, 100))
    pr = ctx.rng.uniform(0.21, 0.4)
    return _sinus(ctx, hr0, p.rsa, p.pac_rate, p.pvc_rate, pr=pr, pr_s=pr)


def frequent_pacs(ctx: EpisodeContext) -> Episode:
    p = ctx.patient
    hr0 = ctx.rng.uniform(55, 110)
    return _sinus(ctx, hr0, p.rsa, ctx.rng.uniform(0.08, 0.3), p.pvc_rate)


def frequent_pvcs(ctx: EpisodeContext) -> Episode:
    p = ctx.patient
    hr0 = ctx.rng.uniform(55, 110)
    return _sinus(ctx, hr0, p.rsa, p.pac_rate, ctx.rng.uniform(0.08, 0.3))


def sinus_pauses(ctx: EpisodeContext) -> Episode:
    """Sinus rhythm with pauses: sinus arrest (1.8-3.5 s) or exit block (two sinus cycles)."""
    rng, p = ctx.rng, ctx.patient
    hr0 = float(np.clip(p.hr_rest * rng.uniform(0.9, 1.15), 50, 100))
    sinus = list(sinus_node_times(ctx, hr0, p.rsa))
    out, shift, n_pauses = [], 0.0, 0
    next_pause = ctx.t_last + rng.uniform(2.0, 8.0)
    for i, t in enumerate(sinus):
        t = t + shift
        if t > next_pause and 0 < i < len(sinus) - 1 and out:
            rr = sinus[i + 1] - sinus[i]
            pause = 2.0 * rr if rng.random() < 0.4 else rng.uniform(1.8, 3.5)
            pause = max(pause, 1.6 * rr)
            shift += out[-1].t + pause - t  # this beat fires late: after the pause
            t = out[-1].t + pause
            n_pauses += 1
            next_pause = t + rng.uniform(4.0, 15.0)
        if t > ctx.end_s:
            break
        out.append(Beat(t, SINUS))
    return Episode(out, {"mean_hr": hr0, "pauses": n_pauses})
