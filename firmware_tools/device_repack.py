"""Rewrites an existing package's C array as the device flatbuffer of its own ``.tflite``.

A package pushed before ``device_model.for_device`` existed, or before one of its rules, holds
a larger flatbuffer in ``<model>_model.c`` than the Pusher writes today. Retraining would give
a different model; this keeps the model and only re-encodes it: the C array becomes
``for_device(<model>_int8.tflite)`` once tflite-micro running it reproduces the package's
golden outputs bit for bit, and the manifest's ``device_model``, arena, parity and file entries
are rewritten to match. ``python -m firmware_tools.device_repack firmware/models/<model>``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from components.quantizing_pusher import builder, c_package, device_model, model_analysis, tflm
from firmware_tools.package import (
    MANIFEST,
    PackageError,
    read_package,
    update_file_entries,
    write_manifest,
)

PARITY_TOLERANCE = 0  # bit for bit: the golden outputs must not move


def repack(package_dir: str | Path) -> dict | None:
    """Rewrite the package's C files and manifest for the device flatbuffer of its .tflite.

    Returns the new ``device_model`` block, or None when the C array already holds it.
    Raises PackageError when the package is inconsistent or tflite-micro's outputs on the new
    array differ from the golden outputs (nothing is written then).
    """
    package = read_package(Path(package_dir))
    tflite = package.tflite.read_bytes()
    device = device_model.for_device(tflite)
    if package.device_model() == device:
        return None
    analysis = model_analysis.analyze(tflite)
    inputs, golden_outputs = package.golden_vectors()
    inputs = inputs.reshape(len(inputs), *analysis.input.shape)
    arena_measured = tflm.measure_arena(device)
    arena_header = tflm.header_arena_bytes(arena_measured)
    try:
        parity = tflm.check_parity(
            tflite, inputs, arena_header, tolerance=PARITY_TOLERANCE, device_model=device
        )
    except tflm.ParityError as error:
        raise PackageError(f"{package.directory}: {error}") from None
    outputs = np.asarray(parity.outputs).reshape(len(inputs), -1)
    if not np.array_equal(outputs, golden_outputs):
        raise PackageError(
            f"{package.golden_source}: tflite-micro on the device flatbuffer does not reproduce "
            "the golden outputs; nothing was rewritten"
        )
    doc = dict(package.manifest)
    class_names = doc.get("class_names", [])
    written = c_package.write_c_package(
        str(package.c_dir),
        package.model_name,
        str(doc["version"]),
        device,
        doc["tflite_sha256"],
        analysis,
        arena_header,
        arena_measured,
        class_names,
        inputs,
        outputs,
    )
    doc["device_model"] = builder.device_model_block(device, package.ident)
    doc["arena_bytes"] = arena_measured
    doc["arena"] = builder.arena_block(arena_measured, arena_header, parity.allocations)
    doc["parity"] = builder.parity_block(parity, PARITY_TOLERANCE, arena_header)
    update_file_entries(doc, written)
    write_manifest(package.directory, doc)
    return doc["device_model"]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m firmware_tools.device_repack PACKAGE_DIR", file=sys.stderr)
        return 2
    try:
        block = repack(argv[0])
    except PackageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if block is None:
        print(f"{argv[0]}: the C array already holds the device flatbuffer")
    else:
        print(f"{Path(argv[0]) / MANIFEST}: C array is now the {block['bytes']}-byte device model")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
