"""Builds programs on ``firmware/common`` for the host and for the Cortex-M4 QEMU harness, and
counts the ECG front end's instructions per window there (for the firmware benchmark).

Every build compiles the common sources against one model's generated front-end tables
(``<model>_frontend_tables.h`` in ``tables_dir``), as the device build does.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from modelzoo.firmware import qemu
from modelzoo.firmware.fixed_point import float32_parts

COMMON_DIR = qemu.REPO_ROOT / "firmware" / "common"
COMMON_INCLUDE = COMMON_DIR / "include"
COMMON_SOURCES = tuple(sorted((COMMON_DIR / "src").glob("*.c")))
FRONTEND_BENCH = COMMON_DIR / "bench" / "frontend_bench.c"
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
        f"-I{COMMON_INCLUDE}",
        f"-I{tables_dir}",
        *_tables_define(tables_dir),
        str(program),
        *map(str, COMMON_SOURCES),
        "-o",
        str(out),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip()
        raise qemu.BuildError(f"building {out.name} failed:\n{output}", output)
    return out


def build_cortex_m4(program: Path, out: Path, tables_dir: Path) -> Path:
    """``program`` + firmware/common as a QEMU harness ELF (Apollo4-sized linker script)."""
    return qemu.build_elf(
        [Path(program), *COMMON_SOURCES],
        Path(out),
        include_dirs=[COMMON_INCLUDE, Path(tables_dir)],
        extra_flags=[*_tables_define(tables_dir), "-Wconversion", "-Werror"],
    )


def float_bits(value: float) -> str:
    """A float32's bits in hex, how the C programs take float arguments."""
    return f"{int(np.array(value, dtype=np.float32).view(np.uint32)):08x}"


def common_object_sizes(tables_dir: Path, work_dir: Path) -> dict[str, int]:
    """text / data / bss bytes of firmware/common compiled for the Cortex-M4 at -O2."""
    gcc, size = shutil.which(qemu.GCC), shutil.which("arm-none-eabi-size")
    if gcc is None or size is None:
        raise FileNotFoundError(
            f"arm-none-eabi-gcc / arm-none-eabi-size not found: {qemu.INSTALL_HINT}"
        )
    totals = {"text": 0, "data": 0, "bss": 0}
    for source in COMMON_SOURCES:
        obj = Path(work_dir) / f"{source.stem}.o"
        subprocess.run(
            [
                gcc,
                *qemu.CPU_FLAGS,
                "-O2",
                "-std=c99",
                "-ffunction-sections",
                "-fdata-sections",
                f"-I{COMMON_INCLUDE}",
                f"-I{tables_dir}",
                *_tables_define(tables_dir),
                "-c",
                str(source),
                "-o",
                str(obj),
            ],
            check=True,
            capture_output=True,
        )
        line = subprocess.run(
            [size, str(obj)], check=True, capture_output=True, text=True
        ).stdout.splitlines()[1]
        text, data, bss = (int(v) for v in line.split()[:3])
        totals["text"] += text
        totals["data"] += data
        totals["bss"] += bss
    return totals


def _bench_count(elf: Path, args: Sequence[str]) -> int:
    result = qemu.run_elf(elf, list(args), count_instructions=True)
    if result.exit_code != 0 or not re.search(r"rc 0 ", result.stdout):
        raise RuntimeError(f"frontend_bench {' '.join(args)} failed: {result.stdout.strip()}")
    return int(result.instructions)


def count_frontend_instructions(
    tables_dir: Path,
    input_scale: float,
    input_zero_point: int,
    work_dir: Path,
    sensor_rates_hz: Sequence[int] = (250, 360),
    window_samples: int = 1000,
    model_rate_hz: int = 100,
) -> dict:
    """Instructions (QEMU, -icount, +-40) the ECG front end spends per model window.

    ``window_to_input`` runs on one window of a deterministic noisy two-tone signal; the
    resampler on as many sensor samples as one window lasts, per sensor rate.
    """
    float32_parts(input_scale)
    work_dir = Path(work_dir)
    work_dir.mkdir(parents=True, exist_ok=True)
    elf = build_cortex_m4(FRONTEND_BENCH, work_dir / "frontend_bench.elf", tables_dir)
    rng = np.random.default_rng(0)
    seconds = window_samples / model_rate_hz

    def signal(rate: int, counts: float) -> Path:
        t = np.arange(int(round(seconds * rate))) / rate
        x = np.sin(2 * np.pi * 1.2 * t) + 0.3 * np.sin(2 * np.pi * 17 * t)
        x += 0.05 * rng.standard_normal(len(t))
        path = work_dir / f"signal_{rate}.bin"
        np.round(x * counts).astype("<i4").tofile(path)
        return path

    window = signal(model_rate_hz, 200 * 256)
    counts = {
        "window_to_input": _bench_count(
            elf, ["window", window.name, float_bits(input_scale), str(input_zero_point)]
        )
    }
    for rate in sensor_rates_hz:
        path = signal(rate, 200)
        counts[f"resample_{rate}hz"] = _bench_count(elf, ["resample", str(rate), path.name])
    return {
        "instructions_per_window": counts,
        "window_s": seconds,
        "method": "QEMU mps2-an386 -icount shift=0, harness_count_begin/end around the call",
        "common_object_bytes": common_object_sizes(tables_dir, work_dir),
    }
