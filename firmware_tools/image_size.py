"""Where a linked firmware image's bytes go: per memory region, per section, per symbol.

Reads the image with binutils (``arm-none-eabi-objdump -h``, ``-size``, ``-nm``) and the memory
regions from the GNU ld map file, so the numbers are the linker's, for any linker script:
on Apollo4 the regions are MRAM (code, constants, the model), TCM (data, bss, stack, the
tensor arena) and shared SRAM. The build job's ``size.json`` (neuralSPOT images) and the
firmware benchmark (QEMU harness images, symbols attributed to source files through DWARF)
both come from here.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

OBJDUMP = "arm-none-eabi-objdump"
SIZE = "arm-none-eabi-size"
NM = "arm-none-eabi-nm"

_MEMORY_LINE = re.compile(r"^(\S+)\s+0x([0-9a-fA-F]+)\s+0x([0-9a-fA-F]+)")
_NM_SIZED = re.compile(r"^([0-9a-fA-F]{8,16}) ([0-9a-fA-F]{8,16}) (\S) (.+)$")
_SECTION_LINE = re.compile(
    r"^\s*\d+\s+(\S+)\s+([0-9a-fA-F]+)\s+([0-9a-fA-F]+)\s+([0-9a-fA-F]+)\s+[0-9a-fA-F]+\s+\S+"
)


@dataclass(frozen=True)
class Region:
    name: str
    origin: int
    length: int

    def holds(self, address: int) -> bool:
        return self.origin <= address < self.origin + self.length


@dataclass(frozen=True)
class Section:
    name: str
    size: int
    vma: int
    lma: int
    flags: frozenset[str]


@dataclass(frozen=True)
class Symbol:
    name: str  # demangled
    size: int
    kind: str  # nm's type letter: T/t code, R/r or D/d data, B/b zero-initialised
    address: int
    source: str  # file DWARF says defines it; "" without debug info or sources not asked for


def _run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def memory_regions(map_text: str) -> list[Region]:
    """The ``Memory Configuration`` table of a GNU ld map file (``*default*`` left out)."""
    regions = []
    in_table = False
    for line in map_text.splitlines():
        if line.startswith("Memory Configuration"):
            in_table = True
        elif line.startswith("Linker script and memory map"):
            break
        elif in_table and (match := _MEMORY_LINE.match(line)) and match[1] != "*default*":
            regions.append(Region(match[1], int(match[2], 16), int(match[3], 16)))
    return regions


def sections(objdump_text: str) -> list[Section]:
    """Sections of ``objdump -h`` output with their flags (ALLOC, LOAD, CONTENTS, ...)."""
    found = []
    lines = objdump_text.splitlines()
    for index, line in enumerate(lines):
        match = _SECTION_LINE.match(line)
        if match and index + 1 < len(lines):
            flags = frozenset(flag.strip() for flag in lines[index + 1].split(","))
            found.append(
                Section(match[1], int(match[2], 16), int(match[3], 16), int(match[4], 16), flags)
            )
    return found


def region_usage(regions: list[Region], image_sections: list[Section]) -> dict[str, dict]:
    """Bytes each region holds: sections that run there plus initial values loaded from there
    (``.data`` counts in TCM where it lives and in MRAM where its initial values are stored)."""
    usage = {r.name: {"origin": r.origin, "length": r.length, "used": 0} for r in regions}
    for section in image_sections:
        if "ALLOC" not in section.flags or section.size == 0:
            continue
        for region in regions:
            if region.holds(section.vma):
                usage[region.name]["used"] += section.size
            if "LOAD" in section.flags and section.lma != section.vma and region.holds(section.lma):
                usage[region.name]["used"] += section.size
    for entry in usage.values():
        entry["percent"] = round(100.0 * entry["used"] / max(entry["length"], 1), 2)
    return usage


def berkeley_sizes(size_text: str) -> dict[str, int]:
    """``arm-none-eabi-size`` (Berkeley format): text, data, bss."""
    values = size_text.splitlines()[1].split()
    return {"text": int(values[0]), "data": int(values[1]), "bss": int(values[2])}


def parse_symbols(nm_text: str) -> list[Symbol]:
    """Sized symbols of ``nm -S -C [-l]`` output (``-l`` appends a tab and ``file:line``)."""
    found = []
    for line in nm_text.splitlines():
        fields, _, where = line.partition("\t")
        match = _NM_SIZED.match(fields)
        if match:  # unsized symbols have no size column; demangled names may hold spaces
            address, size, kind, name = match.groups()
            source = where.rsplit(":", 1)[0] if where else ""
            found.append(Symbol(name, int(size, 16), kind, int(address, 16), source))
    return found


def symbols(elf: Path, with_sources: bool = False) -> list[Symbol]:
    """Every sized symbol of ``elf``; ``with_sources`` adds each one's source file (DWARF)."""
    return parse_symbols(_run(NM, "-S", "-C", *(["-l"] if with_sources else []), str(elf)))


def bytes_from(found: list[Symbol], predicate) -> int:
    """Total size of the symbols ``predicate(symbol)`` selects."""
    return sum(s.size for s in found if predicate(s))


def symbol_placement(
    found: list[Symbol], regions: list[Region], names: list[str], pattern: str | None = None
) -> dict[str, dict]:
    """Size and region of the named symbols and of those matching ``pattern``."""
    wanted = re.compile(pattern) if pattern else None
    placed = {}
    for symbol in found:
        if symbol.name in names or (wanted and wanted.search(symbol.name)):
            region = next((r.name for r in regions if r.holds(symbol.address)), None)
            placed[symbol.name] = {
                "bytes": symbol.size,
                "address": symbol.address,
                "region": region,
            }
    return placed


def read_regions(map_file: Path) -> list[Region]:
    return memory_regions(Path(map_file).read_text(errors="replace"))


def read_sections(elf: Path) -> list[Section]:
    return sections(_run(OBJDUMP, "-h", str(elf)))


def image_size(axf: Path, map_file: Path, named: list[str], symbol_pattern: str | None) -> dict:
    """The size.json body for one linked image; ``named`` and ``symbol_pattern`` pick the
    symbols whose placement it reports."""
    regions = read_regions(map_file)
    image_sections = read_sections(axf)
    return {
        **berkeley_sizes(_run(SIZE, str(axf))),
        "regions": region_usage(regions, image_sections),
        "symbols": symbol_placement(symbols(axf), regions, named, symbol_pattern),
        "sections": [
            {"name": s.name, "bytes": s.size, "vma": s.vma, "lma": s.lma}
            for s in image_sections
            if "ALLOC" in s.flags and s.size
        ],
    }
