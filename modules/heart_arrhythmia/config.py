"""One place for the heart-arrhythmia model's data contract.

Every stage (synthesis, ExampleGen, Transform, Trainer, Pusher, predict CLI, firmware)
reads these constants, so the rate, window and class order cannot drift apart.
"""

from __future__ import annotations

MODEL_NAME = "heart_arrhythmia"

# Signal contract: every record is resampled to this rate and cut into fixed windows.
MODEL_FS_HZ = 100
# Sampling rates a record may have: outside this range the time base or the ECG band cannot be
# trusted (1 Hz holds no ECG; at 200 kHz the resampling ratio cannot be represented), so such
# records are refused with one line.
MIN_SOURCE_FS_HZ = 50
MAX_SOURCE_FS_HZ = 2000
WINDOW_S = 10
WINDOW_SAMPLES = MODEL_FS_HZ * WINDOW_S
# Training windows overlap by half; inference windows do not.
TRAIN_STRIDE_S = 5

# A window is labelled only when one rhythm covers at least this share of it;
# windows that straddle a rhythm change are ambiguous and dropped.
MIN_LABEL_PURITY = 0.9

# Class order is the model's output order and the firmware's label table.
CLASS_NAMES: tuple[str, ...] = ("NORMAL", "OTHER", "AFIB", "AFL")
CLASS_DESCRIPTIONS = {
    "NORMAL": "sinus rhythm at any rate (also sinus arrhythmia, pauses, first-degree AV block "
    "and isolated ectopic beats)",
    "OTHER": "any other rhythm that is neither atrial fibrillation nor flutter (AV block, "
    "bigeminy / trigeminy, junctional, ectopic atrial, MAT, SVT, ventricular rhythms, ...)",
    "AFIB": "atrial fibrillation",
    "AFL": "atrial flutter",
}
# The classes that count as "AF" for burden and false alarms, and the non-AF ones.
AF_CLASSES: tuple[str, ...] = ("AFIB", "AFL")
NON_AF_CLASSES: tuple[str, ...] = ("NORMAL", "OTHER")
# Windows the signal-quality gate refuses are reported with this name, never as a rhythm.
UNREADABLE = "UNREADABLE"

# The Evaluator refuses a model whose recall of any class is below this (classifier_eval.py):
# above the 0.25 of guessing among four classes, so a class the model never says (or one missing
# from the evaluation split) is refused, while short test runs on tiny data still bless.
MIN_CLASS_RECALL = 0.3

# PhysioNet rhythm aux-notes (AFDB, LTAFDB, MIT-BIH conventions) -> class.
# Notes not listed here are "unknown": windows covered by them are dropped. (ATR, (MAT and
# (EAR are the synthetic generator's own notes for rhythms PhysioNet has no code for.
RHYTHM_TO_CLASS: dict[str, str] = {
    "(N": "NORMAL",
    "(SBR": "NORMAL",  # sinus bradycardia is sinus rhythm
    "(AB": "OTHER",  # atrial bigeminy
    "(ATR": "OTHER",  # atrial trigeminy
    "(B": "OTHER",  # ventricular bigeminy
    "(T": "OTHER",  # ventricular trigeminy
    "(BII": "OTHER",  # second-degree heart block
    "(J": "OTHER",  # junctional rhythm (AFDB)
    "(NOD": "OTHER",  # nodal (A-V junctional) rhythm
    "(EAR": "OTHER",  # ectopic atrial rhythm
    "(MAT": "OTHER",  # multifocal atrial tachycardia
    "(SVTA": "OTHER",  # supraventricular tachyarrhythmia
    "(IVR": "OTHER",  # idioventricular rhythm
    "(VT": "OTHER",  # ventricular tachycardia
    "(VFL": "OTHER",  # ventricular flutter
    "(P": "OTHER",  # paced rhythm
    "(PREX": "OTHER",  # pre-excitation (WPW)
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

# Keys the pipeline adds to the pushed package's manifest (predict and the firmware read them).
MANIFEST_EXTRAS = {
    "sample_rate_hz": MODEL_FS_HZ,
    "window_samples": WINDOW_SAMPLES,
    "source_fs_range_hz": [MIN_SOURCE_FS_HZ, MAX_SOURCE_FS_HZ],
    "preprocessing": "modules.heart_arrhythmia.features",
    "quality_gate": "modules.heart_arrhythmia.quality (C: firmware/frontends/ecg/zoo_ecg_quality)",
    "unreadable_label": UNREADABLE,
    "disclaimer": "Demonstration model, not a medical device.",
}
