"""firmware_tools.package: one reader for pushed versions and synced packages, verified."""

import json

import pytest

from firmware_tools.package import PackageError, read_package
from firmware_tools.paths import MODELS_DIR
from firmware_tools.sync import sync
from tests.firmware.app_packages import MODEL, write_pushed_version


def test_both_layouts_hold_the_same_package(tmp_path):
    pushed = read_package(write_pushed_version(tmp_path / "models"))  # name from the manifest
    synced = read_package(sync(pushed, tmp_path / "firmware_models"), MODEL)
    assert pushed.model_name == synced.model_name == MODEL
    assert pushed.c_dir == pushed.directory / "c" and synced.c_dir == synced.directory
    assert sorted(pushed.files) == sorted(synced.files)
    for package in (pushed, synced):
        assert package.tflite.name == f"{MODEL}_int8.tflite"
        assert package.model_source.parent == package.golden_source.parent == package.c_dir
        assert all(path.is_file() for path in package.files.values())
    assert synced.tflite.read_bytes() == pushed.tflite.read_bytes()


@pytest.mark.skipif(not MODELS_DIR.joinpath(MODEL).is_dir(), reason="no committed package")
def test_committed_package_is_intact():
    package = read_package(MODELS_DIR / MODEL)
    assert package.model_name == MODEL and package.c_dir == MODELS_DIR / MODEL
    assert f"{MODEL}_frontend_tables.h" in package.files


def test_not_a_package_is_named_with_the_reason(tmp_path):
    with pytest.raises(PackageError, match=f"{tmp_path / 'absent'}: no such directory"):
        read_package(tmp_path / "absent")
    with pytest.raises(PackageError, match=f"{tmp_path}: no manifest.json"):
        read_package(tmp_path)
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(PackageError, match="manifest.json: not valid JSON"):
        read_package(tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps({"version": "1"}))
    with pytest.raises(PackageError, match="manifest.json: no model_name"):
        read_package(tmp_path)


def test_a_package_without_its_int8_model_is_refused(tmp_path):
    version_dir = write_pushed_version(tmp_path / "models")
    manifest = json.loads((version_dir / "manifest.json").read_text())
    manifest["files"] = [e for e in manifest["files"] if not e["path"].endswith("_int8.tflite")]
    (version_dir / "manifest.json").write_text(json.dumps(manifest))
    (version_dir / f"{MODEL}_int8.tflite").unlink()
    with pytest.raises(PackageError, match=f"{version_dir}: package lacks {MODEL}_int8.tflite"):
        read_package(version_dir, MODEL)


def test_unlisted_c_files_such_as_regenerated_tables_are_part_of_the_package(tmp_path):
    version_dir = write_pushed_version(tmp_path / "models")
    regenerated = version_dir / "c" / f"{MODEL}_frontend_tables.h"
    regenerated.write_text("/* regenerated from today's model code */\n")
    listed = {e["path"] for e in json.loads((version_dir / "manifest.json").read_text())["files"]}
    assert f"c/{regenerated.name}" in listed  # listed, yet changed: refused
    with pytest.raises(PackageError, match="sha256 differs"):
        read_package(version_dir, MODEL)
    manifest = json.loads((version_dir / "manifest.json").read_text())
    manifest["files"] = [e for e in manifest["files"] if e["path"] != f"c/{regenerated.name}"]
    (version_dir / "manifest.json").write_text(json.dumps(manifest))
    package = read_package(version_dir, MODEL)  # unlisted: taken as it is
    assert package.files[regenerated.name] == regenerated
    assert regenerated in package.c_files()


def test_packages_of_another_model_or_with_missing_files_are_refused(tmp_path):
    version_dir = write_pushed_version(tmp_path / "models")
    with pytest.raises(PackageError, match="package of model 'heart_arrhythmia', not 'kws'"):
        read_package(version_dir, "kws")
    (version_dir / "c" / f"{MODEL}_golden.c").unlink()
    with pytest.raises(PackageError, match=f"{MODEL}_golden.c: listed in .* but missing"):
        read_package(version_dir, MODEL)
