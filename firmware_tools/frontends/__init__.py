"""The firmware's front ends: which C each one compiles, and the Python that matches it bit for bit.

A front end turns sensor samples into a model's int8 input on the device. Its C lives in
``firmware/frontends/<name>/`` (``include/``, ``src/``, and optionally ``bench/`` for the
firmware benchmark's program). A model package opts into one through its manifest
(``"firmware": {"frontend": "<name>", ...}``, written by the QuantizingPusher), and every build
here (host gcc, the QEMU harness, the compile-only check, neuralSPOT staging, the benchmark)
compiles exactly that front end, or none.

Adding a front end: its directory under ``firmware/frontends/`` and one :class:`Frontend` entry
in ``_FRONTENDS``. Code is named by dotted path (``"package.module:attribute"``), so reading the
registry imports neither numpy nor the references.
"""

from __future__ import annotations

import pkgutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from firmware_tools.paths import FRONTENDS_DIR


class UnknownFrontendError(KeyError):
    """A front-end name that is not in the registry (``str()`` is the one line to show)."""

    def __str__(self) -> str:
        return self.args[0]


class FrontendUnavailableError(RuntimeError):
    """The front end's C from outside the tree is missing; the message says how to get it."""


@dataclass(frozen=True)
class ExternalSources:
    """C a front end compiles from outside this tree, found at build time (for example
    CMSIS-DSP's sources unpacked from the ``cmsisdsp`` sdist)."""

    sources: tuple[Path, ...] = ()
    include_dirs: tuple[Path, ...] = ()
    defines: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FrontendBuild:
    """What one C build adds for a package's front end; all empty for a package without one.

    ``defines`` maps a macro to its C token text (``'"m_frontend_tables.h"'`` for a header).
    """

    name: str | None = None
    sources: tuple[Path, ...] = ()
    include_dirs: tuple[Path, ...] = ()
    defines: Mapping[str, str] = field(default_factory=dict)

    def flags(self) -> list[str]:
        """``-I`` and ``-D`` arguments for a compiler command run without a shell."""
        return [f"-I{d}" for d in self.include_dirs] + [
            f"-D{name}={value}" for name, value in self.defines.items()
        ]


NO_FRONTEND = FrontendBuild()


@dataclass(frozen=True)
class FrontendBench:
    """How the firmware benchmark counts a front end's instructions for one model input.

    ``main`` is a QEMU harness program built with the front end and ``defines``; it is run once
    per mode (its only argument) and each run's instruction count is reported under the mode's
    result key.
    """

    main: Path
    defines: Mapping[str, object]
    modes: Mapping[str, str]  # program argument -> result key
    what: str  # one line: what one measured unit is
    # Further result keys, each a mode's count divided by a number (e.g. instructions per
    # frame from a window's frames): key -> (result key of a mode, divisor). Not summed.
    per_unit: Mapping[str, tuple[str, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Frontend:
    """One front end: its C and the Python that stands beside it."""

    name: str  # as manifests name it, and its directory under firmware/frontends/
    summary: str
    # Macro through which the C includes the model's generated tables header ("" = no tables).
    tables_define: str = ""
    reference: str = ""  # module holding the bit-exact Python reference of the C
    # callable(out_dir, model_name, tables) -> Path: renders the tables header a model's
    # firmware_tables_fn writes (the model computes ``tables`` from its float front end)
    write_tables: str = ""
    external: str = ""  # callable() -> ExternalSources; raises FrontendUnavailableError
    bench: str = ""  # callable(manifest: dict) -> FrontendBench | None
    root: Path | None = None  # default firmware/frontends/<name>
    # False: the device SDK ships the external C itself (neuralSPOT's CMSIS-DSP), so the
    # neuralSPOT build stages only the front end's own C and links the SDK's copy.
    external_on_device: bool = True

    @property
    def directory(self) -> Path:
        return self.root or FRONTENDS_DIR / self.name

    @property
    def include_dir(self) -> Path:
        return self.directory / "include"

    @property
    def sources(self) -> tuple[Path, ...]:
        """The front end's own C sources (``src/*.c``)."""
        return tuple(sorted((self.directory / "src").glob("*.c")))

    def load(self, attribute: str) -> Any:
        """The object a dotted-path field names, e.g. ``frontend.load("write_tables")``."""
        return pkgutil.resolve_name(getattr(self, attribute))

    def benchmark(self, manifest: dict) -> FrontendBench | None:
        """What the firmware benchmark runs for a package with this front end (None: nothing)."""
        return self.load("bench")(manifest) if self.bench else None

    def build(self, tables_header: Path | None, device: bool = False) -> FrontendBuild:
        """The sources, include directories and defines a build of this front end needs, with
        the model's generated ``tables_header`` (required when the front end has tables).

        ``device``: for the neuralSPOT build, which leaves out external C the SDK provides
        (``external_on_device=False``)."""
        if self.tables_define and tables_header is None:
            raise ValueError(
                f"front end {self.name!r} needs the model's generated tables header "
                f"({self.tables_define})"
            )
        wants_external = self.external and (self.external_on_device or not device)
        external = self.load("external")() if wants_external else ExternalSources()
        include_dirs = [self.include_dir, *external.include_dirs]
        defines = dict(external.defines)
        if tables_header is not None:
            include_dirs.append(Path(tables_header).parent)
            if self.tables_define:
                defines[self.tables_define] = f'"{Path(tables_header).name}"'
        return FrontendBuild(
            self.name, (*self.sources, *external.sources), tuple(include_dirs), defines
        )


_FRONTENDS: tuple[Frontend, ...] = (
    Frontend(
        name="ecg",
        summary="single-lead ECG: streaming resampler to the model rate, band-pass, z-score, int8",
        tables_define="ZOO_ECG_FRONTEND_TABLES",
        reference="firmware_tools.frontends.ecg.reference",
        write_tables="firmware_tools.frontends.ecg.tables:write_tables",
        bench="firmware_tools.frontends.ecg.bench:bench",
    ),
    Frontend(
        name="audio",
        summary=(
            "16 kHz int16 PCM: streaming framer, CMSIS-DSP arm_mfcc_q15 log-mel (q8.7) ring of "
            "one window, int8 model input"
        ),
        tables_define="ZOO_AUDIO_FRONTEND_TABLES",
        # The Python definition is the model code's (modules/audio/frontend.py: log_mel_q7,
        # to_model_input); named as a string, so firmware_tools never imports modules.
        reference="modules.audio.frontend",
        write_tables="modules.audio.frontend_tables:write_tables",
        external="firmware_tools.frontends.audio.cmsis_dsp:external",
        bench="firmware_tools.frontends.audio.bench:bench",
        external_on_device=False,  # neuralSPOT links its own CMSIS-DSP
    ),
)

FRONTENDS: dict[str, Frontend] = {frontend.name: frontend for frontend in _FRONTENDS}


def get(name: str) -> Frontend:
    """The registered front end called ``name``; UnknownFrontendError (one line) otherwise."""
    frontend = FRONTENDS.get(name)
    if frontend is None:
        known = ", ".join(sorted(FRONTENDS)) or "none"
        raise UnknownFrontendError(f"unknown firmware front end {name!r}; known: {known}")
    return frontend
