"""Write a synthetic record in the MIT-BIH AF Database layout (.hea, .dat, .atr)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import wfdb

from modules.heart_arrhythmia import config
from modules.heart_arrhythmia.synthesis.record import SyntheticRecord
from modules.heart_arrhythmia.synthesis.recorder import FMT_RANGE


def write_record(
    rec: SyntheticRecord,
    out_dir: str | Path,
    name: str,
    comments: Sequence[str],
    fmt: str = "212",
    adc_gain: float = 200.0,
    baseline: int = 0,
    beat_annotations: bool = True,
) -> Path:
    """Write ``rec`` as ``<out_dir>/<name>.hea/.dat/.atr`` and return the path without suffix."""
    out_dir = Path(out_dir)
    lo, hi = FMT_RANGE[fmt]
    digital = np.clip(np.round(rec.signal * adc_gain) + baseline, lo, hi).astype(np.int32)
    wfdb.wrsamp(
        name,
        fs=rec.fs,
        units=["mV"],
        sig_name=["ECG"],
        d_signal=digital[:, None],
        fmt=[fmt],
        adc_gain=[adc_gain],
        baseline=[baseline],
        comments=list(comments),
        write_dir=str(out_dir),
    )
    # Rhythm changes as '+' annotations (AFDB style), optionally beats at R peaks.
    samples = [s for s, _ in rec.rhythms]
    symbols = ["+"] * len(samples)
    aux = [note for _, note in rec.rhythms]
    if beat_annotations:
        samples += [int(s) for s in rec.beat_samples]
        symbols += list(rec.beat_symbols)
        aux += [""] * len(rec.beat_samples)
    # Rhythm annotation first when a beat shares its sample. No fs in the annotation file
    # (AFDB has none, and wfdb 4.1.2's wrann fails when given one).
    order = sorted(range(len(samples)), key=lambda i: (samples[i], symbols[i] != "+"))
    wfdb.wrann(
        name,
        config.ANNOTATION_EXTENSION,
        sample=np.array([samples[i] for i in order], dtype=np.int64),
        symbol=[symbols[i] for i in order],
        aux_note=[aux[i] for i in order],
        write_dir=str(out_dir),
    )
    return out_dir / name
