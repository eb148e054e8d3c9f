"""Firmware tests need arm-none-eabi-gcc, newlib and qemu-system-arm; skip with why when absent."""

import pytest

from firmware_tools.qemu import missing_toolchain


@pytest.fixture(scope="session")
def toolchain():
    reason = missing_toolchain()
    if reason:
        pytest.skip(reason)
