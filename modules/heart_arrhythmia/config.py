"""One place for the heart-arrhythmia model's data contract.

Every stage (synthesis, ExampleGen, Transform, Trainer, Pusher, predict CLI, firmware)
reads these constants, so the rate, window and class order cannot drift apart.
"""

from __future__ import annotations

MODEL_NAME = "heart_arrhythmia"

# Signal contract: every record is resampled to this rate and cut into fixed windows.
MODEL_FS_HZ = 100
WINDOW_S = 10
WINDOW_SAMPLES = MODEL_FS_HZ * WINDOW_S
# Training windows overlap by half; inference windows do not.
TRAIN_STRIDE_S = 5

# A window is labelled only when one rhythm covers at least this share of it;
# windows that straddle a rhythm change are ambiguous and dropped.
MIN_LABEL_PURITY = 0.9

# Class order is the model's output order and the firmware's label table.
CLASS_NAMES: tuple[str, ...] = ("NORMAL", "AFIB", "AFL")
CLASS_DESCRIPTIONS = {
    "NORMAL": "sinus rhythm and any rhythm that is neither atrial fibrillation nor flutter",
    "AFIB": "atrial fibrillation",
    "AFL": "atrial flutter",
}

# The Evaluator refuses a model whose recall of any class is below this (classifier_eval.py).
MIN_CLASS_RECALL = 0.5

# PhysioNet rhythm aux-notes (AFDB, LTAFDB, MIT-BIH conventions) -> class.
# Notes not listed here are "unknown": windows covered by them are dropped.
RHYTHM_TO_CLASS: dict[str, str] = {
    "(N": "NORMAL",
    "(SBR": "NORMAL",
    "(SVTA": "NORMAL",
    "(B": "NORMAL",
    "(T": "NORMAL",
    "(IVR": "NORMAL",
    "(BII": "NORMAL",
    "(AB": "NORMAL",
    "(NOD": "NORMAL",
    "(J": "NORMAL",
    "(P": "NORMAL",
    "(PREX": "NORMAL",
    "(AFIB": "AFIB",
    "(AFL": "AFL",
}

# WFDB annotation file extension that carries the rhythm aux-notes.
ANNOTATION_EXTENSION = "atr"

# Header comment key that names the patient; records without it use their record name.
PATIENT_COMMENT_KEY = "patient"

# tf.Example feature keys written by the ExampleGen.
ECG_KEY = "ecg"
LABEL_KEY = "label"
PATIENT_KEY = "patient_id"
RECORD_KEY = "record_id"
START_KEY = "start_s"
SOURCE_FS_KEY = "source_fs"
