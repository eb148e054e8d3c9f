"""Beats as rhythm generators emit them, and their rendering into a waveform.

A rhythm generator decides *when* the atria and ventricles fire (a list of :class:`Beat`);
:func:`render_beats` draws each beat with the patient's shapes: PR and QT follow the rate,
ectopic atrial foci change the P wave, non-conducted P waves have no QRS, breathing shifts the
electrical axis and electrode contact drifts slowly.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from modules.heart_arrhythmia.synthesis import morphology as mo
from modules.heart_arrhythmia.synthesis.patients import PatientParams
from modules.heart_arrhythmia.synthesis.randomness import smooth_noise

SINUS = 0  # sinus beat with a normal P wave
PAC = 1  # premature atrial beat: early, abnormal P wave, normal QRS
PVC = 2  # premature ventricular beat: wide QRS, no P wave
CONDUCTED = 3  # conducted beat in AF / AFL: normal QRS, no P wave
ABERRANT = 4  # aberrantly conducted supraventricular beat: wider QRS, no P wave
JUNCTIONAL = 5  # junctional beat with a retrograde (inverted) P wave after the QRS
ATRIAL = 6  # beat from an ectopic atrial focus (ectopic atrial rhythm, MAT): own P wave
BLOCKED_P = 7  # a P wave the AV node does not conduct: no QRS, no T (AV block, blocked PACs)

# WFDB beat symbol per kind; BLOCKED_P is not a beat and gets no beat annotation.
KIND_SYMBOL = {
    SINUS: "N",
    PAC: "A",
    PVC: "V",
    CONDUCTED: "N",
    ABERRANT: "N",
    JUNCTIONAL: "N",
    ATRIAL: "N",
}
_HAS_P = (SINUS, PAC, JUNCTIONAL, ATRIAL, BLOCKED_P)


class Beat(NamedTuple):
    """One activation. ``t`` is the R peak (for BLOCKED_P: where the QRS would have been)."""

    t: float
    kind: int
    pr: float = math.nan  # PR interval (s); NaN: the patient's rate-dependent PR
    p_scale: float = 1.0  # P wave height multiplier (negative: inverted P of a low atrial focus)
    p_width: float = 1.0  # P wave width multiplier


def has_p_wave(kinds: np.ndarray) -> np.ndarray:
    return np.isin(kinds, _HAS_P)


def render_beats(
    n: int,
    fs: int,
    beats: list[Beat],
    patient: PatientParams,
    resp,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """(waveform in mV, PR interval per beat) for all beats, vectorised per wave."""
    nb = len(beats)
    if nb == 0:
        return np.zeros(n), np.zeros(0)
    times = np.array([b.t for b in beats])
    kinds = np.array([b.kind for b in beats])
    pr_set = np.array([b.pr for b in beats])
    p_scale = np.array([b.p_scale for b in beats])
    p_width = np.array([b.p_width for b in beats])

    # RR before each ventricular beat (blocked P waves do not reset it).
    ventricular = kinds != BLOCKED_P
    rr_prev = np.full(nb, 0.8)
    vt = times[ventricular]
    if len(vt) > 1:
        d = np.diff(vt, prepend=vt[0] - (vt[1] - vt[0]))
        rr_prev[ventricular] = d
    rr_prev = np.clip(rr_prev, 0.25, 2.0)

    is_pvc = kinds == PVC
    off = np.where(is_pvc[:, None], patient.pvc.offsets, patient.normal.offsets).copy()
    sl = np.where(is_pvc[:, None], patient.pvc.sigmas, patient.normal.sigmas).copy()
    sr = np.where(is_pvc[:, None], patient.pvc.right, patient.normal.right).copy()
    amp = np.where(is_pvc[:, None], patient.pvc.amps, patient.normal.amps).copy()

    # PR shortens a little with rate unless the generator sets it; PACs have their own PR and P.
    pr_i = patient.pr_s * np.clip(rr_prev, 0.35, 1.6) ** 0.15
    is_pac = kinds == PAC
    pr_i = pr_i + np.where(is_pac, patient.pac_pr_delta, 0.0)
    pr_i = np.where(np.isfinite(pr_set), pr_set, pr_i)
    off[:, mo.P_WAVES] -= (pr_i - patient.pr_s)[:, None]
    scale = np.where(is_pac, patient.pac_p_scale, 1.0) * p_scale
    amp[:, mo.P_WAVES] *= scale[:, None]
    sl[:, mo.P_WAVES] *= (np.where(is_pac, 0.85, 1.0) * p_width)[:, None]
    sr[:, mo.P_WAVES] *= (np.where(is_pac, 0.85, 1.0) * p_width)[:, None]
    no_p = ~has_p_wave(kinds)
    amp[np.ix_(no_p, mo.P_WAVES)] = 0.0
    junc = kinds == JUNCTIONAL  # retrograde P: inverted, just after the QRS
    off[junc, mo.P1] = off[junc, mo.S] + 0.06
    amp[junc, mo.P1] *= -0.8
    amp[junc, mo.P2] = 0.0
    blocked = kinds == BLOCKED_P
    amp[np.ix_(blocked, mo.QRS + mo.T_WAVES)] = 0.0

    # QT follows the preceding RR (Bazett-like); T waves narrow at fast rates.
    qt_shift = patient.qtc_s * (rr_prev**patient.qt_exp - 1.0)
    off[:, mo.T_WAVES] += qt_shift[:, None]
    narrow = (rr_prev**0.25)[:, None]
    sl[:, [mo.T1, mo.T2]] *= narrow
    sr[:, [mo.T1, mo.T2]] *= narrow
    min_t1 = off[:, mo.S] + 0.09
    push = np.maximum(min_t1 - off[:, mo.T1], 0.0)
    off[:, mo.T_WAVES] += push[:, None]

    # Aberrant conduction: wider QRS with a late notch.
    ab = kinds == ABERRANT
    if ab.any():
        sl[np.ix_(ab, mo.QRS)] *= 1.6
        sr[np.ix_(ab, mo.QRS)] *= 1.6
        off[np.ix_(ab, [mo.S, mo.R2])] *= 1.6
        amp[ab, mo.R2] += 0.3 * amp[ab, mo.R]

    # Breathing shifts the electrical axis: R and S breathe in opposite directions.
    r = resp(times) * patient.qrs_resp_mod
    amp[:, mo.Q] *= 1.0 + r
    amp[:, mo.R] *= 1.0 + r
    amp[:, mo.S] *= 1.0 - r
    amp *= 1.0 + 0.015 * rng.standard_normal((nb, 1))
    # Slow drift over minutes (posture, electrode contact).
    amp *= (1.0 + 0.08 * np.clip(smooth_noise(rng, times, 0.005), -2.5, 2.5))[:, None]
    amp[:, mo.T_WAVES] *= 1.0 + 0.03 * rng.standard_normal((nb, 1))

    out = np.zeros(n)
    centers = times[:, None] + off
    for k in range(len(mo.WAVES)):
        a = amp[:, k]
        keep = a != 0
        if not keep.any():
            continue
        c = centers[keep, k] * fs
        s_left, s_right = sl[keep, k] * fs, sr[keep, k] * fs
        hw = int(math.ceil(4.0 * float(max(s_left.max(), s_right.max()))))
        idx = np.round(c).astype(np.int64)[:, None] + np.arange(-hw, hw + 1)[None, :]
        d = idx - c[:, None]
        s = np.where(d < 0, s_left[:, None], s_right[:, None])
        val = a[keep, None] * np.exp(-0.5 * (d / s) ** 2)
        ok = (idx >= 0) & (idx < n)
        out += np.bincount(idx[ok], weights=val[ok], minlength=n)
    pr_out = np.where(has_p_wave(kinds) & (kinds != JUNCTIONAL), pr_i, np.nan)
    return out, pr_out
