"""Hours of keyword-free audio for false accepts per hour (evaluation only).

A false-accept rate of 1 per hour cannot be measured on minutes of audio: one false accept in
20 minutes is already 3 per hour. This module writes about two hours, in files of a few
minutes each (so that no step holds an hour of audio in memory):

- **speech**: sentences from a small grammar (subject, verb, object, place or time; over
  150,000 different sentences) spoken by the corpus's held-out voices and the independent
  festival voices, over a noise texture at 5-30 dB SNR. A sentence is spoken only when its
  English phonemes hold none of a keyword's (``holds_keyword_sound``: "cup" holds "up",
  "gold" holds "go"), so every detection in it is a false accept;
- **noise**: each noise texture alone; **tones**: music-like tones;
- **real speech**: the read speech Debian's ``pocketsphinx-testdata`` ships (about 40 s; no
  keyword in its transcripts).

Deterministic by seed; speech files are rendered in parallel. The index ``recordings.json``
records the settings, and the set is rewritten when they change.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from itertools import islice
from pathlib import Path

import numpy as np

from modules.audio import noise, tts
from modules.audio.io import read_audio, write_wav
from modules.keyword_spotting import check_sets, config, synthesis

# Real read speech without keywords (Debian package pocketsphinx-testdata).
POCKETSPHINX_DATA = Path("/usr/share/pocketsphinx/test/data")
REAL_SPEECH = ("librivox/*.wav", "cards/*.wav")

SUBJECTS = (
    "the farmer", "my cousin", "a tall woman", "the teacher", "our family", "the little girl",
    "his father", "the doctor", "a friendly waiter", "the baker", "her grandmother",
    "the student", "a musician", "the captain", "the mayor", "a tourist", "the nurse",
    "the driver", "my uncle", "the children",
)  # fmt: skip
VERBS = (
    "painted", "carried", "cleaned", "visited", "measured", "bought", "sold", "repaired",
    "borrowed", "described", "admired", "washed", "delivered", "mentioned", "studied",
    "found", "remembered", "examined", "returned", "collected",
)  # fmt: skip
OBJECTS = (
    "a blue basket", "the heavy table", "three bottles of milk", "an antique clock",
    "the kitchen window", "a map of the city", "a pair of shoes", "the broken chair",
    "some fresh fish", "a wooden box", "the silver bracelet", "a bunch of flowers",
    "the yellow car", "twelve pencils", "a large painting", "the garden bench",
    "a small boat", "the family album", "a dozen eggs", "the red umbrella",
)  # fmt: skip
MODIFIERS = (
    "in the morning", "at breakfast", "near the bridge", "by the lake", "at the weekend",
    "before dinner", "with great care", "in the rain", "last summer", "every tuesday",
    "at the museum", "beside the river", "during the holiday", "in the evening",
    "with a smile", "at the market", "in the village", "last friday", "for the neighbours",
    "at midnight", "in the spring", "with her friends", "by the sea",
)  # fmt: skip

# Phoneme classes espeak-ng writes differently in different words (stress, vowel reduction):
# one spelling each, so that a keyword's sound is found whichever variant a word uses.
_SAME_SOUND = {"O2": "O", "O:": "O", "0": "O", "A:": "O", "aa": "O", "t2": "t", "t#": "t"}


def _sound(text: str) -> str:
    """``text``'s en-us phonemes, stress and word boundaries removed, variants merged."""
    tokens = tts.phoneme_tokens("".join(c for c in tts.english_phonemes(text) if c not in "',; "))
    return "".join(_SAME_SOUND.get(t, t) for t in tokens)


def holds_keyword_sound(text: str) -> bool:
    """Whether ``text`` holds a keyword's phonemes anywhere, across word boundaries too."""
    spoken = _sound(text)
    return any(_sound(keyword) in spoken for keyword in config.KEYWORDS)


def sentence_stream(rng: np.random.Generator) -> Iterator[str]:
    """Endless grammar sentences (with statement / question / exclamation prosody), none of
    which holds a keyword's sound."""
    while True:
        sentence = " ".join(str(rng.choice(p)) for p in (SUBJECTS, VERBS, OBJECTS, MODIFIERS))
        if not holds_keyword_sound(sentence):
            yield sentence + str(rng.choice([".", ".", "!", "?"]))


def keyword_free_sentences(n: int, seed: int) -> list[str]:
    """The first ``n`` sentences of the stream of ``seed``."""
    return list(islice(sentence_stream(np.random.default_rng(seed)), n))


@dataclass(frozen=True)
class KeywordFreeConfig:
    seed: int = 11
    speech_minutes: float = 60.0
    minutes_per_file: float = 5.0
    noise_minutes_per_texture: float = 5.0
    tone_minutes: float = 15.0
    snr_db: tuple[float, float] = (5.0, 30.0)
    workers: int = 2


DEFAULT_KEYWORD_FREE = KeywordFreeConfig()


def evaluation_speakers(seed: int) -> list[synthesis.Speaker]:
    """The corpus's held-out speakers and the independent voices (never trained on)."""
    planned = synthesis.plan_speakers(synthesis.DEFAULT_SYNTHESIS)
    speakers = [s for s in planned if s.split == "test"]
    speakers += check_sets.independent_speakers(seed)
    return [s for s in speakers if tts.available(s.voice.engine)]


def _speech_file(task) -> tuple[str, float]:
    """One file of sentences by random evaluation speakers over one noise texture."""
    path, speakers, cfg, index = task
    rng = np.random.default_rng(synthesis.stable_seed(cfg.seed, "speech file", index))
    rate = config.SAMPLE_RATE
    sentences = sentence_stream(
        np.random.default_rng(synthesis.stable_seed(cfg.seed, "text", index))
    )
    pieces, total = [], 0.0
    while total < cfg.minutes_per_file * 60:
        speaker = speakers[int(rng.integers(len(speakers)))]
        text = tts.accented_text(speaker.voice, next(sentences))
        speech = tts.speak(speaker.voice, text, synthesis.jitter(speaker.character, rng), rate)
        speech = speech / (np.max(np.abs(speech)) or 1.0) * 10 ** (rng.uniform(-20, -1) / 20)
        pause = np.zeros(int(rate * rng.uniform(0.3, 1.5)), np.float32)
        pieces += [speech, pause]
        total += (len(speech) + len(pause)) / rate
    speech = np.concatenate(pieces)
    texture = sorted(noise.TEXTURES)[int(rng.integers(len(noise.TEXTURES)))]
    background = noise.TEXTURES[texture](rng, len(speech) / rate, rate)
    speech_rms = float(np.sqrt(np.mean(speech**2))) or 1.0
    snr_db = rng.uniform(*cfg.snr_db)
    mixed = speech + background / noise.NOISE_RMS * speech_rms * 10 ** (-snr_db / 20)
    return str(write_wav(path, _peak(mixed), rate)), total


def write_keyword_free(
    out: str | Path, cfg: KeywordFreeConfig = DEFAULT_KEYWORD_FREE, progress: bool = True
) -> dict[str, list[tuple[Path, float]]]:
    """Write the set under ``out`` (kept when its index matches ``cfg``); returns
    ``{category: [(path, seconds), ...]}``."""
    from tqdm import tqdm

    out = Path(out)
    index = out / "recordings.json"
    settings = {k: v for k, v in asdict(cfg).items() if k != "workers"}  # same audio for any
    if index.is_file():
        saved = json.loads(index.read_text())
        if saved.get("settings") == json.loads(json.dumps(settings)):
            return {
                name: [(out / p, s) for p, s in files]
                for name, files in saved["recordings"].items()
            }
    rng = np.random.default_rng(cfg.seed)
    rate = config.SAMPLE_RATE
    recordings: dict[str, list[tuple[Path, float]]] = {}

    speakers = evaluation_speakers(cfg.seed)
    n_files = int(np.ceil(cfg.speech_minutes / cfg.minutes_per_file)) if speakers else 0
    tasks = [(out / f"speech_{k:02d}.wav", speakers, cfg, k) for k in range(n_files)]
    bar = tqdm(total=n_files, desc="keyword-free speech", unit="file", disable=not progress)
    files = []
    with ProcessPoolExecutor(cfg.workers) as pool:
        for path, seconds in pool.map(_speech_file, tasks):
            files.append((Path(path), seconds))
            bar.update()
    bar.close()
    if files:
        recordings["tts_speech"] = files

    seconds = cfg.noise_minutes_per_texture * 60
    recordings["noise"] = [
        (write_wav(out / f"noise_{name}.wav", noise.TEXTURES[name](rng, seconds, rate) * 4, rate),
         seconds)
        for name in sorted(noise.TEXTURES)
    ]  # fmt: skip
    tones = noise.tones(rng, cfg.tone_minutes * 60, rate) * 4
    recordings["tones"] = [(write_wav(out / "tones.wav", tones, rate), len(tones) / rate)]

    real = []
    for pattern in REAL_SPEECH:
        for path in sorted(POCKETSPHINX_DATA.glob(pattern)):
            real += [read_audio(path, rate).samples, np.zeros(int(0.5 * rate), np.float32)]
    if real:
        audio = np.concatenate(real)
        recordings["real_speech"] = [
            (write_wav(out / "real_speech.wav", audio, rate), len(audio) / rate)
        ]
    recordings = {name: [(p, round(s, 3)) for p, s in files] for name, files in recordings.items()}
    index.write_text(
        json.dumps(
            {
                "settings": settings,
                "recordings": {
                    name: [[str(p.relative_to(out)), s] for p, s in files]
                    for name, files in recordings.items()
                },
            },
            indent=1,
        )
    )
    return recordings


def _peak(x: np.ndarray, peak: float = 0.9) -> np.ndarray:
    return (x / (np.max(np.abs(x)) or 1.0) * peak).astype(np.float32)
