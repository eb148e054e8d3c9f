"""Where the firmware tree's parts live in the checkout (one definition for every tool)."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
FIRMWARE_DIR = REPO_ROOT / "firmware"
COMMON_DIR = FIRMWARE_DIR / "common"  # portable C99 every model shares (fixed point, tracker)
COMMON_INCLUDE_DIR = COMMON_DIR / "include"
COMMON_SOURCES = tuple(sorted((COMMON_DIR / "src").glob("*.c")))
# The neuralSPOT app glue every app shares (TFLM, power policy, golden self-test): C and C++
# against neuralSPOT/TFLM, configured at compile time by the app's src/zoo_app_config.h, so it is
# compiled with each app (per build variant), never in the portable common/ builds above.
COMMON_APP_DIR = COMMON_DIR / "app"
COMMON_APP_SOURCES = tuple(sorted(p for p in COMMON_APP_DIR.iterdir() if p.suffix in (".c", ".cc")))
FRONTENDS_DIR = FIRMWARE_DIR / "frontends"  # one C front end per <name>/, opt-in per package
HARNESS_DIR = FIRMWARE_DIR / "harness"  # QEMU test harness and reference kernels (test-only)
APPS_DIR = FIRMWARE_DIR / "apps"  # neuralSPOT apps, one per model
DECLARATIONS_DIR = APPS_DIR / "ns_declarations"  # neuralSPOT/TFLM declarations for the check
MODELS_DIR = FIRMWARE_DIR / "models"  # synced model packages, one per model
