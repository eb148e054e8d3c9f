"""Data problems end in one line: empty directory, no labelled windows, a class missing."""

from __future__ import annotations

import numpy as np
import pytest

from modules.heart_arrhythmia import config
from modules.heart_arrhythmia.data_checks import check_data
from modules.heart_arrhythmia.fixtures import write_tiny_dataset
from modules.heart_arrhythmia.synthesis import synthesize_record, write_record
from modules.spec import InputError
from tests.wfdb_fixtures import relabel_rhythms


def test_tiny_dataset_has_every_class_in_both_splits(tmp_path):
    from modules.heart_arrhythmia.datasets import read_record
    from modules.heart_arrhythmia.fixtures import (
        TINY_EVAL_PATIENTS,
        TINY_RECORD_S,
        TINY_TRAIN_PATIENTS,
        in_eval_split,
    )

    paths = write_tiny_dataset(tmp_path)
    seconds = check_data(tmp_path)
    patients = TINY_TRAIN_PATIENTS + TINY_EVAL_PATIENTS
    assert len(paths) == patients * len(config.CLASS_NAMES)
    assert all(seconds[name] >= patients * TINY_RECORD_S for name in config.CLASS_NAMES)
    for split in (True, False):
        classes = [
            config.RHYTHM_TO_CLASS[read_record(str(p)).rhythms[0][2]]
            for p in paths
            if in_eval_split(p.name) == split
        ]
        assert sorted(set(classes)) == sorted(config.CLASS_NAMES)


def test_eval_split_is_the_one_tfx_computes():
    import hashlib

    import tensorflow as tf

    from modules.heart_arrhythmia.fixtures import in_eval_split

    for patient in ("p0003", "p0004", "tiny_afl_7", "a-longer-patient-identifier-0042"):
        feature = tf.train.Feature(bytes_list=tf.train.BytesList(value=[patient.encode()]))
        key = feature.SerializeToString(deterministic=True)
        assert in_eval_split(patient) == (int(hashlib.sha256(key).hexdigest(), 16) % 5 == 4)


def test_missing_and_empty_directories(tmp_path):
    with pytest.raises(InputError, match="no such data directory"):
        check_data(tmp_path / "nope")
    (tmp_path / "notes.txt").write_text("no records here")
    with pytest.raises(InputError, match=r"no WFDB records \(\*\.hea\)") as error:
        check_data(tmp_path)
    assert str(tmp_path) in str(error.value) and "\n" not in str(error.value)


def test_records_without_labels(tmp_path):
    rec = synthesize_record(np.random.default_rng(0), 250, 30.0, 0.5)
    path = write_record(rec, tmp_path, "unlabelled", ["patient: x"])
    path.with_suffix(".atr").unlink()
    with pytest.raises(InputError, match="no labelled windows in 1 record"):
        check_data(tmp_path)
    rec2 = write_record(rec, tmp_path, "odd_notes", ["patient: y"])
    relabel_rhythms(rec2, {note: "(XYZ" for note in config.RHYTHM_TO_CLASS})
    with pytest.raises(InputError, match="no labelled windows in 2 record"):
        check_data(tmp_path)


def test_a_missing_class_is_named(tmp_path):
    for path in write_tiny_dataset(tmp_path):
        if "afl" in path.name:
            for ext in ("hea", "dat", "atr"):
                path.with_suffix(f".{ext}").unlink()
    with pytest.raises(InputError, match="no windows of class AFL") as error:
        check_data(tmp_path)
    assert "NORMAL" in str(error.value) and "\n" not in str(error.value)
