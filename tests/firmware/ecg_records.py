"""Small synthetic WFDB records for the front-end tests: the sensor counts the firmware would see.

One record per sensor rate the tests cover, with the storage formats, gains and baselines real
recorders use, so the integer front end meets 12-bit and 16-bit ranges and an ADC offset.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import wfdb

from modules.heart_arrhythmia import synthesis


@dataclass(frozen=True)
class RecordSpec:
    fs: int
    fmt: str
    gain: float  # ADC counts per mV
    baseline: int
    noise_scale: float


SPECS = (
    RecordSpec(250, "212", 200.0, 1024, 1.0),
    RecordSpec(360, "16", 1000.0, 0, 2.0),
    RecordSpec(200, "16", 400.0, 0, 0.4),
    RecordSpec(100, "212", 200.0, 0, 1.0),
)
DURATION_S = 60.0


def write_records(out_dir: Path, specs=SPECS, duration_s: float = DURATION_S) -> list[Path]:
    """One record per spec (deterministic); returns the record paths without suffix."""
    paths = []
    for i, spec in enumerate(specs):
        rng = np.random.default_rng([2024, i])
        rec = synthesis.synthesize_record(rng, spec.fs, duration_s, spec.noise_scale)
        name = f"fe{i}_{spec.fs}hz"
        comments = [f"patient: fe{i}"]
        paths.append(
            synthesis.write_record(rec, out_dir, name, comments, spec.fmt, spec.gain, spec.baseline)
        )
    return paths


def sensor_counts(path: Path) -> tuple[np.ndarray, int]:
    """(digital - baseline as int64, sampling rate): what an ADC with zero offset delivers."""
    header = wfdb.rdheader(str(path))
    digital = wfdb.rdrecord(str(path), physical=False).d_signal[:, 0].astype(np.int64)
    return digital - int(header.baseline[0]), int(header.fs)
