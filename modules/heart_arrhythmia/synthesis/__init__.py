"""Synthetic single-lead ECG written as WFDB records in the MIT-BIH AF Database layout.

The model's embedded default data set. The model is scored on ECG from other simulators, real
recorded noise and a set of AF mimics, so the generator aims at physiological variety rather
than at one clean template. One module per concern:

* ``morphology``: two beat models (scalar sum of Gaussians; 3-D dipole projected on a lead,
  with lead, axis and electrode-placement variation);
* ``patients``: what stays the same for one person;
* ``rhythms``: the rhythm catalogue, one module per family (sinus, group beating, AV block,
  other atrial rhythms, fibrillation, flutter), each rhythm with its own rate range;
* ``beats``: beat kinds and rendering (PR, QT, P wave foci, blocked P waves, aberrancy);
* ``noise``: five noise models and their mixtures at -6..24 dB SNR; ``recorder``: filters and
  storage;
* ``record``: one record from a rhythm plan; ``wfdb_writer``: the files; ``dataset``: data
  sets and the default one.

Everything is drawn from ``numpy.random.Generator`` objects derived from one seed, so the same
:class:`SynthesisConfig` always writes byte-identical files.
"""

from modules.heart_arrhythmia.synthesis.dataset import (
    DEFAULT_DATASET,
    GENERATOR_NAME,
    SynthesisConfig,
    patient_id,
    record_name,
    write_dataset,
)
from modules.heart_arrhythmia.synthesis.patients import PatientParams, draw_patient
from modules.heart_arrhythmia.synthesis.record import (
    DEFAULT_CLASS_WEIGHTS,
    RhythmSegment,
    SyntheticRecord,
    synthesize_record,
)
from modules.heart_arrhythmia.synthesis.rhythms import MIMICS, RHYTHMS
from modules.heart_arrhythmia.synthesis.wfdb_writer import write_record

__all__ = [
    "DEFAULT_CLASS_WEIGHTS",
    "DEFAULT_DATASET",
    "GENERATOR_NAME",
    "MIMICS",
    "PatientParams",
    "RHYTHMS",
    "RhythmSegment",
    "SynthesisConfig",
    "SyntheticRecord",
    "draw_patient",
    "patient_id",
    "record_name",
    "synthesize_record",
    "write_dataset",
    "write_record",
]
