"""Checks on a training data directory before a run: one line (``InputError``) per problem.

A pipeline run on an empty directory, on records without usable rhythm labels, or on data that
lacks a class would fail deep inside Beam or train a model that cannot recognise that class.
``check_data`` reads only headers and annotation files (no signals), so it takes seconds.
"""

from __future__ import annotations

from pathlib import Path

import wfdb

from modules.heart_arrhythmia import config
from modules.heart_arrhythmia.datasets import list_records, rhythm_segments
from modules.spec import InputError


def labelled_seconds(data_dir: str | Path) -> tuple[dict[str, float], int]:
    """Seconds of annotated rhythm per class over the records, and the number of records."""
    records = list_records(data_dir)
    seconds = {name: 0.0 for name in config.CLASS_NAMES}
    for path in records:
        if not Path(f"{path}.{config.ANNOTATION_EXTENSION}").is_file():
            continue
        try:
            header = wfdb.rdheader(path)
            ann = wfdb.rdann(path, config.ANNOTATION_EXTENSION)
        except Exception:  # noqa: BLE001 - unreadable records are the ExampleGen's to quarantine
            continue
        if not header.fs or not header.sig_len:
            continue
        for start, end, note in rhythm_segments(ann, int(header.sig_len)):
            name = config.RHYTHM_TO_CLASS.get(note)
            if name:
                seconds[name] += (end - start) / header.fs
    return seconds, len(records)


def check_data(data_dir: str | Path) -> dict[str, float]:
    """Raises ``InputError`` for an empty directory, no labelled windows or a missing class;
    returns the labelled seconds per class."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise InputError(f"{data_dir}: no such data directory")
    seconds, n_records = labelled_seconds(data_dir)
    if n_records == 0:
        raise InputError(f"{data_dir}: no WFDB records (*.hea) in this directory or below it")
    enough = {name: s for name, s in seconds.items() if s >= config.WINDOW_S}
    if not enough:
        raise InputError(
            f"{data_dir}: no labelled windows in {n_records} record(s): no rhythm annotation "
            f"(.{config.ANNOTATION_EXTENSION}, '+' with aux notes such as "
            f"{', '.join(list(config.RHYTHM_TO_CLASS)[:4])}) covers a {config.WINDOW_S} s window"
        )
    missing = [name for name in config.CLASS_NAMES if name not in enough]
    if missing:
        found = ", ".join(f"{name} {s:.0f} s" for name, s in enough.items())
        raise InputError(
            f"{data_dir}: no windows of class {', '.join(missing)} (every class of "
            f"{', '.join(config.CLASS_NAMES)} needs some; found {found})"
        )
    return seconds
