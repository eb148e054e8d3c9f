"""Model packages written by the QuantizingPusher's own C writer, for the app and build tests.

The model bytes are not a real flatbuffer (these packages are compiled and linked, never run);
everything the app compiles against (header macros, golden tables, labels) is the Pusher's.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import numpy as np

from components.quantizing_pusher import firmware_tables
from components.quantizing_pusher.c_package import write_c_package
from components.quantizing_pusher.manifest import write_manifest
from components.quantizing_pusher.model_analysis import ModelAnalysis, TensorInfo
from modules.heart_arrhythmia import config
from modules.heart_arrhythmia.fixed_point import write_firmware_tables

MODEL = config.MODEL_NAME
HEART_OPS = ["AddConv2D", "AddDepthwiseConv2D", "AddFullyConnected", "AddMean", "AddReshape"]
ARENA_BYTES = 13536


def write_pushed_version(
    root: Path,
    version: str = "1700000000",
    resolver_methods: list[str] | None = None,
    model: str = MODEL,
    frontend: str | None = "ecg",
    write_tables: Callable[[str, str], list[str]] | None = write_firmware_tables,
) -> Path:
    """A pushed version directory (manifest.json, tflite files, c/) of the heart model, or of
    ``model`` (same tensors) declaring ``frontend`` (None: no front end) with the tables
    ``write_tables`` writes."""
    methods = resolver_methods or [*HEART_OPS, "AddSoftmax"]
    version_dir = root / model / version
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
        model,
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
    tables = []
    if frontend and write_tables:
        tables = [f"c/{Path(p).name}" for p in write_tables(str(version_dir / "c"), model)]
    (version_dir / f"{model}_int8.tflite").write_bytes(model_bytes)
    (version_dir / f"{model}_float.tflite").write_bytes(b"FAKE float model")
    tables_fn = f"{write_tables.__module__}.{write_tables.__name__}" if tables else ""
    manifest = {
        "model_name": model,
        "version": version,
        "tflite_path": f"{model}_int8.tflite",
        "tflite_sha256": sha,
        "firmware": firmware_tables.manifest_block(frontend or "", tables_fn, tables),
    }
    write_manifest(str(version_dir), manifest)
    return version_dir
