"""Front ends are opt-in: a package builds with exactly the front end its manifest declares.

Two test models stand beside the heart model: ``plain_model`` declares no front end, and
``fake_model`` declares ``fake``, a second front end registered for these tests (its own
``include/`` and ``src/``, a generated tables header named through ``ZOO_FAKE_FRONTEND_TABLES``,
and C from "outside the tree" as an audio front end takes CMSIS-DSP). Each has a tiny app. Host
gcc, the compile-only check and the build job against the fake neuralSPOT compile them without
the ECG front end.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from firmware_tools import build, common_build, compile_check, frontends
from firmware_tools.frontends import ExternalSources, Frontend, FrontendUnavailableError
from firmware_tools.package import read_package
from firmware_tools.paths import COMMON_SOURCES
from modelzoo.cli import app
from tests.firmware.app_packages import write_pushed_version
from tests.firmware.fake_neuralspot import make_fake_neuralspot

ECG_SOURCES = set(frontends.get("ecg").sources)
# Where fake_external() finds the fake front end's outside C (None: "not installed").
EXTERNAL_ROOT: Path | None = None

FAKE_HEADER = """\
#ifndef ZOO_FAKE_FRONTEND_H_
#define ZOO_FAKE_FRONTEND_H_
#include <stdint.h>
int32_t zoo_fake_frontend(int32_t sample);
#endif
"""
FAKE_SOURCE = """\
#include "zoo_fake_frontend.h"

#include "vendor_dsp.h"
#ifndef ZOO_FAKE_FRONTEND_TABLES
#error "ZOO_FAKE_FRONTEND_TABLES is not defined"
#else
#include ZOO_FAKE_FRONTEND_TABLES
#endif

int32_t zoo_fake_frontend(int32_t sample) { return vendor_dsp_gain(sample, ZOO_FAKE_GAIN); }
"""
VENDOR_HEADER = "#include <stdint.h>\nint32_t vendor_dsp_gain(int32_t x, int32_t gain);\n"
VENDOR_SOURCE = (
    '#include "vendor_dsp.h"\n'
    "int32_t vendor_dsp_gain(int32_t x, int32_t gain) { return x * gain + VENDOR_BIAS; }\n"
)

HOST_PROGRAM = """\
#include <stdio.h>

#include "zoo_postprocess.h"
#ifdef WITH_FAKE
#include "zoo_fake_frontend.h"
#endif

int main(void) {
  static zoo_rhythm_tracker_t tracker;
  const int8_t scores[2] = {-100, 100};
  zoo_rhythm_tracker_init(&tracker, 2u, 1u);
  uint32_t smoothed = zoo_rhythm_tracker_update(&tracker, scores, 0.00390625f, -128);
  printf("smoothed %u\\n", (unsigned)smoothed);
#ifdef WITH_FAKE
  printf("fake %d\\n", (int)zoo_fake_frontend(7));
#endif
  return 0;
}
"""
APP_MAIN = """\
#include <stdint.h>

#include "{model}_golden.h"
#include "{model}_model.h"
#include "zoo_postprocess.h"
{include}
int main(void) {{
  static zoo_rhythm_tracker_t tracker;
  zoo_rhythm_tracker_init(&tracker, {MODEL}_NUM_CLASSES, 3u);
  uint32_t smoothed = zoo_rhythm_tracker_update(&tracker, g_{model}_golden_outputs[0],
                                                {MODEL}_OUTPUT_SCALE, {MODEL}_OUTPUT_ZERO_POINT);
  return (int)smoothed + {call};
}}
"""
# The module.mk protocol of firmware/apps/heart_arrhythmia/module.mk, without its settings.
APP_MODULE_MK = """\
local_app_name := {model}
zoo_app_dir := $(subdirectory)
local_src := $(wildcard $(zoo_app_dir)/src/*.c)
local_src += $(wildcard $(zoo_app_dir)/common/src/*.c)
local_src += $(wildcard $(zoo_app_dir)/model/*.c)
local_bin := $(BINDIR)/$(zoo_app_dir)
includes_api += $(zoo_app_dir)/src $(zoo_app_dir)/common/include $(zoo_app_dir)/model
include $(zoo_app_dir)/zoo_frontend.mk
local_src += $(addprefix $(zoo_app_dir)/,$(zoo_frontend_src))
includes_api += $(addprefix $(zoo_app_dir)/,$(zoo_frontend_includes))
DEFINES += $(zoo_frontend_defines)
bindirs += $(local_bin)
examples += $(local_bin)/$(local_app_name).axf
examples += $(local_bin)/$(local_app_name).bin
$(eval $(call make-axf, $(local_bin)/$(local_app_name), $(local_src)))
"""


def fake_external() -> ExternalSources:
    """The fake front end's C from outside the tree (like CMSIS-DSP from the cmsisdsp sdist)."""
    if EXTERNAL_ROOT is None or not EXTERNAL_ROOT.is_dir():
        raise FrontendUnavailableError(
            "front end fake: vendor DSP sources not found; run scripts/get_vendor_dsp.sh"
        )
    return ExternalSources(
        sources=(EXTERNAL_ROOT / "src" / "vendor_dsp.c",),
        include_dirs=(EXTERNAL_ROOT / "include",),
        defines={"VENDOR_BIAS": "1"},
    )


def write_fake_tables(out_dir: str, model_name: str) -> list[str]:
    path = Path(out_dir) / f"{model_name}_fake_tables.h"
    path.write_text("#define ZOO_FAKE_GAIN 3\n")
    return [str(path)]


def _write(files: dict[Path, str]) -> None:
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


@pytest.fixture
def fake_frontend(tmp_path, monkeypatch) -> Frontend:
    root, vendor = tmp_path / "frontends" / "fake", tmp_path / "vendor"
    _write(
        {
            root / "include" / "zoo_fake_frontend.h": FAKE_HEADER,
            root / "src" / "zoo_fake_frontend.c": FAKE_SOURCE,
            vendor / "include" / "vendor_dsp.h": VENDOR_HEADER,
            vendor / "src" / "vendor_dsp.c": VENDOR_SOURCE,
        }
    )
    monkeypatch.setattr(f"{__name__}.EXTERNAL_ROOT", vendor)
    frontend = Frontend(
        name="fake",
        summary="test double",
        tables_define="ZOO_FAKE_FRONTEND_TABLES",
        external=f"{__name__}:fake_external",
        root=root,
    )
    monkeypatch.setitem(frontends.FRONTENDS, "fake", frontend)
    return frontend


@pytest.fixture
def apps(tmp_path, monkeypatch) -> Path:
    """Apps for plain_model (no front end) and fake_model (the fake front end)."""
    root = tmp_path / "apps"
    for model, include, call in (
        ("plain_model", "", "0"),
        ("fake_model", '#include "zoo_fake_frontend.h"\n', "(int)zoo_fake_frontend(1)"),
    ):
        text = APP_MAIN.format(model=model, MODEL=model.upper(), include=include, call=call)
        _write(
            {
                root / model / "src" / "main.c": text,
                root / model / "module.mk": APP_MODULE_MK.format(model=model),
            }
        )
    monkeypatch.setattr(build, "APPS_DIR", root)
    return root


@pytest.fixture
def plain_package(tmp_path):
    version_dir = write_pushed_version(tmp_path / "models", model="plain_model", frontend=None)
    return read_package(version_dir, "plain_model")


@pytest.fixture
def fake_package(tmp_path, fake_frontend):
    version_dir = write_pushed_version(
        tmp_path / "models", model="fake_model", frontend="fake", write_tables=write_fake_tables
    )
    return read_package(version_dir, "fake_model")


needs_host_gcc = pytest.mark.skipif(
    shutil.which(common_build.HOST_CC) is None, reason="host gcc not installed (Debian: gcc)"
)
needs_arm = pytest.mark.skipif(
    bool(compile_check.toolchain_problems()),
    reason="arm-none-eabi-gcc/g++ not installed (Debian: gcc-arm-none-eabi)",
)


def _defined_symbols(binary: Path) -> set[str]:
    out = subprocess.run(["nm", "--defined-only", str(binary)], capture_output=True, text=True)
    return {line.split()[-1] for line in out.stdout.splitlines() if line.strip()}


def test_manifests_declare_the_front_end_or_none(plain_package, fake_package, fake_frontend):
    assert plain_package.frontend is None and plain_package.tables == ()
    assert plain_package.frontend_build() == frontends.NO_FRONTEND
    assert fake_package.frontend is fake_frontend
    assert fake_package.tables == (fake_package.c_dir / "fake_model_fake_tables.h",)
    fake = fake_package.frontend_build()
    assert fake.defines == {
        "VENDOR_BIAS": "1",
        "ZOO_FAKE_FRONTEND_TABLES": '"fake_model_fake_tables.h"',
    }
    assert [p.name for p in fake.sources] == ["zoo_fake_frontend.c", "vendor_dsp.c"]


@needs_host_gcc
def test_host_builds_compile_the_declared_front_end_only(tmp_path, plain_package, fake_package):
    program = tmp_path / "main.c"
    program.write_text(HOST_PROGRAM)
    plain = common_build.build_host(program, tmp_path / "plain", plain_package.frontend_build())
    run = subprocess.run([str(plain)], capture_output=True, text=True, check=True)
    assert run.stdout == "smoothed 1\n"
    assert not any(
        name.startswith(("zoo_ecg_", "zoo_resampler_")) for name in _defined_symbols(plain)
    )

    program.write_text("#define WITH_FAKE 1\n" + HOST_PROGRAM)
    fake = common_build.build_host(program, tmp_path / "fake", fake_package.frontend_build())
    run = subprocess.run([str(fake)], capture_output=True, text=True, check=True)
    assert run.stdout == "smoothed 1\nfake 22\n"  # 7 * the tables' gain 3 + the vendor bias 1
    symbols = _defined_symbols(fake)
    assert "zoo_fake_frontend" in symbols and "vendor_dsp_gain" in symbols
    assert not any(name.startswith(("zoo_ecg_", "zoo_resampler_")) for name in symbols)


@needs_arm
@pytest.mark.parametrize("which", ["plain", "fake"])
def test_compile_only_check_without_the_ecg_front_end(tmp_path, apps, request, which):
    package = request.getfixturevalue(f"{which}_package")
    work = tmp_path / "objects"
    work.mkdir()
    result = compile_check.check(package.model_name, package, work)
    compiled = {source for _, source in result.compiled}
    assert not compiled & ECG_SOURCES
    assert compile_check.app_variants(package.model_name) == compile_check.DEFAULT_VARIANTS
    assert apps / package.model_name / "src" / "main.c" in compiled
    if which == "plain":
        assert "front end none" in result.summary
        package_sources = {p for p in package.c_files() if p.suffix == ".c"}
        assert compiled == {*COMMON_SOURCES, *package_sources, apps / "plain_model/src/main.c"}
    else:
        assert "front end fake" in result.summary
        assert {p.name for p in compiled} >= {"zoo_fake_frontend.c", "vendor_dsp.c"}


@needs_arm
def test_build_job_stages_and_makes_the_declared_front_end(
    tmp_path, apps, plain_package, fake_package
):
    sdk = make_fake_neuralspot(tmp_path / "neuralSPOT")
    for package, frontend_files in (
        (plain_package, set()),
        (
            fake_package,
            {
                "frontend/include/zoo_fake_frontend.h",
                "frontend/include_1/vendor_dsp.h",
                "frontend/src/zoo_fake_frontend.c",
                "frontend/src/vendor_dsp.c",
            },
        ),
    ):
        model = package.model_name
        plan = build.plan_build(model, package, sdk, jobs=1)
        assert {p for p in plan.tree if p.startswith("frontend/")} == frontend_files
        written = build.build(plan, tmp_path / "out" / model)
        assert written[".axf"].stat().st_size > 0
        symbols = _defined_symbols(written[".axf"])
        assert ("zoo_fake_frontend" in symbols) == bool(frontend_files)
        assert not any(name.startswith(("zoo_ecg_", "zoo_resampler_")) for name in symbols)


def _check_cli(version_dir: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(
        app, ["firmware", "check", "heart-arrhythmia", "--version-dir", str(version_dir)]
    )
    return result.exit_code, [line for line in result.output.splitlines() if line.strip()]


def test_an_unknown_front_end_in_a_manifest_is_one_line(tmp_path):
    version_dir = write_pushed_version(tmp_path / "models")
    manifest = json.loads((version_dir / "manifest.json").read_text())
    manifest["firmware"]["frontend"] = "audio_v9"
    (version_dir / "manifest.json").write_text(json.dumps(manifest))
    code, lines = _check_cli(version_dir)
    assert code == 2
    assert lines == [
        f"error: model package: {version_dir / 'manifest.json'}: unknown firmware front end "
        "'audio_v9'; known: audio, ecg"
    ]


def test_missing_outside_sources_of_a_front_end_are_one_line(tmp_path, fake_package, monkeypatch):
    monkeypatch.setattr(f"{__name__}.EXTERNAL_ROOT", tmp_path / "absent")
    with pytest.raises(FrontendUnavailableError, match="vendor DSP sources not found"):
        fake_package.frontend_build()
    problems = []
    loaded = build.load_package_or_problem("fake_model", fake_package.directory, problems)
    assert loaded is None
    assert problems == [
        "front end fake: vendor DSP sources not found; run scripts/get_vendor_dsp.sh"
    ]
