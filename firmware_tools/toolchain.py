"""The Arm GNU toolchain every firmware build here uses: compiler names, Apollo4's CPU flags, and
what to say when it is missing."""

from __future__ import annotations

import shutil
from collections.abc import Sequence

GCC = "arm-none-eabi-gcc"
GXX = "arm-none-eabi-g++"
# Apollo4's Cortex-M4F: Thumb-2, single-precision FPU, hard-float ABI (the CPU flags of
# neuralSPOT's make/neuralspot_toolchain.mk, and of the QEMU harness).
CPU_FLAGS = ["-mthumb", "-mcpu=cortex-m4", "-mfpu=fpv4-sp-d16", "-mfloat-abi=hard"]
INSTALL_HINT = (
    "install the Arm GNU toolchain (Debian: apt install gcc-arm-none-eabi "
    "libnewlib-arm-none-eabi; or https://developer.arm.com/downloads/-/arm-gnu-toolchain-downloads)"
    " and put its bin/ on PATH"
)


def missing_tools(tools: Sequence[str] = (GCC,)) -> list[str]:
    """One line per tool of ``tools`` that is not on PATH, saying how to get it."""
    return [
        f"Arm toolchain: {tool} is not on PATH; {INSTALL_HINT}"
        for tool in tools
        if shutil.which(tool) is None
    ]
