"""Model packages for the firmware: read and verify them, and sync a pushed version into the tree.

A package exists in two layouts with the same files:

* a pushed version (``outputs/models/<model>/<version>/`` or a PushedModel artifact):
  ``manifest.json``, ``<model>_int8.tflite``, ``<model>_float.tflite`` and ``c/*``;
* a synced package (``firmware/models/<model>/``, committed): ``manifest.json``, the int8
  model and the ``c/`` files side by side (the float model stays behind).

Every file the manifest lists is checked against its sha256, so a build never runs on a package
that was edited or half-copied. C files the manifest does not list (front-end tables regenerated
from today's model code by ``modelzoo.firmware.tables``) belong to the package as they are.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from components.quantizing_pusher.c_package import c_identifier

REPO_ROOT = Path(__file__).resolve().parents[2]
FIRMWARE_MODELS_DIR = REPO_ROOT / "firmware" / "models"
MANIFEST = "manifest.json"
C_DIR = "c"


class PackageError(ValueError):
    """The directory is not a complete, intact model package (the message says why)."""


@dataclass(frozen=True)
class ModelPackage:
    """A verified package: ``files`` maps the synced (flat) file name to where it is now."""

    model_name: str
    directory: Path
    manifest: dict
    files: dict[str, Path]

    @property
    def ident(self) -> str:
        return c_identifier(self.model_name)

    def c_files(self) -> list[Path]:
        return [path for name, path in sorted(self.files.items()) if name.endswith((".c", ".h"))]


def required_files(model_name: str) -> list[str]:
    """What an app build needs from the package (flat names)."""
    ident = c_identifier(model_name)
    return [
        MANIFEST,
        f"{ident}_model.h",
        f"{ident}_model.c",
        f"{ident}_golden.h",
        f"{ident}_golden.c",
    ]


def _flat_name(manifest_path: str) -> str | None:
    """Where a manifest entry lives in a synced package (None: not synced)."""
    parts = Path(manifest_path).parts
    if len(parts) == 2 and parts[0] == C_DIR:
        return parts[1]
    if len(parts) == 1 and parts[0].endswith("_int8.tflite"):
        return parts[0]
    return None


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_package(directory: Path, model_name: str) -> ModelPackage:
    """Read and verify a package in either layout; raises PackageError naming the problem."""
    directory = Path(directory)
    manifest_path = directory / MANIFEST
    if not directory.is_dir():
        raise PackageError(f"{directory}: no such directory")
    if not manifest_path.is_file():
        raise PackageError(f"{directory}: no {MANIFEST}, so this is not a pushed model package")
    try:
        manifest = json.loads(manifest_path.read_text())
    except json.JSONDecodeError as error:
        raise PackageError(f"{manifest_path}: not valid JSON ({error})") from error
    if manifest.get("model_name") != model_name:
        raise PackageError(
            f"{manifest_path}: package of model {manifest.get('model_name')!r}, not {model_name!r}"
        )
    pushed_layout = (directory / C_DIR).is_dir()
    files = {MANIFEST: manifest_path}
    for entry in manifest.get("files", []):
        flat = _flat_name(entry["path"])
        if flat is None:
            continue
        path = directory / entry["path"] if pushed_layout else directory / flat
        if not path.is_file():
            raise PackageError(f"{path}: listed in {manifest_path} but missing")
        if _sha256(path) != entry["sha256"]:
            raise PackageError(f"{path}: sha256 differs from {manifest_path} (file was changed)")
        files[flat] = path
    c_dir = directory / C_DIR if pushed_layout else directory
    for path in sorted(c_dir.iterdir()):
        if path.suffix in (".c", ".h") and path.is_file():
            files.setdefault(path.name, path)
    missing = [name for name in required_files(model_name) if name not in files]
    if missing:
        raise PackageError(f"{directory}: package lacks {', '.join(missing)}")
    return ModelPackage(model_name, directory, manifest, files)


def sync(package: ModelPackage, dest_root: Path | None = None) -> Path:
    """Copy a verified package into ``<dest_root>/<model>/`` (synced layout; default root
    ``firmware/models``); returns that directory.

    Files the previous synced package listed and the new one does not are removed; files that
    no package listed (added by hand or by other tools) are left alone.
    """
    dest = Path(dest_root or FIRMWARE_MODELS_DIR) / package.model_name
    dest.mkdir(parents=True, exist_ok=True)
    try:
        previous = json.loads((dest / MANIFEST).read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        previous = {}
    stale = {_flat_name(e["path"]) for e in previous.get("files", [])} - set(package.files)
    for name in sorted(n for n in stale if n):
        (dest / name).unlink(missing_ok=True)
    # The manifest goes last: a reader that finds the new manifest finds the new files.
    for name, path in sorted(package.files.items(), key=lambda item: item[0] == MANIFEST):
        if path.resolve() != (dest / name).resolve():
            shutil.copyfile(path, dest / name)
    return dest
