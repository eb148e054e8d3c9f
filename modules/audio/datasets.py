"""Real audio corpora: download, checksum, extract, and find their files.

- **Google Speech Commands v2** (Warden 2018, CC BY 4.0): 105,829 one-second utterances of 35
  words by 2,618 speakers, in the layout :mod:`modules.audio.corpus` reads (folder per word,
  ``validation_list.txt``, ``testing_list.txt``, ``_background_noise_``).
- **MUSAN** (Snyder, Chen & Povey 2015, CC BY 4.0): music, speech and noise; its ``noise/``
  recordings are real background noise for mixing and for ``_silence_``.

Archives are verified against the checksum published with them before anything is extracted;
extraction refuses members that would land outside the target folder.
"""

from __future__ import annotations

import hashlib
import shutil
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path


class DatasetError(RuntimeError):
    """A download or archive that cannot be used (one line: what and why)."""


@dataclass(frozen=True)
class Dataset:
    name: str
    url: str
    archive: str
    algorithm: str  # "sha256" or "md5"
    digest: str
    licence: str
    citation: str
    subdir: str = ""  # folder inside the extraction that is the data root

    def describe(self) -> str:
        return f"{self.name}: {self.url}\nLicence: {self.licence}\nCite: {self.citation}"


DATASETS: dict[str, Dataset] = {
    "speech-commands": Dataset(
        name="Google Speech Commands v0.02",
        url="http://download.tensorflow.org/data/speech_commands_v0.02.tar.gz",
        archive="speech_commands_v0.02.tar.gz",
        algorithm="sha256",
        digest="af14739ee7dc311471de98f5f9d2c9191b18aedfe957f4a6ff791c709868ff58",
        licence="Creative Commons BY 4.0",
        citation="P. Warden, Speech Commands: A Dataset for Limited-Vocabulary Speech "
        "Recognition, arXiv:1804.03209, 2018.",
    ),
    "musan": Dataset(
        name="MUSAN (music, speech, noise)",
        url="https://www.openslr.org/resources/17/musan.tar.gz",
        archive="musan.tar.gz",
        algorithm="md5",
        digest="0c472d4fc0c5141eca47ad1ffeb2a7df",
        licence="Creative Commons BY 4.0",
        citation="D. Snyder, G. Chen, D. Povey, MUSAN: A Music, Speech, and Noise Corpus, "
        "arXiv:1510.08484, 2015.",
        subdir="musan",
    ),
}


def file_digest(path: Path, algorithm: str) -> str:
    digest = hashlib.new(algorithm)
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _fetch(url: str, target: Path, progress: bool) -> None:
    from tqdm import tqdm

    partial = target.with_suffix(target.suffix + ".part")
    try:
        with urllib.request.urlopen(url) as response, open(partial, "wb") as out:
            total = int(response.headers.get("Content-Length") or 0) or None
            with tqdm(total=total, unit="B", unit_scale=True, disable=not progress) as bar:
                for chunk in iter(lambda: response.read(1 << 20), b""):
                    out.write(chunk)
                    bar.update(len(chunk))
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise DatasetError(f"{url}: download failed ({error})") from error
    partial.replace(target)


def _extract(archive: Path, out: Path) -> None:
    root = out.resolve()
    try:
        with tarfile.open(archive) as tar:
            for member in tar.getmembers():
                target = (out / member.name).resolve()
                if root not in (target, *target.parents) or member.issym() or member.islnk():
                    raise DatasetError(f"{archive}: member {member.name!r} is outside the archive")
            tar.extractall(out)
    except tarfile.TarError as error:
        raise DatasetError(f"{archive}: not a readable tar archive ({error})") from error


def download(name: str, out: str | Path, url: str | None = None, progress: bool = True) -> Path:
    """Download, verify and extract ``name`` into ``out``; returns the data root.

    ``url`` overrides the dataset's (a mirror, or a local ``file://`` copy).
    """
    if name not in DATASETS:
        raise DatasetError(f"unknown data set {name!r}; known: {', '.join(DATASETS)}")
    dataset = DATASETS[name]
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    archive = out / dataset.archive
    if not archive.exists():
        _fetch(url or dataset.url, archive, progress)
    actual = file_digest(archive, dataset.algorithm)
    if actual != dataset.digest:
        bad = archive.with_suffix(archive.suffix + ".bad")
        shutil.move(archive, bad)
        raise DatasetError(
            f"{archive}: {dataset.algorithm} {actual} does not match the published "
            f"{dataset.digest} (kept as {bad.name})"
        )
    _extract(archive, out)
    return out / dataset.subdir if dataset.subdir else out


def noise_files(root: str | Path) -> list[Path]:
    """Background-noise recordings of a corpus: MUSAN's ``noise/`` tree or a Speech Commands
    ``_background_noise_`` folder (whichever ``root`` holds)."""
    root = Path(root)
    for candidate in (root / "noise", root / "musan" / "noise", root / "_background_noise_"):
        if candidate.is_dir():
            return sorted(candidate.rglob("*.wav"))
    return []
