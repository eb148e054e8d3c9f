"""Compile-only check of a neuralSPOT app against our declarations of neuralSPOT and TFLM.

Without a neuralSPOT checkout the app cannot be built, but its own C and C++ can still be
proven well-formed: every app source, ``firmware/common`` and the model package are compiled
(``-c``, no link) for Apollo4's Cortex-M4F with neuralSPOT's compiler flags plus ``-Werror``,
against ``firmware/apps/ns_declarations`` (declarations of exactly the SDK functions, types and
classes the app uses, with neuralSPOT's names and signatures). App sources are compiled once
per build variant, so code behind ``#if`` (sensor, profiling, ITM) is checked too.

This is what it says: a compile-only check against declarations, not a device build.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from firmware_tools.build import app_dir
from firmware_tools.package import ModelPackage
from firmware_tools.paths import COMMON_DIR, COMMON_INCLUDE_DIR, DECLARATIONS_DIR
from firmware_tools.toolchain import CPU_FLAGS, GCC, GXX, missing_tools

LABEL = "compile-only check against neuralSPOT declarations (not a device build)"
# neuralSPOT's arm-none-eabi flags for Apollo4 (make/neuralspot_toolchain.mk, -g dropped),
# plus -Werror: a warning here fails the check.
COMMON_FLAGS = [
    *CPU_FLAGS,
    "-ffunction-sections",
    "-fdata-sections",
    "-fomit-frame-pointer",
    "-fno-exceptions",
    "-O3",
    "-ffast-math",
    "-Wall",
    "-Werror",
]
C_FLAGS = ["-std=c99"]
CXX_FLAGS = ["-fno-use-cxa-atexit"]
# Settings an app build can take (module.mk's ZOO_* make variables as ha_config.h defines).
VARIANTS: dict[str, dict[str, str]] = {
    "default (auto source, UART)": {},
    "MAX86150, profiling, ITM": {
        "ZOO_ECG_SOURCE": "ZOO_ECG_MAX86150",
        "ZOO_PROFILE": "1",
        "ZOO_PRINT_ITM": "1",
    },
    "replay": {"ZOO_ECG_SOURCE": "ZOO_ECG_REPLAY"},
}
SOURCE_SUFFIXES = (".c", ".cc", ".cpp")


class CompileError(RuntimeError):
    """A source did not compile; ``output`` is the compiler's message."""

    def __init__(self, message: str, output: str):
        super().__init__(f"{message}\n{output}")
        self.output = output


@dataclass
class CheckResult:
    compiled: list[tuple[str, Path]] = field(default_factory=list)  # (variant, source)

    @property
    def summary(self) -> str:
        files = {source for _, source in self.compiled}
        return (
            f"{LABEL}: {len(files)} files, {len(self.compiled)} compilations "
            f"({len(VARIANTS)} app variants), all passed"
        )


def toolchain_problems() -> list[str]:
    """What the check lacks, one line each (empty when the C and C++ compilers are there)."""
    return missing_tools([GCC, GXX])


def _compile(source: Path, obj: Path, include_dirs: list[Path], defines: dict[str, str]) -> None:
    cxx = source.suffix != ".c"
    command = [GXX if cxx else GCC, *COMMON_FLAGS, *(CXX_FLAGS if cxx else C_FLAGS)]
    command += [f"-D{key}={value}" for key, value in defines.items()]
    command += [f"-I{directory}" for directory in include_dirs]
    command += ["-c", str(source), "-o", str(obj)]
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise CompileError(f"{source}: does not compile ({LABEL})", proc.stderr.strip())


def check(model_name: str, package: ModelPackage, work_dir: Path) -> CheckResult:
    """Compile the app (every variant), firmware/common and the package into ``work_dir``."""
    app_src = app_dir(model_name) / "src"
    include_dirs = [app_src, COMMON_INCLUDE_DIR, package.c_dir, DECLARATIONS_DIR]
    app_sources = sorted(p for p in app_src.iterdir() if p.suffix in SOURCE_SUFFIXES)
    shared_sources = sorted((COMMON_DIR / "src").glob("*.c")) + [
        p for p in package.c_files() if p.suffix == ".c"
    ]
    result = CheckResult()
    jobs = [("shared", {}, source) for source in shared_sources]
    jobs += [(name, defines, s) for name, defines in VARIANTS.items() for s in app_sources]
    for index, (variant, defines, source) in enumerate(jobs):
        _compile(source, work_dir / f"{index}_{source.stem}.o", include_dirs, defines)
        result.compiled.append((variant, source))
    return result
