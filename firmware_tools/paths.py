"""Where the firmware tree's parts live in the checkout (one definition for every tool)."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
FIRMWARE_DIR = REPO_ROOT / "firmware"
COMMON_DIR = FIRMWARE_DIR / "common"  # portable C99 every model shares (fixed point, tracker)
COMMON_INCLUDE_DIR = COMMON_DIR / "include"
COMMON_SOURCES = tuple(sorted((COMMON_DIR / "src").glob("*.c")))
FRONTENDS_DIR = FIRMWARE_DIR / "frontends"  # one C front end per <name>/, opt-in per package
HARNESS_DIR = FIRMWARE_DIR / "harness"  # QEMU test harness and reference kernels (test-only)
APPS_DIR = FIRMWARE_DIR / "apps"  # neuralSPOT apps, one per model
DECLARATIONS_DIR = APPS_DIR / "ns_declarations"  # neuralSPOT/TFLM declarations for the check
MODELS_DIR = FIRMWARE_DIR / "models"  # synced model packages, one per model
