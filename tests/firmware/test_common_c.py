"""The ECG front end and firmware/common in C equal their Python references bit for bit, on the
host and on the M4.

Each test runs twice: built with host gcc (fast, strict C99 warnings as errors) and built for the
Cortex-M4F QEMU harness (what the device executes). Inputs are sensor counts of synthetic WFDB
records streamed through the resampler, hand-made edge-case windows, and score sequences for
the rhythm tracker.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from firmware_tools import common_build, frontends, postprocess, qemu
from firmware_tools.common_build import float_bits
from firmware_tools.frontends.ecg import reference as ecg_frontend
from modules.heart_arrhythmia import config, fixed_point
from tests.firmware import ecg_records

DRIVER = Path(__file__).parent / "c" / "common_test_main.c"
ECG = frontends.get("ecg")
HEADER = ECG.include_dir / "zoo_ecg_frontend.h"
INPUT_SCALE = 0.062745101749897
CODES = {
    name: int(value) for name, value in re.findall(r"(ZOO_ECG_\w+) = (-?\d+)", HEADER.read_text())
}


class Program:
    """The test driver on one target; ``run`` returns (exit status, stdout)."""

    def __init__(self, target: str, path: Path):
        self.target, self.path = target, path

    def run(self, *args) -> tuple[int, str]:
        args = [str(a) for a in args]
        if self.target == "host":
            done = subprocess.run([str(self.path), *args], capture_output=True, text=True)
            return done.returncode, done.stdout
        result = qemu.run_elf(self.path, args, timeout=120)
        return result.exit_code, result.stdout


@pytest.fixture(scope="module")
def tables():
    return fixed_point.frontend_tables()


@pytest.fixture(scope="module")
def frontend(tmp_path_factory) -> frontends.FrontendBuild:
    """The ECG front end built with the model's freshly generated tables."""
    [header] = fixed_point.write_firmware_tables(str(tmp_path_factory.mktemp("tables")))
    return ECG.build(Path(header))


@pytest.fixture(scope="module", params=["host", "qemu"])
def program(request, frontend, tmp_path_factory) -> Program:
    out = tmp_path_factory.mktemp(f"driver_{request.param}")
    if request.param == "host":
        if shutil.which(common_build.HOST_CC) is None:
            pytest.skip("no host gcc")
        return Program("host", common_build.build_host(DRIVER, out / "frontend", frontend))
    request.getfixturevalue("toolchain")  # skips without arm-none-eabi-gcc / QEMU
    elf = common_build.build_cortex_m4(DRIVER, out / "frontend.elf", frontend)
    return Program("qemu", elf)


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    return ecg_records.write_records(tmp_path_factory.mktemp("c_records"))


def test_codes_are_distinct_and_negative():
    assert CODES["ZOO_ECG_OK"] == 0
    errors = [v for k, v in CODES.items() if k != "ZOO_ECG_OK"]
    assert len(errors) == len(set(errors)) == 5 and all(v < 0 for v in errors)


@pytest.mark.parametrize("chunk", [1, 37, 4096])
def test_record_stream_equals_reference(program, records, tmp_path, chunk):
    """Sensor counts at 250/360/200/100 Hz -> resampler -> 10 s windows (5 s hop) -> int8."""
    for path in records:
        counts, fs = ecg_records.sensor_counts(path)
        counts.astype("<i4").tofile(tmp_path / "in.bin")
        rc, out = program.run(
            "record", fs, tmp_path / "in.bin", tmp_path / "out.bin",
            float_bits(INPUT_SCALE), 0, config.WINDOW_SAMPLES // 2, chunk,
        )  # fmt: skip
        assert rc == 0, out
        got = np.fromfile(tmp_path / "out.bin", dtype=np.int8).reshape(-1, config.WINDOW_SAMPLES)
        expected = fixed_point.record_inputs(counts, fs, INPUT_SCALE, 0, stride_s=5)
        assert len(expected) >= 9
        assert f"windows {len(expected)} dropped 0" in out
        np.testing.assert_array_equal(got, expected, err_msg=f"{path.name} chunk {chunk}")


@pytest.mark.parametrize("fs", fixed_point.SENSOR_RATES_HZ)
def test_every_resampler_equals_reference(program, tables, tmp_path, fs):
    rng = np.random.default_rng(fs)
    # ECG-sized random walk plus full-scale steps (saturating arithmetic must agree too)
    counts = np.cumsum(rng.integers(-40, 41, 6 * fs))
    counts[fs : fs + 20] = 2**22 - 1
    counts[2 * fs : 2 * fs + 3] = -(2**31)
    counts.astype("<i4").tofile(tmp_path / "in.bin")
    rc, out = program.run("resample", fs, tmp_path / "in.bin", tmp_path / "out.bin", 97)
    assert rc == 0, out
    got = np.fromfile(tmp_path / "out.bin", dtype="<i4")
    expected = ecg_frontend.resample(tables.resampler(fs, 100), counts, tables.sample_shift)
    assert f"outputs {len(expected)} dropped 0" in out
    np.testing.assert_array_equal(got, expected)


def _edge_windows() -> np.ndarray:
    n = config.WINDOW_SAMPLES
    rng = np.random.default_rng(11)
    t = np.arange(n) / config.MODEL_FS_HZ
    big = 2**30 - 1
    rows = [
        np.round(51200 * (np.sin(2 * np.pi * 1.3 * t) + 0.3 * rng.standard_normal(n))),
        np.where(np.arange(n) % 2 == 0, big, -big),  # full-scale square wave
        np.zeros(n),  # flat: floor, or zero point without one
        np.full(n, 123456),  # DC offset: only the zero-padded edges move
        rng.integers(-1, 2, n),  # below the floor
        np.where(np.arange(n) == 400, big, 0),  # one spike: clipped
        np.round(3e6 * np.sin(2 * np.pi * 7 * t)) + 5e8,
        rng.integers(-big, big, n),
    ]
    return np.array(rows, dtype=np.int64)


@pytest.mark.parametrize(
    "scale, zero_point, floor_q16",
    [
        (INPUT_SCALE, 0, None),
        (0.0123, -128, None),
        (1.0 / 256, 17, None),
        (2.0**-30, 0, None),
        (100.0, -3, None),
        (INPUT_SCALE, 0, 0),
        (INPUT_SCALE, 0, 2**32 - 1),
    ],
)
def test_edge_case_windows_equal_reference(program, tables, tmp_path, scale, zero_point, floor_q16):
    windows = _edge_windows()
    windows.astype("<i4").tofile(tmp_path / "in.bin")
    args = ["windows", tmp_path / "in.bin", tmp_path / "out.bin", float_bits(scale), zero_point]
    if floor_q16 is not None:
        args.append(floor_q16)
    rc, out = program.run(*args)
    assert rc == 0, out
    got = np.fromfile(tmp_path / "out.bin", dtype=np.int8).reshape(windows.shape)
    expected = np.array(
        [
            ecg_frontend.window_to_input(w, tables, scale, zero_point, std_floor_q16=floor_q16)
            for w in windows
        ]
    )
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("classes, smoothing", [(3, 5), (3, 1), (8, 40), (2, 16)])
def test_rhythm_tracker_equals_reference(program, tmp_path, classes, smoothing):
    rng = np.random.default_rng(classes * 100 + smoothing)
    # runs of one dominant class with noise and exact ties, like a softmax output in int8
    dominant = np.repeat(rng.integers(0, classes, 30), rng.integers(1, 12, 30))
    scores = rng.integers(-128, -90, (len(dominant), classes))
    scores[np.arange(len(dominant)), dominant] = rng.integers(-20, 127, len(dominant))
    scores[::17, :] = -60  # all tied
    scores = scores.astype(np.int8)
    scores.tofile(tmp_path / "scores.bin")
    scale, zero_point = 1.0 / 256, -128
    rc, out = program.run(
        "tracker", tmp_path / "scores.bin", tmp_path / "out.bin", classes, smoothing,
        float_bits(scale), zero_point,
    )  # fmt: skip
    assert rc == 0, out
    got = np.fromfile(tmp_path / "out.bin", dtype="<u4")
    tracker = postprocess.RhythmTracker(classes, smoothing)
    smoothed = [tracker.update(row, scale, zero_point) for row in scores]
    burdens = [tracker.burden_permille(c) for c in range(classes)]
    np.testing.assert_array_equal(got, [*smoothed, *burdens, len(scores)])
    assert sum(burdens) == pytest.approx(1000, abs=classes)


def test_unsupported_rates_and_bad_windows_return_error_codes(program):
    for in_rate, out_rate in [(123, 100), (250, 50), (0, 100)]:
        assert program.run("init", in_rate, out_rate) == (0, f"rc {CODES['ZOO_ECG_ERR_RATE']}\n")
    assert program.run("init", 360, 100) == (0, "rc 0\n")
    scale = float_bits(INPUT_SCALE)
    cases = {
        (999, scale, 0): "ZOO_ECG_ERR_LENGTH",
        (1001, scale, 0): "ZOO_ECG_ERR_LENGTH",
        (1000, float_bits(0.0), 0): "ZOO_ECG_ERR_SCALE",
        (1000, "7fc00000", 0): "ZOO_ECG_ERR_SCALE",  # NaN
        (1000, float_bits(-0.06), 0): "ZOO_ECG_ERR_SCALE",
        (1000, float_bits(128.0), 0): "ZOO_ECG_ERR_SCALE",
        (1000, scale, 2**30): "ZOO_ECG_ERR_RANGE",
        (1000, scale, -(2**31)): "ZOO_ECG_ERR_RANGE",
        (1000, scale, 2**30 - 1): "ZOO_ECG_OK",
    }
    for args, code in cases.items():
        assert program.run("window_rc", *args) == (0, f"rc {CODES[code]}\n"), (args, code)
    null = CODES["ZOO_ECG_ERR_NULL"]
    rc, out = program.run("null")
    assert out == f"init {null}\nwindow {null}\nout {null}\nuninit 0\ntracker 4294967295\n"


def test_too_small_output_buffer_counts_dropped_samples(program, tables, tmp_path):
    counts = np.arange(2500, dtype=np.int64) % 300
    counts.astype("<i4").tofile(tmp_path / "in.bin")
    expected = ecg_frontend.resample(tables.resampler(250, 100), counts, tables.sample_shift)
    rc, out = program.run("resample", 250, tmp_path / "in.bin", tmp_path / "out.bin", 50, 3)
    assert rc == 0
    kept, dropped = (int(v) for v in re.fullmatch(r"outputs (\d+) dropped (\d+)\n", out).groups())
    assert kept + dropped == len(expected) and dropped > 0
    got = np.fromfile(tmp_path / "out.bin", dtype="<i4")
    assert set(got.tolist()) <= set(expected.tolist())


def test_facts_and_rescaled_floor(program, tables):
    assert program.run("facts") == (0, "rate 100 window 1000 shift 8\n")
    for gain in (1, 200, 1000, 12345):
        expected = ecg_frontend.rescaled_std_floor_q16(tables, gain)
        assert program.run("floor", gain) == (0, f"floor {expected}\n")
