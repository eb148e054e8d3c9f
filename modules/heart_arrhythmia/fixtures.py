"""Small data sets of the heart model's own formats, for the zoo's contract tests and demos.

``write_tiny_dataset`` is what the registry-contract test runs the whole pipeline on: a few
clean one-rhythm records per class whose patients are chosen so that every class lands in both
the training and the evaluation split (the Evaluator's per-class recall floor refuses a model
whose recall for a class it cannot measure). ``write_predict_inputs`` writes records
``modelzoo predict`` must accept (one named with ``.hea``, one without).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from modules.heart_arrhythmia import config
from modules.heart_arrhythmia.synthesis import synthesize_record, write_record

TINY_RECORD_S = 15.0
# One clear-cut rhythm per class: the contract test checks the plumbing, in about a thousand steps.
# Many short records rather than a few long ones: with 5 patients a class the network learnt each
# patient's beat shape and scored 0.40-0.43 on the evaluation patients (a flaky bless); with 30
# it learns the rhythm (0.73).
TINY_RHYTHMS = {
    "NORMAL": "normal_sinus",
    "OTHER": "ventricular_bigeminy",
    "AFIB": "atrial_fibrillation",
    "AFL": "flutter_fixed_block",
}
TINY_TRAIN_PATIENTS, TINY_EVAL_PATIENTS = 30, 8  # per class
# The pipeline's hash split: 4 of 5 buckets train, 1 evaluation (pipelines/heart_arrhythmia.py).
SPLIT_BUCKETS = 5


def in_eval_split(patient_id: str) -> bool:
    """Whether TFX's ExampleGen puts this patient in the evaluation split.

    TFX hashes the serialized partition feature (``tf.train.Feature`` with one bytes value):
    ``sha256(bytes) % buckets``; the last bucket is the evaluation split. The bytes are the
    protobuf encoding, written out here so that no TensorFlow import is needed.
    """
    value = patient_id.encode()
    bytes_list = b"\x0a" + bytes([len(value)]) + value
    feature = b"\x0a" + bytes([len(bytes_list)]) + bytes_list
    return int(hashlib.sha256(feature).hexdigest(), 16) % SPLIT_BUCKETS == SPLIT_BUCKETS - 1


def _write(out: Path, name: str, class_name: str, seed: int, seconds: float) -> Path:
    rng = np.random.default_rng(seed)
    rec = synthesize_record(rng, 250, seconds, rhythms=[TINY_RHYTHMS[class_name]], snr_db=24.0)
    return write_record(rec, out, name, [f"{config.PATIENT_COMMENT_KEY}: {name}"])


def write_tiny_dataset(out: str | Path) -> list[Path]:
    """Per class 30 training and 8 evaluation patients, one clean 15 s record of the class's
    ``TINY_RHYTHMS`` rhythm each."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for c, class_name in enumerate(config.CLASS_NAMES):
        wanted = {False: TINY_TRAIN_PATIENTS, True: TINY_EVAL_PATIENTS}
        i = 0
        while any(wanted.values()):
            name = f"tiny_{class_name.lower()}_{i}"
            split = in_eval_split(name)
            if wanted[split]:
                wanted[split] -= 1
                paths.append(_write(out, name, class_name, 1000 + 100 * c + i, TINY_RECORD_S))
            i += 1
    return paths


def write_predict_inputs(out: str | Path) -> list[Path]:
    """Two 30 s records predict must accept: one named with ``.hea``, one without."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    sinus = _write(out, "predict_sinus", "NORMAL", 7, 30.0)
    af = _write(out, "predict_af", "AFIB", 8, 30.0)
    return [sinus.with_suffix(".hea"), af]
