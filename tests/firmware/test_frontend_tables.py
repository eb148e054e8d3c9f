"""Front-end tables: generated from the model's Python, committed copies current, regenerable."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from components.quantizing_pusher import firmware_tables
from firmware_tools import common_build, tables
from firmware_tools.package import PackageError
from firmware_tools.paths import COMMON_DIR, COMMON_INCLUDE_DIR, MODELS_DIR
from modules.heart_arrhythmia import fixed_point

PACKAGE = MODELS_DIR / "heart_arrhythmia"


def test_committed_tables_are_current():
    """Regenerate with tables.regenerate_package_tables('firmware/models/heart_arrhythmia')."""
    committed = (PACKAGE / "heart_arrhythmia_frontend_tables.h").read_text()
    assert committed == tables.render_ecg_tables("heart_arrhythmia", fixed_point.frontend_tables())


def test_fallback_names_the_models_tables_function():
    fallback = tables.KNOWN_TABLES_FNS["heart_arrhythmia"]
    assert firmware_tables.resolve(fallback) is fixed_point.write_firmware_tables


def write_marker_tables(out_dir: str, model_name: str) -> list[str]:
    path = Path(out_dir) / f"{model_name}_frontend_tables.h"
    path.write_text(f"/* marker for {model_name} */\n")
    return [str(path)]


def test_regenerate_package_tables_in_both_layouts(tmp_path):
    # firmware/models/<model>/ layout, manifest without the key: the known function
    flat = tmp_path / "flat"
    shutil.copytree(PACKAGE, flat)
    target = flat / "heart_arrhythmia_frontend_tables.h"
    target.unlink()
    assert tables.regenerate_package_tables(flat) == [str(target)]
    assert target.read_text() == (PACKAGE / target.name).read_text()
    # pushed layout (c/), the manifest names the function
    pushed = tmp_path / "1234"
    (pushed / "c").mkdir(parents=True)
    manifest = {
        "model_name": "heart_arrhythmia",
        tables.MANIFEST_KEY: f"{__name__}.write_marker_tables",
    }
    (pushed / "manifest.json").write_text(json.dumps(manifest))
    target = pushed / "c" / "heart_arrhythmia_frontend_tables.h"
    assert tables.regenerate_package_tables(pushed) == [str(target)]
    assert target.read_text() == "/* marker for heart_arrhythmia */\n"


def test_regenerate_explains_what_is_missing(tmp_path):
    with pytest.raises(PackageError, match="no manifest.json"):
        tables.regenerate_package_tables(tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps({"model_name": "kws"}))
    with pytest.raises(PackageError, match="'kws' has no firmware tables function"):
        tables.regenerate_package_tables(tmp_path)


def test_history_capacity_is_checked_at_compile_time(tmp_path):
    if shutil.which(common_build.HOST_CC) is None:
        pytest.skip("no host gcc")
    longest = max(d.history for d in fixed_point.frontend_tables().resamplers)
    command = [
        common_build.HOST_CC,
        *common_build.HOST_FLAGS,
        f"-I{COMMON_INCLUDE_DIR}",
        f"-I{PACKAGE}",
        "-c",
        str(COMMON_DIR / "src" / "zoo_ecg_frontend.c"),
        "-o",
        str(tmp_path / "frontend.o"),
    ]
    ok = subprocess.run([*command, f"-DZOO_RESAMPLER_MAX_HISTORY={longest}"], capture_output=True)
    assert ok.returncode == 0, ok.stderr
    small = subprocess.run(
        [*command, f"-DZOO_RESAMPLER_MAX_HISTORY={longest - 1}"], capture_output=True, text=True
    )
    assert small.returncode != 0
    assert "ZOO_RESAMPLER_MAX_HISTORY is smaller than the longest resampler history" in small.stderr
