"""A model's embedded default data set: written on first use, rewritten when its generator changed.

Without the version stamp, `make run` after a generator upgrade silently trained on the data
the old generator had left in ``$MODELZOO_DATA`` (the heart benchmark once trained on generator
v2 data with v3 code and scored 0.77 instead of 0.87 on the kept-out ECG).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from modules.spec import ModelSpec
from pipelines import settings

STAMP = ".modelzoo-data-version"  # in the data directory; record globs (*.hea, *.wav) skip it


def wanted_version(spec: ModelSpec) -> str:
    """The generator version the default data must carry ("" when the model names none)."""
    return (
        f"{spec.model_name} {spec.load('default_data_version')}"
        if spec.default_data_version
        else ""
    )


def found_version(data: Path) -> str:
    stamp = data / STAMP
    return stamp.read_text(encoding="utf-8").strip() if stamp.is_file() else ""


def ensure_default_data(
    spec: ModelSpec, data: Path | None = None, say: Callable[[str], object] = print
) -> Path:
    """The default data directory, written if missing or stamped with another generator version.

    Only for the zoo-managed default directory: data a user points a run at is never touched.
    """
    data = Path(data or settings.default_data_dir(spec))
    wanted = wanted_version(spec)
    if data.exists():
        found = found_version(data)
        if not wanted or found == wanted:
            return data
        say(
            f"Default data at {data} was written by {found or 'an unstamped generator'}, "
            f"the current one is {wanted}: rewriting it."
        )
        shutil.rmtree(data)
    else:
        say(f"No data at {data}: generating the embedded default data set.")
    spec.load("write_default_data")(data)
    if wanted:
        (data / STAMP).write_text(wanted + "\n", encoding="utf-8")
    return data
