"""The pushed version's manifest: what the model is, how it was measured, where it came from.

The manifest is the one file a release engineer or the firmware build needs to decide
whether a version is the one they want, and to trace it back to a pipeline run, the exact
data, and the exact code.
"""

from __future__ import annotations

import datetime
import hashlib
import importlib.metadata
import json
import os
import subprocess
from typing import Any

import numpy as np

MANIFEST_NAME = "manifest.json"
PACKAGE_NAME = "ambiq-modelzoo"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _sha256_file(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_entries(root: str) -> list[dict]:
    """Every file under ``root`` (except the manifest) with its sha256 and size."""
    entries = []
    for directory, _, names in os.walk(root):
        for name in names:
            path = os.path.join(directory, name)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            if rel == MANIFEST_NAME:
                continue
            entries.append(
                {"path": rel, "sha256": _sha256_file(path), "bytes": os.path.getsize(path)}
            )
    return sorted(entries, key=lambda entry: entry["path"])


def _git_describe() -> str:
    """``git describe --always --dirty`` of the checkout holding this code, else "unknown"."""
    try:
        proc = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=os.path.dirname(os.path.abspath(__file__)),
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return proc.stdout.strip() if proc.returncode == 0 and proc.stdout.strip() else "unknown"


def code_version() -> dict:
    try:
        package = importlib.metadata.version(PACKAGE_NAME)
    except importlib.metadata.PackageNotFoundError:
        package = "unknown"
    return {"package": PACKAGE_NAME, "package_version": package, "git_describe": _git_describe()}


def utc_now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def _jsonable(value: Any) -> Any:
    """numpy scalars/arrays and tuples -> plain JSON types."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return _jsonable(value.tolist())
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def write_manifest(root: str, manifest: dict, extra: dict | None = None) -> str:
    """Add the file list, merge ``extra`` (it may add keys, not replace ours), write it."""
    document = dict(manifest)
    document["files"] = file_entries(root)
    for key, value in (extra or {}).items():
        if key in document:
            raise ValueError(f"extra_manifest key {key!r} would overwrite a pusher field")
        document[key] = value
    path = os.path.join(root, MANIFEST_NAME)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(_jsonable(document), handle, indent=2, sort_keys=False, allow_nan=False)
        handle.write("\n")
    return path


def load(root: str) -> dict:
    with open(os.path.join(root, MANIFEST_NAME), encoding="utf-8") as handle:
        return json.load(handle)
