"""Tiny data for the zoo's registry-contract tests: a few short records of every class, and
records predict must accept (one given with ``.hea``, one without)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from modules.heart_arrhythmia import config
from modules.heart_arrhythmia.synthesis import synthesize_record, write_record

TINY_RECORD_S = 40.0
TINY_RECORDS_PER_CLASS = 2


def _write(out: Path, name: str, class_name: str, seed: int, seconds: float) -> Path:
    weights = [1.0 if c == class_name else 0.0 for c in config.CLASS_NAMES]
    rec = synthesize_record(np.random.default_rng(seed), 250, seconds, 0.5, weights, snr_db=18.0)
    return write_record(rec, out, name, [f"{config.PATIENT_COMMENT_KEY}: {name}"])


def write_tiny_dataset(out: str | Path) -> list[Path]:
    """Two 40 s records per class (8 records, ~30 labelled windows at the training stride)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for c, class_name in enumerate(config.CLASS_NAMES):
        for i in range(TINY_RECORDS_PER_CLASS):
            name = f"tiny_{class_name.lower()}_{i}"
            paths.append(_write(out, name, class_name, 1000 + 10 * c + i, TINY_RECORD_S))
    return paths


def write_predict_inputs(out: str | Path) -> list[Path]:
    """Two 30 s records predict must accept: one named with ``.hea``, one without."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    sinus = _write(out, "predict_sinus", "NORMAL", 7, 30.0)
    af = _write(out, "predict_af", "AFIB", 8, 30.0)
    return [sinus.with_suffix(".hea"), af]
