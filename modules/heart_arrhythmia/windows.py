"""Cut a rhythm-annotated ECG record into labelled, fixed-rate windows.

Shared by the Beam ExampleGen (training data) and the predict CLI (inference), so a record is
resampled and windowed the same way in both.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from scipy.signal import resample_poly

from modules.heart_arrhythmia import config
from modules.heart_arrhythmia.datasets import EcgRecord, RecordError, read_record

UNKNOWN = "UNKNOWN"


@dataclass(frozen=True)
class Window:
    start_s: float
    samples: np.ndarray  # float32, config.WINDOW_SAMPLES at config.MODEL_FS_HZ, mV
    label: str | None  # class name, or None when no rhythm covers MIN_LABEL_PURITY of it
    gap: bool = False  # the window overlaps missing samples of the record

    @property
    def end_s(self) -> float:
        return self.start_s + config.WINDOW_S


def resample_ratio(fs_in: float, fs_out: float = config.MODEL_FS_HZ) -> Fraction:
    """fs_out / fs_in as the closest small fraction (250->100 is 2/5, 360->100 5/18).

    The firmware's resampler tables use the same ratios (``fixed_point.frontend_tables``).
    """
    return Fraction(fs_out / fs_in).limit_denominator(1000)


def resample(signal: np.ndarray, fs_in: float, fs_out: float = config.MODEL_FS_HZ) -> np.ndarray:
    """Polyphase resampling (scipy's resample_poly) by ``resample_ratio(fs_in, fs_out)``."""
    ratio = resample_ratio(fs_in, fs_out)
    if ratio == 1:
        return np.asarray(signal, dtype=np.float32)
    out = resample_poly(np.asarray(signal, dtype=np.float64), ratio.numerator, ratio.denominator)
    return out.astype(np.float32)


def class_coverage(
    rhythms: tuple[tuple[int, int, str], ...], fs: float, start_s: float, end_s: float
) -> dict[str, float]:
    """Share of [start_s, end_s) covered by each class (UNKNOWN for unmapped rhythm notes)."""
    coverage: dict[str, float] = {}
    span = end_s - start_s
    for seg_start, seg_end, note in rhythms:
        overlap = min(end_s, seg_end / fs) - max(start_s, seg_start / fs)
        if overlap > 0:
            name = config.RHYTHM_TO_CLASS.get(note, UNKNOWN)
            coverage[name] = coverage.get(name, 0.0) + overlap / span
    return coverage


def window_label(coverage: dict[str, float], min_purity: float) -> str | None:
    if not coverage:
        return None
    name, share = max(coverage.items(), key=lambda item: item[1])
    if name == UNKNOWN or share < min_purity:
        return None
    return name


def iter_windows(
    record: EcgRecord,
    stride_s: float = config.WINDOW_S,
    min_purity: float = config.MIN_LABEL_PURITY,
) -> Iterator[Window]:
    """Windows of the record at the model rate, labelled from its rhythm annotations."""
    ratio = resample_ratio(record.fs)
    if abs(float(ratio) * record.fs / config.MODEL_FS_HZ - 1.0) > 1e-4:
        raise RecordError(
            f"{record.path}: sampling rate {record.fs:g} Hz has no exact resampling ratio to "
            f"{config.MODEL_FS_HZ} Hz"
        )
    signal = resample(record.signal, record.fs)
    stride = int(round(stride_s * config.MODEL_FS_HZ))
    gaps = [(a / record.fs, b / record.fs) for a, b in record.gaps]
    for start in range(0, len(signal) - config.WINDOW_SAMPLES + 1, stride):
        start_s = start / config.MODEL_FS_HZ
        end_s = start_s + config.WINDOW_S
        label = None
        if record.rhythms:
            coverage = class_coverage(record.rhythms, record.fs, start_s, end_s)
            label = window_label(coverage, min_purity)
        gap = any(a < end_s and b > start_s for a, b in gaps)
        yield Window(start_s, signal[start : start + config.WINDOW_SAMPLES], label, gap)


def record_to_examples(
    path: str,
    stride_s: float = config.TRAIN_STRIDE_S,
    min_purity: float = config.MIN_LABEL_PURITY,
    annotation_extension: str = config.ANNOTATION_EXTENSION,
    lead: int = 0,
):
    """tf.train.Examples for every labelled window of one record (the ExampleGen's record_fn).

    Raises ``RecordError`` for unreadable records; the ExampleGen quarantines them.
    """
    import tensorflow as tf

    record = read_record(path, annotation_extension=annotation_extension, lead=lead)
    for window in iter_windows(record, stride_s=stride_s, min_purity=min_purity):
        if window.label is None or window.gap:
            continue
        if not np.all(np.isfinite(window.samples)):
            continue
        feature = {
            config.ECG_KEY: tf.train.Feature(float_list=tf.train.FloatList(value=window.samples)),
            config.LABEL_KEY: _bytes(window.label),
            config.PATIENT_KEY: _bytes(record.patient_id),
            config.RECORD_KEY: _bytes(record.name),
            config.START_KEY: tf.train.Feature(
                float_list=tf.train.FloatList(value=[window.start_s])
            ),
            config.SOURCE_FS_KEY: tf.train.Feature(
                int64_list=tf.train.Int64List(value=[int(round(record.fs))])
            ),
        }
        yield tf.train.Example(features=tf.train.Features(feature=feature))


def _bytes(text: str):
    import tensorflow as tf

    return tf.train.Feature(bytes_list=tf.train.BytesList(value=[text.encode()]))
