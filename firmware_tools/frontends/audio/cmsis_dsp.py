"""CMSIS-DSP's C sources for the audio front end, from the ``cmsisdsp`` 1.10.3 sdist.

The audio front end calls CMSIS-DSP's ``arm_mfcc_q15``; the Python side runs the same C through
the ``cmsisdsp`` package, which is built from that release's sdist. The firmware builds here
(host tests, QEMU, the compile-only check, the benchmark) compile the few sources
``arm_mfcc_q15`` needs from the same sdist, unpacked once into a cache directory
(``scripts/cmsis_dsp_sources.sh`` or :func:`fetch`), with the defines the Python extension's
build uses (``__GNUC_PYTHON__``: the generic C path; ``ARM_MATH_LOOPUNROLL``: its CMake default),
so both sides run the same arithmetic. The neuralSPOT device build uses neuralSPOT's own
CMSIS-DSP instead (see ``firmware/apps/keyword_spotting/README.md``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from firmware_tools.frontends import ExternalSources, FrontendUnavailableError

VERSION = "1.10.3"
ENV_DIR = "MODELZOO_CMSIS_DSP_DIR"  # an unpacked sdist elsewhere (overrides the cache)
CACHE_ROOT = Path(os.environ.get("XDG_CACHE_HOME", str(Path.home() / ".cache"))) / "ambiq-modelzoo"
GET_IT = "run scripts/cmsis_dsp_sources.sh (pip download of the cmsisdsp==1.10.3 sdist)"

# What arm_mfcc_q15 (and the fixed-length arm_mfcc_init_<N>_q15) link against, under Source/.
SOURCES = (
    "TransformFunctions/arm_mfcc_q15.c",
    "TransformFunctions/arm_mfcc_init_q15.c",
    "TransformFunctions/arm_rfft_q15.c",
    "TransformFunctions/arm_rfft_init_q15.c",
    "TransformFunctions/arm_cfft_q15.c",
    "TransformFunctions/arm_cfft_init_q15.c",
    "TransformFunctions/arm_cfft_radix4_q15.c",
    "TransformFunctions/arm_bitreversal2.c",
    "CommonTables/arm_common_tables.c",
    "CommonTables/arm_const_structs.c",
    "BasicMathFunctions/arm_abs_q15.c",
    "BasicMathFunctions/arm_mult_q15.c",
    "BasicMathFunctions/arm_scale_q15.c",
    "BasicMathFunctions/arm_scale_q31.c",
    "BasicMathFunctions/arm_shift_q15.c",
    "BasicMathFunctions/arm_shift_q31.c",
    "BasicMathFunctions/arm_offset_q31.c",
    "BasicMathFunctions/arm_dot_prod_q15.c",
    "ComplexMathFunctions/arm_cmplx_mag_q15.c",
    "FastMathFunctions/arm_divide_q15.c",
    "FastMathFunctions/arm_sqrt_q31.c",
    "FastMathFunctions/arm_vlog_q31.c",
    "StatisticsFunctions/arm_absmax_q15.c",
    "MatrixFunctions/arm_mat_vec_mult_q15.c",
)
# As the cmsisdsp extension's CMake build (Source/configDsp.cmake with HOST=YES, LOOPUNROLL=ON).
DEFINES = {"__GNUC_PYTHON__": "1", "ARM_MATH_LOOPUNROLL": "1"}


def sdist_dir() -> Path:
    """Where the unpacked sdist is expected ($MODELZOO_CMSIS_DSP_DIR, else the cache)."""
    override = os.environ.get(ENV_DIR)
    return Path(override) if override else CACHE_ROOT / f"cmsisdsp-{VERSION}"


def _missing(root: Path) -> list[str]:
    wanted = [f"Source/{s}" for s in SOURCES] + ["Include/arm_math.h", "PrivateInclude"]
    return [w for w in wanted if not (root / w).exists()]


def external() -> ExternalSources:
    """The registry's ``external`` callable: CMSIS-DSP's sources for the audio front end.

    Raises FrontendUnavailableError (one line, how to get them) when they are not unpacked.
    """
    root = sdist_dir()
    missing = _missing(root)
    if missing:
        raise FrontendUnavailableError(
            f"CMSIS-DSP {VERSION} sources for the audio front end are not in {root} "
            f"(no {missing[0]}): {GET_IT}"
        )
    return ExternalSources(
        sources=tuple(root / "Source" / s for s in SOURCES),
        include_dirs=(root / "Include", root / "PrivateInclude"),
        defines=dict(DEFINES),
    )


def fetch(dest_root: Path | None = None, python: str = sys.executable) -> Path:
    """Download the cmsisdsp sdist with pip and unpack it under ``dest_root`` (default: the
    cache); returns the unpacked directory (nothing is downloaded when it is there already)."""
    dest_root = Path(dest_root or CACHE_ROOT)
    target = dest_root / f"cmsisdsp-{VERSION}"
    if not _missing(target):
        return target
    dest_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cmsisdsp-") as tmp:
        subprocess.run(
            [
                python,
                "-m",
                "pip",
                "download",
                "-q",
                "--no-deps",
                "--no-binary",
                ":all:",
                "--no-build-isolation",
                f"cmsisdsp=={VERSION}",
                "-d",
                tmp,
            ],
            check=True,
        )
        (archive,) = Path(tmp).glob(f"cmsisdsp-{VERSION}.tar.gz")
        if target.exists():
            shutil.rmtree(target)
        with tarfile.open(archive) as tar:
            tar.extractall(dest_root, filter="data")
    missing = _missing(target)
    if missing:
        raise FrontendUnavailableError(f"{archive.name} unpacked into {target} lacks {missing[0]}")
    return target


if __name__ == "__main__":
    print(f"CMSIS-DSP {VERSION} sources (audio front end): {fetch()}")
