"""What the MCU will actually do: tflite-micro parity and tensor-arena size.

tflite-micro has its own kernels and memory planner, so a model that is right in
``tf.lite.Interpreter`` can still differ (or not fit) on the device. Both checks run the
tflite-micro Python interpreter in a child process (see ``_tflm_worker.py``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field

import numpy as np
from absl import logging

from components.quantizing_pusher import evaluation

ARENA_GRANULE = 16
# Headroom on top of the measured arena for the firmware header (then rounded to 16).
ARENA_MARGIN_FRACTION = 0.05
ARENA_MARGIN_MIN_BYTES = 128
# Largest arena worth searching: far beyond any Apollo4 SRAM.
_ARENA_SEARCH_CAP = 256 << 20
_MAX_WORKER_RESTARTS = 64
_WORKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_tflm_worker.py")
_TIMEOUT_S = 1800

ARENA_METHOD = (
    "smallest arena (16-byte steps) in which the tflite-micro Python interpreter allocates "
    "and invokes the model, found by bisection; measured on a 64-bit host, where pointers "
    "and TFLM structs are larger, so it is an upper bound for the 32-bit MCU"
)


class ParityError(RuntimeError):
    """tflite-micro and tf.lite disagree on the int8 model: it must not be shipped."""


@dataclass(frozen=True)
class ParityResult:
    examples: int
    outputs: np.ndarray  # int8 [n, *output_shape] from tflite-micro: the golden outputs
    differing_outputs: int = 0
    max_abs_diff: int = 0
    allocations: dict = field(default_factory=dict)


def _round_up(value: int, granule: int = ARENA_GRANULE) -> int:
    return -(-value // granule) * granule


def header_arena_bytes(measured: int) -> int:
    """The arena the firmware header declares: measured + a small margin, 16-aligned."""
    margin = max(ARENA_MARGIN_MIN_BYTES, int(np.ceil(measured * ARENA_MARGIN_FRACTION)))
    return _round_up(measured + margin)


def _write_model(model: bytes, directory: str) -> str:
    path = os.path.join(directory, "model.tflite")
    with open(path, "wb") as handle:
        handle.write(model)
    return path


def measure_arena(model: bytes) -> int:
    """Bisect the smallest working arena; a worker crash counts as a failed probe."""
    lo_fail, hi_ok = 0, _round_up(max(len(model) * 4, 16 << 10))
    with tempfile.TemporaryDirectory(prefix="tflm-arena-") as tmp:
        model_path = _write_model(model, tmp)
        for _ in range(_MAX_WORKER_RESTARTS):
            proc = subprocess.run(
                [
                    sys.executable,
                    _WORKER,
                    "bisect",
                    model_path,
                    str(lo_fail),
                    str(hi_ok),
                    str(ARENA_GRANULE),
                ],
                capture_output=True,
                text=True,
                timeout=_TIMEOUT_S,
                check=False,
            )
            pending = None
            for line in proc.stdout.splitlines():
                word, _, number = line.partition(" ")
                if word == "try":
                    pending = int(number)
                elif word == "ok":
                    hi_ok, pending = min(hi_ok, int(number)), None
                elif word == "fail":
                    lo_fail, pending = max(lo_fail, int(number)), None
                elif word == "done":
                    logging.info("TFLM arena: %s bytes (64-bit host)", number)
                    return int(number)
            if pending is not None and proc.returncode < 0:
                # Killed by a signal mid-probe: TFLM segfaults on some far-too-small arenas.
                lo_fail = max(lo_fail, pending)
            elif proc.returncode not in (0, 3):
                raise RuntimeError(
                    f"TFLM arena worker failed (rc={proc.returncode}): {proc.stderr[-2000:]}"
                )
            if lo_fail >= hi_ok:  # the upper bound itself failed: search higher
                hi_ok = _round_up(lo_fail * 4)
                if hi_ok > _ARENA_SEARCH_CAP:
                    raise RuntimeError(f"model does not run in a {_ARENA_SEARCH_CAP}-byte arena")
    raise RuntimeError("TFLM arena bisection did not converge")


_TOTALS = re.compile(r"Arena allocation (total|head|tail) (\d+) bytes")
_SECTION = re.compile(
    r"'(?P<name>[^']+)' used (?P<used>\d+) bytes with alignment overhead "
    r"\(requested (?P<requested>\d+) bytes for (?P<count>\d+) "
)


def parse_allocations(report: str) -> dict:
    """RecordingMicroAllocator's stderr report -> {"total_bytes": .., "sections": {..}}."""
    parsed: dict = {"sections": {}}
    for match in _TOTALS.finditer(report):
        parsed[f"{match.group(1)}_bytes"] = int(match.group(2))
    for match in _SECTION.finditer(report):
        parsed["sections"][match.group("name")] = {
            "used_bytes": int(match.group("used")),
            "requested_bytes": int(match.group("requested")),
            "count": int(match.group("count")),
        }
    return parsed


def run_tflm(model: bytes, inputs: np.ndarray, arena_size: int) -> tuple[np.ndarray, dict]:
    """Run every row of ``inputs`` (int8, each shaped like the model input) through TFLM.

    Returns the stacked outputs and the parsed allocation report of the first invoke.
    """
    with tempfile.TemporaryDirectory(prefix="tflm-run-") as tmp:
        model_path = _write_model(model, tmp)
        inputs_path = os.path.join(tmp, "inputs.npy")
        outputs_path = os.path.join(tmp, "outputs.npy")
        np.save(inputs_path, np.ascontiguousarray(inputs))
        proc = subprocess.run(
            [
                sys.executable,
                _WORKER,
                "run",
                model_path,
                str(arena_size),
                inputs_path,
                outputs_path,
            ],
            capture_output=True,
            text=True,
            timeout=_TIMEOUT_S,
            check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(
                f"TFLM run failed (rc={proc.returncode}) with a {arena_size}-byte arena: "
                f"{proc.stderr[-2000:]}"
            )
        return np.load(outputs_path), parse_allocations(proc.stderr)


def check_parity(
    model: bytes,
    golden_inputs: np.ndarray,
    arena_size: int,
    tolerance: int = 0,
    device_model: bytes | None = None,
) -> ParityResult:
    """Compare int8 outputs of tf.lite (reference kernels) and tflite-micro on golden inputs.

    tf.lite runs ``model`` (the shipped .tflite), tflite-micro ``device_model`` (the flatbuffer
    the MCU flashes; ``model`` when None). Any difference larger than ``tolerance`` (default 0:
    bit-exact) raises ParityError. TFLM runs with the arena the header will declare, so that
    value is exercised too.
    """
    expected = evaluation.tflite_outputs(model, golden_inputs)
    actual, allocations = run_tflm(device_model or model, golden_inputs, arena_size)
    actual = np.asarray(actual).reshape(expected.shape)
    differ = expected != actual
    max_abs = int(np.max(np.abs(expected.astype(np.int32) - actual.astype(np.int32))))
    if max_abs > tolerance:
        examples = int(differ.reshape(len(differ), -1).any(axis=1).sum())
        raise ParityError(
            f"tflite-micro disagrees with tf.lite on {int(differ.sum())} of {differ.size} int8 "
            f"outputs ({examples} of {len(differ)} golden examples); max abs difference "
            f"{max_abs} (tolerance {tolerance}). Nothing was pushed."
        )
    logging.info(
        "TFLM parity on %d golden examples: %d outputs differ (max %d)",
        len(golden_inputs),
        int(differ.sum()),
        max_abs,
    )
    return ParityResult(
        examples=len(golden_inputs),
        outputs=actual,
        differing_outputs=int(differ.sum()),
        max_abs_diff=max_abs,
        allocations=allocations,
    )
