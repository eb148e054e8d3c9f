"""Atrial flutter (AFL): atrial rate, QRS locked to F-waves, fixed and variable block."""

from __future__ import annotations

import numpy as np
import pytest

from modules.heart_arrhythmia.synthesis import RHYTHMS

from .helpers import one_rhythm


def _cycles(rec):
    seg = rec.segments[0]
    f = rec.atrial_samples[(rec.atrial_samples >= seg.start) & (rec.atrial_samples < seg.end)]
    return f, np.diff(f) / rec.fs


@pytest.mark.parametrize(
    "name", ["flutter_fixed_block", "flutter_variable_block", "atypical_flutter"]
)
def test_flutter_rate_and_locking(name):
    lo, hi = RHYTHMS[name].rate_bpm
    for seed in range(6):
        rec = one_rhythm(name, seed, 90.0)
        f, cycle = _cycles(rec)
        assert lo - 5 <= 60.0 / cycle.mean() <= hi + 5
        assert not rec.p_wave.any()
        t = rec.beat_samples / rec.fs
        conducted = np.array(rec.beat_symbols) == "N"
        prev_f = f[np.searchsorted(f, rec.beat_samples[conducted]) - 1] / rec.fs
        phase = np.mod(t[conducted] - prev_f, cycle.mean())  # AV delay modulo the F cycle
        dev = np.mod(phase - np.median(phase) + cycle.mean() / 2, cycle.mean()) - cycle.mean() / 2
        assert np.std(dev) < 0.02
        # Every RR spans a whole number of flutter cycles: 2, 3 or 4 F-waves between QRSs.
        both = conducted[1:] & conducted[:-1]
        shift = int((rec.segments[0].params["av_delay_s"] + 0.05) * rec.fs)
        starts = rec.beat_samples[:-1][both] - shift
        ends = rec.beat_samples[1:][both] - shift
        counts = np.searchsorted(f, ends) - np.searchsorted(f, starts)
        assert set(counts[1:]) <= {2, 3, 4}


def test_fixed_block_is_regular_and_variable_block_is_not():
    fixed_cv, variable_cv = [], []
    for seed in range(10):
        fixed = one_rhythm("flutter_fixed_block", seed, 60.0)
        variable = one_rhythm("flutter_variable_block", seed, 60.0)
        for rec, out in ((fixed, fixed_cv), (variable, variable_cv)):
            ok = np.array(rec.beat_symbols) == "N"
            rr = np.diff(rec.beat_samples / rec.fs)[ok[1:] & ok[:-1]]
            out.append(rr.std() / rr.mean())
    assert max(fixed_cv) < 0.03
    assert np.median(variable_cv) > 0.1
