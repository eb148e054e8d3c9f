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
    assert package.frontend.name == "ecg"
    assert package.tables == (package.files[f"{MODEL}_frontend_tables.h"],)


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


def test_the_package_is_what_the_manifest_lists(tmp_path):
    version_dir = write_pushed_version(tmp_path / "models")
    tables = version_dir / "c" / f"{MODEL}_frontend_tables.h"
    stray = version_dir / "c" / "stray.h"
    stray.write_text("/* not in the manifest */\n")
    package = read_package(version_dir, MODEL)
    assert "stray.h" not in package.files and stray not in package.c_files()
    tables.write_text("/* edited after the push */\n")
    with pytest.raises(PackageError, match=f"{tables}: sha256 differs"):
        read_package(version_dir, MODEL)


def test_packages_of_another_model_or_with_missing_files_are_refused(tmp_path):
    version_dir = write_pushed_version(tmp_path / "models")
    with pytest.raises(PackageError, match="package of model 'heart_arrhythmia', not 'kws'"):
        read_package(version_dir, "kws")
    (version_dir / "c" / f"{MODEL}_golden.c").unlink()
    with pytest.raises(PackageError, match=f"{MODEL}_golden.c: listed in .* but missing"):
        read_package(version_dir, MODEL)


def _with_firmware_block(version_dir, block) -> None:
    manifest = json.loads((version_dir / "manifest.json").read_text())
    if block is None:
        manifest["firmware_tables_fn"] = manifest.pop("firmware")["tables_fn"]  # before blocks
    else:
        manifest["firmware"] = block
    (version_dir / "manifest.json").write_text(json.dumps(manifest))


@pytest.mark.parametrize(
    "block, message",
    [
        (None, "written before packages declared their firmware front end"),
        ({"frontend": None, "tables": [f"c/{MODEL}_frontend_tables.h"]}, "tables but no front end"),
        ({"frontend": "ecg", "tables": "c/x.h"}, "'firmware' must be"),
        ({"frontend": "ecg", "tables": ["c/absent.h"]}, "c/absent.h is not a listed file"),
        ({"frontend": "ecg", "tables": []}, "'ecg' includes one generated tables header"),
        (
            {"frontend": "nope", "tables": []},
            "unknown firmware front end 'nope'; known: audio, ecg",
        ),
    ],
)
def test_an_unusable_firmware_block_is_one_line_naming_the_manifest(tmp_path, block, message):
    version_dir = write_pushed_version(tmp_path / "models")
    _with_firmware_block(version_dir, block)
    with pytest.raises(PackageError) as error:
        read_package(version_dir, MODEL)
    assert str(error.value).startswith(f"{version_dir / 'manifest.json'}: ")
    assert message in str(error.value) and "\n" not in str(error.value)
