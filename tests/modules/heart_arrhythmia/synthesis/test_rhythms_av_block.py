"""Second-degree AV block (OTHER) against the textbook criteria."""

from __future__ import annotations

import numpy as np

from .helpers import one_rhythm, quiet_patient


def _p_events(rec):
    """(time of every P wave, conducted?) in time order."""
    conducted = rec.beat_samples / rec.fs - rec.pr_intervals
    blocked = rec.blocked_p_samples / rec.fs
    times = np.concatenate([conducted, blocked])
    flags = np.concatenate([np.ones(len(conducted), bool), np.zeros(len(blocked), bool)])
    order = np.argsort(times)
    return times[order], flags[order]


def test_wenckebach_progressive_pr_prolongation_before_each_dropped_beat():
    for seed in range(6):
        rec = one_rhythm("wenckebach", seed, 60.0, patient=quiet_patient(seed))
        assert len(rec.blocked_p_samples) >= 4
        assert np.all(np.isfinite(rec.pr_intervals))
        p_times, conducted = _p_events(rec)
        pp = np.median(np.diff(p_times))
        pr = iter(rec.pr_intervals)
        groups, current = [], []
        for flag in conducted:
            if flag:
                current.append(next(pr))
            else:
                groups.append(current)
                current = []
        complete = [g for g in groups[1:] if len(g) >= 2]
        assert complete
        for g in complete:
            assert np.all(np.diff(g) > 0.005), g  # PR lengthens beat by beat ...
            increments = np.diff(g)
            assert np.all(np.diff(increments) <= 1e-9)  # ... by shrinking increments
        firsts = [g[0] for g in complete]
        lasts = [g[-1] for g in complete]
        assert max(firsts) < min(lasts)  # after the dropped beat PR is the shortest again
        # The pause that contains the blocked P is shorter than two P-P intervals.
        t = rec.beat_samples / rec.fs
        for b in rec.blocked_p_samples / rec.fs:
            k = np.searchsorted(t, b)
            if 0 < k < len(t):
                assert t[k] - t[k - 1] < 2 * pp
        # More P waves than QRS complexes.
        assert len(p_times) > len(t)


def test_2_to_1_block_every_other_p_blocked_with_constant_pr():
    for seed in range(6):
        rec = one_rhythm("av_block_2to1", seed, 60.0, patient=quiet_patient(seed))
        p_times, conducted = _p_events(rec)
        assert np.all(conducted[1:] != conducted[:-1])  # strictly alternating
        assert np.ptp(rec.pr_intervals) < 1e-9
        rr = np.diff(rec.beat_samples / rec.fs)
        pp = np.diff(p_times)
        assert abs(np.median(rr) / np.median(pp) - 2.0) < 0.1
        assert 30 <= 60 / np.median(rr) <= 85
