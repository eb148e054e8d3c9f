"""``modelzoo firmware sync``: copy a pushed version's package into ``firmware/models/<model>/``.

The synced layout keeps the int8 model, the manifest and the ``c/`` files side by side (see
``firmware_tools.package``); the float model stays behind.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from firmware_tools.package import MANIFEST, ModelPackage, flat_name
from firmware_tools.paths import MODELS_DIR


def sync(package: ModelPackage, dest_root: Path | None = None) -> Path:
    """Copy a verified package into ``<dest_root>/<model>/`` (synced layout; default root
    ``firmware/models``); returns that directory.

    Files the previous synced package listed and the new one does not are removed; files that
    no package listed (added by hand or by other tools) are left alone.
    """
    dest = Path(dest_root or MODELS_DIR) / package.model_name
    dest.mkdir(parents=True, exist_ok=True)
    try:
        previous = json.loads((dest / MANIFEST).read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        previous = {}
    stale = {flat_name(e["path"]) for e in previous.get("files", [])} - set(package.files)
    for name in sorted(n for n in stale if n):
        (dest / name).unlink(missing_ok=True)
    # The manifest goes last: a reader that finds the new manifest finds the new files.
    for name, path in sorted(package.files.items(), key=lambda item: item[0] == MANIFEST):
        if path.resolve() != (dest / name).resolve():
            shutil.copyfile(path, dest / name)
    return dest
