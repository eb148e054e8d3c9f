"""ECG front-end tables: generated from the model's Python, committed copies current, regenerable,
and the C takes them only through the define the build sets from the manifest."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from components.quantizing_pusher import firmware_tables
from firmware_tools import common_build, frontends, tables
from firmware_tools.frontends.ecg import tables as ecg_tables
from firmware_tools.package import PackageError, read_package
from firmware_tools.paths import COMMON_INCLUDE_DIR, MODELS_DIR
from modules.heart_arrhythmia import fixed_point

PACKAGE = MODELS_DIR / "heart_arrhythmia"
HEADER = "heart_arrhythmia_frontend_tables.h"
ECG = frontends.get("ecg")
[ECG_SOURCE] = [s for s in ECG.sources if s.name == "zoo_ecg_frontend.c"]


def test_committed_tables_are_current():
    """Regenerate with tables.regenerate_package_tables('firmware/models/heart_arrhythmia')."""
    committed = (PACKAGE / HEADER).read_text()
    assert committed == ecg_tables.render_tables("heart_arrhythmia", fixed_point.frontend_tables())


def test_the_committed_manifest_declares_the_ecg_front_end_and_its_tables_function():
    package = read_package(PACKAGE)
    assert package.frontend is ECG and package.tables == (PACKAGE / HEADER,)
    tables_fn = package.manifest["firmware"]["tables_fn"]
    assert firmware_tables.resolve(tables_fn) is fixed_point.write_firmware_tables


def write_marker_tables(out_dir: str, model_name: str) -> list[str]:
    path = Path(out_dir) / f"{model_name}_frontend_tables.h"
    path.write_text(f"/* marker for {model_name} */\n")
    return [str(path)]


def test_regenerate_package_tables_in_both_layouts_and_lists_them(tmp_path):
    # firmware/models/<model>/ layout: the committed tables come back byte for byte
    flat = tmp_path / "flat"
    shutil.copytree(PACKAGE, flat)
    target = flat / HEADER
    target.unlink()
    assert tables.regenerate_package_tables(flat) == [str(target)]
    assert target.read_text() == (PACKAGE / HEADER).read_text()
    assert (flat / "manifest.json").read_text() == (PACKAGE / "manifest.json").read_text()
    # pushed layout (c/): the new tables are written, listed and their sha256 recorded
    pushed = tmp_path / "1234"
    (pushed / "c").mkdir(parents=True)
    tables_fn = f"{__name__}.write_marker_tables"
    manifest = {
        "model_name": "heart_arrhythmia",
        "firmware": {"frontend": "ecg", "tables": [], "tables_fn": tables_fn},
    }
    (pushed / "manifest.json").write_text(json.dumps(manifest))
    target = pushed / "c" / HEADER
    assert tables.regenerate_package_tables(pushed) == [str(target)]
    assert target.read_text() == "/* marker for heart_arrhythmia */\n"
    rewritten = json.loads((pushed / "manifest.json").read_text())
    assert rewritten["firmware"] == {**manifest["firmware"], "tables": [f"c/{HEADER}"]}
    [entry] = rewritten["files"]
    assert entry["path"] == f"c/{HEADER}" and entry["bytes"] == target.stat().st_size


def test_regenerate_explains_what_is_missing(tmp_path):
    with pytest.raises(PackageError, match="no manifest.json"):
        tables.regenerate_package_tables(tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps({"model_name": "kws"}))
    with pytest.raises(PackageError, match="'kws' has no firmware tables function"):
        tables.regenerate_package_tables(tmp_path)


def _compile_ecg(tmp_path, *flags) -> subprocess.CompletedProcess:
    command = [common_build.HOST_CC, *common_build.HOST_FLAGS, f"-I{COMMON_INCLUDE_DIR}"]
    command += [*flags, "-c", str(ECG_SOURCE), "-o", str(tmp_path / "frontend.o")]
    return subprocess.run(command, capture_output=True, text=True)


@pytest.fixture
def host_cc():
    if shutil.which(common_build.HOST_CC) is None:
        pytest.skip("no host gcc (Debian package gcc)")


def test_without_the_tables_define_the_build_stops_with_the_error_naming_it(tmp_path, host_cc):
    with_tables = ECG.build(PACKAGE / HEADER)
    assert with_tables.defines == {"ZOO_ECG_FRONTEND_TABLES": f'"{HEADER}"'}
    assert _compile_ecg(tmp_path, *with_tables.flags()).returncode == 0
    # The tables' directory on the include path is not enough: there is no default header.
    undefined = _compile_ecg(tmp_path, f"-I{ECG.include_dir}", f"-I{PACKAGE}")
    assert undefined.returncode != 0
    errors = [line for line in undefined.stderr.splitlines() if "error:" in line]
    assert "#error" in errors[0] and "ZOO_ECG_FRONTEND_TABLES is not defined" in errors[0]
    assert "firmware_tools does from the package manifest" in errors[0]


def test_history_capacity_is_checked_at_compile_time(tmp_path, host_cc):
    flags = ECG.build(PACKAGE / HEADER).flags()
    longest = max(d.history for d in fixed_point.frontend_tables().resamplers)
    ok = _compile_ecg(tmp_path, *flags, f"-DZOO_RESAMPLER_MAX_HISTORY={longest}")
    assert ok.returncode == 0, ok.stderr
    small = _compile_ecg(tmp_path, *flags, f"-DZOO_RESAMPLER_MAX_HISTORY={longest - 1}")
    assert small.returncode != 0
    assert "ZOO_RESAMPLER_MAX_HISTORY is smaller than the longest resampler history" in small.stderr
