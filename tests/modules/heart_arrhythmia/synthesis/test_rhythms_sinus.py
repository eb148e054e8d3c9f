"""Sinus rhythms (NORMAL): rates, P waves before every beat, PR, pauses, ectopy shares."""

from __future__ import annotations

import numpy as np
import pytest

from modules.heart_arrhythmia.synthesis import RHYTHMS

from .helpers import heart_rate, one_rhythm, quiet_patient, rr_intervals


@pytest.mark.parametrize(
    "name", ["normal_sinus", "sinus_tachycardia", "sinus_bradycardia", "sinus_arrhythmia"]
)
def test_sinus_rates_within_the_documented_range_with_a_p_wave_before_every_beat(name):
    lo, hi = RHYTHMS[name].rate_bpm
    for seed in range(6):
        rec = one_rhythm(name, seed, 90.0, patient=quiet_patient(seed))
        assert lo * 0.9 <= heart_rate(rec) <= hi * 1.1
        assert rec.p_wave.all()
        assert len(rec.blocked_p_samples) == 0
        assert np.all((rec.pr_intervals > 0.1) & (rec.pr_intervals < 0.21))


def test_tachycardia_reaches_180_and_bradycardia_stays_below_60():
    tachy = [heart_rate(one_rhythm("sinus_tachycardia", s, 60.0)) for s in range(20)]
    brady = [heart_rate(one_rhythm("sinus_bradycardia", s, 60.0)) for s in range(10)]
    assert max(tachy) > 160 and min(tachy) > 95
    assert max(brady) < 62


def test_sinus_arrhythmia_is_phasic_not_irregularly_irregular():
    """RR follows breathing: one dominant rhythm in the RR series, where AF's RR is white."""

    def peak_share(rr):  # variance in the strongest 3 neighbouring frequency bins of RR
        power = np.abs(np.fft.rfft(rr - rr.mean()))[1:] ** 2
        return np.convolve(power, np.ones(3), "same").max() / power.sum()

    sa, af = [], []
    for seed in range(8):
        rr = rr_intervals(one_rhythm("sinus_arrhythmia", seed, 90.0))
        sa.append((rr.std() / rr.mean(), peak_share(rr)))
        af.append(peak_share(rr_intervals(one_rhythm("atrial_fibrillation", seed, 90.0))))
    assert np.median([cv for cv, _ in sa]) > 0.04
    assert np.median([share for _, share in sa]) > 2 * np.median(af)


def test_first_degree_block_prolongs_pr_beyond_200_ms_and_conducts_every_p():
    for seed in range(5):
        rec = one_rhythm("first_degree_av_block", seed, 60.0, patient=quiet_patient(seed))
        assert np.all(rec.pr_intervals > 0.2) and np.all(rec.pr_intervals <= 0.4)
        assert len(rec.blocked_p_samples) == 0 and rec.p_wave.all()


def test_sinus_pauses_are_long_and_rare():
    for seed in range(5):
        rec = one_rhythm("sinus_pauses", seed, 120.0, patient=quiet_patient(seed))
        rr = rr_intervals(rec)
        pauses = rr > 1.55
        assert pauses.sum() >= 3
        assert pauses.mean() < 0.25
        assert rr.max() <= 3.6
        assert rec.segments[0].params["pauses"] >= pauses.sum()


@pytest.mark.parametrize(("name", "symbol"), [("frequent_pacs", "A"), ("frequent_pvcs", "V")])
def test_frequent_ectopy_share(name, symbol):
    shares = []
    for seed in range(6):
        rec = one_rhythm(name, seed, 120.0, patient=quiet_patient(seed))
        shares.append(np.mean(np.array(rec.beat_symbols) == symbol))
    assert 0.04 < np.median(shares) < 0.35


def test_ectopic_beats_premature_with_expected_p_and_pause():
    patient = quiet_patient(9, hr_rest=65.0, pvc_rate=0.06, pac_rate=0.06)
    rec = one_rhythm("normal_sinus", 2, 300.0, fs=360, patient=patient)
    sym = np.array(rec.beat_symbols)
    t = rec.beat_samples / rec.fs
    assert (sym == "V").sum() >= 5 and (sym == "A").sum() >= 5
    assert not rec.p_wave[sym == "V"].any()
    assert rec.p_wave[sym == "A"].all()
    sinus_rr = np.median(np.diff(t))
    compensated = 0
    for i in np.nonzero(sym == "V")[0]:
        if 0 < i < len(t) - 1 and sym[i - 1] == "N" and sym[i + 1] == "N":
            assert t[i] - t[i - 1] < 0.85 * sinus_rr  # premature
            if abs((t[i + 1] - t[i - 1]) / (2 * sinus_rr) - 1) < 0.15:
                compensated += 1
    assert compensated >= 3
    for i in np.nonzero(sym == "A")[0]:
        if 0 < i and sym[i - 1] == "N":
            assert t[i] - t[i - 1] < 0.9 * sinus_rr
