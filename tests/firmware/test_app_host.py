"""The heart-arrhythmia app's own C with firmware/common/app's power policy and self-test, run
natively with neuralSPOT, the model and the front end stubbed (tests/firmware/c/app_sdk_stubs.c,
app_model_stubs.c): boot order, source fallback, windowing, power modes around inference, the
self-test verdict and the result lines."""

import re
import shutil
import subprocess

import pytest

from firmware_tools import build
from firmware_tools.package import read_package
from firmware_tools.paths import (
    COMMON_APP_DIR,
    COMMON_APP_SOURCES,
    COMMON_INCLUDE_DIR,
    DECLARATIONS_DIR,
    REPO_ROOT,
)
from modules.heart_arrhythmia import config
from modules.heart_arrhythmia import firmware_replay as replay
from tests.firmware.app_packages import MODEL, write_pushed_version

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None, reason="host gcc not installed")

STUBS = [REPO_ROOT / "tests" / "firmware" / "c" / f"app_{k}_stubs.c" for k in ("sdk", "model")]
WAKES_PER_WINDOW = 1000 / (replay.SENSOR_RATE_HZ * 0.060 / 2)  # 60 ms wake-ups, 200 -> 100 Hz


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    return read_package(write_pushed_version(tmp_path_factory.mktemp("models")), MODEL)


def _run_app(tmp_path, package, *flags, **knobs):
    """Build the app with the stubs (``knobs``: STUB_* defines) and run it; (status, lines)."""
    src = build.app_dir(MODEL) / "src"
    sources = sorted(src.glob("*.c")) + [p for p in package.c_files() if p.suffix == ".c"]
    # The shared glue's C (power policy, self-test); its TFLM model is stubbed (app_model_stubs.c).
    sources += [p for p in COMMON_APP_SOURCES if p.suffix == ".c"]
    exe = tmp_path / "app"
    # The front end itself is stubbed (app_model_stubs.c): only its header is compiled.
    includes = [src, DECLARATIONS_DIR, COMMON_INCLUDE_DIR, COMMON_APP_DIR]
    includes.append(package.frontend.include_dir)
    includes.append(package.c_dir)
    subprocess.run(
        ["gcc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-O1", *flags]
        + [f"-D{name}={value}" for name, value in knobs.items()]
        + [f"-I{d}" for d in includes]
        + [str(s) for s in sources + STUBS]
        + ["-o", str(exe)],
        check=True,
    )
    proc = subprocess.run([str(exe)], capture_output=True, text=True)
    return proc.returncode, proc.stdout.splitlines()


def _windows(lines):
    pattern = re.compile(
        r"ha: window=(\d+) rhythm=(\w+) smoothed=(\w+) p=(\S+) af_burden=([\d.]+)%"
        r"(?: truth=(\w+))?$"
    )
    return [pattern.match(line).groups() for line in lines if line.startswith("ha: window=")]


def test_replay_fallback_classifies_every_1000_model_rate_samples(tmp_path, package):
    code, lines = _run_app(tmp_path, package, STUB_WAKES=1000)
    assert code == 0, lines
    assert "stub: power config mode=0 iom=1 itm=0" in lines  # low-power mode, I2C kept for auto
    assert (
        "ha: selftest PASS: 2/2 golden vectors bit-exact, max |diff| 0, first mismatch -1" in lines
    )
    assert "ha: no MAX86150 on IOM1, replaying the built-in ECG" in lines
    assert "ha: ECG from replay at 200 Hz -> 100 Hz, 1000-sample windows" in lines
    # The replay's known gain sets the front end's standard-deviation floor.
    floor = 7 * replay.COUNTS_PER_MV
    assert f"stub: front end on 1000 samples, std floor {floor}" in lines
    assert "stub: wake timer every 60000 us" in lines
    # The quality gate's thresholds at the replay's known gain, in model units (counts << 8).
    assert f"stub: quality gate at {replay.COUNTS_PER_MV << 8} units per mV" in lines
    counts, truth = replay.replay_record()
    shown = [int(line.split()[-1]) for line in lines if line.startswith("stub: resampler input")]
    assert shown == counts[:4].tolist()

    windows = _windows(lines)
    assert [int(w[0]) for w in windows] == list(range(6))  # 1000 wake-ups x 6 samples
    classes = list(config.CLASS_NAMES)
    shown_classes = [classes[k % len(classes)] for k in range(6)]  # the stub's window k -> class k
    assert [w[1] for w in windows] == shown_classes
    assert [w[5] for w in windows] == [classes[t] for t in truth]
    af_share = [100 * shown_classes[: k + 1].count("AFIB") / (k + 1) for k in range(6)]
    assert [w[4] for w in windows] == [f"{v:.1f}" for v in af_share]
    assert windows[1][3] == ",".join(
        f"{c}:{0.996 if i == 1 else 0.0:.3f}" for i, c in enumerate(classes)
    )

    # High-performance mode only around each inference, deep sleep between wake-ups.
    events = [
        line for line in lines if line.startswith(("stub: perf", "ha: window", "stub: sleep"))
    ]
    for index, line in enumerate(events):
        if line.startswith("ha: window"):
            assert events[index - 2 : index] == ["stub: perf max", "stub: perf min"]
    at = [i for i, line in enumerate(events) if line.startswith("ha: window")]
    gaps = [sum(e == "stub: sleep" for e in events[a:b]) for a, b in zip(at, at[1:], strict=False)]
    assert all(abs(gap - WAKES_PER_WINDOW) <= 1 for gap in gaps), gaps
    assert sum(line == "stub: perf max" for line in lines) == len(windows) + 1  # + self-test


def test_a_window_the_quality_gate_refuses_is_reported_unreadable_not_classified(tmp_path, package):
    code, lines = _run_app(tmp_path, package, STUB_WAKES=1000, STUB_UNREADABLE_WINDOW=2)
    assert code == 0, lines
    _, truth = replay.replay_record()
    classes = list(config.CLASS_NAMES)
    refused = [line for line in lines if "rhythm=UNREADABLE" in line]
    assert refused == [
        f"ha: window=2 rhythm=UNREADABLE reason=flat line or lead off truth={classes[truth[2]]}"
    ]
    classified = [line for line in lines if line.startswith("ha: window=") and line not in refused]
    assert [int(line.split()[1].split("=")[1]) for line in classified] == [0, 1, 3, 4, 5]
    # The front end and the model ran for the five readable windows only (+ the self-test's).
    assert sum(line.startswith("stub: front end on") for line in lines) == 5


def test_max86150_source_sign_extends_18_bit_samples_and_profiling_prints_over_itm(
    tmp_path, package
):
    code, lines = _run_app(
        tmp_path, package, "-DZOO_PROFILE=1", "-DZOO_PRINT_ITM=1", STUB_WAKES=3, STUB_SENSOR=1
    )
    assert code == 0, lines
    assert "stub: power config mode=0 iom=1 itm=1" in lines
    assert "stub: print over itm" in lines
    assert "stub: max86150 part id read at 0x5e" in lines
    assert "stub: max86150 slots 9 0 0 0" in lines  # ECG in slot 0 only
    assert "stub: max86150 ecg rate code 3" in lines  # 200 Hz
    assert "ha: ECG from max86150 at 200 Hz -> 100 Hz, 1000-sample windows" in lines
    shown = [int(line.split()[-1]) for line in lines if line.startswith("stub: resampler input")]
    assert shown == [-1, -(1 << 17), (1 << 17) - 1, 1]
    # A sensor of unknown gain: the gate's thresholds at the front-end tables' nominal gain.
    assert f"stub: quality gate at {200 << 8} units per mV" in lines


def test_a_window_length_other_than_the_models_halts_at_boot(tmp_path, package):
    code, lines = _run_app(tmp_path, package, STUB_WAKES=3, STUB_WINDOW_SAMPLES=1250)
    assert code == 3
    assert lines[-2] == "ha: front-end tables and model disagree on the window length"


def test_sensor_only_build_halts_when_the_sensor_is_missing(tmp_path, package):
    code, lines = _run_app(tmp_path, package, "-DZOO_ECG_SOURCE=ZOO_ECG_MAX86150", STUB_WAKES=3)
    assert code == 3
    assert lines[-2].startswith("ha: MAX86150 not found") and lines[-1] == "stub: fail loop"


def test_self_test_reports_the_first_vector_that_differs(tmp_path, package):
    code, lines = _run_app(tmp_path, package, STUB_WAKES=0, STUB_CORRUPT_GOLDEN=1)
    assert code == 0
    assert (
        "ha: selftest FAIL: 1/2 golden vectors bit-exact, max |diff| 4, first mismatch 1" in lines
    )
