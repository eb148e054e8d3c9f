"""A pushed model's firmware package: the one reader every firmware tool uses.

A package exists in two layouts with the same files:

* a pushed version (``outputs/models/<model>/<version>/`` or a PushedModel artifact):
  ``manifest.json``, ``<model>_int8.tflite``, ``<model>_float.tflite`` and ``c/*``;
* a synced package (``firmware/models/<model>/``, committed): ``manifest.json``, the int8
  model and the ``c/`` files side by side (the float model stays behind).

:func:`read_package` accepts both and checks every file the manifest lists against its sha256,
so no build, QEMU run or sync works from a package that was edited or half-copied; the package
is exactly what the manifest lists. The manifest also declares the package's firmware front end
(see ``components/quantizing_pusher/README.md``)::

    "firmware": {"frontend": "<name>" or null,
                 "tables": ["c/<model>_frontend_tables.h"],
                 "tables_fn": "<module>.<function>" or null}

Every build reads the front end from there (:meth:`ModelPackage.frontend_build`): a package
whose front end is null compiles no front-end sources at all.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from components.quantizing_pusher.c_package import c_identifier
from components.quantizing_pusher.manifest import MANIFEST_NAME as MANIFEST
from firmware_tools import frontends
from firmware_tools.frontends import NO_FRONTEND, Frontend, FrontendBuild

C_DIR = "c"  # where a pushed version keeps its C files (the Pusher's C_DIRNAME)
FIRMWARE_KEY = "firmware"  # the manifest's front-end declaration
# What packages pushed before front ends were declared hold instead of FIRMWARE_KEY.
LEGACY_TABLES_FN_KEY = "firmware_tables_fn"


class PackageError(ValueError):
    """The directory is not a complete, intact model package (the message says why)."""


class FrontendDeclarationError(PackageError):
    """The manifest's ``firmware`` block names an unknown front end or unusable tables."""


@dataclass(frozen=True)
class ModelPackage:
    """A verified package: ``files`` maps the synced (flat) file name to where it is now."""

    model_name: str
    directory: Path
    manifest: dict
    files: dict[str, Path]
    c_dir: Path  # ``directory/c`` for a pushed version, ``directory`` for a synced package
    frontend: Frontend | None  # the front end the manifest declares (None: none)
    tables: tuple[Path, ...]  # the front end's generated files the manifest lists

    @property
    def ident(self) -> str:
        return c_identifier(self.model_name)

    @property
    def tflite(self) -> Path:
        """The shipped int8 .tflite (the C array holds its device flatbuffer)."""
        return self.files[f"{self.ident}_int8.tflite"]

    def device_model(self) -> bytes:
        """The flatbuffer the C array holds, i.e. what the MCU flashes: the .tflite less what
        tflite-micro never reads (components/quantizing_pusher/device_model.py)."""
        text = self.model_source.read_text(encoding="ascii")
        match = re.search(rf"g_{self.ident}_model\[\] = \{{(.*?)\n\}};", text, re.S)
        if match is None:
            raise PackageError(f"{self.model_source}: no g_{self.ident}_model array")
        return bytes(int(v, 16) for v in re.findall(r"0x[0-9a-f]{2}", match.group(1)))

    def golden_vectors(self) -> tuple[np.ndarray, np.ndarray]:
        """The golden inputs and outputs of ``<model>_golden.c``, one int8 row per vector."""
        text = self.golden_source.read_text(encoding="ascii")
        tables = []
        for kind in ("inputs", "outputs"):
            match = re.search(rf"g_{self.ident}_golden_{kind}\[.*?\] = \{{(.*?)\n\}};", text, re.S)
            if match is None:
                raise PackageError(f"{self.golden_source}: no g_{self.ident}_golden_{kind} table")
            rows = re.findall(r"\{([^{}]*)\}", match.group(1))
            values = [[int(v) for v in row.replace(",", " ").split()] for row in rows]
            tables.append(np.array(values))
        inputs, outputs = (table.astype(np.int8) for table in tables)
        if len(inputs) != len(outputs) or len(inputs) == 0:
            raise PackageError(f"{self.golden_source}: golden inputs and outputs do not pair up")
        return inputs, outputs

    @property
    def model_source(self) -> Path:
        return self.files[f"{self.ident}_model.c"]

    @property
    def golden_source(self) -> Path:
        return self.files[f"{self.ident}_golden.c"]

    def c_files(self) -> list[Path]:
        return [path for name, path in sorted(self.files.items()) if name.endswith((".c", ".h"))]

    @property
    def tables_header(self) -> Path | None:
        """The generated header the front end includes through its tables define."""
        return next((path for path in self.tables if path.suffix == ".h"), None)

    def frontend_build(self, device: bool = False) -> FrontendBuild:
        """The front end's C for a build of this package (empty when it declares none);
        ``device``: for the neuralSPOT build (external C the SDK ships is left out).

        Raises FrontendUnavailableError when C the front end takes from outside the tree is
        missing.
        """
        return self.frontend.build(self.tables_header, device) if self.frontend else NO_FRONTEND


def required_files(model_name: str) -> list[str]:
    """What every user of a package needs from it (flat names)."""
    ident = c_identifier(model_name)
    return [
        MANIFEST,
        f"{ident}_int8.tflite",
        f"{ident}_model.h",
        f"{ident}_model.c",
        f"{ident}_golden.h",
        f"{ident}_golden.c",
    ]


def flat_name(manifest_path: str) -> str | None:
    """Where a manifest entry lives in a synced package (None: not synced)."""
    parts = Path(manifest_path).parts
    if len(parts) == 2 and parts[0] == C_DIR:
        return parts[1]
    if len(parts) == 1 and parts[0].endswith("_int8.tflite"):
        return parts[0]
    return None


def package_c_dir(directory: Path) -> Path:
    """Where the package in ``directory`` keeps its C files, in either layout."""
    return directory / C_DIR if (directory / C_DIR).is_dir() else directory


def read_manifest(directory: Path) -> dict:
    """The package's manifest; raises PackageError when it is absent, not JSON or names no
    model."""
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
    if not isinstance(manifest, dict) or not manifest.get("model_name"):
        raise PackageError(f"{manifest_path}: no model_name, so this is not a model package")
    return manifest


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _declared_frontend(
    manifest: dict, manifest_path: Path, files: dict[str, Path]
) -> tuple[Frontend | None, tuple[Path, ...]]:
    """The front end and tables the manifest's ``firmware`` block declares
    (FrontendDeclarationError, one line naming the manifest, when the block is unusable)."""
    block = manifest.get(FIRMWARE_KEY)
    if block is None:
        if LEGACY_TABLES_FN_KEY in manifest:
            raise FrontendDeclarationError(
                f"{manifest_path}: written before packages declared their firmware front end "
                f"({LEGACY_TABLES_FN_KEY!r} but no {FIRMWARE_KEY!r} block); push the model again"
            )
        return None, ()
    name = block.get("frontend") if isinstance(block, dict) else None
    tables = block.get("tables", []) if isinstance(block, dict) else None
    if (
        not isinstance(name, (str, type(None)))
        or not isinstance(tables, list)
        or not all(isinstance(entry, str) for entry in tables)
    ):
        raise FrontendDeclarationError(
            f"{manifest_path}: {FIRMWARE_KEY!r} must be "
            f'{{"frontend": name or null, "tables": [paths]}}, got {json.dumps(block)}'
        )
    if not name:
        if tables:
            raise FrontendDeclarationError(
                f"{manifest_path}: lists firmware tables but no front end"
            )
        return None, ()
    try:
        frontend = frontends.get(name)
    except frontends.UnknownFrontendError as error:
        raise FrontendDeclarationError(f"{manifest_path}: {error}") from error
    paths = []
    for entry in tables:
        flat = flat_name(entry)
        if flat not in files:
            raise FrontendDeclarationError(
                f"{manifest_path}: firmware table {entry} is not a listed file of the package"
            )
        paths.append(files[flat])
    headers = [path for path in paths if path.suffix == ".h"]
    if frontend.tables_define and len(headers) != 1:
        raise FrontendDeclarationError(
            f"{manifest_path}: front end {name!r} includes one generated tables header "
            f"({frontend.tables_define}) but the manifest lists {len(headers)}; regenerate them "
            f"with firmware_tools.tables.regenerate_package_tables('{manifest_path.parent}')"
        )
    return frontend, tuple(paths)


def read_package(directory: Path, model_name: str | None = None) -> ModelPackage:
    """Read and verify the package in ``directory`` (either layout).

    ``model_name`` is checked against the manifest's; without it the manifest names the model.
    Raises PackageError naming the directory or file and the problem.
    """
    directory = Path(directory)
    manifest = read_manifest(directory)
    manifest_path = directory / MANIFEST
    found_name = manifest["model_name"]
    if model_name is not None and found_name != model_name:
        raise PackageError(f"{manifest_path}: package of model {found_name!r}, not {model_name!r}")
    c_dir = package_c_dir(directory)
    files = {MANIFEST: manifest_path}
    for entry in manifest.get("files", []):
        flat = flat_name(entry["path"])
        if flat is None:
            continue
        path = directory / entry["path"] if c_dir != directory else directory / flat
        if not path.is_file():
            raise PackageError(f"{path}: listed in {manifest_path} but missing")
        if _sha256(path) != entry["sha256"]:
            raise PackageError(f"{path}: sha256 differs from {manifest_path} (file was changed)")
        files[flat] = path
    missing = [name for name in required_files(found_name) if name not in files]
    if missing:
        raise PackageError(f"{directory}: package lacks {', '.join(missing)}")
    frontend, tables = _declared_frontend(manifest, manifest_path, files)
    return ModelPackage(found_name, directory, manifest, files, c_dir, frontend, tables)


def write_manifest(directory: Path, manifest: dict) -> Path:
    """Rewrite a package's manifest as the Pusher formats it (for tools that update it)."""
    path = Path(directory) / MANIFEST
    path.write_text(json.dumps(manifest, indent=2, allow_nan=False) + "\n", encoding="utf-8")
    return path


def file_entry(manifest_path: str, path: Path) -> dict:
    """The manifest's ``files`` entry for ``path`` (stored at ``manifest_path``)."""
    return {"path": manifest_path, "sha256": _sha256(path), "bytes": path.stat().st_size}


def update_file_entries(manifest: dict, paths: list[Path]) -> list[str]:
    """Add or refresh the manifest's ``files`` entries of ``paths`` (files in the package's C
    directory), kept sorted; returns their manifest paths."""
    entries = {entry["path"]: entry for entry in manifest.get("files", [])}
    listed = []
    for path in map(Path, paths):
        listed.append(f"{C_DIR}/{path.name}")
        entries[listed[-1]] = file_entry(listed[-1], path)
    manifest["files"] = sorted(entries.values(), key=lambda entry: entry["path"])
    return listed
