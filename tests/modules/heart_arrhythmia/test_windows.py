"""Resampling and rhythm labelling of windows."""

import numpy as np
import pytest

from modules.heart_arrhythmia import config
from modules.heart_arrhythmia.datasets import EcgRecord
from modules.heart_arrhythmia.windows import class_coverage, iter_windows, resample


def make_record(fs, seconds, rhythms):
    n = int(fs * seconds)
    t = np.arange(n) / fs
    return EcgRecord(
        name="r",
        path="/tmp/r",
        patient_id="p",
        fs=float(fs),
        signal=np.sin(2 * np.pi * t).astype(np.float32),
        rhythms=tuple(rhythms),
    )


@pytest.mark.parametrize("fs", [128, 250, 360, 100])
def test_resample_length_and_tone(fs):
    t = np.arange(fs * 20) / fs
    out = resample(np.sin(2 * np.pi * 5 * t), fs)
    assert len(out) == 20 * config.MODEL_FS_HZ
    spectrum = np.abs(np.fft.rfft(out))
    assert np.argmax(spectrum) * config.MODEL_FS_HZ / len(out) == pytest.approx(5, abs=0.1)


def test_windows_are_labelled_only_when_one_rhythm_dominates():
    fs = 250
    # 0-30 s sinus, 30-60 s AFIB, 60-90 s an unmapped rhythm note.
    record = make_record(
        fs, 90, [(0, 30 * fs, "(N"), (30 * fs, 60 * fs, "(AFIB"), (60 * fs, 90 * fs, "(XYZ")]
    )
    labels = {w.start_s: w.label for w in iter_windows(record, stride_s=5)}
    assert labels[0.0] == "NORMAL" and labels[20.0] == "NORMAL"
    assert labels[25.0] is None  # half and half
    assert labels[30.0] == "AFIB" and labels[50.0] == "AFIB"
    assert labels[60.0] is None  # unknown rhythm
    assert len(labels) == (90 - config.WINDOW_S) // 5 + 1


def test_class_coverage_sums_overlaps():
    coverage = class_coverage(((0, 100, "(N"), (100, 200, "(AFL")), 10.0, 5.0, 15.0)
    assert coverage == pytest.approx({"NORMAL": 0.5, "AFL": 0.5})
