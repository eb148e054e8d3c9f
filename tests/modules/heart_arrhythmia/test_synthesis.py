"""Synthetic ECG: determinism, WFDB layout, and the physiology each rhythm must show."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import wfdb

from modules.heart_arrhythmia import config, synthesis
from modules.heart_arrhythmia.datasets import list_records, read_record
from modules.heart_arrhythmia.synthesis import (
    AFIB_NOTE,
    AFL_NOTE,
    NORMAL_NOTE,
    SynthesisConfig,
    draw_patient,
    synthesize_record,
    write_dataset,
)

SMALL = SynthesisConfig(n_patients=3, records_per_patient=1, record_minutes=1.0, seed=7)


def _segment_beats(rec, seg):
    m = (rec.beat_samples >= seg.start) & (rec.beat_samples < seg.end)
    return np.nonzero(m)[0]


def _irregularity(rr: np.ndarray) -> float:
    """Median successive RR difference relative to the median RR (robust to rare ectopics)."""
    return float(np.median(np.abs(np.diff(rr))) / np.median(rr))


def _records(weights, n, duration_s=150.0, fs=250, noise_scale=1.0, seed0=0):
    return [
        synthesize_record(np.random.default_rng(seed0 + i), fs, duration_s, noise_scale, weights)
        for i in range(n)
    ]


# --------------------------------------------------------------------------------------------
# Files on disk
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_dataset(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    paths = write_dataset(out, SMALL, progress=False)
    return out, paths


def test_same_seed_writes_identical_files(small_dataset, tmp_path):
    out, paths = small_dataset
    again = write_dataset(tmp_path, SMALL, progress=False)
    assert [p.name for p in again] == [p.name for p in paths]
    files = sorted(f.name for f in out.iterdir())
    assert files == sorted(f.name for f in tmp_path.iterdir())
    for name in files:
        assert (out / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_other_seed_writes_other_signals(small_dataset, tmp_path):
    out, paths = small_dataset
    other = write_dataset(tmp_path, dataclasses.replace(SMALL, seed=8), progress=False)
    for a, b in zip(paths, other, strict=True):
        assert a.with_suffix(".dat").read_bytes() != b.with_suffix(".dat").read_bytes()


def test_layout_header_comments_and_annotations(small_dataset):
    out, paths = small_dataset
    assert [p.name for p in paths] == ["p0000_r01", "p0001_r01", "p0002_r01"]
    assert (out / "RECORDS").read_text().split() == [p.name for p in paths]
    assert sorted(list_records(out)) == sorted(str(p) for p in paths)
    for i, path in enumerate(paths):
        for ext in ("hea", "dat", config.ANNOTATION_EXTENSION):
            assert path.with_suffix(f".{ext}").is_file()
        header = wfdb.rdheader(str(path))
        assert f"{config.PATIENT_COMMENT_KEY}: p{i:04d}" in header.comments
        assert "generator: modelzoo-synth" in header.comments
        assert f"seed: {SMALL.seed}" in header.comments
        assert header.fs in SMALL.fs_choices
        assert header.sig_len == round(SMALL.record_minutes * 60 * header.fs)
        assert header.fmt[0] in ("212", "16")

        ann = wfdb.rdann(str(path), config.ANNOTATION_EXTENSION)
        assert set(ann.symbol) <= {"+", "N", "A", "V"}
        rhythm = [
            (s, a)
            for s, sym, a in zip(ann.sample, ann.symbol, ann.aux_note, strict=True)
            if sym == "+"
        ]
        assert rhythm[0][0] == 0
        assert {a for _, a in rhythm} <= {NORMAL_NOTE, AFIB_NOTE, AFL_NOTE}
        assert ann.symbol.count("N") > 30  # beat annotations at R peaks

        rec = read_record(str(path))
        assert rec.patient_id == f"p{i:04d}"
        assert rec.fs == header.fs
        assert rec.rhythms[0][0] == 0 and rec.rhythms[-1][1] == len(rec.signal)
        assert [(s, note) for s, _, note in rec.rhythms] == [(int(s), a) for s, a in rhythm]
        for (_, end, _), (start, _, _) in zip(rec.rhythms, rec.rhythms[1:], strict=False):
            assert end == start
        assert 0.05 < float(np.std(rec.signal)) < 5.0


def test_write_record_round_trip(tmp_path):
    rec = synthesize_record(np.random.default_rng(3), 360, 90.0, 1.0)
    for fmt, gain, baseline in (("212", 200.0, 1024), ("16", 1000.0, 0)):
        name = f"rt{fmt}"
        synthesis.write_record(rec, tmp_path, name, ["patient: someone"], fmt, gain, baseline)
        back = read_record(str(tmp_path / name))
        assert back.patient_id == "someone" and back.fs == 360
        assert np.max(np.abs(back.signal - rec.signal)) <= 0.5 / gain + 1e-4
        starts = [s for s, _ in rec.rhythms]
        ends = starts[1:] + [len(rec.signal)]
        expected = tuple(
            (s, e, note) for s, e, (_, note) in zip(starts, ends, rec.rhythms, strict=True)
        )
        assert back.rhythms == expected
        ann = wfdb.rdann(str(tmp_path / name), config.ANNOTATION_EXTENSION)
        beats = np.array([s for s, sym in zip(ann.sample, ann.symbol, strict=True) if sym != "+"])
        np.testing.assert_array_equal(beats, np.sort(rec.beat_samples))


def test_both_sampling_rates_and_patients_with_several_records(tmp_path):
    cfg = SynthesisConfig(n_patients=5, records_per_patient=2, record_minutes=0.5, seed=3)
    paths = write_dataset(tmp_path, cfg, progress=False)
    assert len(paths) == 10
    records = [read_record(str(p)) for p in paths]
    assert {r.fs for r in records} == {250.0, 360.0}
    assert [r.patient_id for r in records[:2]] == ["p0000", "p0000"]
    assert paths[1].name == "p0000_r02"
    assert len({r.patient_id for r in records}) == 5


def test_noise_scale_zero_is_cleaner_than_two(tmp_path):
    quiet = synthesize_record(np.random.default_rng(11), 250, 60.0, 0.0)
    loud = synthesize_record(np.random.default_rng(11), 250, 60.0, 2.0)
    np.testing.assert_allclose(quiet.clean, loud.clean)  # same ECG, only the noise differs
    assert np.max(np.abs(quiet.signal - quiet.clean)) < 1e-9
    assert np.std(loud.signal - loud.clean) > 0.02

    # End to end through the files: noise shows as high-frequency and low-frequency energy.
    def roughness(scale):
        out = tmp_path / f"n{scale}"
        cfg = SynthesisConfig(n_patients=4, record_minutes=0.5, seed=5, noise_scale=scale)
        paths = write_dataset(out, cfg, progress=False)
        recs = [read_record(str(p)) for p in paths]
        hf = np.mean([np.mean(np.abs(np.diff(r.signal, 2))) for r in recs])
        lf = np.mean([np.std(r.signal) for r in recs])
        return hf, lf

    hf0, lf0 = roughness(0.0)
    hf2, lf2 = roughness(2.0)
    assert hf0 < 0.7 * hf2
    assert lf0 < lf2


def test_progress_bar_can_be_switched_off(tmp_path, capsys):
    write_dataset(tmp_path, dataclasses.replace(SMALL, n_patients=1), progress=False)
    captured = capsys.readouterr()
    assert "synthesizing" not in captured.err + captured.out


def test_bad_arguments_are_rejected():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError):
        synthesize_record(rng, 250, 10.0, 1.0, rhythm_weights=(0.0, 0.0, 0.0))
    with pytest.raises(ValueError):
        synthesize_record(rng, 250, 10.0, -1.0)


# --------------------------------------------------------------------------------------------
# Physiology
# --------------------------------------------------------------------------------------------


def test_rhythm_plan_changes_and_weights():
    recs = _records(synthesis.DEFAULT_RHYTHM_WEIGHTS, 16, duration_s=300.0)
    n_segments = [len(r.segments) for r in recs]
    assert min(n_segments) == 1 and max(n_segments) >= 3  # single- and multi-rhythm records
    seconds = dict.fromkeys((NORMAL_NOTE, AFIB_NOTE, AFL_NOTE), 0.0)
    for r in recs:
        assert r.segments[0].start == 0 and r.segments[-1].end == len(r.signal)
        assert r.rhythms == [(s.start, s.aux_note) for s in r.segments]
        for a, b in zip(r.segments, r.segments[1:], strict=False):
            assert a.end == b.start and a.aux_note != b.aux_note
        for s in r.segments:
            assert (s.end - s.start) / r.fs >= 19.9
            seconds[s.aux_note] += (s.end - s.start) / r.fs
    assert all(v > 0 for v in seconds.values())
    for weights, note in (((1, 0, 0), NORMAL_NOTE), ((0, 1, 0), AFIB_NOTE), ((0, 0, 1), AFL_NOTE)):
        for r in _records(weights, 3, duration_s=120.0):
            assert {s.aux_note for s in r.segments} == {note}


def test_afib_is_irregular_without_p_waves_and_normal_is_not():
    normal_irr, af_irr, af_cv = [], [], []
    for r in _records((1, 0, 0), 8, seed0=100) + _records((0, 1, 0), 8, seed0=200):
        seg = r.segments[0]
        idx = _segment_beats(r, seg)
        rr = np.diff(r.beat_samples[idx] / r.fs)
        hr = 60.0 / rr.mean()
        if seg.aux_note == AFIB_NOTE:
            assert not r.p_wave[idx].any()
            assert 55 <= hr <= 175
            af_irr.append(_irregularity(rr))
            af_cv.append(rr.std() / rr.mean())
        else:
            assert r.p_wave[idx].mean() > 0.85
            assert 43 <= hr <= 135
            normal_irr.append(_irregularity(rr))
    assert min(af_irr) > 0.06
    assert np.median(af_irr) > 3 * np.median(normal_irr)
    assert 0.09 <= min(af_cv) and max(af_cv) <= 0.4


def _p_window_deviation(rec, note):
    """Size of the ensemble-averaged wave in the 60-280 ms before the R peak."""
    fs = rec.fs
    seg = next(s for s in rec.segments if s.aux_note == note)
    idx = _segment_beats(rec, seg)
    samples = rec.beat_samples[idx]
    rr_prev = np.diff(samples, prepend=samples[0]) / fs
    pre = (rr_prev > 0.8) & (samples > fs)
    pre &= np.array([rec.beat_symbols[i] == "N" for i in idx])
    lo, hi = int(0.28 * fs), int(0.06 * fs)
    windows = np.stack([rec.clean[s - lo : s - hi] for s in samples[pre]])
    avg = windows.mean(axis=0)
    return float(np.max(np.abs(avg - np.median(avg))))


def test_p_waves_are_visible_in_sinus_rhythm_and_absent_in_af():
    patient = draw_patient(np.random.default_rng(5))
    amps = patient.normal.amps.copy()
    amps[0] = 0.15  # a clear P wave on this lead
    patient = dataclasses.replace(
        patient,
        normal=dataclasses.replace(patient.normal, amps=amps),
        af_f_amp=0.0,
        af_hr=70.0,
        hr_rest=60.0,
        pvc_rate=0.0,
        pac_rate=0.0,
    )
    normal = synthesize_record(np.random.default_rng(1), 250, 120, 0.0, (1, 0, 0), patient)
    af = synthesize_record(np.random.default_rng(1), 250, 120, 0.0, (0, 1, 0), patient)
    p_normal = _p_window_deviation(normal, NORMAL_NOTE)
    p_af = _p_window_deviation(af, AFIB_NOTE)
    assert p_normal > 0.08
    assert p_af < 0.3 * p_normal


def test_flutter_rate_block_and_locking():
    fixed_found = 0
    for r in _records((0, 0, 1), 14, duration_s=120.0, seed0=300):
        seg = r.segments[0]
        f = r.atrial_samples[(r.atrial_samples >= seg.start) & (r.atrial_samples < seg.end)]
        cycle = np.diff(f) / r.fs
        rate = 60.0 / cycle.mean()
        assert 240 <= rate <= 340
        assert np.all((cycle > 60 / 345) & (cycle < 60 / 235))
        assert not r.p_wave[_segment_beats(r, seg)].any()

        idx = _segment_beats(r, seg)
        t = r.beat_samples[idx] / r.fs
        sym = np.array([r.beat_symbols[i] for i in idx])
        # QRS locked to the F-wave cycle: constant delay after the preceding F-wave start.
        conducted = sym == "N"
        prev_f = f[np.searchsorted(f, r.beat_samples[idx][conducted]) - 1] / r.fs
        phase = np.mod(t[conducted] - prev_f, cycle.mean())  # AV delay modulo the F cycle
        dev = np.mod(phase - np.median(phase) + cycle.mean() / 2, cycle.mean()) - cycle.mean() / 2
        assert np.std(dev) < 0.02

        block = seg.params["block"]
        if block == "variable":
            continue
        fixed_found += 1
        n = int(block.split(":")[0])
        rr = np.diff(t)
        clean = conducted[1:] & conducted[:-1]  # leave out intervals touching a PVC
        rr = rr[clean]
        assert rr.std() / rr.mean() < 0.03
        assert abs(rr.mean() / (n * cycle.mean()) - 1) < 0.03
    assert fixed_found >= 3


def test_ectopic_beats_premature_with_expected_p_and_pause():
    patient = dataclasses.replace(
        draw_patient(np.random.default_rng(9)),
        pvc_rate=0.06,
        pac_rate=0.06,
        bigeminy_prob=0.0,
        hr_rest=65.0,
    )
    rec = synthesize_record(np.random.default_rng(2), 360, 300, 0.0, (1, 0, 0), patient)
    sym = np.array(rec.beat_symbols)
    t = rec.beat_samples / rec.fs
    assert (sym == "V").sum() >= 5 and (sym == "A").sum() >= 5
    assert not rec.p_wave[sym == "V"].any()
    assert rec.p_wave[sym == "A"].all()
    rr = np.diff(t)
    sinus_rr = np.median(rr)
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


def test_patients_differ_in_lead_appearance():
    from modules.heart_arrhythmia.synthesis import _QRS, _gauss_sum

    tt = np.arange(-0.2, 0.2, 0.0005)
    p2p, r_sign, t_sign = [], [], []
    for seed in range(60):
        shape = draw_patient(np.random.default_rng(seed)).normal
        qrs = _gauss_sum(tt, shape.offsets, shape.sigmas, shape.amps, _QRS)
        p2p.append(np.ptp(qrs))
        r_sign.append(np.sign(qrs[np.argmax(np.abs(qrs))]))
        t_sign.append(np.sign(shape.amps[6]))
    assert 0.29 <= min(p2p) and max(p2p) <= 3.01
    assert min(p2p) < 0.6 and max(p2p) > 2.0
    assert -1 in r_sign and 1 in r_sign  # inverted / S-dominant leads exist
    assert -1 in t_sign and 1 in t_sign


def test_noise_levels_vary_between_records():
    recs = _records(synthesis.DEFAULT_RHYTHM_WEIGHTS, 12, duration_s=30.0, seed0=50)
    qualities = {r.info["quality"] for r in recs}
    assert len(qualities) >= 2
    residual = [np.std(r.signal - r.clean) for r in recs]
    assert max(residual) > 4 * min(residual)


def test_time_shares_follow_rhythm_weights():
    for weights in ((0.4, 0.35, 0.25), (0.7, 0.15, 0.15)):
        seconds = np.zeros(3)
        for r in _records(weights, 40, duration_s=300.0, seed0=400):
            for s in r.segments:
                seconds[synthesis.RHYTHM_NOTES.index(s.aux_note)] += s.end - s.start
        np.testing.assert_allclose(seconds / seconds.sum(), weights, atol=0.08)


def test_noise_scale_range_draws_a_scale_per_record_and_keeps_clean_signals(tmp_path):
    base = SynthesisConfig(n_patients=6, record_minutes=0.5, seed=21)
    ranged = dataclasses.replace(base, noise_scale_range=(0.2, 2.5))
    scales = [synthesis.record_noise_scale(ranged, p, 0) for p in range(6)]
    assert all(0.2 <= s <= 2.5 for s in scales) and len(set(scales)) == 6
    assert scales == [synthesis.record_noise_scale(ranged, p, 0) for p in range(6)]
    assert synthesis.record_noise_scale(base, 3, 0) == base.noise_scale
    written = synthesis.write_dataset(tmp_path / "ranged", ranged, progress=False)
    headers = [wfdb.rdheader(str(p)).comments for p in written]
    recorded = [float(c.split(":")[1]) for h in headers for c in h if c.startswith("noise_scale")]
    assert recorded == pytest.approx(scales, rel=1e-5)
    with pytest.raises(ValueError, match="noise_scale_range"):
        synthesis.record_noise_scale(dataclasses.replace(base, noise_scale_range=(0, 1)), 0, 0)
