"""Builds programs on ``firmware/common`` for the host and for the Cortex-M4 QEMU harness.

Every build compiles the common sources against one model's generated front-end tables
(``<model>_frontend_tables.h`` in ``tables_dir``), as the device build does.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

from firmware_tools import qemu
from firmware_tools.paths import COMMON_DIR, COMMON_INCLUDE_DIR

COMMON_SOURCES = tuple(sorted((COMMON_DIR / "src").glob("*.c")))
HOST_CC = "gcc"
# Strict flags: the common code must stay warning-free C99 on any compiler.
WARNINGS = ["-Wall", "-Wextra", "-Wconversion", "-Wshadow", "-Werror"]
HOST_FLAGS = ["-std=c99", "-pedantic", "-O2", *WARNINGS]


def _tables_define(tables_dir: Path) -> list[str]:
    found = sorted(Path(tables_dir).glob("*_frontend_tables.h"))
    if len(found) != 1:
        raise FileNotFoundError(f"{tables_dir}: expected one *_frontend_tables.h, found {found}")
    return [f'-DZOO_ECG_FRONTEND_TABLES="{found[0].name}"']


def build_host(program: Path, out: Path, tables_dir: Path) -> Path:
    """``program`` + firmware/common with the host C compiler (raises qemu.BuildError)."""
    cc = shutil.which(HOST_CC)
    if cc is None:
        raise FileNotFoundError(f"{HOST_CC} not found: install the Debian package gcc")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    command = [
        cc,
        *HOST_FLAGS,
        f"-I{COMMON_INCLUDE_DIR}",
        f"-I{tables_dir}",
        *_tables_define(tables_dir),
        str(program),
        *map(str, COMMON_SOURCES),
        "-o",
        str(out),
    ]
    return qemu.run_build(command, out)


def build_cortex_m4(program: Path, out: Path, tables_dir: Path) -> Path:
    """``program`` + firmware/common as a QEMU harness ELF (Apollo4-sized linker script)."""
    return qemu.build_elf(
        [Path(program), *COMMON_SOURCES],
        Path(out),
        include_dirs=[COMMON_INCLUDE_DIR, Path(tables_dir)],
        extra_flags=[*_tables_define(tables_dir), "-Wconversion", "-Werror"],
    )


def float_bits(value: float) -> str:
    """A float32's bits in hex, how the C programs take float arguments."""
    return f"{int(np.array(value, dtype=np.float32).view(np.uint32)):08x}"
