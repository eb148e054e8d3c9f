"""Declares a package's firmware front end and runs the model's tables function for it.

A model's front end (filters, windows, constants) is defined in its Python module; the firmware
runs the same computation in the C front end named by the Pusher's ``firmware_frontend``
(``firmware/frontends/<name>/``) and needs the model's numbers as C tables. The Pusher's
``firmware_tables_fn`` names a ``module.function(out_dir, model_name) -> list of written paths``
that renders them into the package's ``c/`` directory, and :func:`manifest_block` records both
in the manifest, so one pushed package says which front end it builds with and has its tables.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable

_DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+")
_FRONTEND_NAME = re.compile(r"[a-z][a-z0-9_]*")
MANIFEST_KEY = "firmware"


def check_declaration(frontend: str, tables_fn: str) -> None:
    """ValueError unless ``frontend`` is "" or a front-end name (a directory under
    ``firmware/frontends/``) and ``tables_fn`` is "" or a dotted name; tables belong to a front
    end, so ``tables_fn`` needs ``frontend``."""
    if frontend and not (isinstance(frontend, str) and _FRONTEND_NAME.fullmatch(frontend)):
        raise ValueError(
            f"firmware_frontend must be a front-end name such as 'ecg' (lower case), got "
            f"{frontend!r}"
        )
    if tables_fn:
        check_name(tables_fn)
        if not frontend:
            raise ValueError(
                f"firmware_tables_fn {tables_fn!r} needs firmware_frontend: the tables belong to "
                "the front end that compiles them"
            )


def manifest_block(frontend: str, tables_fn: str, tables: list[str]) -> dict:
    """The manifest's ``firmware`` block: the front end (None for a package without one), the
    tables the function wrote (paths relative to the version directory) and the function."""
    return {"frontend": frontend or None, "tables": list(tables), "tables_fn": tables_fn or None}


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
