"""Runs a model's firmware-tables function so the pushed C package carries its front end.

A model's front end (filters, windows, constants) is defined in its Python module; the firmware
needs the same numbers as C tables. The Pusher's ``firmware_tables_fn`` names a
``module.function(out_dir, model_name) -> list of written paths`` that renders them into the
package's ``c/`` directory, so one pushed package has everything a firmware build needs.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable

_DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+")


def check_name(dotted: str) -> None:
    """ValueError unless ``dotted`` looks like ``package.module.function``."""
    if not isinstance(dotted, str) or not _DOTTED.fullmatch(dotted):
        raise ValueError(f"firmware_tables_fn must be 'module.function', got {dotted!r}")


def resolve(dotted: str) -> Callable[[str, str], list[str]]:
    check_name(dotted)
    module_name, _, attr = dotted.rpartition(".")
    try:
        fn = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as e:
        raise ValueError(f"firmware_tables_fn {dotted!r} cannot be imported: {e}") from e
    if not callable(fn):
        raise ValueError(f"firmware_tables_fn {dotted!r} is not callable")
    return fn


def write(dotted: str, out_dir: str, model_name: str) -> list[str]:
    """Call the tables function; returns the files it wrote, which must lie in ``out_dir``."""
    written = [str(path) for path in resolve(dotted)(out_dir, model_name)]
    root = os.path.realpath(out_dir)
    for path in written:
        real = os.path.realpath(path)
        if os.path.dirname(real) != root or not os.path.isfile(real):
            raise ValueError(
                f"firmware_tables_fn {dotted!r} returned {path}, not a file it wrote in {out_dir}"
            )
    return written
