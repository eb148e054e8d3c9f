"""What every rhythm generator takes and returns.

A generator gets an :class:`EpisodeContext` (the patient, breathing, the episode's time span and
when the last beat of the previous episode fell) and returns an :class:`Episode`: the beats it
fired, the atrial wave it adds for fibrillation and flutter (None otherwise), the start of every
flutter wave cycle, and the parameters it drew (kept in the record's ground truth).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from modules.heart_arrhythmia.synthesis.beats import Beat
from modules.heart_arrhythmia.synthesis.patients import PatientParams


@dataclass(frozen=True, eq=False)
class EpisodeContext:
    rng: np.random.Generator
    patient: PatientParams
    resp: Callable[[np.ndarray], np.ndarray]  # breathing phase signal (-1..1) at times (s)
    fs: int
    start_s: float
    end_s: float
    t_last: float  # time of the previous beat (negative at the record start)

    @property
    def i0(self) -> int:
        return int(round(self.start_s * self.fs))

    @property
    def i1(self) -> int:
        return int(round(self.end_s * self.fs))


@dataclass(frozen=True, eq=False)
class Episode:
    beats: list[Beat]
    params: dict
    atrial: np.ndarray | None = None  # f / F waves over samples [i0, i1), mV
    atrial_starts: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))


@dataclass(frozen=True)
class Rhythm:
    """One rhythm the generator can produce and how it is annotated."""

    name: str
    aux_note: str  # WFDB rhythm aux-note written for it; config.RHYTHM_TO_CLASS gives its class
    rate_bpm: tuple[float, float]  # ventricular rate range (atrial for flutter)
    weight: float  # share of its class's episodes
    generate: Callable[[EpisodeContext], Episode]
    description: str
