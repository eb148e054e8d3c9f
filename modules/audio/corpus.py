"""The Speech Commands corpus layout, for real and synthetic speech alike.

    <root>/<word>/<speaker>_nohash_<n>.wav     one utterance, ~1 s, 16 kHz
    <root>/_background_noise_/*.wav            long noise recordings (silence / mixing)
    <root>/_impulse_responses_/*.wav           (synthetic corpora) room impulse responses
    <root>/validation_list.txt                 relative paths of the validation clips
    <root>/testing_list.txt                    relative paths of the test clips
    <root>/clips.csv                           (synthetic corpora) one row per clip: voice,
                                               engine, SNR, room ... for per-condition scores

Google's Speech Commands v2 uses exactly this layout (without ``clips.csv``), so one reader
serves the downloaded data, the synthetic default and the tests' fixtures. Speaker ids are the
file-name prefix: every split keeps a speaker in one split.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

BACKGROUND_DIR = "_background_noise_"
IMPULSE_DIR = "_impulse_responses_"  # synthetic corpora: the room impulse responses they used
# Folders of a corpus that hold material, not clips.
MATERIAL_DIRS = (BACKGROUND_DIR, IMPULSE_DIR)
VALIDATION_LIST = "validation_list.txt"
TESTING_LIST = "testing_list.txt"
CLIPS_CSV = "clips.csv"
SILENCE = "_silence_"
UNKNOWN = "_unknown_"
_CLIP_NAME = re.compile(r"^(?P<speaker>[^_]+)_nohash_(?P<index>\d+)\.wav$", re.IGNORECASE)


class CorpusError(ValueError):
    """A path that does not follow the layout."""


@dataclass(frozen=True)
class Clip:
    path: Path
    word: str  # the folder name
    speaker: str
    index: int

    def relative(self, root: Path) -> str:
        return self.path.relative_to(root).as_posix()


def clip_path(root: Path, word: str, speaker: str, index: int) -> Path:
    return Path(root) / word / f"{speaker}_nohash_{index}.wav"


def parse_clip(path: str | Path) -> Clip:
    """``.../<word>/<speaker>_nohash_<n>.wav`` -> :class:`Clip`; others raise CorpusError."""
    path = Path(path)
    match = _CLIP_NAME.match(path.name)
    if not match:
        raise CorpusError(f"{path}: not named <speaker>_nohash_<n>.wav")
    word = path.parent.name
    if not word or word in MATERIAL_DIRS:
        raise CorpusError(f"{path}: not in a word folder")
    return Clip(path, word, match["speaker"], int(match["index"]))


def corpus_root(clip: str | Path) -> Path:
    """The corpus root a clip path lies in (the folder above its word folder)."""
    return Path(clip).parent.parent


def list_clips(root: str | Path) -> list[Clip]:
    """Every clip under ``root`` (word folders only; background noise and odd names skipped)."""
    root = Path(root)
    clips = []
    for path in sorted(root.glob("*/*.wav")):
        if path.parent.name in MATERIAL_DIRS:
            continue
        try:
            clips.append(parse_clip(path))
        except CorpusError:
            continue
    return clips


def background_noise_files(root: str | Path) -> list[Path]:
    return sorted((Path(root) / BACKGROUND_DIR).glob("*.wav"))


def read_list(root: str | Path, name: str) -> set[str]:
    """Relative clip paths in one of the split lists (empty when the file is absent)."""
    path = Path(root) / name
    if not path.is_file():
        return set()
    return {line.strip() for line in path.read_text().splitlines() if line.strip()}


def write_list(root: str | Path, name: str, relative_paths: list[str]) -> Path:
    path = Path(root) / name
    path.write_text("".join(f"{p}\n" for p in sorted(relative_paths)))
    return path


def split_of(relative_path: str, validation: set[str], testing: set[str]) -> str:
    if relative_path in testing:
        return "test"
    if relative_path in validation:
        return "validation"
    return "train"


def write_clips_csv(root: str | Path, rows: list[dict]) -> Path:
    path = Path(root) / CLIPS_CSV
    if not rows:
        path.write_text("")
        return path
    fields = list(rows[0])
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda r: r["path"]))
    return path


def read_clips_csv(root: str | Path) -> dict[str, dict[str, str]]:
    """``clips.csv`` as {relative path: row}; empty for corpora without it."""
    path = Path(root) / CLIPS_CSV
    if not path.is_file() or path.stat().st_size == 0:
        return {}
    with path.open(newline="") as handle:
        return {row["path"]: row for row in csv.DictReader(handle)}
