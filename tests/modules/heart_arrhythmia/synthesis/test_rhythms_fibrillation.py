"""Atrial fibrillation (AFIB): irregularly irregular, no P waves, the rate variants."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from modules.heart_arrhythmia.synthesis import RHYTHMS

from .helpers import heart_rate, irregularity, one_rhythm, quiet_patient, rr_intervals


@pytest.mark.parametrize("name", ["atrial_fibrillation", "af_slow", "af_fast", "af_aberrant"])
def test_af_variants_irregular_without_p_waves_in_their_rate_range(name):
    lo, hi = RHYTHMS[name].rate_bpm
    for seed in range(6):
        rec = one_rhythm(name, seed, 90.0)
        assert not rec.p_wave.any()
        assert lo * 0.85 <= heart_rate(rec) <= hi * 1.15
        rr = rr_intervals(rec)
        assert irregularity(rr) > 0.02
        assert 0.025 <= rr.std() / rr.mean() <= 0.45


def test_af_spans_nearly_regular_to_very_irregular_with_every_rr_model():
    """Rate-controlled AF with RR varying only +-5 % (CV ~0.03) is AF too; the generator draws
    the RR coefficient of variation log-uniformly from 0.03 to 0.35 and uses four RR models."""
    cvs, models, f_amps = [], set(), []
    for seed in range(24):
        rec = one_rhythm("atrial_fibrillation", seed, 60.0)
        params = rec.segments[0].params
        cvs.append(params["rr_cv_target"])
        models.add(params["rr_model"])
        f_amps.append(params["f_amp_mv"])
    assert min(cvs) < 0.06 and max(cvs) > 0.2
    assert np.mean(np.array(cvs) < 0.08) > 0.1  # nearly regular AF is not rare
    assert models == {0, 1, 2, 3}
    assert min(f_amps) == 0.0 and max(f_amps) > 0.05  # from no f-waves at all to coarse AF


def test_af_is_far_more_irregular_than_sinus():
    af = [irregularity(rr_intervals(one_rhythm("atrial_fibrillation", s, 90.0))) for s in range(8)]
    sinus = [
        irregularity(rr_intervals(one_rhythm("normal_sinus", s, 90.0, patient=quiet_patient(s))))
        for s in range(8)
    ]
    assert np.median(af) > 3 * np.median(sinus)


def _p_window_deviation(rec):
    """Size of the ensemble-averaged wave in the 60-280 ms before the R peak."""
    fs = rec.fs
    samples = rec.beat_samples
    rr_prev = np.diff(samples, prepend=samples[0]) / fs
    pre = (rr_prev > 0.8) & (samples > fs) & (np.array(rec.beat_symbols) == "N")
    lo, hi = int(0.28 * fs), int(0.06 * fs)
    avg = np.stack([rec.clean[s - lo : s - hi] for s in samples[pre]]).mean(axis=0)
    return float(np.max(np.abs(avg - np.median(avg))))


def test_p_waves_are_visible_in_sinus_rhythm_and_absent_in_af():
    patient = quiet_patient(5, af_f_amp=0.0, af_hr=70.0, hr_rest=60.0)
    amps = patient.normal.amps.copy()
    amps[0] = 0.15  # a clear P wave on this lead
    patient = dataclasses.replace(patient, normal=patient.normal.with_amps(amps))
    p_normal = _p_window_deviation(one_rhythm("normal_sinus", 1, 120.0, patient=patient))
    p_af = _p_window_deviation(one_rhythm("atrial_fibrillation", 1, 120.0, patient=patient))
    assert p_normal > 0.08
    assert p_af < 0.3 * p_normal


def test_aberrant_variant_has_wide_beats():
    aberrant = one_rhythm("af_aberrant", 3, 120.0)
    plain = one_rhythm("atrial_fibrillation", 3, 120.0, patient=quiet_patient(3))

    def mean_qrs_width(rec):
        widths = []
        for s in rec.beat_samples[1:-1]:
            seg = np.abs(np.diff(rec.clean[s - 40 : s + 40]))
            widths.append(np.sum(seg > 0.25 * seg.max()))
        return np.percentile(widths, 90)

    assert mean_qrs_width(aberrant) > mean_qrs_width(plain)
