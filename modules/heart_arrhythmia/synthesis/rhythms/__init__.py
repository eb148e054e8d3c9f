"""The rhythm catalogue: every rhythm the generator draws, its annotation and its rate range.

Each rhythm family has its own module (sinus, group beating, AV block, other atrial rhythms,
fibrillation, flutter). A rhythm's class is what ``config.RHYTHM_TO_CLASS`` maps its aux-note
to, so the synthetic data and real PhysioNet data are labelled by the same table. Notes follow
the MIT-BIH conventions where one exists; ``(ATR``, ``(MAT`` and ``(EAR`` are this generator's
own (PhysioNet has no code for them) and map to OTHER.
"""

from __future__ import annotations

from modules.heart_arrhythmia import config
from modules.heart_arrhythmia.synthesis.rhythms import (
    atrial,
    av_block,
    ectopy,
    fibrillation,
    flutter,
    sinus,
)
from modules.heart_arrhythmia.synthesis.rhythms.base import Episode, EpisodeContext, Rhythm

_CATALOGUE = (
    # NORMAL: the sinus node drives every beat.
    Rhythm(
        "normal_sinus", "(N", (55, 100), 0.3, sinus.normal_sinus, "sinus rhythm, occasional ectopy"
    ),
    Rhythm(
        "sinus_tachycardia", "(N", (100, 180), 0.24, sinus.sinus_tachycardia, "sinus tachycardia"
    ),
    Rhythm(
        "sinus_bradycardia", "(SBR", (35, 59), 0.1, sinus.sinus_bradycardia, "sinus bradycardia"
    ),
    Rhythm(
        "sinus_arrhythmia",
        "(N",
        (50, 90),
        0.1,
        sinus.sinus_arrhythmia,
        "marked respiratory sinus arrhythmia",
    ),
    Rhythm(
        "sinus_pauses",
        "(N",
        (50, 100),
        0.07,
        sinus.sinus_pauses,
        "sinus arrest / exit block pauses of 1.6-3.5 s",
    ),
    Rhythm(
        "first_degree_av_block",
        "(N",
        (50, 100),
        0.09,
        sinus.first_degree_av_block,
        "PR 0.21-0.40 s",
    ),
    Rhythm(
        "frequent_pacs",
        "(N",
        (55, 110),
        0.09,
        sinus.frequent_pacs,
        "sinus with 8-30 % isolated PACs",
    ),
    Rhythm(
        "frequent_pvcs",
        "(N",
        (55, 110),
        0.09,
        sinus.frequent_pvcs,
        "sinus with 8-30 % isolated PVCs",
    ),
    # OTHER: any other rhythm that is neither AF nor flutter.
    Rhythm(
        "wenckebach",
        "(BII",
        (40, 100),
        0.13,
        av_block.wenckebach,
        "second-degree AV block, Mobitz I",
    ),
    Rhythm(
        "av_block_2to1",
        "(BII",
        (35, 80),
        0.1,
        av_block.av_block_2to1,
        "second-degree AV block, 2:1",
    ),
    Rhythm(
        "atrial_bigeminy", "(AB", (55, 130), 0.1, ectopy.atrial_bigeminy, "every second beat a PAC"
    ),
    Rhythm(
        "atrial_trigeminy",
        "(ATR",
        (55, 120),
        0.06,
        ectopy.atrial_trigeminy,
        "every third beat a PAC",
    ),
    Rhythm(
        "ventricular_bigeminy",
        "(B",
        (55, 130),
        0.12,
        ectopy.ventricular_bigeminy,
        "every second beat a PVC",
    ),
    Rhythm(
        "ventricular_trigeminy",
        "(T",
        (55, 120),
        0.08,
        ectopy.ventricular_trigeminy,
        "every third beat a PVC",
    ),
    Rhythm(
        "multifocal_atrial_tachycardia",
        "(MAT",
        (100, 150),
        0.22,
        atrial.multifocal_atrial_tachycardia,
        ">= 3 P morphologies, irregular",
    ),
    Rhythm(
        "junctional",
        "(J",
        (40, 110),
        0.13,
        atrial.junctional_rhythm,
        "junctional escape / accelerated",
    ),
    Rhythm(
        "ectopic_atrial",
        "(EAR",
        (50, 110),
        0.13,
        atrial.ectopic_atrial_rhythm,
        "one ectopic atrial focus",
    ),
    # AFIB
    Rhythm(
        "atrial_fibrillation",
        "(AFIB",
        (55, 150),
        0.52,
        fibrillation.atrial_fibrillation,
        "AF at the patient's usual rate",
    ),
    Rhythm(
        "af_slow",
        "(AFIB",
        (40, 65),
        0.18,
        fibrillation.af_slow_response,
        "AF, slow ventricular response",
    ),
    Rhythm(
        "af_fast",
        "(AFIB",
        (130, 190),
        0.15,
        fibrillation.af_fast_response,
        "AF, fast ventricular response",
    ),
    Rhythm(
        "af_aberrant",
        "(AFIB",
        (60, 150),
        0.15,
        fibrillation.af_with_aberrancy,
        "AF with 10-30 % aberrant beats",
    ),
    # AFL (rate: atrial)
    Rhythm(
        "flutter_fixed_block",
        "(AFL",
        (240, 340),
        0.45,
        flutter.flutter_fixed_block,
        "typical flutter, 2:1 / 3:1 / 4:1",
    ),
    Rhythm(
        "flutter_variable_block",
        "(AFL",
        (240, 340),
        0.35,
        flutter.flutter_variable_block,
        "typical flutter, variable block",
    ),
    Rhythm(
        "atypical_flutter",
        "(AFL",
        (220, 330),
        0.2,
        flutter.atypical_flutter,
        "discrete atrial waves",
    ),
)

RHYTHMS: dict[str, Rhythm] = {r.name: r for r in _CATALOGUE}


def rhythm_class(rhythm: Rhythm) -> str:
    return config.RHYTHM_TO_CLASS[rhythm.aux_note]


def rhythms_of_class(class_name: str) -> list[Rhythm]:
    return [r for r in _CATALOGUE if rhythm_class(r) == class_name]


# Rhythms that are neither AF nor flutter: the AF mimics the benchmark scores false alarms on.
MIMICS: tuple[str, ...] = tuple(
    r.name
    for r in _CATALOGUE
    if rhythm_class(r) in ("NORMAL", "OTHER") and r.name != "normal_sinus"
)

__all__ = [
    "RHYTHMS",
    "MIMICS",
    "Episode",
    "EpisodeContext",
    "Rhythm",
    "rhythm_class",
    "rhythms_of_class",
]
