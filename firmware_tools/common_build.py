"""Builds programs on ``firmware/common`` (and a front end) for the host and for the QEMU harness.

A build compiles the shared sources plus exactly the front end it is given
(:meth:`firmware_tools.package.ModelPackage.frontend_build` reads it from a package's manifest,
:meth:`firmware_tools.frontends.Frontend.build` from a front end and a tables header), as the
device build does; :data:`~firmware_tools.frontends.NO_FRONTEND` builds the shared code alone.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

from firmware_tools import qemu
from firmware_tools.frontends import FrontendBuild
from firmware_tools.paths import COMMON_INCLUDE_DIR, COMMON_SOURCES

HOST_CC = "gcc"
# Strict flags: the common code must stay warning-free C99 on any compiler.
WARNINGS = ["-Wall", "-Wextra", "-Wconversion", "-Wshadow", "-Werror"]
HOST_FLAGS = ["-std=c99", "-pedantic", "-O2", *WARNINGS]


def build_host(program: Path, out: Path, frontend: FrontendBuild) -> Path:
    """``program`` + firmware/common + ``frontend`` with the host C compiler (raises
    qemu.BuildError)."""
    cc = shutil.which(HOST_CC)
    if cc is None:
        raise FileNotFoundError(f"{HOST_CC} not found: install the Debian package gcc")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    command = [
        cc,
        *HOST_FLAGS,
        f"-I{COMMON_INCLUDE_DIR}",
        *frontend.flags(),
        str(program),
        *map(str, COMMON_SOURCES),
        *map(str, frontend.sources),
        "-o",
        str(out),
    ]
    return qemu.run_build(command, out)


def build_cortex_m4(program: Path, out: Path, frontend: FrontendBuild) -> Path:
    """``program`` + firmware/common + ``frontend`` as a QEMU harness ELF (Apollo4-sized linker
    script)."""
    return qemu.build_elf(
        [Path(program), *COMMON_SOURCES, *frontend.sources],
        Path(out),
        include_dirs=[COMMON_INCLUDE_DIR, *frontend.include_dirs],
        defines=frontend.defines,
        extra_flags=["-Wconversion", "-Werror"],
    )


def float_bits(value: float) -> str:
    """A float32's bits in hex, how the C programs take float arguments."""
    return f"{int(np.array(value, dtype=np.float32).view(np.uint32)):08x}"
