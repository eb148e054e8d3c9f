"""Synthetic data sets on disk: how many patients and records, and the embedded default set."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tqdm.auto import tqdm

from modules.heart_arrhythmia import config as contract
from modules.heart_arrhythmia.synthesis import noise, recorder
from modules.heart_arrhythmia.synthesis.patients import draw_patient
from modules.heart_arrhythmia.synthesis.record import DEFAULT_CLASS_WEIGHTS, synthesize_record
from modules.heart_arrhythmia.synthesis.wfdb_writer import write_record

GENERATOR_NAME = "modelzoo-synth"
GENERATOR_VERSION = "3"


@dataclass(frozen=True)
class SynthesisConfig:
    """How much synthetic data to write and how."""

    n_patients: int = 40
    records_per_patient: int = 1
    record_minutes: float = 5.0
    fs_choices: tuple[int, ...] = (250, 360)
    # Each record draws its SNR uniformly from this range (dB, NSTDB convention).
    snr_db_range: tuple[float, float] = noise.SNR_RANGE_DB
    noise_scale: float = 1.0  # multiplies every record's noise (0: clean)
    noise_models: tuple[str, ...] | None = None  # fixed mixture; None: drawn per record
    rhythm_weights: tuple[float, ...] = DEFAULT_CLASS_WEIGHTS  # per class, CLASS_NAMES order
    rhythms: tuple[str, ...] | None = None  # restrict to these rhythms of the catalogue
    beat_model: str | None = None  # "gaussian" / "dipole"; None: drawn per patient
    seed: int = 0


# The embedded default data set: many short patients beat few long ones for generalisation.
DEFAULT_DATASET = SynthesisConfig(n_patients=3000, record_minutes=1.0, seed=0)


def patient_id(index: int) -> str:
    return f"p{index:04d}"


def record_name(patient_index: int, record_index: int) -> str:
    return f"{patient_id(patient_index)}_r{record_index + 1:02d}"


def write_dataset(
    out_dir: str | Path, config: SynthesisConfig = SynthesisConfig(), progress: bool = True
) -> list[Path]:
    """Write a synthetic data set in AFDB's layout and return the record paths (no suffix).

    Each record gets ``.hea`` (header comments ``patient: pNNNN``, ``generator:
    modelzoo-synth``, the seed, SNR, noise models, beat model and seconds per rhythm), ``.dat``
    and ``.atr`` (rhythm '+' annotations with aux notes at each rhythm start, the first at
    sample 0, plus beat annotations 'N', 'A', 'V' at R peaks). ``RECORDS`` lists the names.
    """
    cfg = config
    if not cfg.fs_choices:
        raise ValueError("fs_choices must not be empty")
    lo, hi = cfg.snr_db_range
    if lo > hi:
        raise ValueError(f"snr_db_range must be (low, high), got {cfg.snr_db_range}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    duration_s = cfg.record_minutes * 60.0
    root = np.random.SeedSequence(cfg.seed)
    paths: list[Path] = []
    total = cfg.n_patients * cfg.records_per_patient
    with tqdm(total=total, desc="synthesizing ECG", unit="rec", disable=not progress) as bar:
        for p, pseq in enumerate(root.spawn(cfg.n_patients)):
            children = pseq.spawn(1 + cfg.records_per_patient)
            patient = draw_patient(np.random.default_rng(children[0]), cfg.beat_model)
            for r in range(cfg.records_per_patient):
                rng = np.random.default_rng(children[1 + r])
                fs = int(cfg.fs_choices[int(rng.integers(len(cfg.fs_choices)))])
                fmt, gain, baseline = recorder.storage(rng)
                snr = float(rng.uniform(lo, hi))
                rec = synthesize_record(
                    rng,
                    fs,
                    duration_s,
                    cfg.noise_scale,
                    cfg.rhythm_weights,
                    patient=patient,
                    rhythms=cfg.rhythms,
                    snr_db=snr,
                    noise_models=cfg.noise_models,
                )
                shares: dict[str, float] = {}
                for seg in rec.segments:
                    shares[seg.rhythm] = shares.get(seg.rhythm, 0.0) + (seg.end - seg.start) / fs
                comments = [
                    f"{contract.PATIENT_COMMENT_KEY}: {patient_id(p)}",
                    f"generator: {GENERATOR_NAME}",
                    f"generator_version: {GENERATOR_VERSION}",
                    f"seed: {cfg.seed}",
                    f"record_index: {r}",
                    f"beat_model: {patient.beat_model}",
                    f"snr_db: {rec.info['snr_db']:g}",
                    f"noise_models: {rec.info['noise_models']}",
                    f"noise_scale: {cfg.noise_scale:g}",
                    "rhythm_seconds: " + " ".join(f"{k}={v:.1f}" for k, v in shares.items()),
                ]
                paths.append(
                    write_record(rec, out, record_name(p, r), comments, fmt, gain, baseline)
                )
                bar.update(1)
    (out / "RECORDS").write_text("".join(f"{p.name}\n" for p in paths))
    return paths
