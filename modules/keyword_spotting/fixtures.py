"""Tiny inputs for the registry-contract tests: seconds to make, no TTS engine needed.

Clips are tones and noise bursts in the Speech Commands layout (a few per class, three speakers),
so a tiny pipeline, predict and a KFP compile can run for this model like for every other.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from modules.audio import corpus
from modules.audio.io import write_wav
from modules.keyword_spotting import config

RATE = config.SAMPLE_RATE
# The ExampleGen hash-splits on the speaker (4 train : 1 eval buckets); these ids put the last
# speaker in eval and the others in train, so every class is in both splits.
SPEAKERS = ("aaaa0001", "bbbb0002", "b0000008")


def _word_clip(rng: np.random.Generator, pitch_hz: float) -> np.ndarray:
    """A word stand-in: a 0.4 s gliding harmonic tone at a random onset, plus faint noise."""
    t = np.arange(int(0.4 * RATE)) / RATE
    glide = pitch_hz * (1 + 0.1 * t / t[-1])
    tone = sum(np.sin(2 * np.pi * np.cumsum(glide * k) / RATE) / k for k in (1, 2, 3))
    tone *= np.hanning(len(t))
    clip = 0.003 * rng.standard_normal(RATE)
    onset = int(rng.integers(0, RATE - len(t)))
    clip[onset : onset + len(t)] += 0.3 * tone
    return clip.astype(np.float32)


def write_tiny_dataset(out: Path, clips_per_class: int = 3) -> Path:
    """Every class of the default label set from each of three speakers, plus background noise."""
    out = Path(out)
    rng = np.random.default_rng(0)
    words = [*config.KEYWORDS, "marvin"]
    index = 0
    for speaker in SPEAKERS:
        for w, word in enumerate(words):
            for _ in range(clips_per_class):
                clip = _word_clip(rng, 150 * 1.22**w)  # classes a few semitones apart
                write_wav(corpus.clip_path(out, word, speaker, index), clip, RATE)
                index += 1
        for _ in range(clips_per_class):
            noise = (0.01 * rng.standard_normal(RATE)).astype(np.float32)
            write_wav(corpus.clip_path(out, corpus.SILENCE, speaker, index), noise, RATE)
            index += 1
    write_wav(out / corpus.BACKGROUND_DIR / "white.wav", 0.05 * rng.standard_normal(3 * RATE))
    return out


def write_predict_inputs(out: Path) -> list[Path]:
    """A 1 s clip and a 3 s recording that predict must accept."""
    out = Path(out)
    rng = np.random.default_rng(1)
    clip = write_wav(out / "clip.wav", _word_clip(rng, 200), RATE)
    long = np.concatenate([_word_clip(rng, 200), _word_clip(rng, 300), _word_clip(rng, 250)])
    recording = write_wav(out / "recording.wav", long, RATE)
    return [clip, recording]
