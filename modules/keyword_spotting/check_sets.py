"""Evaluation-only keyword clips: voices the training corpus may never use.

festival's ``ked`` (diphone) and ``cmu_us_slt_arctic_hts`` (HTS, a statistical-parametric
engine) voices, neither allowed for training, in the same layout and conditions as the corpus
(noise realisations and rooms of their own seed). Keyword-free audio for false accepts per hour
is in ``keyword_free.py``. Used only to score models (``benchmarks/keyword_spotting.py``), never
to tune the corpus.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from modules.audio import tts
from modules.keyword_spotting import synthesis

INDEPENDENT_VOICES = (
    tts.Voice("festival", "ked_diphone"),
    tts.Voice("festival", "cmu_us_slt_arctic_hts"),
)


def independent_speakers(seed: int = 7, per_voice: int = 8) -> list[synthesis.Speaker]:
    """Each independent voice as itself and with ``per_voice - 1`` other characters."""
    rng = np.random.default_rng(seed)
    speakers = []
    for voice in INDEPENDENT_VOICES:
        if not _festival_voice_installed(voice.name):
            continue
        for k in range(per_voice):
            character = tts.Rendering(
                rate=float(rng.uniform(0.85, 1.25)),
                pitch=1.0 if k == 0 else float(np.exp(rng.uniform(np.log(0.8), np.log(1.3)))),
                vtl=1.0 if k == 0 else float(np.exp(rng.uniform(np.log(0.9), np.log(1.12)))),
            )
            speakers.append(
                synthesis.Speaker(voice, character, "test", seed * 1000 + len(speakers))
            )
    return speakers


def _festival_voice_installed(name: str) -> bool:
    return tts.available("festival") and any(
        (root / name).is_dir() for root in Path("/usr/share/festival/voices").glob("*")
    )


def write_independent_set(root: str | Path, seed: int = 7, per_voice: int = 8, progress=True):
    """Keyword clips by the independent voices (Speech Commands layout, all in the test list)."""
    speakers = independent_speakers(seed, per_voice)
    if not speakers:
        raise tts.TTSError(
            "no independent voice installed: install festvox-kdlpc16k festvox-us-slt-hts"
        )
    cfg = replace(synthesis.DEFAULT_SYNTHESIS, seed=seed, rooms_per_split=20)
    return synthesis.write_corpus(root, cfg, progress=progress, speakers=speakers)
