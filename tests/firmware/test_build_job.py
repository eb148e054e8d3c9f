"""`modelzoo firmware build`: what it says when something is missing, what it stages, and an
end-to-end run against a FAKE neuralSPOT tree (a test double: the image is never a device build)."""

import json
import shutil

import pytest
from typer.testing import CliRunner

from firmware_tools import build
from firmware_tools.package import read_package
from modelzoo.cli import app
from tests.firmware.app_packages import ARENA_BYTES, MODEL, write_pushed_version
from tests.firmware.fake_neuralspot import FAKE_VERSION, make_fake_neuralspot

needs_arm_gcc = pytest.mark.skipif(
    shutil.which("arm-none-eabi-gcc") is None, reason="arm-none-eabi-gcc not installed"
)


@pytest.fixture
def version_dir(tmp_path):
    return write_pushed_version(tmp_path / "models")


@pytest.fixture
def fake_sdk(tmp_path):
    return make_fake_neuralspot(tmp_path / "neuralSPOT")


def _build(*args, env=None):
    result = CliRunner().invoke(app, ["firmware", "build", "heart-arrhythmia", *args], env=env)
    return result.exit_code, result.output


def test_without_sdk_toolchain_and_package_every_missing_item_gets_one_line(tmp_path, monkeypatch):
    monkeypatch.delenv("NEURALSPOT_ROOT", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no arm-none-eabi-gcc, no make
    code, output = _build("--version-dir", str(tmp_path / "nothing"), "--out", str(tmp_path))
    assert code == 2
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    assert len(errors) == 4, output
    assert "NEURALSPOT_ROOT is not set" in errors[0]
    assert "https://github.com/AmbiqAI/neuralSPOT" in errors[0]
    assert "arm-none-eabi-gcc is not on PATH" in errors[1] and "gcc-arm-none-eabi" in errors[1]
    assert "GNU make is not on PATH" in errors[2]
    assert f"{tmp_path / 'nothing'}: no such directory" in errors[3]
    assert "modelzoo firmware sync heart-arrhythmia" in errors[3]
    assert not list(tmp_path.glob("*.bin"))


def test_a_directory_that_is_not_neuralspot_is_named_with_what_it_lacks(
    tmp_path, version_dir, monkeypatch
):
    monkeypatch.setenv("NEURALSPOT_ROOT", str(tmp_path))
    code, output = _build("--version-dir", str(version_dir))
    assert code == 2
    assert f"{tmp_path} is not a neuralSPOT checkout" in output
    assert "make/neuralspot_config.mk" in output


def test_a_tampered_package_is_refused(tmp_path, version_dir, fake_sdk):
    header = version_dir / "c" / f"{MODEL}_model.h"
    header.write_text(header.read_text().replace("13536", "1024"))
    code, output = _build("--version-dir", str(version_dir), "--neuralspot-root", str(fake_sdk))
    assert code == 2
    assert f"{header}: sha256 differs" in output


def test_staging_writes_app_common_frontend_and_flattened_package_under_apps_modelzoo(
    version_dir, fake_sdk
):
    package = read_package(version_dir, MODEL)
    plan = build.plan_build(MODEL, package, fake_sdk, make_vars={"ZOO_PROFILE": "1"}, jobs=3)
    stage_dir = build.stage(plan)
    assert stage_dir == fake_sdk / "apps" / "modelzoo" / MODEL
    staged = {str(p.relative_to(stage_dir)) for p in stage_dir.rglob("*") if p.is_file()}
    assert {
        "module.mk",
        "src/heart_arrhythmia.c",
        "src/zoo_app_config.h",
        "common/app/zoo_model.cc",
        "common/app/zoo_power.c",
        "common/app/zoo_selftest.c",
        "STAGED_BY_MODELZOO",
    } <= staged
    assert {f"model/{MODEL}_model.h", f"model/{MODEL}_golden.c"} <= staged
    assert not any(name.endswith(".tflite") or name.startswith("model/c/") for name in staged)
    assert {n for n in staged if n.startswith("common/")} == {
        f"common/{p.parent.name}/{p.name}"
        for pattern in build.COMMON_STAGED
        for p in build.COMMON_DIR.glob(pattern)
    }
    # The front end the manifest declares (ecg), and the make fragment module.mk includes.
    assert {n for n in staged if n.startswith("frontend/")} == {
        "frontend/include/zoo_ecg_frontend.h",
        "frontend/include/zoo_ecg_quality.h",
        "frontend/src/zoo_ecg_frontend.c",
        "frontend/src/zoo_ecg_quality.c",
    }
    assert (stage_dir / "zoo_frontend.mk").read_text().splitlines()[1:] == [
        "zoo_frontend_src := frontend/src/zoo_ecg_frontend.c frontend/src/zoo_ecg_quality.c",
        "zoo_frontend_includes := frontend/include",
        f"zoo_frontend_defines := 'ZOO_ECG_FRONTEND_TABLES=\"{MODEL}_frontend_tables.h\"'",
    ]
    assert plan.command == [
        "make",
        "-C",
        str(fake_sdk),
        "-j3",
        "PLATFORM=apollo4p_evb",
        f"EXAMPLE=modelzoo/{MODEL}",
        "AS_VERSION=R4.5.0",  # neuralSPOT's pairing for the platform (tools/ns_platform.yaml)
        "TF_VERSION=helia_rt_v1_6_0",
        "ZOO_PROFILE=1",
    ]
    # Restaging replaces our own staging; a directory someone else put there is left alone.
    (stage_dir / "src" / "leftover.c").write_text("int leftover;\n")
    build.stage(plan)
    assert not (stage_dir / "src" / "leftover.c").exists()
    (stage_dir / "STAGED_BY_MODELZOO").unlink()
    with pytest.raises(build.BuildError, match="was not staged by modelzoo"):
        build.stage(plan)


def test_dry_run_prints_the_staged_tree_and_make_command_without_touching_the_sdk(
    version_dir, fake_sdk
):
    code, output = _build(
        "--version-dir",
        str(version_dir),
        "--neuralspot-root",
        str(fake_sdk),
        "--make-var",
        "ZOO_ECG_SOURCE=replay",
        "--dry-run",
    )
    assert code == 0, output
    assert f"stage {fake_sdk}/apps/modelzoo/{MODEL}/" in output
    assert f"model/{MODEL}_model.c  <- {version_dir / 'c' / f'{MODEL}_model.c'}" in output
    assert (
        f"PLATFORM=apollo4p_evb EXAMPLE=modelzoo/{MODEL} AS_VERSION=R4.5.0 "
        "TF_VERSION=helia_rt_v1_6_0 ZOO_ECG_SOURCE=replay" in output
    )
    assert not (fake_sdk / "apps" / "modelzoo").exists()


def test_platform_versions_come_from_neuralspot_and_the_user_can_override_them(
    version_dir, fake_sdk
):
    package = read_package(version_dir, MODEL)
    command = build.plan_build(MODEL, package, fake_sdk, "apollo510_evb").command
    assert "AS_VERSION=R5.3.0" in command
    overridden = build.plan_build(MODEL, package, fake_sdk, make_vars={"AS_VERSION": "R4.4.1"})
    assert "AS_VERSION=R4.4.1" in overridden.command
    assert "AS_VERSION=R4.5.0" not in overridden.command
    code, output = _build(
        "--version-dir", str(version_dir), "--neuralspot-root", str(fake_sdk), "--platform", "x_evb"
    )
    assert code == 2
    assert "platform 'x_evb' is not in" in output and "apollo4p_evb, apollo510_evb" in output


def test_if_pushed_skips_an_unblessed_run_and_says_so(tmp_path):
    empty_artifact = tmp_path / "pushed_model"
    empty_artifact.mkdir()
    code, output = _build(
        "--version-dir", str(empty_artifact), "--out", str(tmp_path / "out"), "--if-pushed"
    )
    assert code == 0, output
    note = (tmp_path / "out" / "NOT_BUILT.txt").read_text()
    assert "holds no pushed model package" in note and str(empty_artifact) in note


@needs_arm_gcc
def test_build_against_fake_neuralspot_collects_image_and_size_report(
    tmp_path, version_dir, fake_sdk
):
    out = tmp_path / "out"
    code, output = _build(
        "--version-dir", str(version_dir), "--neuralspot-root", str(fake_sdk), "--out", str(out)
    )
    assert code == 0, output
    assert f"neuralSPOT {FAKE_VERSION}" in output
    for suffix in (".bin", ".axf", ".map"):
        assert (out / f"{MODEL}{suffix}").stat().st_size > 0
    # The app's module.mk put the image where neuralSPOT puts it.
    assert (
        fake_sdk / "build/apollo4p_evb/arm-none-eabi/apps/modelzoo" / MODEL / f"{MODEL}.axf"
    ).is_file()
    size = json.loads((out / "size.json").read_text())
    assert size["build"]["neuralspot_version"] == FAKE_VERSION
    assert size["model_version"] == "1700000000"
    header = (version_dir / "c" / f"{MODEL}_model.h").read_text()
    model_bytes = int(header.split(f"{MODEL.upper()}_MODEL_BYTES ")[1].split()[0])
    assert size["symbols"][f"g_{MODEL}_model"] == {
        **size["symbols"][f"g_{MODEL}_model"],
        "bytes": model_bytes,
        "region": "MCU_MRAM",
    }
    arena = size["symbols"]["zoo_tensor_arena"]
    assert (arena["bytes"], arena["region"]) == (ARENA_BYTES, "MCU_TCM")
    regions = size["regions"]
    assert regions["MCU_MRAM"]["length"] == 1998848 and regions["MCU_TCM"]["length"] == 393216
    # MRAM holds code, constants and .data's initial values; TCM holds .data and .bss.
    assert regions["MCU_MRAM"]["used"] == size["text"] + size["data"]
    assert regions["MCU_TCM"]["used"] == size["data"] + size["bss"]
    assert (out / f"{MODEL}.bin").stat().st_size == regions["MCU_MRAM"]["used"]
    assert "FAKE neuralSPOT test double" in (out / "build.log").read_text()


@needs_arm_gcc
def test_a_compile_error_fails_the_build_with_the_compiler_message(
    tmp_path, version_dir, fake_sdk, monkeypatch
):
    app_copy = tmp_path / "apps" / MODEL
    shutil.copytree(build.app_dir(MODEL), app_copy)
    (app_copy / "src" / "broken.c").write_text("int broken(void) { return undeclared; }\n")
    monkeypatch.setattr(build, "APPS_DIR", tmp_path / "apps")
    code, output = _build(
        "--version-dir",
        str(version_dir),
        "--neuralspot-root",
        str(fake_sdk),
        "--out",
        str(tmp_path),
    )
    assert code == 1
    assert "make exited with" in output and "'undeclared' undeclared" in output


@needs_arm_gcc
def test_kubeflow_style_uris_are_read_and_written_through_tfx_filesystems(
    tmp_path, version_dir, fake_sdk
):
    out = tmp_path / "firmware_artifact"
    code, output = _build(
        "--version-dir",
        f"file://{version_dir}",
        "--neuralspot-root",
        str(fake_sdk),
        "--out",
        f"file://{out}",
        "--if-pushed",
    )
    assert code == 0, output
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{MODEL}.bin", f"{MODEL}.axf", f"{MODEL}.map", "build.log", "size.json"]
    )
    code, output = _build(
        "--version-dir", f"file://{tmp_path}/absent", "--neuralspot-root", str(fake_sdk)
    )
    assert code == 2
    assert f"file://{tmp_path}/absent: no such directory" in output


def test_a_package_without_its_front_end_tables_is_named_with_how_to_regenerate_them(
    version_dir, fake_sdk
):
    tables = version_dir / "c" / f"{MODEL}_frontend_tables.h"
    tables.unlink()
    manifest = json.loads((version_dir / "manifest.json").read_text())
    manifest["files"] = [e for e in manifest["files"] if e["path"] != f"c/{tables.name}"]
    manifest["firmware"]["tables"] = []
    (version_dir / "manifest.json").write_text(json.dumps(manifest))
    code, output = _build("--version-dir", str(version_dir), "--neuralspot-root", str(fake_sdk))
    assert code == 2
    [error] = [line for line in output.splitlines() if line.startswith("error:")]
    assert "front end 'ecg' includes one generated tables header (ZOO_ECG_FRONTEND_TABLES)" in error
    assert f"regenerate_package_tables('{version_dir}')" in error
