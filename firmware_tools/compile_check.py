"""Compile-only check of a neuralSPOT app against our declarations of neuralSPOT and TFLM.

Without a neuralSPOT checkout the app cannot be built, but its own C and C++ can still be
proven well-formed: every app source, ``firmware/common`` (its shared app glue,
``firmware/common/app``, as part of the app), the front end the package's manifest declares
(none, if it declares none) and the model package are compiled (``-c``, no link) for Apollo4's
Cortex-M4F with neuralSPOT's compiler flags plus ``-Werror``, against
``firmware/apps/ns_declarations`` (declarations of exactly the SDK functions, types and classes
the app uses, with neuralSPOT's names and signatures). App sources are compiled once per build
variant the app lists in ``variants.json`` (``name -> {define: value}``, the ``ZOO_*`` settings
its ``module.mk`` turns into defines), so code behind ``#if`` (sensor, profiling, ITM) is
checked too; the shared app glue is compiled with each variant as well, since the app's
``src/zoo_app_config.h`` and those defines configure it (an app without that header does not
use the glue, and its module.mk does not compile it).

This is what it says: a compile-only check against declarations, not a device build.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from firmware_tools.build import app_dir
from firmware_tools.package import ModelPackage
from firmware_tools.paths import (
    COMMON_APP_DIR,
    COMMON_APP_SOURCES,
    COMMON_INCLUDE_DIR,
    COMMON_SOURCES,
    DECLARATIONS_DIR,
)
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
VARIANTS_FILE = "variants.json"  # in the app's directory; without it, one default variant
DEFAULT_VARIANTS: dict[str, dict[str, str]] = {"default": {}}
SOURCE_SUFFIXES = (".c", ".cc", ".cpp")
APP_GLUE_CONFIG = "zoo_app_config.h"  # in the app's src/: the app uses firmware/common/app


class VariantsError(ValueError):
    """The app's variants.json is unusable (the message names the file)."""


class CompileError(RuntimeError):
    """A source did not compile; ``output`` is the compiler's message."""

    def __init__(self, message: str, output: str):
        super().__init__(f"{message}\n{output}")
        self.output = output


@dataclass
class CheckResult:
    variants: dict[str, dict[str, str]]
    frontend: str | None  # the front end the package declares
    compiled: list[tuple[str, Path]] = field(default_factory=list)  # (variant, source)

    @property
    def summary(self) -> str:
        files = {source for _, source in self.compiled}
        return (
            f"{LABEL}: {len(files)} files, {len(self.compiled)} compilations "
            f"({len(self.variants)} app variants, front end {self.frontend or 'none'}), "
            "all passed"
        )


def app_variants(model_name: str) -> dict[str, dict[str, str]]:
    """The build variants the app lists in ``variants.json`` (name -> defines)."""
    path = app_dir(model_name) / VARIANTS_FILE
    if not path.is_file():
        return dict(DEFAULT_VARIANTS)
    try:
        variants = json.loads(path.read_text())
    except json.JSONDecodeError as error:
        raise VariantsError(f"{path}: not valid JSON ({error})") from error
    if (
        not isinstance(variants, dict)
        or not variants
        or not all(
            isinstance(defines, dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in defines.items())
            for defines in variants.values()
        )
    ):
        raise VariantsError(
            f'{path}: expected {{"variant name": {{"DEFINE": "value", ...}}, ...}} (at least one)'
        )
    return variants


def app_problems(model_name: str) -> list[str]:
    """One line when the model has no app to check (``firmware/apps/<model>/src``), else none."""
    app = app_dir(model_name)
    if not (app / "src").is_dir():
        return [
            f"app: {app} does not exist: no neuralSPOT app for {model_name} yet "
            "(write module.mk and src/ there; see firmware/README.md)"
            if not app.is_dir()
            else f"app: {app} has no src/ directory (no app sources to check)"
        ]
    return []


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
    """Compile the app with firmware/common/app's glue (every variant), firmware/common, the
    package's front end and the package into ``work_dir``. Raises CompileError, VariantsError,
    or FrontendUnavailableError when the front end's external sources are missing."""
    variants = app_variants(model_name)
    frontend = package.frontend_build()
    app_src = app_dir(model_name) / "src"
    include_dirs = [app_src, COMMON_INCLUDE_DIR, COMMON_APP_DIR, *frontend.include_dirs]
    include_dirs += [package.c_dir, DECLARATIONS_DIR]
    app_sources = sorted(p for p in app_src.iterdir() if p.suffix in SOURCE_SUFFIXES)
    if (app_src / APP_GLUE_CONFIG).is_file():
        app_sources += COMMON_APP_SOURCES
    shared_sources = [*COMMON_SOURCES, *frontend.sources]
    shared_sources += [p for p in package.c_files() if p.suffix == ".c"]
    result = CheckResult(variants, frontend.name)
    jobs = [("shared", {}, source) for source in shared_sources]
    jobs += [(name, defines, s) for name, defines in variants.items() for s in app_sources]
    for index, (variant, defines, source) in enumerate(jobs):
        all_defines = {**frontend.defines, **defines}
        _compile(source, work_dir / f"{index}_{source.stem}.o", include_dirs, all_defines)
        result.compiled.append((variant, source))
    return result
