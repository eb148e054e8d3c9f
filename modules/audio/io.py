"""Reading and writing audio files: decode anything soundfile reads, resample with soxr.

Every audio model reads its inputs through :func:`read_audio` (whole recordings, any rate,
mono or multi-channel, 8/16/24/32-bit integer or float) and :func:`fit_length` (pad or trim to
a model's window), so a file that one model accepts the others accept too. A file that cannot
be used raises :class:`AudioError`, whose message is the one line a user sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from modules.spec import InputError

AUDIO_SUFFIXES = (".wav", ".flac", ".ogg", ".aiff", ".aif")


class AudioError(InputError):
    """An audio file that cannot be used: missing, empty, not audio, corrupt or too short."""


@dataclass(frozen=True)
class Audio:
    samples: np.ndarray  # float32 mono, in [-1, 1]
    sample_rate: int
    source_rate: int  # the file's own rate, before resampling
    path: str

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.sample_rate


def resample(samples: np.ndarray, source_rate: int, target_rate: int) -> np.ndarray:
    """soxr's high-quality resampler (float32 in, float32 out); a no-op at equal rates."""
    samples = np.asarray(samples, np.float32)
    if source_rate == target_rate:
        return samples
    import soxr

    return soxr.resample(samples, source_rate, target_rate, quality="HQ").astype(np.float32)


def read_audio(
    path: str | Path, sample_rate: int | None = 16000, min_seconds: float = 0.0
) -> Audio:
    """Decode ``path`` to float32 mono (channels averaged), resampled to ``sample_rate``."""
    import soundfile as sf

    path = str(path)
    if not Path(path).is_file():
        raise AudioError(f"{path}: no such file")
    if Path(path).stat().st_size == 0:
        raise AudioError(f"{path}: empty file")
    try:
        data, rate = sf.read(path, dtype="float32", always_2d=True)
    except (sf.LibsndfileError, RuntimeError, TypeError, ValueError) as error:
        raise AudioError(f"{path}: not a readable audio file ({_short(error)})") from error
    if data.size == 0 or len(data) == 0:
        raise AudioError(f"{path}: no audio samples")
    if not np.all(np.isfinite(data)):
        raise AudioError(f"{path}: audio holds NaN or infinite samples")
    mono = data.mean(axis=1)
    duration = len(mono) / rate
    if duration < min_seconds:
        raise AudioError(f"{path}: {duration:.3f} s of audio, shorter than {min_seconds:g} s")
    target = sample_rate or rate
    return Audio(resample(mono, rate, target), target, int(rate), path)


def _short(error: Exception) -> str:
    return str(error).strip().splitlines()[-1] if str(error).strip() else type(error).__name__


def fit_length(samples: np.ndarray, length: int, center: bool = False) -> np.ndarray:
    """Zero-pad (at the end, or both sides when ``center``) or trim to exactly ``length``."""
    samples = np.asarray(samples, np.float32)
    if len(samples) >= length:
        start = (len(samples) - length) // 2 if center else 0
        return samples[start : start + length]
    missing = length - len(samples)
    before = missing // 2 if center else 0
    return np.pad(samples, (before, missing - before))


def write_wav(path: str | Path, samples: np.ndarray, sample_rate: int = 16000) -> Path:
    """16-bit PCM WAV (the Speech Commands format), parent folders created."""
    import soundfile as sf

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    sf.write(str(path), np.clip(samples, -1.0, 32767 / 32768), sample_rate, subtype="PCM_16")
    return path


def list_audio(root: str | Path) -> list[Path]:
    """Audio files under ``root`` (recursively), sorted; ``root`` may be one file."""
    root = Path(root)
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.suffix.lower() in AUDIO_SUFFIXES and p.is_file())
