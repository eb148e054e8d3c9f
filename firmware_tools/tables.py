"""Regenerates the front-end tables of a package that exists already, and lists them.

A model names a "tables function" (``module.function(out_dir, model_name) -> [paths]``); the
QuantizingPusher calls it to put the front end's generated files (``<model>_frontend_tables.h``
for the ECG front end) into every pushed ``c/`` directory and records it in the manifest's
``firmware`` block. :func:`regenerate_package_tables` calls it again for a pushed version or
``firmware/models/<model>/``, after the model's float front end changed.
"""

from __future__ import annotations

from pathlib import Path

from components.quantizing_pusher import firmware_tables
from firmware_tools.package import (
    FIRMWARE_KEY,
    MANIFEST,
    PackageError,
    package_c_dir,
    read_manifest,
    update_file_entries,
    write_manifest,
)


def regenerate_package_tables(package_dir: str | Path) -> list[str]:
    """Rewrite the front-end tables of an existing package from today's model code.

    ``package_dir`` is a pushed version (C files in ``c/``) or ``firmware/models/<model>/``
    (side by side); the tables function comes from the manifest's ``firmware.tables_fn``. The
    manifest is updated to match: the files' sha256s and the block's ``tables`` list.
    """
    root = Path(package_dir)
    manifest = read_manifest(root)  # the manifest alone: writing tables needs no other file
    name = manifest["model_name"]
    block = manifest.get(FIRMWARE_KEY) if isinstance(manifest.get(FIRMWARE_KEY), dict) else {}
    dotted = block.get("tables_fn")
    if not dotted:
        raise PackageError(
            f"{root / MANIFEST}: model {name!r} has no firmware tables function "
            f'("{FIRMWARE_KEY}": {{"tables_fn": ...}})'
        )
    written = [Path(p) for p in firmware_tables.write(dotted, str(package_c_dir(root)), name)]
    listed = update_file_entries(manifest, written)
    manifest[FIRMWARE_KEY] = {**block, "tables": listed}
    write_manifest(root, manifest)
    return [str(path) for path in written]
