"""Evaluation-only audio: voices and recordings the training corpus may never use.

- **Independent keyword set**: festival's ``ked`` (diphone) and ``cmu_us_slt_arctic_hts`` (HTS,
  a statistical-parametric engine) voices, neither allowed for training, in the same layout and
  conditions as the corpus (noise realisations and rooms of their own seed).
- **Keyword-free audio** for false accepts per hour: sentences without keywords spoken by
  held-out and independent voices over noise, the noise textures alone, music-like tones, and
  real read speech shipped by Debian (``pocketsphinx-testdata``: LibriVox and card-game
  utterances; no keyword in their transcripts).

Used only to score models (``benchmarks/keyword_spotting.py``), never to tune the corpus.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np

from modules.audio import noise, tts
from modules.audio.io import read_audio, write_wav
from modules.keyword_spotting import config, synthesis

INDEPENDENT_VOICES = (
    tts.Voice("festival", "ked_diphone"),
    tts.Voice("festival", "cmu_us_slt_arctic_hts"),
)
# Real read speech without keywords (Debian package pocketsphinx-testdata).
POCKETSPHINX_DATA = Path("/usr/share/pocketsphinx/test/data")
REAL_SPEECH = ("librivox/*.wav", "cards/*.wav")

KEYWORD_FREE_SENTENCES = (
    *synthesis.SENTENCES,
    "the library closes early on sundays",  # "on" inside a sentence is not the keyword "on"
    "her brother bought a new bicycle",
    "the train was late again this morning",
    "we planted tomatoes and beans in the garden",
    "the meeting has been moved to thursday",
    "i think the soup needs more salt",
    "the cat slept by the warm window",
    "open the box carefully",
    "the river was wide and calm",
    "tomorrow will be cloudy with light rain",
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


def write_keyword_free(out: str | Path, seed: int = 11, speech_minutes: float = 10.0) -> dict:
    """Long keyword-free recordings; returns {name: (path, seconds)} (kept when present)."""
    out = Path(out)
    index = out / "recordings.json"
    if index.is_file():
        return {k: (out / v[0], v[1]) for k, v in json.loads(index.read_text()).items()}
    rng = np.random.default_rng(seed)
    rate = config.SAMPLE_RATE
    recordings: dict[str, tuple[Path, float]] = {}

    voices = [s for s in synthesis.plan_speakers(synthesis.DEFAULT_SYNTHESIS) if s.split == "test"]
    voices += independent_speakers(seed)
    voices = [v for v in voices if tts.available(v.voice.engine)]
    pieces, total = [], 0.0
    textures = list(noise.TEXTURES)
    while total < speech_minutes * 60 and voices:
        speaker = voices[int(rng.integers(len(voices)))]
        sentence = KEYWORD_FREE_SENTENCES[int(rng.integers(len(KEYWORD_FREE_SENTENCES)))]
        speech = tts.speak(speaker.voice, sentence, speaker.character, rate)
        speech = speech / (np.max(np.abs(speech)) or 1.0) * 10 ** (rng.uniform(-20, -1) / 20)
        pause = np.zeros(int(rate * rng.uniform(0.3, 1.5)), np.float32)
        pieces += [speech, pause]
        total += (len(speech) + len(pause)) / rate
    if pieces:
        speech = np.concatenate(pieces)
        background = noise.TEXTURES[textures[int(rng.integers(len(textures)))]](
            rng, len(speech) / rate, rate
        )
        speech_rms = float(np.sqrt(np.mean(speech**2))) or 1.0
        snr_db = 20.0
        mixed = speech + background / noise.NOISE_RMS * speech_rms * 10 ** (-snr_db / 20)
        recordings["tts_speech"] = (write_wav(out / "tts_speech.wav", _peak(mixed), rate), total)

    noise_pieces = [noise.TEXTURES[name](rng, 60.0, rate) for name in textures]
    noise_audio = np.concatenate(noise_pieces) * 4
    recordings["noise"] = (write_wav(out / "noise.wav", noise_audio, rate), len(noise_audio) / rate)
    tones = noise.tones(rng, 180.0, rate) * 4
    recordings["tones"] = (write_wav(out / "tones.wav", tones, rate), len(tones) / rate)

    real = []
    for pattern in REAL_SPEECH:
        for path in sorted(POCKETSPHINX_DATA.glob(pattern)):
            real += [read_audio(path, rate).samples, np.zeros(int(0.5 * rate), np.float32)]
    if real:
        audio = np.concatenate(real)
        recordings["real_speech"] = (
            write_wav(out / "real_speech.wav", audio, rate),
            len(audio) / rate,
        )
    return recordings


def _peak(x: np.ndarray, peak: float = 0.9) -> np.ndarray:
    return (x / (np.max(np.abs(x)) or 1.0) * peak).astype(np.float32)
