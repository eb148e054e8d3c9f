"""Where a linked firmware image's bytes go: per memory region, per section, key symbols.

Reads the image with binutils (``arm-none-eabi-objdump -h``, ``-size``, ``-nm``) and the memory
regions from the GNU ld map file, so the numbers are the linker's, for any linker script:
on Apollo4 the regions are MRAM (code, constants, the model), TCM (data, bss, stack, the
tensor arena) and shared SRAM.
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


def symbol_placement(
    nm_text: str, regions: list[Region], names: list[str], pattern: str | None = None
) -> dict[str, dict]:
    """Size and region of the named symbols and of those matching ``pattern``."""
    wanted = re.compile(pattern) if pattern else None
    placed = {}
    for line in nm_text.splitlines():
        parts = line.split(maxsplit=3)
        if len(parts) != 4:
            continue
        address, size, _, name = parts
        if name in names or (wanted and wanted.search(name)):
            region = next((r.name for r in regions if r.holds(int(address, 16))), None)
            placed[name] = {"bytes": int(size, 16), "address": int(address, 16), "region": region}
    return placed


def image_size(axf: Path, map_file: Path, symbols: list[str], symbol_pattern: str | None) -> dict:
    """The size.json body for one linked image."""
    regions = memory_regions(map_file.read_text(errors="replace"))
    image_sections = sections(_run(OBJDUMP, "-h", str(axf)))
    return {
        **berkeley_sizes(_run(SIZE, str(axf))),
        "regions": region_usage(regions, image_sections),
        "symbols": symbol_placement(
            _run(NM, "-S", "-C", str(axf)), regions, symbols, symbol_pattern
        ),
        "sections": [
            {"name": s.name, "bytes": s.size, "vma": s.vma, "lma": s.lma}
            for s in image_sections
            if "ALLOC" in s.flags and s.size
        ],
    }
