"""Real ECG data sets: which ones, their licences, verified download, and record loading.

The ExampleGen and the predict CLI read records only through :func:`read_record` and
:func:`list_records`, so every problem with a file surfaces as a :class:`RecordError` that
names the record and what is wrong with it.
"""

from __future__ import annotations

import hashlib
import math
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import numpy as np
import wfdb
from tqdm.auto import tqdm

from modules.heart_arrhythmia import config
from modules.spec import InputError

PHYSIONET_FILES = "https://physionet.org/files"
CHECKSUM_FILE = "SHA256SUMS.txt"
USER_AGENT = "ambiq-modelzoo/0.1 (python urllib)"
_CHUNK = 1 << 20

PHYSIONET_CITATION = (
    "Goldberger AL, Amaral LAN, Glass L, Hausdorff JM, Ivanov PCh, Mark RG, Mietus JE, "
    "Moody GB, Peng C-K, Stanley HE. PhysioBank, PhysioToolkit, and PhysioNet: Components of a "
    "new research resource for complex physiologic signals. Circulation 101(23):e215-e220 "
    "(2000)."
)
ODC_BY = "Open Data Commons Attribution License v1.0"
ODC_BY_URL = "https://opendatacommons.org/licenses/by/1-0/"
CC_BY_NC_SA = "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International"
CC_BY_NC_SA_URL = "https://creativecommons.org/licenses/by-nc-sa/4.0/"


class DatasetError(Exception):
    """A data set cannot be found, downloaded or verified; the message names the file."""


class RecordError(InputError):
    """A record cannot be read; the message names the record path and the problem."""


@dataclass(frozen=True)
class DatasetInfo:
    """One PhysioNet data set."""

    name: str
    title: str
    slug: str
    version: str
    license: str
    license_url: str
    citations: tuple[str, ...]
    annotation_extension: str = config.ANNOTATION_EXTENSION
    # Files that make up one record, for downloads of a record subset.
    record_extensions: tuple[str, ...] = ("hea", "dat", "atr", "qrs")
    optional: bool = False
    notes: str = ""

    @property
    def url(self) -> str:
        return f"{PHYSIONET_FILES}/{self.slug}/{self.version}/"

    @property
    def page(self) -> str:
        return f"https://physionet.org/content/{self.slug}/{self.version}/"


DATASETS: dict[str, DatasetInfo] = {
    "afdb": DatasetInfo(
        name="afdb",
        title="MIT-BIH Atrial Fibrillation Database",
        slug="afdb",
        version="1.0.0",
        license=ODC_BY,
        license_url=ODC_BY_URL,
        citations=(
            "Moody GB, Mark RG. A new method for detecting atrial fibrillation using R-R "
            "intervals. Computers in Cardiology 10:227-230 (1983).",
            PHYSIONET_CITATION,
        ),
        notes=(
            "25 two-lead 10-hour Holter records at 250 Hz; rhythm annotations in .atr, "
            "beats in .qrs. Records 00735 and 03665 have no signal files."
        ),
    ),
    "ltafdb": DatasetInfo(
        name="ltafdb",
        title="Long Term AF Database",
        slug="ltafdb",
        version="1.0.0",
        license=ODC_BY,
        license_url=ODC_BY_URL,
        citations=(
            "Petrutiu S, Sahakian AV, Swiryn S. Abrupt changes in fibrillatory wave "
            "characteristics at the termination of paroxysmal atrial fibrillation in humans. "
            "Europace 9(7):466-470 (2007). doi:10.1093/europace/eum096",
            PHYSIONET_CITATION,
        ),
        notes="84 two-lead 24-25 hour records at 128 Hz; beats and rhythms in .atr.",
    ),
    "icentia11k": DatasetInfo(
        name="icentia11k",
        title="Icentia11k Single Lead Continuous Raw Electrocardiogram Dataset",
        slug="icentia11k-continuous-ecg",
        version="1.0",
        license=CC_BY_NC_SA,
        license_url=CC_BY_NC_SA_URL,
        citations=(
            "Tan S, Androz G, Chamseddine A, Fecteau P, Courville A, Bengio Y, Cohen JP. "
            "Icentia11K: An Unsupervised Representation Learning Dataset for Arrhythmia "
            "Subtype Discovery. arXiv:1910.09570 (2019).",
            "Tan S, Ortiz-Gagne S, Beaudoin-Gagnon N, Fecteau P, Courville A, Bengio Y, "
            "Cohen JP. Icentia11k Single Lead Continuous Raw Electrocardiogram Dataset "
            "(version 1.0). PhysioNet (2022). doi:10.13026/kk0v-r952",
            PHYSIONET_CITATION,
        ),
        record_extensions=("hea", "dat", "atr"),
        optional=True,
        notes=(
            "11,000 patients, single lead at 250 Hz, records nested as "
            "p00/p00000/p00000_s00; very large (download a records= subset). "
            "Non-commercial use only."
        ),
    ),
}


def _info(name: str) -> DatasetInfo:
    try:
        return DATASETS[name]
    except KeyError:
        raise DatasetError(
            f"unknown data set {name!r}; known: {', '.join(sorted(DATASETS))}"
        ) from None


def describe(name: str) -> str:
    """Licence and citation text for a data set, to show before downloading it."""
    info = _info(name)
    lines = [
        f"{info.title} ({info.name}, PhysioNet {info.slug} {info.version})",
        f"  source:  {info.page}",
        f"  licence: {info.license} ({info.license_url})",
    ]
    if info.notes:
        lines.append(f"  notes:   {info.notes}")
    lines.append("  When you use this data, cite:")
    lines += [f"    - {c}" for c in info.citations]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Download
# --------------------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def _open(url: str, what: str):
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        return urllib.request.urlopen(req, timeout=60)
    except urllib.error.HTTPError as e:
        raise DatasetError(f"cannot download {what}: HTTP {e.code} {e.reason} for {url}") from e
    except (urllib.error.URLError, OSError) as e:
        raise DatasetError(f"cannot download {what} from {url}: {e}") from e


def _parse_checksums(text: str) -> dict[str, str]:
    """``SHA256SUMS.txt`` lines ``<hex>  <relative path>`` -> {path: hex}."""
    sums: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 1)
        if len(parts) != 2 or len(parts[0]) != 64:
            raise DatasetError(f"{CHECKSUM_FILE}: cannot parse line {line!r}")
        rel = parts[1].strip().lstrip("*")
        sums[rel] = parts[0].lower()
    return sums


def _safe_target(dest: Path, rel: str) -> Path:
    p = PurePosixPath(rel)
    if p.is_absolute() or ".." in p.parts or not p.parts:
        raise DatasetError(f"{CHECKSUM_FILE}: refusing unsafe path {rel!r}")
    return dest.joinpath(*p.parts)


def _select(sums: dict[str, str], records, info: DatasetInfo) -> list[str]:
    if records is None:
        return sorted(sums)
    chosen: list[str] = []
    for spec in records:
        spec = str(spec).strip().strip("/")
        if spec.endswith(".hea"):
            spec = spec[: -len(".hea")]
        found = []
        for rel in sums:
            stem, _, ext = rel.rpartition(".")
            if ext not in info.record_extensions:
                continue
            if stem == spec or ("/" not in spec and PurePosixPath(stem).name == spec):
                found.append(rel)
        if not found:
            raise DatasetError(f"record {spec!r} is not listed in {info.name}'s {CHECKSUM_FILE}")
        chosen += found
    return sorted(set(chosen))


def _download_file(url: str, rel: str, target: Path, expected: str, progress: bool) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.part")
    h = hashlib.sha256()
    try:
        with _open(url, rel) as resp:
            total = resp.headers.get("Content-Length")
            total = int(total) if total and total.isdigit() else None
            show = progress and (total is None or total > 4 * _CHUNK)
            with (
                open(tmp, "wb") as out,
                tqdm(
                    total=total,
                    unit="B",
                    unit_scale=True,
                    desc=rel,
                    leave=False,
                    disable=not show,
                ) as bar,
            ):
                while True:
                    try:
                        chunk = resp.read(_CHUNK)
                    except OSError as e:
                        raise DatasetError(f"cannot download {rel} from {url}: {e}") from e
                    if not chunk:
                        break
                    out.write(chunk)
                    h.update(chunk)
                    bar.update(len(chunk))
        got = h.hexdigest()
        if got != expected:
            raise DatasetError(
                f"checksum mismatch for {rel}: expected sha256 {expected}, got {got} ({url})"
            )
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def download(
    name: str,
    dest: str | Path,
    base_url: str | None = None,
    progress: bool = True,
    records=None,
) -> Path:
    """Download data set ``name`` into the directory ``dest`` and return ``dest``.

    Reads the data set's ``SHA256SUMS.txt``, downloads every file it lists (or, with
    ``records``, only the record files of those records, e.g. ``["04015"]`` or
    ``["p00/p00000/p00000_s00"]``) and checks each file's SHA-256. Files already present with
    the right checksum are skipped, so an interrupted download can be re-run. Files are
    written to a temporary name and renamed once verified. ``base_url`` replaces the PhysioNet
    address (tests serve a fixture directory over loopback).

    Raises :class:`DatasetError` naming the file on an HTTP error or checksum mismatch.
    """
    info = _info(name)
    base = base_url or info.url
    if not base.endswith("/"):
        base += "/"
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    if progress:
        print(describe(name), file=sys.stderr)

    with _open(base + CHECKSUM_FILE, CHECKSUM_FILE) as resp:
        try:
            text = resp.read().decode("utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise DatasetError(f"cannot read {CHECKSUM_FILE} from {base}: {e}") from e
    sums = _parse_checksums(text)
    files = [rel for rel in _select(sums, records, info) if rel != CHECKSUM_FILE]

    n_skipped = 0
    for rel in tqdm(files, desc=f"downloading {name}", unit="file", disable=not progress):
        target = _safe_target(dest, rel)
        if target.is_file() and _sha256(target) == sums[rel]:
            n_skipped += 1
            continue
        url = base + urllib.parse.quote(rel)
        _download_file(url, rel, target, sums[rel], progress)

    tmp = dest / f".{CHECKSUM_FILE}.part"
    tmp.write_text(text)
    os.replace(tmp, dest / CHECKSUM_FILE)
    if progress:
        print(
            f"{name}: {len(files)} files verified in {dest} ({n_skipped} already present)",
            file=sys.stderr,
        )
    return dest


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class EcgRecord:
    """One ECG lead of a WFDB record with its rhythm segments."""

    name: str  # record name (no extension)
    path: str  # path without extension
    patient_id: str  # header comment "patient: X", else the patient dir / record name
    fs: float
    signal: np.ndarray  # float32 mV, 1-D, gaps (NaN / invalid samples) linearly bridged
    rhythms: tuple[tuple[int, int, str], ...]  # (start, end_exclusive, aux_note)
    gaps: tuple[tuple[int, int], ...] = ()  # (start, end_exclusive) of missing samples

    @property
    def duration_s(self) -> float:
        return len(self.signal) / self.fs


# Bits per sample of WFDB storage formats, for the truncated-file check.
_FMT_BITS = {
    "8": 8,
    "80": 8,
    "16": 16,
    "61": 16,
    "160": 16,
    "24": 24,
    "32": 32,
    "212": 12,
    "310": 32 / 3,
    "311": 32 / 3,
}
_UNIT_SCALE = {"mv": 1.0, "uv": 1e-3, "µv": 1e-3, "μv": 1e-3, "v": 1e3, "nv": 1e-6}


def _strip_note(note) -> str:
    return (note or "").replace("\x00", "").strip()


def _comment_value(comments, key: str) -> str | None:
    for c in comments or ():
        text = str(c).strip().lstrip("#").strip()
        k, sep, v = text.partition(":")
        if sep and k.strip().lower() == key.lower() and v.strip():
            return v.strip()
    return None


def _patient_from_path(path: str, name: str) -> str:
    parent = Path(path).parent.name
    if parent and name.startswith(parent + "_"):
        return parent  # Icentia11k: p00/p00000/p00000_s00 -> p00000
    return name


def _check_signal_files(path: str, header) -> None:
    base_dir = Path(path).parent
    sig_len = header.sig_len
    spf = header.samps_per_frame or [1] * header.n_sig
    offsets = header.byte_offset or [None] * header.n_sig
    per_file: dict[str, list[int]] = {}
    for i, fname in enumerate(header.file_name):
        per_file.setdefault(fname, []).append(i)
    for fname, idx in per_file.items():
        fpath = base_dir / fname
        if not fpath.is_file():
            raise RecordError(f"{path}: missing signal file {fpath}")
        fmt = str(header.fmt[idx[0]])
        if not sig_len or fmt not in _FMT_BITS:
            continue
        n_samples = sig_len * sum(int(spf[i] or 1) for i in idx)
        need = int(math.floor(n_samples * _FMT_BITS[fmt] / 8)) + int(offsets[idx[0]] or 0)
        have = fpath.stat().st_size
        if have < need:
            raise RecordError(
                f"{path}: signal file {fpath} is truncated ({have} bytes, header needs {need})"
            )


def rhythm_segments(ann, n: int) -> tuple[tuple[int, int, str], ...]:
    marks: list[tuple[int, str]] = []
    aux = ann.aux_note or [""] * len(ann.sample)
    for sample, symbol, note in zip(ann.sample, ann.symbol, aux, strict=False):
        note = _strip_note(note)
        if symbol == "+" and note.startswith("("):
            marks.append((int(sample), note))
        elif symbol == "+" and note == ")":
            marks.append((int(sample), ""))  # end of a labelled stretch (no rhythm after)
    marks.sort(key=lambda m: m[0])
    segs: list[tuple[int, int, str]] = []
    for i, (start, note) in enumerate(marks):
        end = marks[i + 1][0] if i + 1 < len(marks) else n
        start, end = max(start, 0), min(end, n)
        if not note or end <= start:
            continue
        if segs and segs[-1][2] == note and segs[-1][1] == start:
            segs[-1] = (segs[-1][0], end, note)
        else:
            segs.append((start, end, note))
    return tuple(segs)


def read_record(
    path: str,
    annotation_extension: str | None = config.ANNOTATION_EXTENSION,
    lead: int = 0,
    require_annotations: bool = True,
) -> EcgRecord:
    """Read one lead of a WFDB record and its rhythm annotations.

    ``path`` is the record path with or without ``.hea``. Rhythm segments come from '+'
    annotations whose aux note starts with "(": each runs to the next one (or to the end of
    the record); a '+' with aux note ")" ends a stretch. With ``annotation_extension=None``
    no annotations are read. Raises :class:`RecordError` for every problem.
    """
    path = str(path)
    if path.endswith(".hea"):
        path = path[: -len(".hea")]
    name = Path(path).name
    if not Path(path + ".hea").is_file():
        raise RecordError(f"{path}: missing header file {path}.hea")
    try:
        header = wfdb.rdheader(path)
    except Exception as e:  # wfdb raises many types for bad headers
        raise RecordError(f"{path}: unparseable header: {type(e).__name__}: {e}") from e
    if isinstance(header, wfdb.MultiRecord) or getattr(header, "n_seg", None):
        raise RecordError(f"{path}: multi-segment records are not supported")
    n_sig = int(header.n_sig or 0)
    if n_sig == 0 or not header.file_name:
        raise RecordError(f"{path}: header lists no signals")
    if len(header.file_name) != n_sig or len(header.fmt or ()) != n_sig:
        raise RecordError(
            f"{path}: unparseable header: record line says {n_sig} signals, "
            f"{len(header.file_name)} signal lines follow"
        )
    if not 0 <= lead < n_sig:
        raise RecordError(f"{path}: lead index {lead} out of range (record has {n_sig} signals)")
    if not header.fs or header.fs <= 0:
        raise RecordError(f"{path}: header has no valid sampling frequency")
    if not config.MIN_SOURCE_FS_HZ <= header.fs <= config.MAX_SOURCE_FS_HZ:
        raise RecordError(
            f"{path}: sampling rate {header.fs:g} Hz is outside the supported "
            f"{config.MIN_SOURCE_FS_HZ}-{config.MAX_SOURCE_FS_HZ} Hz"
        )
    if header.sig_len is not None and int(header.sig_len) <= 0:
        raise RecordError(f"{path}: zero-length signal (header says 0 samples)")
    _check_signal_files(path, header)
    try:
        rec = wfdb.rdrecord(path, channels=[lead], physical=True)
    except Exception as e:
        raise RecordError(f"{path}: cannot read signal: {type(e).__name__}: {e}") from e
    if rec.p_signal is None or rec.p_signal.size == 0:
        raise RecordError(f"{path}: zero-length signal")
    x = np.asarray(rec.p_signal[:, 0], dtype=np.float64)
    unit = str((rec.units or ["mV"])[0] or "mV").strip().lower()
    x = x * _UNIT_SCALE.get(unit, 1.0)
    finite = np.isfinite(x)
    if not finite.any():
        raise RecordError(f"{path}: signal of lead {lead} is all NaN")
    gaps = _gaps(finite)
    if gaps:
        # Bridged only so that resampling has numbers to work on; windows that overlap a gap
        # are reported as gaps (predict) or left out (training), never classified.
        idx = np.arange(len(x))
        x[~finite] = np.interp(idx[~finite], idx[finite], x[finite])

    rhythms: tuple[tuple[int, int, str], ...] = ()
    if annotation_extension:
        ann_path = Path(f"{path}.{annotation_extension}")
        if not ann_path.is_file():
            if require_annotations:
                raise RecordError(f"{path}: missing annotation file {ann_path}")
        else:
            try:
                ann = wfdb.rdann(path, annotation_extension)
            except Exception as e:
                raise RecordError(
                    f"{path}: unreadable annotation file {ann_path}: {type(e).__name__}: {e}"
                ) from e
            rhythms = rhythm_segments(ann, len(x))

    pid = _comment_value(header.comments, config.PATIENT_COMMENT_KEY)
    return EcgRecord(
        name=name,
        path=path,
        patient_id=pid or _patient_from_path(path, name),
        fs=float(header.fs),
        signal=x.astype(np.float32),
        rhythms=rhythms,
        gaps=gaps,
    )


def _gaps(finite: np.ndarray) -> tuple[tuple[int, int], ...]:
    """Runs of missing samples as (start, end_exclusive)."""
    if finite.all():
        return ()
    edges = np.diff(np.concatenate([[1], finite.astype(np.int8), [1]]))
    starts, ends = np.nonzero(edges == -1)[0], np.nonzero(edges == 1)[0]
    return tuple((int(a), int(b)) for a, b in zip(starts, ends, strict=True))


def _is_layout_or_multisegment(hea: Path) -> bool:
    if hea.stem.endswith("_layout"):
        return True
    try:
        with open(hea, encoding="latin-1") as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith("#"):
                    return "/" in line.split()[0]
    except OSError:
        return False
    return False


def list_records(directory: str | Path) -> list[str]:
    """All WFDB records under ``directory`` (recursive), as sorted paths without extension.

    Multi-segment master headers and their ``_layout`` headers are skipped.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise RecordError(f"{directory}: not a directory")
    out = [
        str(h.with_suffix(""))
        for h in directory.rglob("*.hea")
        if h.is_file() and not _is_layout_or_multisegment(h)
    ]
    return sorted(out)
