"""Synthetic single-lead ECG written as WFDB records in the MIT-BIH AF Database layout.

This is the model's embedded default data set. The model is later scored on data from other
simulators and on real recordings, so the generator aims at physiological variety rather than
at one clean template:

* Beats are sums of Gaussian waves (P, Q, R, S, T, U; the idea of McSharry et al. 2003,
  "A dynamical model for generating synthetic electrocardiogram signals", written here from
  scratch as a direct time-domain sum). Every patient gets their own lead appearance:
  QRS amplitude 0.3-3 mV, R/S ratio from R-dominant to S-dominant, optional wide/notched QRS,
  P and T polarity, biphasic P, inverted (aVR-like) leads; the QT interval shortens with the
  preceding RR interval (QT = QTc * RR**a, a in 0.3-0.5, i.e. Bazett to Fridericia).
* "(N" segments: sinus rhythm 45-130 bpm with respiratory sinus arrhythmia, LF and VLF heart
  rate variability, premature atrial (early, abnormal P, sinus reset) and ventricular (wide, no
  P, compensatory pause) beats at per-patient rates of 0-8 %, bigeminy/trigeminy runs, sinus
  brady- and tachycardia.
* "(AFIB" segments: no P waves, irregularly irregular RR (log-normal, shifted-gamma or
  bimodal "dual pathway" RR distributions; mean rate 60-170 bpm, RR CV 0.10-0.35) and
  fibrillatory f-waves at 4-9 Hz with drifting frequency, harmonics, fragmentation and
  amplitude from ~0 (fine AF) to 0.2 mV (coarse AF).
* "(AFL" segments: saw-tooth F-waves at 240-340 /min (per-segment wave shape, polarity and
  amplitude 0.05-0.3 mV), QRS locked to F-wave cycles with fixed 2:1, 3:1, 4:1 or variable
  conduction.
* Noise at per-record levels from clean to very noisy: baseline wander (respiration and
  random drift), bursty muscle artefact (20-150 Hz), electrode-motion transients and steps,
  power-line interference (50/60 Hz and harmonics), white noise; respiratory amplitude
  modulation; a random recorder front end (high-pass 0.05-0.7 Hz, low-pass 35-100 Hz).
* Records are stored at 250 or 360 Hz, WFDB format 212 or 16 with a realistic ADC gain.

Everything is drawn from ``numpy.random.Generator`` objects derived from one seed, so the same
:class:`SynthesisConfig` always writes byte-identical files.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import wfdb
from scipy import signal as sps
from scipy.interpolate import CubicSpline
from tqdm.auto import tqdm

from modules.heart_arrhythmia import config as contract

GENERATOR_NAME = "modelzoo-synth"
GENERATOR_VERSION = "1"

NORMAL_NOTE = "(N"
AFIB_NOTE = "(AFIB"
AFL_NOTE = "(AFL"
# Order matches SynthesisConfig.rhythm_weights.
RHYTHM_NOTES: tuple[str, str, str] = (NORMAL_NOTE, AFIB_NOTE, AFL_NOTE)

DEFAULT_RHYTHM_WEIGHTS: tuple[float, float, float] = (0.4, 0.35, 0.25)

# Digital storage: WFDB format -> (lowest, highest) valid sample. -2048 / -32768 mean "invalid".
_FMT_RANGE = {"212": (-2047, 2047), "16": (-32767, 32767)}

# Gaussian wave components of one beat, in this order.
_WAVES = ("P1", "P2", "Q", "R", "S", "R2", "T1", "T2", "U")
_P1, _P2, _Q, _R, _S, _R2, _T1, _T2, _U = range(len(_WAVES))
_QRS = [_Q, _R, _S, _R2]
_T_WAVES = [_T1, _T2, _U]

# Beat kinds used internally; the WFDB beat symbol is in _KIND_SYMBOL.
_SINUS = 0  # sinus beat with a normal P wave
_PAC = 1  # premature atrial beat: early, abnormal P wave, normal QRS
_PVC = 2  # premature ventricular beat: wide QRS, no P wave
_CONDUCTED = 3  # conducted beat in AF / AFL: normal QRS, no P wave
_ABERRANT = 4  # aberrantly conducted beat in AF (Ashman): wider QRS, no P wave
_JUNCTIONAL = 5  # junctional beat with a retrograde (inverted) P wave after the QRS
_KIND_SYMBOL = {
    _SINUS: "N",
    _PAC: "A",
    _PVC: "V",
    _CONDUCTED: "N",
    _ABERRANT: "N",
    _JUNCTIONAL: "N",
}

_QRS_ONSET_S = 0.03  # QRS onset before the R peak, for PR and QT bookkeeping


# --------------------------------------------------------------------------------------------
# Public data classes
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SynthesisConfig:
    """How much synthetic data to write and how."""

    n_patients: int = 40
    records_per_patient: int = 1
    record_minutes: float = 5.0
    fs_choices: tuple[int, ...] = (250, 360)
    noise_scale: float = 1.0  # multiplies all noise levels; held-out benchmarks use other values
    # When set, each record draws its own noise scale log-uniformly from this range (instead of
    # ``noise_scale``), so one data set spans clean to very noisy recordings.
    noise_scale_range: tuple[float, float] | None = None
    rhythm_weights: tuple[float, float, float] = DEFAULT_RHYTHM_WEIGHTS  # NORMAL, AFIB, AFL
    seed: int = 0


@dataclass(frozen=True)
class RhythmSegment:
    """One rhythm episode: samples [start, end) and what the generator used for it."""

    start: int
    end: int
    aux_note: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class BeatShape:
    """Sum-of-Gaussians beat template: per wave offset to the R peak (s), width (s), height (mV).

    P and T offsets are for an RR interval of 1 s; they move with PR and QT per beat.
    """

    offsets: np.ndarray
    sigmas: np.ndarray
    amps: np.ndarray


@dataclass(frozen=True, eq=False)
class PatientParams:
    """Everything that stays the same for one synthetic patient across their records."""

    hr_rest: float  # resting sinus rate, bpm
    resp_hz: float  # breathing rate
    rsa: float  # respiratory sinus arrhythmia depth (fraction of heart rate)
    lf: float  # LF (0.04-0.15 Hz) heart rate variability, fraction
    vlf: float  # very slow heart rate drift, fraction
    pac_rate: float  # share of sinus beats replaced by premature atrial beats
    pvc_rate: float  # share of beats replaced by premature ventricular beats
    bigeminy_prob: float  # chance that a sinus episode contains a bigeminy/trigeminy run
    pr_s: float  # PR interval at 60 bpm
    qtc_s: float  # QT at RR = 1 s
    qt_exp: float  # QT = qtc * RR**qt_exp (0.5 Bazett, 0.33 Fridericia)
    normal: BeatShape
    pvc: BeatShape
    pac_p_scale: float  # PAC P wave = sinus P wave * this (sign flips for low-atrial foci)
    pac_pr_delta: float  # PR change of PACs, s
    qrs_resp_mod: float  # beat-to-beat QRS amplitude modulation by breathing (axis shift)
    am_depth: float  # respiratory amplitude modulation of the whole ECG
    af_hr: float  # typical ventricular rate in AF
    af_f_amp: float  # typical f-wave amplitude, mV
    atrial_sign: float  # projection of atrial activity on this lead (+1 / -1)
    flutter_rate: float  # atrial rate in flutter, per minute
    flutter_amp: float  # F-wave amplitude, mV
    flutter_sign: float  # F-wave polarity


@dataclass(frozen=True, eq=False)
class SyntheticRecord:
    """One synthetic ECG record and the ground truth the generator used to make it."""

    signal: np.ndarray  # mV, float64, 1-D: ECG + noise after the recorder front end
    fs: int
    rhythms: list[tuple[int, str]]  # (start_sample, aux_note), first at sample 0
    beat_samples: np.ndarray  # R-peak sample of every beat
    beat_symbols: tuple[str, ...]  # WFDB beat symbol per beat: 'N', 'A' or 'V'
    p_wave: np.ndarray  # bool per beat: a P wave precedes the QRS
    atrial_samples: np.ndarray  # start sample of every flutter (F) wave cycle
    segments: tuple[RhythmSegment, ...]
    clean: np.ndarray  # the same ECG without noise (same front end), mV
    info: dict = field(default_factory=dict)  # noise levels and recorder settings

    @property
    def duration_s(self) -> float:
        return len(self.signal) / self.fs

    def rhythm_at(self, sample: int) -> str:
        """The aux note of the rhythm that covers ``sample``."""
        for seg in self.segments:
            if seg.start <= sample < seg.end:
                return seg.aux_note
        raise IndexError(f"sample {sample} is outside the record")


# --------------------------------------------------------------------------------------------
# Small random helpers
# --------------------------------------------------------------------------------------------


def _loguniform(rng: np.random.Generator, lo: float, hi: float) -> float:
    return float(math.exp(rng.uniform(math.log(lo), math.log(hi))))


def _sign(rng: np.random.Generator, p_positive: float) -> float:
    return 1.0 if rng.random() < p_positive else -1.0


def _smooth_noise(rng: np.random.Generator, t: np.ndarray, cutoff_hz: float) -> np.ndarray:
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


def _sinusoid_mix(
    rng: np.random.Generator, t: np.ndarray, f_lo: float, f_hi: float, k: int, std: float
) -> np.ndarray:
    """Sum of ``k`` random-phase sinusoids with frequencies in [f_lo, f_hi] and given std."""
    freqs = rng.uniform(f_lo, f_hi, size=k)
    phases = rng.uniform(0, 2 * np.pi, size=k)
    amp = std / math.sqrt(k / 2.0)
    return amp * np.sin(2 * np.pi * freqs[:, None] * t[None, :] + phases[:, None]).sum(axis=0)


def _hann_bumps(n: int, starts: np.ndarray, lengths: np.ndarray, heights: np.ndarray) -> np.ndarray:
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


# --------------------------------------------------------------------------------------------
# Patients and beat shapes
# --------------------------------------------------------------------------------------------


def _gauss_sum(t: np.ndarray, offsets, sigmas, amps, idx) -> np.ndarray:
    out = np.zeros_like(t)
    for k in idx:
        if amps[k] != 0:
            out += amps[k] * np.exp(-0.5 * ((t - offsets[k]) / sigmas[k]) ** 2)
    return out


def _draw_normal_shape(rng: np.random.Generator, qtc: float, pr: float) -> BeatShape:
    off = np.zeros(len(_WAVES))
    sig = np.ones(len(_WAVES)) * 0.01
    amp = np.zeros(len(_WAVES))

    wide = rng.random() < 0.12  # bundle-branch-like conduction: wide, notched QRS
    sig_r = rng.uniform(0.0065, 0.012) * (rng.uniform(1.4, 1.9) if wide else 1.0)
    r_frac = rng.beta(2.0, 1.2)  # R share of the QRS: near 0 is an rS (V1-like) lead
    off[_Q], sig[_Q] = -rng.uniform(1.8, 2.6) * sig_r, sig_r * rng.uniform(0.6, 1.0)
    off[_R], sig[_R] = 0.0, sig_r
    off[_S], sig[_S] = rng.uniform(1.8, 2.8) * sig_r, sig_r * rng.uniform(0.8, 1.3)
    off[_R2], sig[_R2] = off[_S] + rng.uniform(1.4, 2.4) * sig_r, sig_r * rng.uniform(0.9, 1.5)
    amp[_Q] = -rng.uniform(0.0, 0.25) * r_frac if rng.random() < 0.6 else 0.0
    amp[_R] = r_frac
    amp[_S] = -(1.0 - r_frac) * rng.uniform(0.6, 1.0) - rng.uniform(0.0, 0.1)
    amp[_R2] = rng.uniform(0.15, 0.5) if wide else (rng.uniform(0.0, 0.08) * r_frac)

    # Scale the QRS to a peak-to-peak amplitude of 0.3-3 mV.
    p2p_target = _loguniform(rng, 0.3, 3.0)
    tt = np.arange(-0.15, 0.15, 0.0005)
    qrs = _gauss_sum(tt, off, sig, amp, _QRS)
    amp[_QRS] *= p2p_target / max(float(qrs.max() - qrs.min()), 1e-6)

    # P wave(s): absolute size grows gently with the lead's QRS size.
    lead = math.sqrt(p2p_target)
    sig[_P1] = rng.uniform(0.017, 0.03)
    off[_P1] = -(_QRS_ONSET_S + pr) + 2.0 * sig[_P1]
    amp[_P1] = rng.uniform(0.04, 0.2) * lead * _sign(rng, 0.88)
    if rng.random() < 0.25:  # biphasic P
        off[_P2] = off[_P1] + rng.uniform(1.6, 2.4) * sig[_P1]
        sig[_P2] = sig[_P1] * rng.uniform(0.7, 1.0)
        amp[_P2] = -amp[_P1] * rng.uniform(0.3, 0.8)
    else:
        off[_P2], sig[_P2], amp[_P2] = off[_P1], sig[_P1], 0.0

    # T wave: two overlapping Gaussians (slow upstroke, faster downstroke), then a small U.
    t_amp = rng.uniform(0.06, 0.4) * p2p_target**0.6 * _sign(rng, 0.78)
    if rng.random() < 0.07:
        t_amp *= 0.15  # flat T
    sig[_T1], sig[_T2] = rng.uniform(0.038, 0.065), rng.uniform(0.022, 0.036)
    off[_T2] = qtc - _QRS_ONSET_S - 2.0 * sig[_T2]
    off[_T1] = off[_T2] - rng.uniform(0.02, 0.045)
    amp[_T1], amp[_T2] = 0.6 * t_amp, 0.55 * t_amp
    off[_U], sig[_U] = off[_T2] + rng.uniform(0.1, 0.16), rng.uniform(0.025, 0.035)
    amp[_U] = t_amp * rng.uniform(0.0, 0.12)

    if rng.random() < 0.12:  # aVR-like lead: everything upside down
        amp = -amp
    return BeatShape(off, sig, amp)


def _draw_pvc_shape(rng: np.random.Generator, normal: BeatShape, qtc: float) -> BeatShape:
    off = np.zeros(len(_WAVES))
    sig = np.ones(len(_WAVES)) * 0.02
    amp = np.zeros(len(_WAVES))
    tt = np.arange(-0.15, 0.15, 0.0005)
    p2p = float(np.ptp(_gauss_sum(tt, normal.offsets, normal.sigmas, normal.amps, _QRS)))
    sgn = _sign(rng, 0.6)
    sig[_R] = rng.uniform(0.02, 0.035)
    amp[_R] = sgn * min(rng.uniform(0.8, 2.0) * p2p, 4.0)
    off[_Q], sig[_Q] = -rng.uniform(0.03, 0.05), rng.uniform(0.012, 0.022)
    amp[_Q] = -sgn * rng.uniform(0.0, 0.3) * p2p
    off[_S], sig[_S] = rng.uniform(0.035, 0.06), rng.uniform(0.02, 0.035)
    amp[_S] = -sgn * rng.uniform(0.1, 0.6) * p2p
    off[_R2], sig[_R2] = rng.uniform(0.01, 0.03), rng.uniform(0.01, 0.02)
    amp[_R2] = sgn * rng.uniform(0.0, 0.25) * p2p  # notch
    t_amp = -sgn * rng.uniform(0.2, 0.45) * abs(amp[_R])
    sig[_T1], sig[_T2] = rng.uniform(0.055, 0.085), rng.uniform(0.03, 0.045)
    off[_T2] = qtc + 0.04 - _QRS_ONSET_S - 2.0 * sig[_T2]
    off[_T1] = off[_T2] - rng.uniform(0.03, 0.06)
    amp[_T1], amp[_T2] = 0.6 * t_amp, 0.5 * t_amp
    off[_U], sig[_U], amp[_U] = off[_T2] + 0.12, 0.03, 0.0
    off[_P1] = off[_P2] = -0.2
    return BeatShape(off, sig, amp)


def draw_patient(rng: np.random.Generator) -> PatientParams:
    """Draw one synthetic patient (heart, lead and arrhythmia habits)."""
    qtc = rng.uniform(0.36, 0.46)
    pr = rng.uniform(0.12, 0.2) if rng.random() < 0.93 else rng.uniform(0.21, 0.28)
    normal = _draw_normal_shape(rng, qtc, pr)
    pvc = _draw_pvc_shape(rng, normal, qtc)
    pac_rate = 0.0 if rng.random() < 0.3 else _loguniform(rng, 0.002, 0.08)
    pvc_rate = 0.0 if rng.random() < 0.35 else _loguniform(rng, 0.002, 0.08)
    ectopic = max(pac_rate, pvc_rate)
    return PatientParams(
        hr_rest=rng.uniform(55, 95),
        resp_hz=rng.uniform(0.17, 0.4),
        rsa=_loguniform(rng, 0.005, 0.08),
        lf=_loguniform(rng, 0.005, 0.04),
        vlf=_loguniform(rng, 0.01, 0.06),
        pac_rate=pac_rate,
        pvc_rate=pvc_rate,
        bigeminy_prob=0.25 if ectopic > 0.02 else 0.0,
        pr_s=pr,
        qtc_s=qtc,
        qt_exp=rng.uniform(0.3, 0.5),
        normal=normal,
        pvc=pvc,
        pac_p_scale=rng.uniform(0.4, 1.3) * _sign(rng, 0.7),
        pac_pr_delta=rng.uniform(-0.03, 0.04),
        qrs_resp_mod=rng.uniform(0.0, 0.12),
        am_depth=rng.uniform(0.02, 0.2) if rng.random() < 0.5 else 0.0,
        af_hr=float(np.clip(rng.normal(100, 25), 60, 165)),
        af_f_amp=0.2 * rng.beta(1.1, 2.2),
        atrial_sign=_sign(rng, 0.6),
        flutter_rate=rng.uniform(245, 335),
        flutter_amp=_loguniform(rng, 0.05, 0.3),
        flutter_sign=_sign(rng, 0.4),
    )


def _record_variant(rng: np.random.Generator, patient: PatientParams) -> PatientParams:
    """The same patient on another day: electrodes placed a little differently."""
    gain = math.exp(rng.normal(0, 0.15))
    rs = math.exp(rng.normal(0, 0.15))
    amps = patient.normal.amps * gain
    amps[_S] *= rs
    normal = BeatShape(patient.normal.offsets, patient.normal.sigmas, amps)
    pvc = BeatShape(patient.pvc.offsets, patient.pvc.sigmas, patient.pvc.amps * gain)
    return dataclasses.replace(
        patient,
        normal=normal,
        pvc=pvc,
        hr_rest=float(np.clip(patient.hr_rest * math.exp(rng.normal(0, 0.08)), 48, 110)),
    )


# --------------------------------------------------------------------------------------------
# Rhythm plan and beat timing
# --------------------------------------------------------------------------------------------


def _plan_rhythms(
    rng: np.random.Generator, duration_s: float, weights: np.ndarray
) -> list[tuple[float, float, int]]:
    """Rhythm episodes (start_s, end_s, rhythm index) covering [0, duration_s)."""
    nonzero = int((weights > 0).sum())
    if nonzero == 1 or duration_s < 45 or rng.random() < 0.3:
        return [(0.0, duration_s, int(rng.choice(3, p=weights)))]
    plan: list[tuple[float, float, int]] = []
    t, prev = 0.0, -1
    # Never the same rhythm twice in a row, so rhythm i is visited in proportion to
    # w_i * (1 - w_i); episodes 1 / (1 - w_i) times longer restore time shares ~ w_i.
    stretch = (1.0 - 1.0 / 3.0) / np.maximum(1.0 - weights, 1e-6)
    while t < duration_s - 1e-9:
        p = weights.copy()
        if prev >= 0:
            p[prev] = 0.0
        p /= p.sum()
        r = int(rng.choice(3, p=p))
        length = rng.lognormal(math.log(75.0), 0.7) * stretch[r]
        length = float(np.clip(length, 20.0, 300.0 * max(stretch[r], 1.0)))
        if duration_s - (t + length) < 20.0:
            length = duration_s - t
        plan.append((t, t + length, r))
        t, prev = t + length, r
    return plan


def _sinus_beats(
    rng: np.random.Generator,
    patient: PatientParams,
    resp,
    t_last: float,
    t_end: float,
) -> tuple[list[tuple[float, int]], dict]:
    """Sinus rhythm with HRV and ectopic beats from just after ``t_last`` up to ``t_end``.

    A few "(N" episodes are junctional rhythm instead (regular, no P wave before the QRS,
    sometimes a retrograde P after it): not AF, although P waves are missing.
    """
    mode = int(rng.choice(4, p=[0.77, 0.1, 0.1, 0.03]))
    base_kind, pac_rate = _SINUS, patient.pac_rate
    if mode == 1:
        hr0 = rng.uniform(100, 130)
    elif mode == 2:
        hr0 = rng.uniform(45, 57)
    elif mode == 3:
        hr0 = rng.uniform(45, 90)
        base_kind = _JUNCTIONAL if rng.random() < 0.5 else _CONDUCTED
        pac_rate = 0.0
    else:
        hr0 = patient.hr_rest * rng.uniform(0.9, 1.15)
    hr0 = float(np.clip(hr0, 45, 130))
    # Slower hearts breathe deeper sinus arrhythmia; tachycardia damps it.
    rsa = patient.rsa * {0: 1.0, 1: 0.4, 2: 1.0, 3: 0.2}[mode]
    span = (t_end - t_last) * 1.4 + 10.0
    dt = 0.25
    tg = t_last + np.arange(0.0, span, dt)
    mod = (
        rsa * resp(tg)
        + _sinusoid_mix(rng, tg, 0.04, 0.15, 5, patient.lf)
        + _sinusoid_mix(rng, tg, 0.004, 0.04, 3, patient.vlf)
    )
    hr = np.clip(hr0 * (1.0 + mod), 40.0, 180.0)
    phase = np.concatenate([[0.0], np.cumsum(0.5 * (hr[1:] + hr[:-1]) * dt / 60.0)])
    start_phase = rng.uniform(0.0, 0.3) if t_last < 0 else 0.0
    k = np.arange(1.0, math.floor(phase[-1]) + 1.0) - start_phase
    k = k[k > 0]
    sinus = np.interp(k, phase, tg) + rng.normal(0.0, 0.004, size=len(k))

    # Ectopic beats. A bigeminy/trigeminy run may take over part of the episode.
    run = None
    if rng.random() < patient.bigeminy_prob and mode != 3:
        run_len = rng.uniform(10, 40)
        run_start = t_last + rng.uniform(0, max(t_end - t_last - run_len, 1.0))
        run_kind = _PVC if patient.pvc_rate >= patient.pac_rate else _PAC
        run = (run_start, run_start + run_len, run_kind, 2 if rng.random() < 0.7 else 3)

    beats: list[tuple[float, int]] = []
    shift, prev_t, since_ectopic = 0.0, t_last, 99
    n_pac = n_pvc = 0
    for i, t_sinus in enumerate(sinus):
        t = t_sinus + shift
        if t > t_end:
            break
        rr = t - prev_t
        kind = base_kind
        if since_ectopic >= 1 and rr > 0.45:
            if run is not None and run[0] <= t < run[1]:
                if since_ectopic >= run[3] - 1:
                    kind = run[2]
            else:
                u = rng.random()
                if u < patient.pvc_rate:
                    kind = _PVC
                elif u < patient.pvc_rate + pac_rate:
                    kind = _PAC
        if kind == _PVC:
            t_v = prev_t + rr * rng.uniform(0.5, 0.75)
            if rr > 1.0 and rng.random() < 0.15:
                beats.append((t_v, _PVC))  # interpolated PVC: the sinus beat still conducts
                beats.append((t + 0.02, base_kind))
                prev_t = t + 0.02
            else:
                beats.append((t_v, _PVC))  # the sinus beat is blocked: compensatory pause
                prev_t = t_v
            n_pvc += 1
            since_ectopic = 0
            continue
        if kind == _PAC:
            t_a = prev_t + rr * rng.uniform(0.6, 0.85)
            beats.append((t_a, _PAC))
            if i + 1 < len(sinus):  # the sinus node is reset by the premature beat
                next_t = t_a + rr * rng.uniform(1.0, 1.15)
                shift += next_t - (sinus[i + 1] + shift)
            prev_t = t_a
            n_pac += 1
            since_ectopic = 0
            continue
        beats.append((t, base_kind))
        prev_t = t
        since_ectopic += 1
    params = {
        "mode": ("sinus", "tachycardia", "bradycardia", "junctional")[mode],
        "mean_hr": hr0,
        "pac": n_pac,
        "pvc": n_pvc,
        "ectopic_run": None if run is None else ("V" if run[2] == _PVC else "A", run[3]),
    }
    return beats, params


def _af_beats(
    rng: np.random.Generator, patient: PatientParams, t_last: float, t_end: float
) -> tuple[list[tuple[float, int]], dict]:
    """Irregularly irregular ventricular response of atrial fibrillation."""
    hr = float(np.clip(patient.af_hr * math.exp(rng.normal(0, 0.12)), 60, 170))
    m = 60.0 / hr
    cv = rng.uniform(0.10, 0.35)
    n = int((t_end - t_last) / (m * 0.5)) + 8
    model = int(rng.choice(3, p=[0.4, 0.35, 0.25]))
    if model == 0:  # log-normal
        x = rng.lognormal(0.0, rng.uniform(0.2, 0.45), size=n)
    elif model == 1:  # refractory period + gamma-distributed wait
        x = rng.gamma(rng.uniform(1.5, 5.0), 1.0, size=n)
    else:  # two AV-node pathways: bimodal RR
        ratio = rng.uniform(1.3, 1.8)
        fast = rng.random(n) < rng.uniform(0.3, 0.7)
        x = np.where(fast, 1.0, ratio) * rng.lognormal(0.0, rng.uniform(0.08, 0.15), size=n)
    x = (x - x.mean()) / max(x.std(), 1e-9)
    rr = m * (1.0 + cv * x)
    # Slow autonomic drift of the mean rate.
    rr *= 1.0 + 0.06 * _sinusoid_mix(rng, np.cumsum(rr), 0.005, 0.03, 2, 1.0)
    rr = np.clip(rr, max(0.26, 0.45 * m), 2.8 * m)
    times = t_last + np.cumsum(rr)
    times = times[times <= t_end]
    aberrant = rng.random(len(times)) < 0.015
    pvc = rng.random(len(times)) < patient.pvc_rate * 0.7
    kinds = np.where(pvc, _PVC, np.where(aberrant, _ABERRANT, _CONDUCTED))
    beats = [(float(t), int(k)) for t, k in zip(times, kinds, strict=True)]
    if len(times) > 2:
        d = np.diff(times)
        cv_real = float(d.std() / d.mean())
    else:
        cv_real = float("nan")
    params = {"mean_hr": hr, "rr_cv_target": cv, "rr_cv": cv_real, "rr_model": model}
    return beats, params


def _flutter_block_sequence(rng: np.random.Generator, n: int) -> tuple[np.ndarray, str]:
    kind = rng.choice(4, p=[0.35, 0.06, 0.19, 0.4])
    if kind == 0:
        return np.full(n, 2), "2:1"
    if kind == 1:
        return np.full(n, 3), "3:1"
    if kind == 2:
        return np.full(n, 4), "4:1"
    # Variable block: a sticky Markov chain over 2:1 / 4:1 (sometimes 3:1).
    states = np.array([2, 4, 3]) if rng.random() < 0.35 else np.array([2, 4])
    stay = rng.uniform(0.3, 0.8)
    out = np.empty(n, dtype=int)
    s = int(rng.integers(len(states)))
    for i in range(n):
        if rng.random() > stay:
            s = int(rng.integers(len(states)))
        out[i] = states[s]
    return out, "variable"


def _flutter_cycle_table(rng: np.random.Generator, size: int = 256) -> np.ndarray:
    """One F-wave cycle: slow descending limb, fast rise, smoothed; peak-to-peak 2."""
    x = np.arange(size) / size
    d = rng.uniform(0.55, 0.85)
    tri = np.where(x < d, 1.0 - 2.0 * x / d, -1.0 + 2.0 * (x - d) / (1.0 - d))
    mix = rng.uniform(0.0, 0.5)
    w = (1.0 - mix) * tri + mix * np.sin(2 * np.pi * x + rng.uniform(0, 2 * np.pi))
    if rng.random() < 0.4:  # a notch / plateau on the wave
        c = rng.uniform(0.1, 0.9)
        w += rng.uniform(-0.4, 0.4) * np.exp(-0.5 * ((x - c) / 0.05) ** 2)
    sigma = rng.uniform(0.015, 0.06) * size
    kern_x = np.arange(size) - size // 2
    kern = np.exp(-0.5 * (kern_x / sigma) ** 2)
    kern /= kern.sum()
    w = np.real(np.fft.ifft(np.fft.fft(w) * np.fft.fft(np.fft.ifftshift(kern))))
    w -= w.mean()
    return w * (2.0 / max(float(np.ptp(w)), 1e-9))


def _flutter(
    rng: np.random.Generator,
    patient: PatientParams,
    fs: int,
    seg_start_s: float,
    seg_end_s: float,
    t_last: float,
) -> tuple[list[tuple[float, int]], np.ndarray, np.ndarray, dict]:
    """Atrial flutter: F-wave signal over the segment, F-wave times and conducted beats."""
    rate = float(np.clip(patient.flutter_rate + rng.normal(0, 8), 240, 340))
    i0, i1 = round(seg_start_s * fs), round(seg_end_s * fs)
    t = np.arange(i0, i1) / fs
    f_hz = rate / 60.0 * (1.0 + 0.012 * np.clip(_smooth_noise(rng, t, 0.03), -2.5, 2.5))
    f_hz = np.clip(f_hz, 240.0 / 60.0, 340.0 / 60.0)
    phase = rng.uniform(0, 1) + np.cumsum(f_hz) / fs
    table = _flutter_cycle_table(rng)
    ext = np.concatenate([table, table[:1]])
    frac = phase - np.floor(phase)
    amp = float(np.clip(patient.flutter_amp * math.exp(rng.normal(0, 0.2)), 0.05, 0.3))
    sign = patient.flutter_sign if rng.random() < 0.85 else -patient.flutter_sign
    env = 1.0 + 0.12 * np.clip(_smooth_noise(rng, t, 0.2), -2.5, 2.5)
    wave = sign * amp * env * np.interp(frac * len(table), np.arange(len(ext)), ext)
    # F-wave cycle starts: where the phase crosses an integer.
    cyc = np.floor(phase)
    starts = np.nonzero(np.diff(cyc) > 0)[0] + 1 + i0
    f_times = starts / fs

    n_cycles = len(f_times)
    blocks, block_name = _flutter_block_sequence(rng, max(n_cycles, 1))
    av = rng.uniform(0.16, 0.3)
    beats: list[tuple[float, int]] = []
    k = int(np.searchsorted(f_times, t_last + 0.3 - av))
    j = 0
    while k < n_cycles:
        b = int(blocks[min(j, len(blocks) - 1)])
        delay = av + (0.015 if b == 2 else 0.0) + rng.normal(0, 0.004)
        t_r = f_times[k] + delay
        if t_r > seg_end_s:
            break
        if t_r > t_last + 0.25:
            prev = beats[-1][0] if beats else t_last
            if rng.random() < patient.pvc_rate * 0.5 and t_r - prev > 0.5:
                # A premature ventricular beat takes this conducted beat's place.
                beats.append((prev + (t_r - prev) * rng.uniform(0.55, 0.75), _PVC))
            else:
                beats.append((float(t_r), _CONDUCTED))
        k += b
        j += 1
    params = {
        "atrial_rate_bpm": rate,
        "block": block_name,
        "f_amp_mv": amp,
        "av_delay_s": av,
    }
    return beats, wave, starts, params


def _fibrillation_wave(
    rng: np.random.Generator, patient: PatientParams, fs: int, i0: int, i1: int
) -> tuple[np.ndarray, dict]:
    """f-waves: 4-9 Hz, drifting frequency, harmonics, fragmentation, varying amplitude."""
    t = np.arange(i0, i1) / fs
    f0 = rng.uniform(4.0, 9.0)
    drift = rng.uniform(0.2, 0.8)
    f = np.clip(f0 + drift * _smooth_noise(rng, t, rng.uniform(0.1, 0.5)), 3.5, 10.0)
    phase = 2 * np.pi * np.cumsum(f) / fs + rng.uniform(0, 2 * np.pi)
    h2, h3 = rng.uniform(0.0, 0.5), rng.uniform(0.0, 0.25)
    w = (
        np.sin(phase)
        + h2 * np.sin(2 * phase + rng.uniform(0, 2 * np.pi))
        + h3 * np.sin(3 * phase + rng.uniform(0, 2 * np.pi))
    )
    # Fragmented (less organised) AF: band-limited noise around the dominant frequency.
    frag = rng.uniform(0.0, 0.6)
    if frag > 0 and len(t) > 32:
        nyq = fs / 2.0
        sos = sps.butter(2, [3.0 / nyq, min(12.0, 0.9 * nyq) / nyq], btype="band", output="sos")
        z = sps.sosfilt(sos, rng.standard_normal(len(t)))
        w = w + frag * z / max(float(z.std()), 1e-9) * 0.7
    env = np.clip(1.0 + 0.35 * _smooth_noise(rng, t, rng.uniform(0.1, 0.6)), 0.1, None)
    w = w * env
    scale = float(np.percentile(np.abs(w), 97)) if len(w) else 1.0
    amp = float(np.clip(patient.af_f_amp * math.exp(rng.normal(0, 0.25)), 0.0, 0.2))
    w = patient.atrial_sign * amp * w / max(scale, 1e-9)
    return w, {"f_amp_mv": amp, "f_freq_hz": f0}


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------


def _render_beats(
    n: int,
    fs: int,
    times: np.ndarray,
    kinds: np.ndarray,
    patient: PatientParams,
    resp,
    rng: np.random.Generator,
) -> np.ndarray:
    """Sum of Gaussian waves for all beats, vectorised per wave."""
    nb = len(times)
    if nb == 0:
        return np.zeros(n)
    rr_prev = np.diff(times, prepend=times[0] - (times[1] - times[0] if nb > 1 else 0.8))
    rr_prev = np.clip(rr_prev, 0.25, 2.0)
    is_pvc = kinds == _PVC
    off = np.where(is_pvc[:, None], patient.pvc.offsets, patient.normal.offsets).copy()
    sig = np.where(is_pvc[:, None], patient.pvc.sigmas, patient.normal.sigmas).copy()
    amp = np.where(is_pvc[:, None], patient.pvc.amps, patient.normal.amps).copy()

    # PR shortens a little with rate; PACs have their own PR and P wave.
    pr_i = patient.pr_s * np.clip(rr_prev, 0.35, 1.6) ** 0.15
    is_pac = kinds == _PAC
    pr_i = pr_i + np.where(is_pac, patient.pac_pr_delta, 0.0)
    off[:, [_P1, _P2]] -= (pr_i - patient.pr_s)[:, None]
    amp[is_pac, _P1] *= patient.pac_p_scale
    amp[is_pac, _P2] *= patient.pac_p_scale
    sig[is_pac, _P1] *= 0.85
    no_p = ~((kinds == _SINUS) | is_pac | (kinds == _JUNCTIONAL))
    amp[no_p, _P1] = 0.0
    amp[no_p, _P2] = 0.0
    junc = kinds == _JUNCTIONAL  # retrograde P: inverted, just after the QRS
    off[junc, _P1] = off[junc, _S] + 0.06
    amp[junc, _P1] *= -0.8
    amp[junc, _P2] = 0.0

    # QT follows the preceding RR (Bazett-like); T waves narrow at fast rates.
    qt_shift = patient.qtc_s * (rr_prev**patient.qt_exp - 1.0)
    off[:, _T_WAVES] += qt_shift[:, None]
    sig[:, [_T1, _T2]] *= (rr_prev**0.25)[:, None]
    min_t1 = off[:, _S] + 0.09
    push = np.maximum(min_t1 - off[:, _T1], 0.0)
    off[:, _T_WAVES] += push[:, None]

    # Aberrant conduction: wider QRS with a late notch.
    ab = kinds == _ABERRANT
    if ab.any():
        sig[np.ix_(ab, _QRS)] *= 1.6
        off[np.ix_(ab, [_S, _R2])] *= 1.6
        amp[ab, _R2] += 0.3 * amp[ab, _R]

    # Breathing shifts the electrical axis: R and S breathe in opposite directions.
    r = resp(times) * patient.qrs_resp_mod
    amp[:, _Q] *= 1.0 + r
    amp[:, _R] *= 1.0 + r
    amp[:, _S] *= 1.0 - r
    amp *= 1.0 + 0.015 * rng.standard_normal((nb, 1))
    # Slow drift over minutes (posture, electrode contact).
    amp *= (1.0 + 0.08 * np.clip(_smooth_noise(rng, times, 0.005), -2.5, 2.5))[:, None]
    amp[:, _T_WAVES] *= 1.0 + 0.03 * rng.standard_normal((nb, 1))

    out = np.zeros(n)
    centers = times[:, None] + off
    for k in range(len(_WAVES)):
        a = amp[:, k]
        keep = a != 0
        if not keep.any():
            continue
        c = centers[keep, k] * fs
        s = sig[keep, k] * fs
        hw = int(math.ceil(4.0 * float(s.max())))
        idx = np.round(c).astype(np.int64)[:, None] + np.arange(-hw, hw + 1)[None, :]
        val = a[keep, None] * np.exp(-0.5 * ((idx - c[:, None]) / s[:, None]) ** 2)
        ok = (idx >= 0) & (idx < n)
        out += np.bincount(idx[ok], weights=val[ok], minlength=n)
    return out


# --------------------------------------------------------------------------------------------
# Noise and recorder
# --------------------------------------------------------------------------------------------

# Per quality class (clean, typical, noisy): (low, high) of log-uniform draws.
_NOISE_PROFILES = {
    "resp_baseline": ((0.01, 0.05), (0.03, 0.15), (0.1, 0.4)),
    "wander": ((0.02, 0.08), (0.05, 0.2), (0.15, 0.5)),
    "emg": ((0.002, 0.008), (0.005, 0.025), (0.015, 0.06)),
    "emg_bursts_per_min": ((0.05, 0.5), (0.5, 3.0), (2.0, 8.0)),
    "em_events_per_min": ((0.02, 0.3), (0.2, 2.0), (1.0, 6.0)),
    "em_amp": ((0.05, 0.3), (0.1, 0.8), (0.3, 1.5)),
    "powerline": ((0.002, 0.01), (0.005, 0.03), (0.02, 0.1)),
    "white": ((0.002, 0.008), (0.004, 0.015), (0.01, 0.04)),
}
_POWERLINE_PROB = (0.3, 0.5, 0.7)


def _make_noise(
    rng: np.random.Generator, n: int, fs: int, t: np.ndarray, resp_full: np.ndarray
) -> tuple[np.ndarray, dict]:
    """Additive noise (mV) for one record at unit noise scale, and the levels drawn."""
    q = int(rng.choice(3, p=[0.3, 0.5, 0.2]))
    lv = {k: _loguniform(rng, *v[q]) for k, v in _NOISE_PROFILES.items()}
    minutes = n / fs / 60.0
    nyq = fs / 2.0

    # Baseline wander: breathing plus a slow random drift and a DC offset.
    noise = lv["resp_baseline"] * resp_full * _sign(rng, 0.5)
    noise += lv["wander"] * _smooth_noise(rng, t, rng.uniform(0.05, 0.5))
    noise += lv["wander"] * 0.7 * _smooth_noise(rng, t, 0.03)
    noise += rng.uniform(-0.3, 0.3)

    # Muscle artefact: 20-150 Hz noise with bursts.
    hi = min(150.0, 0.45 * fs)
    sos = sps.butter(4, [20.0 / nyq, hi / nyq], btype="band", output="sos")
    emg = sps.sosfilt(sos, rng.standard_normal(n))
    emg /= max(float(emg.std()), 1e-12)
    n_b = rng.poisson(lv["emg_bursts_per_min"] * minutes)
    env = 1.0 + _hann_bumps(
        n,
        rng.integers(0, n, size=n_b),
        rng.uniform(0.3, 5.0, size=n_b) * fs,
        rng.uniform(1.0, 4.0, size=n_b),
    )
    noise += lv["emg"] * emg * env

    # Electrode motion: low-frequency transients and baseline steps that decay.
    n_e = rng.poisson(lv["em_events_per_min"] * minutes)
    if n_e:
        cut = rng.uniform(3.0, 12.0)
        sos = sps.butter(2, cut / nyq, output="sos")
        em = sps.sosfilt(sos, rng.standard_normal(n))
        em /= max(float(em.std()), 1e-12)
        starts = rng.integers(0, n, size=n_e)
        env = _hann_bumps(
            n, starts, rng.uniform(0.2, 2.5, size=n_e) * fs, rng.uniform(0.3, 1.0, size=n_e)
        )
        noise += lv["em_amp"] * em * env
        for s in starts[rng.random(n_e) < 0.3]:
            tau = rng.uniform(0.3, 3.0) * fs
            length = min(int(6 * tau), n - int(s))
            step = lv["em_amp"] * rng.uniform(0.5, 2.0) * _sign(rng, 0.5)
            noise[int(s) : int(s) + length] += step * np.exp(-np.arange(length) / tau)

    # Power line with harmonics below the anti-alias limit.
    powerline = 0.0
    if rng.random() < _POWERLINE_PROB[q]:
        f_line = 50.0 if rng.random() < 0.5 else 60.0
        powerline = lv["powerline"]
        pl_env = 1.0 + 0.3 * _smooth_noise(rng, t, 0.05)
        pl = np.sin(2 * np.pi * f_line * t + rng.uniform(0, 2 * np.pi))
        for h in (2, 3):
            if h * f_line < 0.45 * fs:
                pl += rng.uniform(0, 0.3) * np.sin(2 * np.pi * h * f_line * t + rng.uniform(0, 6))
        noise += powerline * pl_env * pl

    noise += lv["white"] * rng.standard_normal(n)
    info = {
        "quality": ("clean", "typical", "noisy")[q],
        "emg_bursts": int(n_b),
        "motion_events": int(n_e),
        "powerline_mv": powerline,
    }
    info.update({f"{k}_level": v for k, v in lv.items() if k != "powerline"})
    return noise, info


def _front_end(rng: np.random.Generator, fs: int):
    """A random recorder front end: optional high-pass and low-pass filters."""
    sos_list = []
    desc = {}
    nyq = fs / 2.0
    if rng.random() < 0.7:
        fc = _loguniform(rng, 0.05, 0.7)
        sos_list.append(sps.butter(1, fc / nyq, btype="high", output="sos"))
        desc["highpass_hz"] = fc
    if rng.random() < 0.6:
        fc = rng.uniform(35.0, min(100.0, 0.42 * fs))
        sos_list.append(sps.butter(2, fc / nyq, output="sos"))
        desc["lowpass_hz"] = fc

    def apply(x: np.ndarray) -> np.ndarray:
        for sos in sos_list:
            zi = sps.sosfilt_zi(sos) * x[0]
            x, _ = sps.sosfilt(sos, x, zi=zi)
        return x

    return apply, desc


# --------------------------------------------------------------------------------------------
# One record
# --------------------------------------------------------------------------------------------


def synthesize_record(
    rng: np.random.Generator,
    fs: int,
    duration_s: float,
    noise_scale: float,
    rhythm_weights: Sequence[float] = DEFAULT_RHYTHM_WEIGHTS,
    patient: PatientParams | None = None,
) -> SyntheticRecord:
    """Synthesize one single-lead ECG record.

    ``rhythm_weights`` are the shares of time in NORMAL, AFIB and AFL. ``patient`` fixes the
    patient (drawn from ``rng`` when omitted). ``noise_scale`` multiplies every noise level
    and does not change what else is drawn, so the same generator state with another scale
    gives the same ECG with more or less noise.
    """
    weights = np.asarray(rhythm_weights, dtype=float)
    if weights.shape != (3,) or (weights < 0).any() or weights.sum() <= 0:
        raise ValueError(f"rhythm_weights must be 3 non-negative numbers, got {rhythm_weights}")
    weights = weights / weights.sum()
    if noise_scale < 0:
        raise ValueError(f"noise_scale must be >= 0, got {noise_scale}")
    n = int(round(duration_s * fs))
    if n < 2:
        raise ValueError(f"duration_s={duration_s} is too short")
    duration_s = n / fs

    rng_patient, rng_rhythm, rng_render, rng_noise = rng.spawn(4)
    if patient is None:
        patient = draw_patient(rng_patient)
    else:
        patient = _record_variant(rng_patient, patient)

    # Breathing, shared by sinus arrhythmia, QRS axis, amplitude modulation and wander.
    tg = np.arange(-20.0, duration_s + 20.0, 0.1)
    f_resp = patient.resp_hz * (1.0 + 0.1 * np.clip(_smooth_noise(rng_rhythm, tg, 0.02), -3, 3))
    resp_g = np.sin(2 * np.pi * np.cumsum(f_resp) * 0.1 + rng_rhythm.uniform(0, 2 * np.pi))

    def resp(x: np.ndarray) -> np.ndarray:
        return np.interp(x, tg, resp_g)

    plan = _plan_rhythms(rng_rhythm, duration_s, weights)
    atrial = np.zeros(n)
    all_beats: list[tuple[float, int]] = []
    f_wave_starts: list[np.ndarray] = []
    segments: list[RhythmSegment] = []
    t_last = -rng_rhythm.uniform(0.2, 0.9)
    fade = max(int(0.15 * fs), 1)
    for start_s, end_s, r in plan:
        i0, i1 = int(round(start_s * fs)), int(round(end_s * fs))
        if r == 0:
            beats, params = _sinus_beats(rng_rhythm, patient, resp, t_last, end_s)
        elif r == 1:
            beats, params = _af_beats(rng_rhythm, patient, t_last, end_s)
            wave, p2 = _fibrillation_wave(rng_rhythm, patient, fs, i0, i1)
            params.update(p2)
        else:
            beats, wave, starts, params = _flutter(rng_rhythm, patient, fs, start_s, end_s, t_last)
            f_wave_starts.append(starts)
        # Every beat belongs to the episode it is labelled with.
        lo, hi = start_s + 0.5 / fs, end_s - 0.5 / fs
        beats = [b for b in beats if lo <= b[0] < hi]
        if r != 0:
            ramp = np.ones(i1 - i0)
            m = min(fade, (i1 - i0) // 2)
            if m > 0:
                ramp[:m] = np.linspace(0, 1, m)
                ramp[-m:] = np.linspace(1, 0, m)
            atrial[i0:i1] += wave * ramp
        if beats:
            t_last = beats[-1][0]
        all_beats.extend(beats)
        segments.append(RhythmSegment(i0, i1, RHYTHM_NOTES[r], params))

    times = np.array([b[0] for b in all_beats], dtype=float)
    kinds = np.array([b[1] for b in all_beats], dtype=int)
    order = np.argsort(times, kind="stable")
    times, kinds = times[order], kinds[order]
    keep = np.concatenate([[True], np.diff(times) > 0.2]) & (times >= 0) & (times < duration_s)
    times, kinds = times[keep], kinds[keep]

    ecg = _render_beats(n, fs, times, kinds, patient, resp, rng_render) + atrial
    t = np.arange(n) / fs
    resp_full = np.interp(t, tg, resp_g)
    ecg = ecg * (1.0 + patient.am_depth * resp_full)

    noise, noise_info = _make_noise(rng_noise, n, fs, t, resp_full)
    front_end, fe_info = _front_end(rng_noise, fs)
    clean = front_end(ecg)
    sig = front_end(ecg + noise_scale * noise)

    beat_samples = np.clip(np.round(times * fs).astype(np.int64), 0, n - 1)
    starts_all = (
        np.concatenate(f_wave_starts).astype(np.int64) if f_wave_starts else np.zeros(0, np.int64)
    )
    info = {"noise_scale": float(noise_scale), **noise_info, **fe_info}
    return SyntheticRecord(
        signal=sig,
        fs=int(fs),
        rhythms=[(s.start, s.aux_note) for s in segments],
        beat_samples=beat_samples,
        beat_symbols=tuple(_KIND_SYMBOL[int(k)] for k in kinds),
        p_wave=(kinds == _SINUS) | (kinds == _PAC),
        atrial_samples=starts_all,
        segments=tuple(segments),
        clean=clean,
        info=info,
    )


# --------------------------------------------------------------------------------------------
# Data set on disk
# --------------------------------------------------------------------------------------------


def patient_id(index: int) -> str:
    return f"p{index:04d}"


def record_name(patient_index: int, record_index: int) -> str:
    return f"{patient_id(patient_index)}_r{record_index + 1:02d}"


def _adc(rng: np.random.Generator) -> tuple[str, float, int]:
    """A recorder's storage: WFDB format, gain (adu/mV) and baseline."""
    if rng.random() < 0.6:
        return "212", 200.0, 0 if rng.random() < 0.6 else 1024
    return "16", float(rng.choice([200.0, 400.0, 1000.0])), 0


def write_record(
    rec: SyntheticRecord,
    out_dir: str | Path,
    name: str,
    comments: Sequence[str],
    fmt: str = "212",
    adc_gain: float = 200.0,
    baseline: int = 0,
    beat_annotations: bool = True,
) -> Path:
    """Write ``rec`` as ``<out_dir>/<name>.hea/.dat/.atr`` and return the path without suffix."""
    out_dir = Path(out_dir)
    lo, hi = _FMT_RANGE[fmt]
    digital = np.clip(np.round(rec.signal * adc_gain) + baseline, lo, hi).astype(np.int32)
    wfdb.wrsamp(
        name,
        fs=rec.fs,
        units=["mV"],
        sig_name=["ECG"],
        d_signal=digital[:, None],
        fmt=[fmt],
        adc_gain=[adc_gain],
        baseline=[baseline],
        comments=list(comments),
        write_dir=str(out_dir),
    )
    # Rhythm changes as '+' annotations (AFDB style), optionally beats at R peaks.
    samples = [s for s, _ in rec.rhythms]
    symbols = ["+"] * len(samples)
    aux = [note for _, note in rec.rhythms]
    if beat_annotations:
        samples += [int(s) for s in rec.beat_samples]
        symbols += list(rec.beat_symbols)
        aux += [""] * len(rec.beat_samples)
    # Rhythm annotation first when a beat shares its sample. No fs in the annotation file
    # (AFDB has none, and wfdb 4.1.2's wrann fails when given one).
    order = sorted(range(len(samples)), key=lambda i: (samples[i], symbols[i] != "+"))
    wfdb.wrann(
        name,
        contract.ANNOTATION_EXTENSION,
        sample=np.array([samples[i] for i in order], dtype=np.int64),
        symbol=[symbols[i] for i in order],
        aux_note=[aux[i] for i in order],
        write_dir=str(out_dir),
    )
    return out_dir / name


# The embedded default data set: many short patients beat few long ones for generalisation,
# and per-record noise scales span clean to very noisy recordings.
DEFAULT_DATASET = SynthesisConfig(
    n_patients=2000, record_minutes=1.0, noise_scale_range=(0.2, 2.5), seed=0
)


def record_noise_scale(cfg: SynthesisConfig, patient_index: int, record_index: int) -> float:
    """The record's noise multiplier: fixed, or log-uniform in ``cfg.noise_scale_range``.

    Drawn from its own seed stream so that enabling the range leaves every other draw (and
    so the clean signals) unchanged.
    """
    if cfg.noise_scale_range is None:
        return cfg.noise_scale
    low, high = cfg.noise_scale_range
    if not 0 < low <= high:
        raise ValueError(f"noise_scale_range must satisfy 0 < low <= high, got {(low, high)}")
    rng = np.random.default_rng([cfg.seed, patient_index, record_index, 0x6E6F697365])
    return float(np.exp(rng.uniform(np.log(low), np.log(high))))


def write_dataset(
    out_dir: str | Path, config: SynthesisConfig = SynthesisConfig(), progress: bool = True
) -> list[Path]:
    """Write a synthetic data set in AFDB's layout and return the record paths (no suffix).

    Each record gets ``.hea`` (header comments ``patient: pNNNN``, ``generator:
    modelzoo-synth``, the seed), ``.dat`` and ``.atr`` (rhythm '+' annotations with aux notes
    "(N", "(AFIB", "(AFL" at each rhythm start, the first at sample 0, plus beat annotations
    'N', 'A', 'V' at R peaks). A ``RECORDS`` file lists the record names.
    """
    cfg = config
    if not cfg.fs_choices:
        raise ValueError("fs_choices must not be empty")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    duration_s = cfg.record_minutes * 60.0
    root = np.random.SeedSequence(cfg.seed)
    paths: list[Path] = []
    total = cfg.n_patients * cfg.records_per_patient
    with tqdm(total=total, desc="synthesizing ECG", unit="rec", disable=not progress) as bar:
        for p, pseq in enumerate(root.spawn(cfg.n_patients)):
            children = pseq.spawn(1 + cfg.records_per_patient)
            patient = draw_patient(np.random.default_rng(children[0]))
            for r in range(cfg.records_per_patient):
                rng = np.random.default_rng(children[1 + r])
                fs = int(cfg.fs_choices[int(rng.integers(len(cfg.fs_choices)))])
                fmt, gain, baseline = _adc(rng)
                noise_scale = record_noise_scale(cfg, p, r)
                rec = synthesize_record(
                    rng, fs, duration_s, noise_scale, cfg.rhythm_weights, patient=patient
                )
                shares = {note: 0.0 for note in RHYTHM_NOTES}
                for seg in rec.segments:
                    shares[seg.aux_note] += (seg.end - seg.start) / fs
                comments = [
                    f"{contract.PATIENT_COMMENT_KEY}: {patient_id(p)}",
                    f"generator: {GENERATOR_NAME}",
                    f"generator_version: {GENERATOR_VERSION}",
                    f"seed: {cfg.seed}",
                    f"record_index: {r}",
                    f"noise_scale: {noise_scale:g}",
                    f"noise_quality: {rec.info['quality']}",
                    "rhythm_seconds: " + " ".join(f"{k[1:]}={v:.1f}" for k, v in shares.items()),
                ]
                paths.append(
                    write_record(rec, out, record_name(p, r), comments, fmt, gain, baseline)
                )
                bar.update(1)
    (out / "RECORDS").write_text("".join(f"{p.name}\n" for p in paths))
    return paths
