"""Build bare-metal Cortex-M4F programs and run them under QEMU with semihosting.

This is how the firmware's C is proven on a machine without an Apollo4: the program is linked
against ``firmware/harness`` (vector table, semihosting stdio and argv, exit status) and the
Apollo4-sized linker script, then run on QEMU's ``mps2-an386`` (a Cortex-M4F).

Data exchange with the emulated program:

* stdout: ``printf`` in the program is ``QemuResult.stdout`` (newlib-nano printf: no ``%f``);
* host files: ``fopen``/``fread``/``fwrite`` through semihosting, paths absolute or relative to
  the directory ``run_elf`` runs QEMU in (the ELF's directory);
* arguments: ``run_elf(elf, args)`` becomes ``main(argc, argv)``, ``argv[0]`` the ELF's name;
* exit status: ``main``'s return value (or ``exit(n)``) is ``QemuResult.exit_code``; a fault
  prints ``harness: HardFault`` and exits with 1.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from firmware_tools.paths import HARNESS_DIR
from firmware_tools.toolchain import CPU_FLAGS, GCC

HARNESS_STARTUP = HARNESS_DIR / "startup.c"
APOLLO4_LINKER_SCRIPT = HARNESS_DIR / "apollo4_qemu.ld"

QEMU = "qemu-system-arm"
QEMU_MACHINE = "mps2-an386"
INSTALL_HINT = (
    "run `make firmware-deps` (as root with apt) or install the Debian packages "
    "gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm"
)

# The harness clock is mps2-an386's CMSDK timer at the 25 MHz system clock (40 ns per tick);
# -icount shift=0 makes each instruction take 1 ns of virtual time, so one tick = 40 instructions
# (the resolution of a count: +-40 per measured region).
INSTRUCTIONS_PER_TICK = 40

_OVERFLOW = re.compile(r"region `(\w+)' overflowed by (\d+) bytes")
_HARNESS_LINE = re.compile(r"\n?@harness ticks=(\d+) regions=(\d+) total_ticks=(\d+)\n?")


class BuildError(RuntimeError):
    """Compiling or linking failed; ``output`` is the compiler/linker text.

    ``overflows`` maps a memory region (``MRAM``, ``TCM``, ``SSRAM``) to the bytes by which the
    image overflowed it, when that is why the link failed.
    """

    def __init__(self, message: str, output: str):
        super().__init__(message)
        self.output = output
        self.overflows = {name: int(size) for name, size in _OVERFLOW.findall(output)}


class QemuTimeout(RuntimeError):
    """The program did not exit within the timeout (``stdout`` holds what it printed)."""

    def __init__(self, message: str, stdout: str):
        super().__init__(message)
        self.stdout = stdout


@dataclass(frozen=True)
class QemuResult:
    exit_code: int
    stdout: str
    instructions: int | None  # counted when run with count_instructions=True


def _newlib_specs() -> str | None:
    """Path of newlib's rdimon.specs (semihosting), or None without libnewlib-arm-none-eabi."""
    gcc = shutil.which(GCC)
    if gcc is None:
        return None
    found = subprocess.run(
        [gcc, "-print-file-name=rdimon.specs"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return found if found and Path(found).is_file() else None


def toolchain_status() -> dict[str, str | None]:
    """Each tool the harness needs -> its path, or None when it is missing."""
    return {GCC: shutil.which(GCC), QEMU: shutil.which(QEMU), "rdimon.specs": _newlib_specs()}


def missing_toolchain() -> str | None:
    """One line naming what is missing and how to install it, or None when all is there."""
    missing = [tool for tool, path in toolchain_status().items() if path is None]
    if not missing:
        return None
    return f"missing {', '.join(missing)}: {INSTALL_HINT}"


def _require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise FileNotFoundError(f"{tool} not found: {INSTALL_HINT}")
    return path


def build_elf(
    sources: Sequence[Path],
    out: Path,
    include_dirs: Sequence[Path] = (),
    defines: Mapping[str, object] | None = None,
    linker_script: Path | None = None,
    opt: str = "-O2",
    extra_flags: Sequence[str] = (),
) -> Path:
    """Compile and link ``sources`` with the harness into ``out`` (an ELF; ``out``.map beside it).

    The harness startup (``firmware/harness/startup.c``) and include directory are always added,
    so ``sources`` need only hold the program with its ``main``. ``linker_script`` defaults to
    the Apollo4-sized one. Raises BuildError with the compiler/linker message on failure.
    """
    gcc = _require(GCC)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    script = Path(linker_script) if linker_script is not None else APOLLO4_LINKER_SCRIPT
    files = [HARNESS_STARTUP.resolve()]
    files += [Path(s).resolve() for s in sources if Path(s).resolve() not in files]
    includes = [HARNESS_DIR, *include_dirs]
    command = [
        gcc,
        *CPU_FLAGS,
        opt,
        "-std=gnu99",
        "-g",
        "-Wall",
        "-Wextra",
        "-ffunction-sections",
        "-fdata-sections",
        *(f"-I{Path(d)}" for d in includes),
        *(
            f"-D{name}" if value is None else f"-D{name}={value}"
            for name, value in (defines or {}).items()
        ),
        *extra_flags,
        "-nostartfiles",
        f"-T{script}",
        "--specs=nano.specs",
        "--specs=rdimon.specs",
        "-Wl,--gc-sections",
        f"-Wl,-Map={out.with_suffix('.map')}",
        *(str(f) for f in files),
        "-lm",
        "-o",
        str(out),
    ]
    return run_build(command, out)


def run_build(command: Sequence[str], out: Path) -> Path:
    """Run a compiler/linker ``command`` that writes ``out``; raises BuildError with its output."""
    result = subprocess.run(list(command), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip()
        raise BuildError(f"building {Path(out).name} failed:\n{output}", output)
    return Path(out)


def _semihosting_arg(value: str) -> str:
    if any(ch.isspace() for ch in value) or not value:
        raise ValueError(f"semihosting arguments cannot be empty or contain whitespace: {value!r}")
    return value.replace(",", ",,")  # QEMU option syntax: a literal comma is doubled


def run_elf(
    elf: Path,
    args: Sequence[str] = (),
    timeout: float = 60,
    count_instructions: bool = False,
) -> QemuResult:
    """Run ``elf`` on mps2-an386 until it exits; raises QemuTimeout after ``timeout`` seconds.

    With ``count_instructions`` QEMU runs with ``-icount shift=0`` and ``instructions`` is the
    number executed inside the program's harness_count_begin/end regions (the whole run when it
    marked none), to +-40 per region.
    """
    qemu = _require(QEMU)
    elf = Path(elf).resolve()
    semihosting = ",".join(
        ["enable=on", "target=native"]
        + [f"arg={_semihosting_arg(a)}" for a in [elf.name, *map(str, args)]]
    )
    command = [
        qemu,
        "-M",
        QEMU_MACHINE,
        "-display",
        "none",
        "-monitor",
        "none",
        "-serial",
        "none",
        "-semihosting-config",
        semihosting,
        "-kernel",
        str(elf),
    ]
    if count_instructions:
        command += ["-icount", "shift=0"]
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, cwd=elf.parent, check=False
        )
    except subprocess.TimeoutExpired as exc:
        partial = exc.stdout.decode(errors="replace") if isinstance(exc.stdout, bytes) else ""
        raise QemuTimeout(f"{elf.name} did not exit within {timeout:g} s", partial) from exc
    stdout = result.stdout
    instructions = None
    match = _HARNESS_LINE.search(stdout)
    if match:
        stdout = stdout[: match.start()] + stdout[match.end() :]
        ticks, regions, total = (int(g) for g in match.groups())
        if count_instructions:
            instructions = INSTRUCTIONS_PER_TICK * (ticks if regions else total)
    if result.returncode != 0 and result.stderr.strip():
        stdout += result.stderr  # QEMU's own complaints (bad image, missing machine) are useful
    return QemuResult(exit_code=result.returncode, stdout=stdout, instructions=instructions)
