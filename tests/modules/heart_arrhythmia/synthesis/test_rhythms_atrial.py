"""MAT, ectopic atrial and junctional rhythms (OTHER)."""

from __future__ import annotations

import numpy as np

from modules.heart_arrhythmia.synthesis.morphology import P1

from .helpers import heart_rate, one_rhythm, quiet_patient, rr_intervals


def _p_peaks(rec):
    """Signed extreme of the clean signal around each beat's P wave."""
    out = []
    for r, pr in zip(rec.beat_samples[1:], rec.pr_intervals[1:], strict=True):
        lo = int(r - (pr + 0.06) * rec.fs)
        hi = int(r - 0.04 * rec.fs)
        seg = rec.clean[lo:hi] - rec.clean[hi]
        out.append(seg[np.argmax(np.abs(seg))])
    return np.array(out)


def test_mat_three_p_morphologies_irregular_fast():
    patient = quiet_patient(3)
    amps = patient.normal.amps.copy()
    amps[P1] = 0.2  # a clearly visible sinus P on this lead
    patient = quiet_patient(3, normal=patient.normal.with_amps(amps))
    for seed in range(4):
        rec = one_rhythm("multifocal_atrial_tachycardia", seed, 60.0, patient=patient)
        assert heart_rate(rec) > 95
        assert rec.p_wave.all()  # a P wave before every QRS ...
        peaks = _p_peaks(rec)
        levels = np.unique(np.round(peaks / 0.03))
        assert len(levels) >= 3  # ... of at least three different shapes
        assert (peaks > 0.02).any() and (peaks < -0.02).any()
        assert np.ptp(rec.pr_intervals) > 0.02  # PR varies with the focus
        rr = rr_intervals(rec)
        assert rr.std() / rr.mean() > 0.06  # irregular


def test_ectopic_atrial_rhythm_regular_with_one_abnormal_p():
    patient = quiet_patient(4)
    amps = patient.normal.amps.copy()
    amps[P1] = 0.2
    patient = quiet_patient(4, normal=patient.normal.with_amps(amps))
    sinus_p = np.median(_p_peaks(one_rhythm("normal_sinus", 1, 30.0, patient=patient)))
    for seed in range(4):
        rec = one_rhythm("ectopic_atrial", seed, 60.0, patient=patient)
        rr = rr_intervals(rec)
        assert rr.std() / rr.mean() < 0.06
        peaks = _p_peaks(rec)
        assert np.ptp(peaks) < 0.25 * abs(np.median(peaks))  # one focus
        scale = rec.segments[0].params["p_scale"]
        assert abs(np.median(peaks) / sinus_p - scale) < 0.3  # its own height and sign
        assert np.all(rec.pr_intervals <= 0.18)


def test_junctional_rhythm_regular_without_p_before_qrs():
    for seed in range(6):
        rec = one_rhythm("junctional", seed, 60.0, patient=quiet_patient(seed))
        assert not rec.p_wave.any()
        assert 36 <= heart_rate(rec) <= 115
        rr = rr_intervals(rec)
        assert rr.std() / rr.mean() < 0.06
