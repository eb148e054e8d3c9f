"""Beat morphology: two independent beat models, with lead, axis and electrode variation.

A beat is a sum of (possibly asymmetric) Gaussian waves: P1, P2, Q, R, S, R2, T1, T2, U, each
with an offset to the R peak, a width on either side and a height in mV (:class:`BeatShape`).
Two models draw those numbers in different ways, so that the classifier does not learn one
model's habits:

* :func:`gaussian_beat_shape` draws the lead's appearance directly (the scalar model of
  McSharry et al. 2003, "A dynamical model for generating synthetic electrocardiogram signals",
  written here as a direct time-domain sum): QRS amplitude 0.3-3 mV, R/S ratio, notched QRS,
  P and T polarity, biphasic P, inverted (aVR-like) leads.
* :func:`dipole_beat_shape` is a vectorcardiographic model: every wave is a 3-D heart dipole
  (septal Q, main R, basal S, P, T), rotated by the patient's electrical axis and projected on a
  lead vector (I, II, III, aVF, aVL, aVR, V1-V6 or a chest patch) that is itself displaced by
  electrode placement. R/S progression across leads, small q waves and T concordance follow
  from the geometry; waves are asymmetric (slow T upstroke, fast downstroke).

P and T offsets are for an RR interval of 1 s; the renderer moves them with PR and QT per beat.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from modules.heart_arrhythmia.synthesis.randomness import loguniform, sign

# Gaussian wave components of one beat, in this order.
WAVES = ("P1", "P2", "Q", "R", "S", "R2", "T1", "T2", "U")
P1, P2, Q, R, S, R2, T1, T2, U = range(len(WAVES))
P_WAVES = [P1, P2]
QRS = [Q, R, S, R2]
T_WAVES = [T1, T2, U]

QRS_ONSET_S = 0.03  # QRS onset before the R peak, for PR and QT bookkeeping
BEAT_MODELS = ("gaussian", "dipole")


@dataclass(frozen=True, eq=False)
class BeatShape:
    """Per wave: offset to the R peak (s), width before and after the centre (s), height (mV)."""

    offsets: np.ndarray
    sigmas: np.ndarray  # width before the wave's centre
    amps: np.ndarray
    sigmas_right: np.ndarray | None = None  # width after the centre; None: symmetric

    @property
    def right(self) -> np.ndarray:
        return self.sigmas if self.sigmas_right is None else self.sigmas_right

    def with_amps(self, amps: np.ndarray) -> BeatShape:
        return BeatShape(self.offsets, self.sigmas, amps, self.sigmas_right)


def wave_sum(t: np.ndarray, shape: BeatShape, idx) -> np.ndarray:
    """The waves ``idx`` of ``shape`` at times ``t`` (s, R peak at 0)."""
    out = np.zeros_like(t, dtype=float)
    right = shape.right
    for k in idx:
        if shape.amps[k] != 0:
            d = t - shape.offsets[k]
            s = np.where(d < 0, shape.sigmas[k], right[k])
            out += shape.amps[k] * np.exp(-0.5 * (d / s) ** 2)
    return out


def qrs_peak_to_peak(shape: BeatShape) -> float:
    tt = np.arange(-0.15, 0.15, 0.0005)
    return float(np.ptp(wave_sum(tt, shape, QRS)))


# --------------------------------------------------------------------------- scalar model


def gaussian_beat_shape(rng: np.random.Generator, qtc: float, pr: float) -> BeatShape:
    """The scalar sum-of-Gaussians model: the lead's appearance drawn directly."""
    off = np.zeros(len(WAVES))
    sig = np.ones(len(WAVES)) * 0.01
    amp = np.zeros(len(WAVES))

    wide = rng.random() < 0.12  # bundle-branch-like conduction: wide, notched QRS
    sig_r = rng.uniform(0.0065, 0.012) * (rng.uniform(1.4, 1.9) if wide else 1.0)
    r_frac = rng.beta(2.0, 1.2)  # R share of the QRS: near 0 is an rS (V1-like) lead
    off[Q], sig[Q] = -rng.uniform(1.8, 2.6) * sig_r, sig_r * rng.uniform(0.6, 1.0)
    off[R], sig[R] = 0.0, sig_r
    off[S], sig[S] = rng.uniform(1.8, 2.8) * sig_r, sig_r * rng.uniform(0.8, 1.3)
    off[R2], sig[R2] = off[S] + rng.uniform(1.4, 2.4) * sig_r, sig_r * rng.uniform(0.9, 1.5)
    amp[Q] = -rng.uniform(0.0, 0.25) * r_frac if rng.random() < 0.6 else 0.0
    amp[R] = r_frac
    amp[S] = -(1.0 - r_frac) * rng.uniform(0.6, 1.0) - rng.uniform(0.0, 0.1)
    amp[R2] = rng.uniform(0.15, 0.5) if wide else (rng.uniform(0.0, 0.08) * r_frac)

    # Scale the QRS to a peak-to-peak amplitude of 0.3-3 mV.
    p2p_target = loguniform(rng, 0.3, 3.0)
    qrs = qrs_peak_to_peak(BeatShape(off, sig, amp))
    amp[QRS] *= p2p_target / max(qrs, 1e-6)

    # P wave(s): absolute size grows gently with the lead's QRS size.
    lead = math.sqrt(p2p_target)
    sig[P1] = rng.uniform(0.017, 0.03)
    off[P1] = -(QRS_ONSET_S + pr) + 2.0 * sig[P1]
    amp[P1] = rng.uniform(0.04, 0.2) * lead * sign(rng, 0.88)
    if rng.random() < 0.25:  # biphasic P
        off[P2] = off[P1] + rng.uniform(1.6, 2.4) * sig[P1]
        sig[P2] = sig[P1] * rng.uniform(0.7, 1.0)
        amp[P2] = -amp[P1] * rng.uniform(0.3, 0.8)
    else:
        off[P2], sig[P2], amp[P2] = off[P1], sig[P1], 0.0

    # T wave: two overlapping Gaussians (slow upstroke, faster downstroke), then a small U.
    t_amp = rng.uniform(0.06, 0.4) * p2p_target**0.6 * sign(rng, 0.78)
    if rng.random() < 0.07:
        t_amp *= 0.15  # flat T
    sig[T1], sig[T2] = rng.uniform(0.038, 0.065), rng.uniform(0.022, 0.036)
    off[T2] = qtc - QRS_ONSET_S - 2.0 * sig[T2]
    off[T1] = off[T2] - rng.uniform(0.02, 0.045)
    amp[T1], amp[T2] = 0.6 * t_amp, 0.55 * t_amp
    off[U], sig[U] = off[T2] + rng.uniform(0.1, 0.16), rng.uniform(0.025, 0.035)
    amp[U] = t_amp * rng.uniform(0.0, 0.12)

    if rng.random() < 0.12:  # aVR-like lead: everything upside down
        amp = -amp
    return BeatShape(off, sig, amp)


# --------------------------------------------------------------------------- dipole model

# Lead vectors (x: patient's left, y: inferior, z: anterior) and how often a recorder uses them.
_FRONTAL_DEG = {"I": 0.0, "II": 60.0, "III": 120.0, "aVF": 90.0, "aVL": -30.0, "aVR": -150.0}
_PRECORDIAL_DEG = {"V1": 120.0, "V2": 95.0, "V3": 75.0, "V4": 55.0, "V5": 30.0, "V6": 10.0}
LEAD_WEIGHTS = {
    "I": 0.12,
    "II": 0.18,
    "III": 0.05,
    "aVF": 0.05,
    "aVL": 0.03,
    "aVR": 0.02,
    "V1": 0.06,
    "V2": 0.05,
    "V3": 0.05,
    "V4": 0.05,
    "V5": 0.07,
    "V6": 0.07,
    "patch": 0.20,  # chest patch / wearable: somewhere between II and V4
}


def lead_vector(name: str) -> np.ndarray:
    if name in _FRONTAL_DEG:
        a = math.radians(_FRONTAL_DEG[name])
        return np.array([math.cos(a), math.sin(a), 0.0])
    if name in _PRECORDIAL_DEG:
        a = math.radians(_PRECORDIAL_DEG[name])
        v = np.array([math.cos(a), 0.25, math.sin(a)])
        return v / np.linalg.norm(v)
    if name == "patch":
        v = 0.5 * lead_vector("II") + 0.5 * lead_vector("V4")
        return v / np.linalg.norm(v)
    raise ValueError(f"unknown lead {name!r}")


def _rotation(rng: np.random.Generator, frontal_deg: float, other_sd_deg: float) -> np.ndarray:
    """Rotation by ``frontal_deg`` in the frontal plane, then small random tilts."""

    def rot(axis: int, deg: float) -> np.ndarray:
        c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
        i, j = [k for k in range(3) if k != axis]
        m = np.eye(3)
        m[i, i], m[i, j], m[j, i], m[j, j] = c, -s, s, c
        return m

    return (
        rot(2, frontal_deg)
        @ rot(0, rng.normal(0, other_sd_deg))
        @ rot(1, rng.normal(0, other_sd_deg))
    )


def _unit(*v: float) -> np.ndarray:
    a = np.array(v, dtype=float)
    return a / np.linalg.norm(a)


def dipole_beat_shape(
    rng: np.random.Generator, qtc: float, pr: float, lead: str | None = None
) -> BeatShape:
    """The vectorcardiographic model: heart dipoles rotated by the axis, projected on a lead."""
    if lead is None:
        names = list(LEAD_WEIGHTS)
        p = np.array(list(LEAD_WEIGHTS.values()))
        lead = names[int(rng.choice(len(names), p=p / p.sum()))]
    # Electrode placement moves the lead vector by ~12 degrees and changes its gain.
    lead_v = _rotation(rng, rng.normal(0, 12.0), 10.0) @ lead_vector(lead)
    lead_v *= loguniform(rng, 0.6, 1.6)
    # Electrical axis: -30..+100 degrees around the normal +60 (rotation from the default).
    heart = _rotation(rng, float(np.clip(rng.normal(0.0, 25.0), -90.0, 40.0)), 12.0)

    wide = rng.random() < 0.12
    w = rng.uniform(1.45, 1.9) if wide else 1.0
    directions = {
        P1: _unit(0.55, 0.8, 0.15),
        Q: _unit(-0.6, 0.2, 0.75),
        R: _unit(0.5, 0.8, -0.3),
        S: _unit(-0.3, -0.6, -0.7),
        R2: _unit(-0.6, 0.0, 0.8),  # late rightward-anterior forces (RBBB-like), wide QRS only
        T1: _unit(0.7, 0.6, 0.3),
    }
    magnitude = {
        P1: rng.uniform(0.08, 0.25),
        Q: rng.uniform(0.1, 0.35),
        R: rng.uniform(0.8, 2.4),
        S: rng.uniform(0.2, 0.8),
        R2: rng.uniform(0.3, 0.8) if wide else 0.0,
        T1: 0.0,
    }
    magnitude[T1] = magnitude[R] * rng.uniform(0.15, 0.35)
    proj = {k: magnitude[k] * float((heart @ directions[k]) @ lead_v) for k in directions}

    off = np.zeros(len(WAVES))
    sl = np.full(len(WAVES), 0.01)
    sr = np.full(len(WAVES), 0.01)
    amp = np.zeros(len(WAVES))
    base = rng.uniform(0.007, 0.011) * w
    off[Q], sl[Q], sr[Q], amp[Q] = -rng.uniform(2.0, 2.8) * base, 0.8 * base, 0.8 * base, proj[Q]
    off[R], sl[R], sr[R], amp[R] = 0.0, base * rng.uniform(1.0, 1.3), base, proj[R]
    off[S], sl[S], sr[S] = rng.uniform(2.0, 3.0) * base, base, base * rng.uniform(1.0, 1.4)
    amp[S] = proj[S]
    off[R2], sl[R2], sr[R2], amp[R2] = off[S] + 2.2 * base, 1.2 * base, 1.4 * base, proj[R2]
    p2p = qrs_peak_to_peak(BeatShape(off, sl, amp, sr))
    if p2p < 0.25 or p2p > 3.5:  # keep every lead readable and physiological
        scale = float(np.clip(p2p, 0.25, 3.5)) / max(p2p, 1e-6)
        amp[QRS] *= scale
        for k in (P1, T1):
            proj[k] *= scale

    sl[P1], sr[P1] = rng.uniform(0.02, 0.032), rng.uniform(0.015, 0.025)
    off[P1] = -(QRS_ONSET_S + pr) + 2.0 * sl[P1]
    amp[P1] = proj[P1]
    if rng.random() < 0.2:  # left-atrial component: a late, opposite lobe (V1-like biphasic P)
        off[P2], sl[P2], sr[P2] = off[P1] + 0.04, 0.018, 0.02
        amp[P2] = -0.5 * abs(proj[P1]) * float(np.sign(lead_v[2]) or 1.0)
    else:
        off[P2], sl[P2], sr[P2] = off[P1], sl[P1], sr[P1]

    sl[T1], sr[T1] = rng.uniform(0.05, 0.085), rng.uniform(0.03, 0.045)
    off[T1] = qtc - QRS_ONSET_S - 2.0 * sr[T1]
    amp[T1] = proj[T1]
    off[T2], sl[T2], sr[T2] = off[T1], sl[T1], sr[T1]
    off[U], sl[U], sr[U] = off[T1] + rng.uniform(0.11, 0.16), 0.03, 0.03
    amp[U] = proj[T1] * rng.uniform(0.0, 0.1)
    return BeatShape(off, sl, amp, sr)


# --------------------------------------------------------------------------- ectopic beats


def pvc_shape(rng: np.random.Generator, normal: BeatShape, qtc: float) -> BeatShape:
    """A premature ventricular beat: wide, tall, no P, T opposite to the QRS."""
    off = np.zeros(len(WAVES))
    sig = np.ones(len(WAVES)) * 0.02
    amp = np.zeros(len(WAVES))
    p2p = qrs_peak_to_peak(normal)
    sgn = sign(rng, 0.6)
    sig[R] = rng.uniform(0.02, 0.035)
    amp[R] = sgn * min(rng.uniform(0.8, 2.0) * p2p, 4.0)
    off[Q], sig[Q] = -rng.uniform(0.03, 0.05), rng.uniform(0.012, 0.022)
    amp[Q] = -sgn * rng.uniform(0.0, 0.3) * p2p
    off[S], sig[S] = rng.uniform(0.035, 0.06), rng.uniform(0.02, 0.035)
    amp[S] = -sgn * rng.uniform(0.1, 0.6) * p2p
    off[R2], sig[R2] = rng.uniform(0.01, 0.03), rng.uniform(0.01, 0.02)
    amp[R2] = sgn * rng.uniform(0.0, 0.25) * p2p  # notch
    t_amp = -sgn * rng.uniform(0.2, 0.45) * abs(amp[R])
    sig[T1], sig[T2] = rng.uniform(0.055, 0.085), rng.uniform(0.03, 0.045)
    off[T2] = qtc + 0.04 - QRS_ONSET_S - 2.0 * sig[T2]
    off[T1] = off[T2] - rng.uniform(0.03, 0.06)
    amp[T1], amp[T2] = 0.6 * t_amp, 0.5 * t_amp
    off[U], sig[U], amp[U] = off[T2] + 0.12, 0.03, 0.0
    off[P1] = off[P2] = -0.2
    return BeatShape(off, sig, amp)
