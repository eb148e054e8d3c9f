"""Bigeminy and trigeminy (OTHER): the group-beating pattern and premature coupling."""

from __future__ import annotations

import numpy as np
import pytest

from .helpers import one_rhythm, quiet_patient


@pytest.mark.parametrize(
    ("name", "symbol", "every"),
    [
        ("ventricular_bigeminy", "V", 2),
        ("ventricular_trigeminy", "V", 3),
        ("atrial_bigeminy", "A", 2),
        ("atrial_trigeminy", "A", 3),
    ],
)
def test_every_nth_beat_is_premature(name, symbol, every):
    for seed in range(4):
        rec = one_rhythm(name, seed, 60.0, patient=quiet_patient(seed))
        sym = np.array(rec.beat_symbols)
        ectopic = np.nonzero(sym == symbol)[0]
        share = len(ectopic) / len(sym)
        assert abs(share - 1 / every) < 0.08
        gaps = np.diff(ectopic)
        assert np.mean(gaps == every) > 0.85  # the pattern holds (it may skip once or twice)
        t = rec.beat_samples / rec.fs
        for i in ectopic[1:-1]:
            if sym[i - 1] == "N":
                assert t[i] - t[i - 1] < 0.85 * (t[i + 1] - t[i])  # short coupling, long pause
        assert rec.p_wave[ectopic].all() == (symbol == "A")
