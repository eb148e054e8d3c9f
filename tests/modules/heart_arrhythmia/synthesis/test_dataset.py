"""Synthetic data sets on disk: determinism, WFDB layout, header comments, annotations."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import wfdb

from modules.heart_arrhythmia import config
from modules.heart_arrhythmia.datasets import list_records, read_record
from modules.heart_arrhythmia.synthesis import (
    RHYTHMS,
    SynthesisConfig,
    synthesize_record,
    write_dataset,
    write_record,
)

SMALL = SynthesisConfig(n_patients=3, records_per_patient=1, record_minutes=1.0, seed=7)


@pytest.fixture(scope="module")
def small_dataset(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    return out, write_dataset(out, SMALL, progress=False)


def test_same_seed_writes_identical_files(small_dataset, tmp_path):
    out, paths = small_dataset
    again = write_dataset(tmp_path, SMALL, progress=False)
    assert [p.name for p in again] == [p.name for p in paths]
    files = sorted(f.name for f in out.iterdir())
    assert files == sorted(f.name for f in tmp_path.iterdir())
    for name in files:
        assert (out / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_other_seed_writes_other_signals(small_dataset, tmp_path):
    _, paths = small_dataset
    other = write_dataset(tmp_path, dataclasses.replace(SMALL, seed=8), progress=False)
    for a, b in zip(paths, other, strict=True):
        assert a.with_suffix(".dat").read_bytes() != b.with_suffix(".dat").read_bytes()


def test_layout_header_comments_and_annotations(small_dataset):
    out, paths = small_dataset
    assert [p.name for p in paths] == ["p0000_r01", "p0001_r01", "p0002_r01"]
    assert (out / "RECORDS").read_text().split() == [p.name for p in paths]
    assert sorted(list_records(out)) == sorted(str(p) for p in paths)
    known_notes = {r.aux_note for r in RHYTHMS.values()}
    for i, path in enumerate(paths):
        for ext in ("hea", "dat", config.ANNOTATION_EXTENSION):
            assert path.with_suffix(f".{ext}").is_file()
        header = wfdb.rdheader(str(path))
        comments = dict(c.split(": ", 1) for c in header.comments)
        assert comments[config.PATIENT_COMMENT_KEY] == f"p{i:04d}"
        assert comments["generator"] == "modelzoo-synth"
        assert comments["seed"] == str(SMALL.seed)
        assert comments["beat_model"] in ("gaussian", "dipole")
        assert -6.0 <= float(comments["snr_db"]) <= 24.0
        assert comments["rhythm_seconds"].split("=")[0] in RHYTHMS
        assert header.fs in SMALL.fs_choices
        assert header.sig_len == round(SMALL.record_minutes * 60 * header.fs)

        ann = wfdb.rdann(str(path), config.ANNOTATION_EXTENSION)
        assert set(ann.symbol) <= {"+", "N", "A", "V"}
        rhythm = [
            (s, a)
            for s, sym, a in zip(ann.sample, ann.symbol, ann.aux_note, strict=True)
            if sym == "+"
        ]
        assert rhythm[0][0] == 0
        assert {a for _, a in rhythm} <= known_notes

        rec = read_record(str(path))
        assert rec.patient_id == f"p{i:04d}"
        assert rec.rhythms[0][0] == 0 and rec.rhythms[-1][1] == len(rec.signal)


def test_write_record_round_trip(tmp_path):
    rec = synthesize_record(np.random.default_rng(3), 360, 90.0, 1.0)
    for fmt, gain, baseline in (("212", 200.0, 1024), ("16", 1000.0, 0)):
        name = f"rt{fmt}"
        write_record(rec, tmp_path, name, ["patient: someone"], fmt, gain, baseline)
        back = read_record(str(tmp_path / name))
        assert back.patient_id == "someone" and back.fs == 360
        clipped = np.clip(rec.signal, -2047 / gain, 2047 / gain) if fmt == "212" else rec.signal
        assert np.max(np.abs(back.signal - clipped)) <= 0.5 / gain + 1e-4
        ann = wfdb.rdann(str(tmp_path / name), config.ANNOTATION_EXTENSION)
        beats = np.array([s for s, sym in zip(ann.sample, ann.symbol, strict=True) if sym != "+"])
        np.testing.assert_array_equal(beats, np.sort(rec.beat_samples))


def test_rates_patients_with_several_records_and_restricted_rhythms(tmp_path):
    cfg = SynthesisConfig(
        n_patients=5, records_per_patient=2, record_minutes=0.5, seed=3, rhythms=("wenckebach",)
    )
    paths = write_dataset(tmp_path, cfg, progress=False)
    assert len(paths) == 10
    records = [read_record(str(p)) for p in paths]
    assert {r.fs for r in records} == {250.0, 360.0}
    assert [r.patient_id for r in records[:2]] == ["p0000", "p0000"]
    assert {note for r in records for _, _, note in r.rhythms} == {"(BII"}


def test_progress_bar_can_be_switched_off(tmp_path, capsys):
    write_dataset(tmp_path, dataclasses.replace(SMALL, n_patients=1), progress=False)
    captured = capsys.readouterr()
    assert "synthesizing" not in captured.err + captured.out


def test_bad_configs_are_rejected(tmp_path):
    with pytest.raises(ValueError, match="fs_choices"):
        write_dataset(tmp_path, dataclasses.replace(SMALL, fs_choices=()), progress=False)
    with pytest.raises(ValueError, match="snr_db_range"):
        write_dataset(tmp_path, dataclasses.replace(SMALL, snr_db_range=(10, 0)), progress=False)
