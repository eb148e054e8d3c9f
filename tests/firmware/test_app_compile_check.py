"""The app's sources compile against our neuralSPOT/TFLM declarations (compile-only check)."""

import re
import shutil

import pytest
from typer.testing import CliRunner

from components.quantizing_pusher.model_analysis import OP_RESOLVER_METHODS
from firmware_tools import build, compile_check
from firmware_tools.package import read_package
from firmware_tools.paths import COMMON_APP_SOURCES, MODELS_DIR
from modelzoo.cli import app
from tests.firmware.app_packages import MODEL, write_pushed_version

pytestmark = pytest.mark.skipif(
    bool(compile_check.toolchain_problems()), reason="arm-none-eabi-gcc/g++ not installed"
)


def _check(tmp_path, package):
    work = tmp_path / "objects"
    work.mkdir()
    return compile_check.check(MODEL, package, work)


def test_app_common_and_package_compile_in_every_variant(tmp_path):
    package = read_package(write_pushed_version(tmp_path / "models"), MODEL)
    result = _check(tmp_path, package)
    app_sources = {p for p in (build.app_dir(MODEL) / "src").iterdir() if p.suffix in (".c", ".cc")}
    # firmware/common/app's glue (TFLM, power, self-test) is configured by the app: every variant.
    app_sources |= set(COMMON_APP_SOURCES)
    assert {p.name for p in COMMON_APP_SOURCES} >= {"zoo_model.cc", "zoo_power.c", "zoo_selftest.c"}
    variants = compile_check.app_variants(MODEL)
    assert len(variants) == 3  # firmware/apps/heart_arrhythmia/variants.json
    for variant in variants:
        assert {s for v, s in result.compiled if v == variant} == app_sources
    compiled = {s for _, s in result.compiled}
    assert {p for p in package.c_files() if p.suffix == ".c"} <= compiled
    assert package.frontend.sources and set(package.frontend.sources) <= compiled  # ecg
    assert result.summary.startswith(
        "compile-only check against neuralSPOT declarations (not a device build): "
    )
    assert len(list((tmp_path / "objects").glob("*.o"))) == len(result.compiled)


def test_declared_op_resolver_methods_are_exactly_the_pushers(tmp_path):
    header = compile_check.DECLARATIONS_DIR / "tensorflow/lite/micro/micro_mutable_op_resolver.h"
    declared = set(re.findall(r"X\((Add\w+)\)", header.read_text()))
    assert declared == set(OP_RESOLVER_METHODS.values())
    # And the app compiles with a model that needs every one of them.
    every_op = sorted(declared)
    package = read_package(
        write_pushed_version(tmp_path / "models", resolver_methods=every_op), MODEL
    )
    assert (
        f"{MODEL.upper()}_OP_COUNT {len(every_op)}" in package.files[f"{MODEL}_model.h"].read_text()
    )
    _check(tmp_path, package)


@pytest.mark.parametrize("where", ["app", "shared glue"])
@pytest.mark.parametrize(
    "bad_line, compiler_says",
    [
        ("ns_set_performance_mode(NS_MAXIMUM_PERF, 1);", "too many arguments"),
        ('ns_lp_printf("%s\\n", 42);', "-Werror=format="),
    ],
)
def test_a_wrong_sdk_call_fails_the_check_naming_the_file(
    tmp_path, monkeypatch, where, bad_line, compiler_says
):
    """In the app's own C, or in firmware/common/app's glue that the app compiles with."""
    if where == "app":
        app_copy = tmp_path / "apps" / MODEL
        shutil.copytree(build.app_dir(MODEL), app_copy)
        monkeypatch.setattr(build, "APPS_DIR", tmp_path / "apps")
        source, start = app_copy / "src" / f"{MODEL}.c", "int main(void) {"
    else:
        glue = tmp_path / "common_app"
        shutil.copytree(compile_check.COMMON_APP_DIR, glue)
        monkeypatch.setattr(compile_check, "COMMON_APP_DIR", glue)
        copies = tuple(glue / p.name for p in compile_check.COMMON_APP_SOURCES)
        monkeypatch.setattr(compile_check, "COMMON_APP_SOURCES", copies)
        source, start = glue / "zoo_power.c", "void zoo_power_end_inference(void) {"
    source.write_text(source.read_text().replace(start, f"{start}\n{bad_line}"))
    package = read_package(write_pushed_version(tmp_path / "models"), MODEL)
    with pytest.raises(compile_check.CompileError, match=f"{source}: does not compile") as error:
        _check(tmp_path, package)
    assert compiler_says in error.value.output


def test_cli_check_reports_a_compile_only_check(tmp_path):
    version_dir = write_pushed_version(tmp_path / "models")
    result = CliRunner().invoke(
        app, ["firmware", "check", "heart-arrhythmia", "--version-dir", str(version_dir)]
    )
    assert result.exit_code == 0, result.output
    assert "compile-only check against neuralSPOT declarations (not a device build)" in (
        result.output
    )


@pytest.mark.skipif(
    not (MODELS_DIR / MODEL / "manifest.json").is_file(),
    reason="firmware/models/heart_arrhythmia (the committed package) is not in this tree",
)
def test_committed_package_passes_the_check(tmp_path):
    _check(tmp_path, build.load_package(MODEL, MODELS_DIR / MODEL))


def test_cli_check_without_the_app_is_one_line_naming_its_directory(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "APPS_DIR", tmp_path / "apps")
    result = CliRunner().invoke(app, ["firmware", "check", "keyword-spotting"])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert str(tmp_path / "apps" / "keyword_spotting") in lines[0]
    assert "does not exist" in lines[0]
