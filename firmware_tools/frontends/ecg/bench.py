"""What the firmware benchmark measures of the ECG front end: resampling one window's worth of
sensor samples, the signal-quality gate on one window and turning one window into the model's
input, in QEMU instructions (their sum is what one classified window costs before the model)."""

from __future__ import annotations

from firmware_tools.frontends import FrontendBench
from firmware_tools.paths import FRONTENDS_DIR

BENCH_MAIN = FRONTENDS_DIR / "ecg" / "bench" / "ecg_bench_main.c"
SENSOR_RATE_HZ = 360  # MIT-BIH's rate: a common ECG sensor setting to resample from


def bench(manifest: dict) -> FrontendBench | None:
    """The benchmark for a package's model (None when its manifest lacks the model rate and
    window, which the model's pipeline adds with the Pusher's ``extra_manifest``)."""
    if "window_samples" not in manifest or "sample_rate_hz" not in manifest:
        return None
    window, rate = int(manifest["window_samples"]), int(manifest["sample_rate_hz"])
    input_info = manifest["input"]
    return FrontendBench(
        main=BENCH_MAIN,
        defines={
            "ZOO_WINDOW_SAMPLES": window,
            "ZOO_MODEL_RATE_HZ": rate,
            "ZOO_SENSOR_RATE_HZ": SENSOR_RATE_HZ,
            "ZOO_INPUT_SCALE": f"{float(input_info['scale'])!r}f",
            "ZOO_INPUT_ZERO_POINT": int(input_info["zero_point"]),
        },
        modes={
            "resample": "instructions_resample_per_window",
            "window": "instructions_window_to_input",
            "quality": "instructions_quality_gate",
        },
        what=(
            f"one {window}-sample window: zoo_resampler_process {SENSOR_RATE_HZ} -> {rate} Hz "
            "in 0.1 s chunks, zoo_ecg_quality_assess (the gate), then zoo_ecg_window_to_input; "
            "synthetic beat-train input"
        ),
    )
