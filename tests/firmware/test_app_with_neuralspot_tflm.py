"""With a neuralSPOT checkout, the app runs on an emulated Cortex-M4F with neuralSPOT's own
prebuilt TFLM (CMSIS-NN kernels): the boot self-test is bit-exact, and the whole app (replay ->
the package's ECG front end -> TFLM -> rhythm tracker -> result lines, with neuralSPOT's
peripherals stubbed by tests/firmware/c/app_sdk_stubs.c) prints exactly what the Python
references compute for the same record.

neuralSPOT cannot be installed here, so these tests are skipped unless NEURALSPOT_ROOT names a
checkout; they need only its TFLM headers and library, not AmbiqSuite's device headers.
"""

import json
import os
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

from firmware_tools import build
from firmware_tools.compile_check import CXX_FLAGS
from firmware_tools.paths import (
    COMMON_APP_DIR,
    COMMON_APP_SOURCES,
    COMMON_INCLUDE_DIR,
    COMMON_SOURCES,
    DECLARATIONS_DIR,
    HARNESS_DIR,
    REPO_ROOT,
)
from firmware_tools.toolchain import CPU_FLAGS, GCC, GXX
from modules.heart_arrhythmia import firmware_replay as replay

qemu = pytest.importorskip("firmware_tools.qemu")

MODEL = "heart_arrhythmia"
C_DIR = REPO_ROOT / "tests" / "firmware" / "c"
# What neuralSPOT's make adds for TFLM (make/neuralspot_toolchain.mk, neuralspot_config.mk).
TFLM_DEFINES = ["TF_LITE_STATIC_MEMORY", "TF_LITE_STRIP_ERROR_STRINGS", "NS_TFSTRUCTURE_RECENT"]
WAKES = 1010  # 60 ms wake-ups: 6 windows of 10 s plus the resampler's latency
SAMPLES_PER_WAKE = 12  # 60 ms at 200 Hz


@pytest.fixture
def tflm():
    root = os.environ.get("NEURALSPOT_ROOT")
    if not root or build.neuralspot_problem(Path(root)):
        pytest.skip("NEURALSPOT_ROOT does not name a neuralSPOT checkout")
    if qemu.missing_toolchain():
        pytest.skip(qemu.missing_toolchain())
    config = (Path(root) / "make" / "neuralspot_config.mk").read_text()
    tflm_dir = (
        Path(root) / "extern" / "tensorflow" / re.search(r"TF_VERSION\s*:=\s*(\S+)", config)[1]
    )
    library = tflm_dir / "lib" / "libtensorflow-microlite-cm4-gcc-release.a"
    if not library.is_file():
        pytest.skip(f"{library} is missing from the checkout")
    return tflm_dir, library


@pytest.fixture
def package():
    try:
        return build.load_package(MODEL, build.default_package_dir(MODEL))
    except build.PackageError as error:
        pytest.skip(str(error))


def _run(tmp_path, tflm, package, sources, defines=()):
    """Compile ``sources`` like neuralSPOT would, link with its TFLM, run on QEMU."""
    tflm_dir, library = tflm
    includes = [tflm_dir, tflm_dir / "third_party", tflm_dir / "third_party/flatbuffers/include"]
    includes += [tflm_dir / "third_party/gemmlowp", build.app_dir(MODEL) / "src"]
    frontend = package.frontend_build()
    includes += [COMMON_INCLUDE_DIR, COMMON_APP_DIR, *frontend.include_dirs, package.c_dir]
    includes.append(DECLARATIONS_DIR)
    includes += [HARNESS_DIR]
    flags = [*CPU_FLAGS, "-O2", *(f"-D{d}" for d in [*TFLM_DEFINES, *defines])]
    flags += [f"-D{name}={value}" for name, value in frontend.defines.items()]
    flags += [f"-I{d}" for d in includes]
    objects = []
    for index, source in enumerate([*sources, qemu.HARNESS_STARTUP]):
        cxx = source.suffix == ".cc"
        compiler = GXX if cxx else GCC
        language = ["-fno-exceptions", "-fno-rtti", *CXX_FLAGS] if cxx else ["-std=gnu99"]
        objects.append(tmp_path / f"{index}_{source.stem}.o")
        subprocess.run(
            [compiler, *flags, *language, "-c", str(source), "-o", str(objects[-1])], check=True
        )
    elf = tmp_path / "app.elf"
    subprocess.run(
        [GXX, *CPU_FLAGS, "-nostartfiles", f"-T{qemu.APOLLO4_LINKER_SCRIPT}"]
        + ["--specs=nano.specs", "--specs=rdimon.specs", "-Wl,--gc-sections"]
        + [str(o) for o in objects]
        + [str(library), "-lm", "-o", str(elf)],
        check=True,
    )
    return qemu.run_elf(elf, timeout=300)


def _golden_count(package) -> int:
    return int(re.search(r"GOLDEN_COUNT (\d+)", package.files[f"{MODEL}_golden.h"].read_text())[1])


def test_self_test_is_bit_exact_with_neuralspot_tflm(tmp_path, tflm, package):
    sources = [COMMON_APP_DIR / "zoo_model.cc", COMMON_APP_DIR / "zoo_selftest.c"]
    sources.append(C_DIR / "tflm_selftest_main.c")
    sources += [p for p in package.c_files() if p.suffix == ".c"]
    result = _run(tmp_path, tflm, package, sources)
    count = _golden_count(package)
    assert result.exit_code == 0, result.stdout
    assert f"ha: selftest PASS: {count}/{count} golden vectors bit-exact" in result.stdout


def _expected_lines(package, windows: int) -> list[str]:
    """The result lines, computed by the Python references of every stage on the replay."""
    fixed_point = pytest.importorskip("modules.heart_arrhythmia.fixed_point")
    from components.quantizing_pusher.tflm import run_tflm
    from firmware_tools import postprocess
    from firmware_tools.frontends.ecg import reference as ecg_frontend

    manifest = package.manifest
    labels = manifest["class_names"]
    counts, truth = replay.replay_record()
    stream = np.tile(counts, 2)[: WAKES * SAMPLES_PER_WAKE]  # the app loops over the record
    tables = fixed_point.frontend_tables((replay.SENSOR_RATE_HZ,))
    floor = ecg_frontend.rescaled_std_floor_q16(tables, replay.COUNTS_PER_MV)  # replay's gain
    design = tables.resampler(replay.SENSOR_RATE_HZ, tables.model_rate_hz)
    model_rate = ecg_frontend.resample(design, stream, tables.sample_shift)
    n = tables.window_samples
    in_q, out_q = manifest["input"], manifest["output"]
    inputs = np.stack(
        [
            ecg_frontend.window_to_input(
                model_rate[k * n : (k + 1) * n], tables, in_q["scale"], in_q["zero_point"], floor
            )
            for k in range(windows)
        ]
    )
    tflite = package.files[manifest["tflite_path"]].read_bytes()
    scores, _ = run_tflm(tflite, inputs.reshape(windows, 1, n), manifest["arena_bytes"])
    tracker = postprocess.RhythmTracker(len(labels), 3)
    scale, zero_point = np.float32(out_q["scale"]), out_q["zero_point"]
    # The quality gate runs first, at the replay's gain; a refused window is not classified.
    from modules.heart_arrhythmia import quality

    gate = quality.GateThresholds.for_gain(
        quality.units_per_mv(replay.COUNTS_PER_MV, tables.sample_shift)
    )
    lines = []
    for k, row in enumerate(scores.reshape(windows, -1)):
        reason = quality.assess(model_rate[k * n : (k + 1) * n], gate)
        if reason is not None:
            lines.append(
                f"ha: window={k} rhythm=UNREADABLE reason={quality.REASONS[reason]} "
                f"truth={labels[truth[k % len(truth)]]}"
            )
            continue
        smoothed = tracker.update(row, float(scale), zero_point)
        permille = [
            max(
                0,
                int(
                    np.float32(scale * np.float32(int(q) - zero_point)) * np.float32(1000)
                    + np.float32(0.5)
                ),
            )
            for q in row
        ]
        p = ",".join(
            f"{name}:{v // 1000}.{v % 1000:03d}" for name, v in zip(labels, permille, strict=True)
        )
        burden = tracker.burden_permille(labels.index("AFIB"))
        lines.append(
            f"ha: window={k} rhythm={labels[int(np.argmax(row))]} smoothed={labels[smoothed]} "
            f"p={p} af_burden={burden // 10}.{burden % 10}% truth={labels[truth[k % len(truth)]]}"
        )
    return lines


def test_whole_app_on_the_replay_prints_what_the_python_references_compute(tmp_path, tflm, package):
    src = build.app_dir(MODEL) / "src"
    sources = sorted(src.glob("*.c")) + [C_DIR / "app_sdk_stubs.c"]
    sources += [*COMMON_SOURCES, *COMMON_APP_SOURCES, *package.frontend_build().sources]
    sources += [p for p in package.c_files() if p.suffix == ".c"]
    result = _run(tmp_path, tflm, package, sources, [f"STUB_WAKES={WAKES}"])
    assert result.exit_code == 0, result.stdout
    lines = result.stdout.splitlines()
    count = _golden_count(package)
    assert f"ha: selftest PASS: {count}/{count} golden vectors bit-exact, max |diff| 0, " in (
        "\n".join(lines)
    )
    windows = [line for line in lines if line.startswith("ha: window=")]
    assert len(windows) == 6, result.stdout
    assert windows == _expected_lines(package, len(windows))
    (tmp_path / "app_output.json").write_text(json.dumps(windows, indent=1))
