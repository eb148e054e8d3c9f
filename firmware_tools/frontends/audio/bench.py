"""What the firmware benchmark measures of the audio front end: one window's log-mel frames
(streamed in hop-sized chunks) and the window -> int8 model input mapping, in QEMU
instructions; per frame as well as per 1 s window."""

from __future__ import annotations

from firmware_tools.frontends import FrontendBench
from firmware_tools.paths import FRONTENDS_DIR

BENCH_MAIN = FRONTENDS_DIR / "audio" / "bench" / "audio_bench_main.c"
FRAMES_KEY = "instructions_log_mel_per_window"


def bench(manifest: dict) -> FrontendBench | None:
    """The benchmark for a package's model (None when its manifest lacks the ``frontend``
    block the keyword-spotting pipeline adds with the Pusher's ``extra_manifest``)."""
    config = manifest.get("frontend")
    if not isinstance(config, dict) or "clip_samples" not in config:
        return None
    clip, fft, hop = (int(config[k]) for k in ("clip_samples", "fft_length", "hop_length"))
    frames = 1 + (clip - fft) // hop
    input_info = manifest["input"]
    return FrontendBench(
        main=BENCH_MAIN,
        defines={
            "ZOO_INPUT_SCALE": f"{float(input_info['scale'])!r}f",
            "ZOO_INPUT_ZERO_POINT": int(input_info["zero_point"]),
        },
        modes={"frames": FRAMES_KEY, "input": "instructions_window_to_input"},
        what=(
            f"one {clip}-sample window at {config.get('sample_rate')} Hz: zoo_audio_push in "
            f"{hop}-sample chunks ({frames} arm_mfcc_q15 log-mel frames), then "
            "zoo_audio_window_to_input; synthetic chirp in noise"
        ),
        per_unit={"instructions_per_frame": (FRAMES_KEY, frames)},
    )
