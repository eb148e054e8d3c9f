"""Small data sets of the heart model's own formats, for the zoo's contract tests and demos.

``write_tiny_dataset`` is what the registry-contract test runs the whole pipeline on: a few
clean synthetic patients with every rhythm class in both splits, small enough for a run of
minutes. ``write_predict_inputs`` writes records ``modelzoo predict`` must accept.
"""

from __future__ import annotations

from pathlib import Path

from modules.heart_arrhythmia.synthesis import SynthesisConfig, write_dataset

TINY_DATASET = SynthesisConfig(n_patients=16, record_minutes=2.0, noise_scale=0.5, seed=101)
PREDICT_INPUTS = SynthesisConfig(n_patients=2, record_minutes=1.0, noise_scale=0.5, seed=202)


def write_tiny_dataset(out: Path) -> None:
    write_dataset(out, TINY_DATASET, progress=False)


def write_predict_inputs(out: Path) -> list[Path]:
    return [Path(f"{path}.hea") for path in write_dataset(out, PREDICT_INPUTS, progress=False)]
