"""Model packages written by the QuantizingPusher's own C writer, for the app and build tests.

The model bytes are not a real flatbuffer (these packages are compiled and linked, never run);
everything the app compiles against (header macros, golden tables, labels) is the Pusher's.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from components.quantizing_pusher.c_package import write_c_package
from components.quantizing_pusher.manifest import write_manifest
from components.quantizing_pusher.model_analysis import ModelAnalysis, TensorInfo
from modules.heart_arrhythmia import config

try:  # firmware/common's front-end tables (the Pusher hook writes them into c/)
    from modules.heart_arrhythmia.fixed_point import write_firmware_tables
except ImportError:  # a tree without their generator: an empty stand-in the app never includes

    def write_firmware_tables(out_dir: str, model_name: str) -> list[str]:
        path = Path(out_dir) / f"{model_name}_frontend_tables.h"
        path.write_text("/* stand-in: this tree has no front-end tables generator */\n")
        return [str(path)]


MODEL = config.MODEL_NAME
HEART_OPS = ["AddConv2D", "AddDepthwiseConv2D", "AddFullyConnected", "AddMean", "AddReshape"]
ARENA_BYTES = 13536


def write_pushed_version(
    root: Path, version: str = "1700000000", resolver_methods: list[str] | None = None
) -> Path:
    """A pushed version directory (manifest.json, tflite files, c/) of the heart model."""
    methods = resolver_methods or [*HEART_OPS, "AddSoftmax"]
    version_dir = root / MODEL / version
    model_bytes = b"FAKE-TFL3" + bytes(range(256)) * 8
    sha = hashlib.sha256(model_bytes).hexdigest()
    classes = list(config.CLASS_NAMES)
    analysis = ModelAnalysis(
        ops=[m.removeprefix("Add").upper() for m in methods],
        resolver_methods=methods,
        params=0,
        macs=0,
        input=TensorInfo("ecg", [1, config.WINDOW_SAMPLES], "int8", 0.0627451, 0),
        output=TensorInfo("rhythm", [1, len(classes)], "int8", 1 / 256, -128),
    )
    rng = np.random.default_rng(0)
    write_c_package(
        str(version_dir / "c"),
        MODEL,
        version,
        model_bytes,
        sha,
        analysis,
        ARENA_BYTES,
        ARENA_BYTES - 656,
        classes,
        rng.integers(-128, 128, (2, config.WINDOW_SAMPLES)),
        rng.integers(-128, 128, (2, len(classes))),
    )
    write_firmware_tables(str(version_dir / "c"), MODEL)
    (version_dir / f"{MODEL}_int8.tflite").write_bytes(model_bytes)
    (version_dir / f"{MODEL}_float.tflite").write_bytes(b"FAKE float model")
    manifest = {
        "model_name": MODEL,
        "version": version,
        "tflite_path": f"{MODEL}_int8.tflite",
        "tflite_sha256": sha,
    }
    write_manifest(str(version_dir), manifest)
    return version_dir
