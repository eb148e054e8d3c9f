"""The keyword-spotting app's detector (C, host gcc) finds the events
modules.keyword_spotting.streaming.detect finds, with the same labels, scores and spans."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from firmware_tools.package import read_manifest
from firmware_tools.paths import APPS_DIR, MODELS_DIR
from modules.keyword_spotting import streaming

PACKAGE = MODELS_DIR / "keyword_spotting"
APP_SRC = APPS_DIR / "keyword_spotting" / "src"
DRIVER = Path(__file__).parent / "c" / "kws_detector_main.c"


@pytest.fixture(scope="module")
def detector(tmp_path_factory) -> Path:
    if shutil.which("gcc") is None:
        pytest.skip("no host gcc")
    out = tmp_path_factory.mktemp("kws_detector") / "detector"
    command = [
        "gcc", "-std=c99", "-O2", "-Wall", "-Wextra", "-Werror", f"-I{APP_SRC}", f"-I{PACKAGE}",
        str(DRIVER), str(APP_SRC / "kws_detector.c"), str(PACKAGE / "keyword_spotting_model.c"),
        "-o", str(out),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return out


def scores(rng: np.random.Generator, windows: int, classes: int) -> np.ndarray:
    """int8 posteriors: mostly _unknown_, with keyword bursts of a few windows."""
    logits = rng.normal(0, 1, (windows, classes))
    logits[:, 1] += 3
    for start in rng.integers(0, windows - 8, windows // 12):
        logits[start : start + rng.integers(2, 9), rng.integers(2, classes)] += rng.uniform(3, 8)
    p = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    q = np.clip(np.round(p * 256) - 128, -128, 127).astype(np.int8)
    silence = np.full((4, classes), -128, np.int8)  # closes a detection still running
    return np.concatenate([q, silence])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_detector_events_equal_streaming_detect(detector, tmp_path, seed):
    manifest = read_manifest(PACKAGE)
    cfg = streaming.StreamingConfig(**manifest["streaming"])
    classes = tuple(manifest["class_names"])
    q = scores(np.random.default_rng(seed), 400, len(classes))
    q.tofile(tmp_path / "scores.bin")
    hop_ms, window_ms = round(cfg.hop_s * 1000), 1000
    done = subprocess.run(
        [str(detector), str(tmp_path / "scores.bin"), str(hop_ms), str(window_ms)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    got = [line.split()[1:] for line in done.stdout.splitlines()]
    probabilities = (q.astype(np.float64) + 128) / 256  # the model's output quantisation
    expected = [
        [d.label, str(int(np.floor(d.score * 1000 + 0.5))),  # rounded half up, as the C prints
         str(round(d.start_s * 1000)),
         str(round(d.end_s * 1000))]
        for d in streaming.detect(probabilities, classes, cfg)
    ]  # fmt: skip
    assert len(expected) >= 5
    assert got == expected
