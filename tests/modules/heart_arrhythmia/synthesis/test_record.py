"""One record: rhythm plans, class time shares, restricting rhythms, argument checks."""

from __future__ import annotations

import numpy as np
import pytest

from modules.heart_arrhythmia import config
from modules.heart_arrhythmia.synthesis import RHYTHMS, synthesize_record
from modules.heart_arrhythmia.synthesis.record import DEFAULT_CLASS_WEIGHTS, plan_rhythms
from modules.heart_arrhythmia.synthesis.rhythms import MIMICS, rhythm_class


def _records(weights, n, duration_s=300.0, seed0=0):
    rng = np.random.default_rng
    return [synthesize_record(rng(seed0 + i), 250, duration_s, 1.0, weights) for i in range(n)]


def test_every_rhythm_has_a_known_class_and_mimics_are_non_af():
    for rhythm in RHYTHMS.values():
        assert rhythm.aux_note in config.RHYTHM_TO_CLASS
        assert rhythm.rate_bpm[0] < rhythm.rate_bpm[1]
    assert {rhythm_class(RHYTHMS[m]) for m in MIMICS} == {"NORMAL", "OTHER"}
    assert {rhythm_class(r) for r in RHYTHMS.values()} == set(config.CLASS_NAMES)


def test_rhythm_plan_changes_and_weights():
    recs = _records(DEFAULT_CLASS_WEIGHTS, 16)
    n_segments = [len(r.segments) for r in recs]
    assert min(n_segments) == 1 and max(n_segments) >= 3  # single- and multi-rhythm records
    for r in recs:
        assert r.segments[0].start == 0 and r.segments[-1].end == len(r.signal)
        assert r.rhythms == [(s.start, s.aux_note) for s in r.segments]
        for a, b in zip(r.segments, r.segments[1:], strict=False):
            assert a.end == b.start
            assert config.RHYTHM_TO_CLASS[a.aux_note] != config.RHYTHM_TO_CLASS[b.aux_note]
        for s in r.segments:
            assert (s.end - s.start) / r.fs >= 19.9
            assert s.params["rhythm"] == s.rhythm and RHYTHMS[s.rhythm].aux_note == s.aux_note
    for i, name in enumerate(config.CLASS_NAMES):
        weights = np.eye(len(config.CLASS_NAMES))[i]
        for r in _records(weights, 3, 120.0):
            assert {config.RHYTHM_TO_CLASS[s.aux_note] for s in r.segments} == {name}


def test_time_shares_follow_class_weights():
    for weights in (DEFAULT_CLASS_WEIGHTS, (0.55, 0.15, 0.15, 0.15)):
        seconds = np.zeros(len(config.CLASS_NAMES))
        for seed in range(400):
            plan = plan_rhythms(np.random.default_rng(seed), 300.0, np.array(weights))
            for start, end, rhythm in plan:
                seconds[config.CLASS_NAMES.index(rhythm_class(rhythm))] += end - start
        np.testing.assert_allclose(seconds / seconds.sum(), weights, atol=0.06)


def test_rhythms_can_be_restricted():
    rec = synthesize_record(np.random.default_rng(1), 250, 200.0, rhythms=["wenckebach"])
    assert [s.rhythm for s in rec.segments] == ["wenckebach"]
    names = ("junctional", "af_fast")
    seen = set()
    for seed in range(8):
        rec = synthesize_record(np.random.default_rng(seed), 250, 200.0, rhythms=names)
        seen |= {s.rhythm for s in rec.segments}
    assert seen == set(names)


def test_bad_arguments_are_rejected():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="rhythm_weights"):
        synthesize_record(rng, 250, 10.0, 1.0, rhythm_weights=(0.0, 0.0, 0.0, 0.0))
    with pytest.raises(ValueError, match="rhythm_weights"):
        synthesize_record(rng, 250, 10.0, 1.0, rhythm_weights=(1.0, 0.0, 0.0))
    with pytest.raises(ValueError, match="noise_scale"):
        synthesize_record(rng, 250, 10.0, -1.0)
    with pytest.raises(ValueError, match="unknown rhythms"):
        synthesize_record(rng, 250, 10.0, rhythms=["torsades"])
