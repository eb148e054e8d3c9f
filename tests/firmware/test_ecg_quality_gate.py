"""The C signal-quality gate (firmware/frontends/ecg) equals its Python reference
(modules/heart_arrhythmia/quality.py) verdict for verdict, built with host gcc and for the
Cortex-M4 QEMU harness, on flat, saturated, implausible, noise-only and ECG windows."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from firmware_tools import qemu
from modules.heart_arrhythmia import config, quality
from modules.heart_arrhythmia.synthesis import RHYTHMS, noise, synthesize_record
from modules.heart_arrhythmia.windows import resample

REPO = Path(__file__).resolve().parents[2]
GATE_DIR = REPO / "firmware" / "frontends" / "ecg"
SOURCE = GATE_DIR / "src" / "zoo_ecg_quality.c"
HEADER = GATE_DIR / "include" / "zoo_ecg_quality.h"
DRIVER = Path(__file__).parent / "c" / "quality_test_main.c"
STRICT = ["-std=c99", "-pedantic", "-O2", "-Wall", "-Wextra", "-Wconversion", "-Wshadow", "-Werror"]
UNITS = quality.units_per_mv(200, 8)
N = config.WINDOW_SAMPLES
CODES = {None: 0, quality.FLAT: 1, quality.SATURATED: 2, quality.AMPLITUDE: 3, quality.NOISE: 4}


class Program:
    def __init__(self, target: str, path: Path):
        self.target, self.path = target, path

    def run(self, *args, count=False):
        args = [str(a) for a in args]
        if self.target == "host":
            done = subprocess.run([str(self.path), *args], capture_output=True, text=True)
            return done.returncode, done.stdout, None
        result = qemu.run_elf(self.path, args, timeout=300, count_instructions=count)
        return result.exit_code, result.stdout, result.instructions


@pytest.fixture(scope="module", params=["host", "qemu"])
def program(request, tmp_path_factory) -> Program:
    out = tmp_path_factory.mktemp(f"gate_{request.param}")
    if request.param == "host":
        gcc = shutil.which("gcc")
        if gcc is None:
            pytest.skip("no host gcc: install the Debian package gcc")
        exe = out / "gate"
        command = [gcc, *STRICT, f"-I{HEADER.parent}", str(DRIVER), str(SOURCE), "-o", str(exe)]
        return Program("host", qemu.run_build(command, exe))
    request.getfixturevalue("toolchain")  # skips without arm-none-eabi-gcc / QEMU
    elf = qemu.build_elf(
        [DRIVER, SOURCE],
        out / "gate.elf",
        include_dirs=[HEADER.parent],
        defines={"ZOO_QEMU_HARNESS": None},
        extra_flags=["-Wconversion", "-Werror"],
    )
    return Program("qemu", elf)


def _windows_mv() -> list[np.ndarray]:
    """Readable ECG of every rhythm at several SNRs, and every kind of unreadable window."""
    rng = np.random.default_rng(7)
    out = []
    for i, name in enumerate(RHYTHMS):
        snr = (24.0, 6.0, 0.0, -6.0)[i % 4]
        rec = synthesize_record(
            np.random.default_rng(i), 250, 21.0, 1.0, rhythms=[name], snr_db=snr
        )
        x = resample(rec.signal, 250)
        out += [x[:N], x[N : 2 * N]]
    t = np.arange(N) / config.MODEL_FS_HZ
    ecg = out[0]
    out.append(np.full(N, 0.7))  # lead off
    out.append(0.004 * rng.standard_normal(N))  # flat with amplifier noise
    half = ecg.copy()
    half[N // 2 :] = -0.2
    out.append(half)
    out.append(np.clip(ecg + 4.0 * np.sin(2 * np.pi * 0.15 * t), -2.5, 2.5))  # saturated
    out.append(np.clip(ecg, None, 0.8 * ecg.max()))  # clipped R peaks only: readable
    out.append(ecg * 15.0 / np.ptp(ecg))  # 15 mV peak to peak
    n = 250 * 12
    for model in noise.NOISE_MODELS:
        x, _ = noise.noise_mixture(
            rng, n, 250, np.arange(n) / 250, np.sin(t[:1]), 1.0, 0.0, (model,)
        )
        out.append(resample(x, 250)[:N])
    return out


def test_header_constants_equal_the_python_gate():
    text = HEADER.read_text()
    defines = {k: int(v) for k, v in re.findall(r"#define ZOO_QUALITY_(\w+) (-?\d+)", text)}
    assert defines["SEGMENT_SAMPLES"] == quality.SEGMENT_SAMPLES
    assert defines["SLOPE_SEGMENT_SAMPLES"] == quality.SLOPE_SEGMENT_SAMPLES
    assert defines["FLAT_UV"] == quality.FLAT_UV
    assert defines["FLAT_SEGMENTS"] == quality.FLAT_SEGMENTS
    assert defines["AMPLITUDE_MAX_UV"] == quality.AMPLITUDE_MAX_UV
    assert defines["PLATEAU_TOL_UNITS"] == quality.PLATEAU_TOL_UNITS
    assert defines["PLATEAU_MIN_RUN"] == quality.PLATEAU_MIN_RUN
    assert defines["SATURATED_PER_MILLE"] == quality.SATURATED_PER_MILLE
    assert defines["NOISE_PEAK_NUM"] == quality.NOISE_PEAK_NUM
    assert defines["NOISE_PEAK_DEN"] == quality.NOISE_PEAK_DEN
    codes = dict(re.findall(r"ZOO_QUALITY_(\w+) = (-?\d+)", text))
    assert [int(codes[c.upper()]) for c in quality.REASON_CODES] == [1, 2, 3, 4]


def test_c_gate_equals_python_gate(program, tmp_path):
    windows = np.stack([quality.to_units(w, UNITS) for w in _windows_mv()]).astype(np.int32)
    thresholds = quality.GateThresholds.for_gain(UNITS)
    expected = [CODES[quality.assess(w, thresholds)] for w in windows]
    assert set(expected) == {0, 1, 2, 3, 4}  # every verdict is exercised
    windows.tofile(tmp_path / "windows.bin")
    rc, stdout, _ = program.run("assess", UNITS, tmp_path / "windows.bin", tmp_path / "out.bin", N)
    assert rc == 0, stdout
    got = np.fromfile(tmp_path / "out.bin", dtype=np.int32).tolist()
    assert got == expected


def test_c_gate_other_gain_and_bad_arguments(program, tmp_path):
    units = quality.units_per_mv(1000, 8)  # a 1000 counts/mV sensor: thresholds scale with it
    windows = np.stack([quality.to_units(w, units) for w in _windows_mv()[-12:]]).astype(np.int32)
    thresholds = quality.GateThresholds.for_gain(units)
    windows.tofile(tmp_path / "w.bin")
    rc, _, _ = program.run("assess", units, tmp_path / "w.bin", tmp_path / "o.bin", N)
    assert rc == 0
    expected = [CODES[quality.assess(w, thresholds)] for w in windows]
    assert np.fromfile(tmp_path / "o.bin", dtype=np.int32).tolist() == expected
    rc, stdout, _ = program.run("args")
    assert rc == 0 and stdout.split() == ["-1", "-1", "-1", "-1"]


def test_gate_instructions_per_window_on_the_m4(program, tmp_path):
    if program.target != "qemu":
        pytest.skip("instructions are counted under QEMU")
    windows = np.stack([quality.to_units(w, UNITS) for w in _windows_mv()[:8]]).astype(np.int32)
    windows.tofile(tmp_path / "w.bin")
    rc, _, instructions = program.run("count", UNITS, tmp_path / "w.bin", N, count=True)
    assert rc == 0
    per_window = instructions / len(windows)
    assert 5_000 < per_window < 200_000  # a few passes over 1000 samples
