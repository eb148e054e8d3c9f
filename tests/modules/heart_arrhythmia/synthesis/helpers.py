"""Shared helpers for the synthesis tests: one rhythm, clean, for a given patient."""

from __future__ import annotations

import dataclasses

import numpy as np

from modules.heart_arrhythmia.synthesis import draw_patient, synthesize_record


def quiet_patient(seed: int = 5, beat_model: str = "gaussian", **changes):
    """A patient without background ectopy (and any other fields changed)."""
    patient = draw_patient(np.random.default_rng(seed), beat_model)
    return dataclasses.replace(patient, **{"pac_rate": 0.0, "pvc_rate": 0.0, **changes})


def one_rhythm(name: str, seed: int = 0, duration_s: float = 120.0, fs: int = 250, patient=None):
    """A clean record (noise scale 0) of one rhythm of the catalogue."""
    return synthesize_record(
        np.random.default_rng(seed), fs, duration_s, 0.0, rhythms=[name], patient=patient
    )


def rr_intervals(rec) -> np.ndarray:
    return np.diff(rec.beat_samples) / rec.fs


def irregularity(rr: np.ndarray) -> float:
    """Median successive RR difference relative to the median RR (robust to rare ectopics)."""
    return float(np.median(np.abs(np.diff(rr))) / np.median(rr))


def heart_rate(rec) -> float:
    return 60.0 / float(np.mean(rr_intervals(rec)))
