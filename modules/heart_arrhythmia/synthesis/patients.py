"""Synthetic patients: what stays the same for one person across their records.

A patient has a heart (resting rate, breathing, heart-rate variability, PR and QT), a lead
(beat shapes from one of the two beat models in ``morphology``) and habits (background ectopy,
how their AF and flutter look). Rhythm generators read these and vary them per episode.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from modules.heart_arrhythmia.synthesis import morphology
from modules.heart_arrhythmia.synthesis.morphology import BeatShape
from modules.heart_arrhythmia.synthesis.randomness import loguniform, sign


@dataclass(frozen=True, eq=False)
class PatientParams:
    """Everything that stays the same for one synthetic patient across their records."""

    hr_rest: float  # resting sinus rate, bpm
    resp_hz: float  # breathing rate
    rsa: float  # respiratory sinus arrhythmia depth (fraction of heart rate)
    lf: float  # LF (0.04-0.15 Hz) heart rate variability, fraction
    vlf: float  # very slow heart rate drift, fraction
    pac_rate: float  # background share of sinus beats replaced by premature atrial beats
    pvc_rate: float  # background share of beats replaced by premature ventricular beats
    pr_s: float  # PR interval at 60 bpm
    qtc_s: float  # QT at RR = 1 s
    qt_exp: float  # QT = qtc * RR**qt_exp (0.5 Bazett, 0.33 Fridericia)
    beat_model: str  # which model in ``morphology`` drew the shapes
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

    @property
    def qrs_p2p(self) -> float:
        return morphology.qrs_peak_to_peak(self.normal)


def draw_patient(rng: np.random.Generator, beat_model: str | None = None) -> PatientParams:
    """Draw one synthetic patient (heart, lead and arrhythmia habits)."""
    qtc = rng.uniform(0.36, 0.46)
    pr = rng.uniform(0.12, 0.2)
    model = beat_model or morphology.BEAT_MODELS[int(rng.integers(len(morphology.BEAT_MODELS)))]
    if model == "gaussian":
        normal = morphology.gaussian_beat_shape(rng, qtc, pr)
    elif model == "dipole":
        normal = morphology.dipole_beat_shape(rng, qtc, pr)
    else:
        raise ValueError(f"unknown beat model {model!r}; known: {morphology.BEAT_MODELS}")
    pvc = morphology.pvc_shape(rng, normal, qtc)
    return PatientParams(
        hr_rest=rng.uniform(55, 95),
        resp_hz=rng.uniform(0.17, 0.4),
        rsa=loguniform(rng, 0.005, 0.08),
        lf=loguniform(rng, 0.005, 0.04),
        vlf=loguniform(rng, 0.01, 0.06),
        pac_rate=0.0 if rng.random() < 0.5 else loguniform(rng, 0.002, 0.03),
        pvc_rate=0.0 if rng.random() < 0.5 else loguniform(rng, 0.002, 0.03),
        pr_s=pr,
        qtc_s=qtc,
        qt_exp=rng.uniform(0.3, 0.5),
        beat_model=model,
        normal=normal,
        pvc=pvc,
        pac_p_scale=rng.uniform(0.4, 1.3) * sign(rng, 0.7),
        pac_pr_delta=rng.uniform(-0.03, 0.04),
        qrs_resp_mod=rng.uniform(0.0, 0.12),
        am_depth=rng.uniform(0.02, 0.2) if rng.random() < 0.5 else 0.0,
        af_hr=float(np.clip(rng.normal(95, 25), 55, 150)),
        af_f_amp=0.2 * rng.beta(1.1, 2.2),
        atrial_sign=sign(rng, 0.6),
        flutter_rate=rng.uniform(245, 335),
        flutter_amp=loguniform(rng, 0.03, 0.3),
        flutter_sign=sign(rng, 0.4),
    )


def record_variant(rng: np.random.Generator, patient: PatientParams) -> PatientParams:
    """The same patient on another day: electrodes placed a little differently."""
    gain = math.exp(rng.normal(0, 0.15))
    rs = math.exp(rng.normal(0, 0.15))
    amps = patient.normal.amps * gain
    amps[morphology.S] *= rs
    return dataclasses.replace(
        patient,
        normal=patient.normal.with_amps(amps),
        pvc=patient.pvc.with_amps(patient.pvc.amps * gain),
        hr_rest=float(np.clip(patient.hr_rest * math.exp(rng.normal(0, 0.08)), 48, 110)),
    )
