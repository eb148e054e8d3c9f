"""`modelzoo firmware sync`: a pushed version's package, verified, into firmware/models/."""

import json

from typer.testing import CliRunner

from components.quantizing_pusher.manifest import write_manifest
from firmware_tools import sync
from firmware_tools.package import read_package
from modelzoo.cli import app
from tests.firmware.app_packages import MODEL, write_pushed_version


def test_sync_flattens_the_package_and_keeps_foreign_files(tmp_path):
    version_dir = write_pushed_version(tmp_path / "models", version="1")
    dest_root = tmp_path / "firmware_models"
    (dest_root / MODEL).mkdir(parents=True)
    (dest_root / MODEL / "README.md").write_text("kept\n")
    dest = sync.sync(read_package(version_dir, MODEL), dest_root)
    names = sorted(p.name for p in dest.iterdir())
    c_files = [p.name for p in (version_dir / "c").iterdir()]
    assert {f"{MODEL}_model.h", f"{MODEL}_golden.c", f"{MODEL}_frontend_tables.h"} <= set(c_files)
    assert names == sorted(["README.md", "manifest.json", f"{MODEL}_int8.tflite", *c_files])
    synced = read_package(dest, MODEL)  # verifies every sha256 in the synced layout
    assert synced.manifest["version"] == "1"
    assert (dest / f"{MODEL}_model.c").read_bytes() == (
        version_dir / "c" / f"{MODEL}_model.c"
    ).read_bytes()


def test_resync_removes_files_only_the_old_package_had(tmp_path):
    dest_root = tmp_path / "firmware_models"
    old = write_pushed_version(tmp_path / "models", version="1")
    extra = old / "c" / f"{MODEL}_extra_table.h"
    extra.write_text("/* a table only version 1 has */\n")
    manifest = json.loads((old / "manifest.json").read_text())
    write_manifest(str(old), {k: v for k, v in manifest.items() if k != "files"})
    dest = sync.sync(read_package(old, MODEL), dest_root)
    assert (dest / extra.name).is_file()
    new = write_pushed_version(tmp_path / "models", version="2")
    sync.sync(read_package(new, MODEL), dest_root)
    assert not (dest / extra.name).exists()
    assert read_package(dest, MODEL).manifest["version"] == "2"


def test_cli_sync_takes_the_latest_pushed_version(tmp_path, monkeypatch):
    monkeypatch.setenv("MODELZOO_HOME", str(tmp_path))
    write_pushed_version(tmp_path / "models", version="100")
    write_pushed_version(tmp_path / "models", version="200")
    monkeypatch.setattr(sync, "MODELS_DIR", tmp_path / "firmware_models")
    result = CliRunner().invoke(app, ["firmware", "sync", "heart-arrhythmia"])
    assert result.exit_code == 0, result.output
    assert "version 200" in result.output
    manifest = json.loads((tmp_path / "firmware_models" / MODEL / "manifest.json").read_text())
    assert manifest["version"] == "200"


def test_cli_sync_without_a_pushed_model_says_how_to_get_one(tmp_path, monkeypatch):
    monkeypatch.setenv("MODELZOO_HOME", str(tmp_path))
    result = CliRunner().invoke(app, ["firmware", "sync", "heart-arrhythmia"])
    assert result.exit_code == 2
    assert "modelzoo run heart-arrhythmia" in result.output
