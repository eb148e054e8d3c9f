"""Flash and RAM of a linked image, from its sections and (via DWARF) each symbol's source file.

Used by benchmarks/firmware.py to say what a model costs on Apollo4 and what was counted:
allocated ELF sections give the MRAM/TCM totals, symbol sizes attributed to source files split
them into the model array, kernels, plan constants and harness/libc.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

SIZE = "arm-none-eabi-size"
NM = "arm-none-eabi-nm"

# Sections each Apollo4 region holds in images linked with firmware/harness/apollo4_qemu.ld.
MRAM_SECTIONS = (".text", ".ARM.extab", ".ARM.exidx", ".data")  # .data: its load image
TCM_SECTIONS = (".data", ".bss", ".arena", ".heap", ".stack")


@dataclass(frozen=True)
class Symbol:
    name: str
    size: int
    kind: str  # nm's type letter: T/t code, R/r or D/d data, B/b zero-initialised
    source: str  # file the symbol was defined in, "" when the ELF has no debug info for it


def section_sizes(elf: Path) -> dict[str, int]:
    """Allocated and debug sections alike, as ``arm-none-eabi-size -A`` lists them."""
    out = subprocess.run([SIZE, "-A", str(elf)], capture_output=True, text=True, check=True).stdout
    sizes = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0].startswith(".") and parts[1].isdigit():
            sizes[parts[0]] = int(parts[1])
    return sizes


_NM_LINE = re.compile(r"^([0-9a-f]+) ([0-9a-f]+) (\w) (\S+)(?:\t(.+):\d+)?$")


def symbols(elf: Path) -> list[Symbol]:
    """Every sized symbol with the source file DWARF attributes it to."""
    out = subprocess.run(
        [NM, "-S", "-l", str(elf)], capture_output=True, text=True, check=True
    ).stdout
    found = []
    for line in out.splitlines():
        match = _NM_LINE.match(line)
        if match:
            _, size, kind, name, source = match.groups()
            found.append(Symbol(name, int(size, 16), kind, source or ""))
    return found


def region_usage(elf: Path) -> dict[str, int]:
    """Bytes of Apollo4 MRAM and TCM the image occupies (TCM includes heap/stack reserves)."""
    sections = section_sizes(elf)
    return {
        "mram_bytes": sum(sections.get(name, 0) for name in MRAM_SECTIONS),
        "tcm_bytes": sum(sections.get(name, 0) for name in TCM_SECTIONS),
    }


def bytes_from(found: list[Symbol], predicate) -> int:
    """Total size of the symbols ``predicate(symbol)`` selects."""
    return sum(s.size for s in found if predicate(s))
