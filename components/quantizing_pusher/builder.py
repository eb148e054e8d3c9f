"""Builds one complete version directory from a core SavedModel and transformed examples.

Free of TFX artifacts (the executor resolves those), so the whole convert -> verify ->
measure -> package flow can be run and tested on plain paths. Every check that can veto
a push (op mapping, parity, arena) runs before any file is written.
"""

from __future__ import annotations

import importlib.metadata
import os
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import tensorflow as tf
from absl import logging

from components.quantizing_pusher import (
    c_package,
    conversion,
    data,
    device_model,
    evaluation,
    firmware_tables,
    manifest,
    metrics,
    model_analysis,
    tflm,
)

C_DIRNAME = "c"
# Keys the pusher writes; extra_manifest may add keys but never replace these.
MANIFEST_KEYS = frozenset(
    {
        "schema_version",
        "model_name",
        "version",
        "created",
        "tflite_path",
        "tflite_bytes",
        "tflite_sha256",
        "device_model",
        "float_tflite",
        "arena_bytes",
        "arena",
        "params",
        "macs",
        "ops",
        "op_resolver",
        "input",
        "output",
        "class_names",
        "metrics",
        "calibration",
        "parity",
        "conversion",
        "pipeline",
        "data_fingerprint",
        "code_version",
        "files",
        "firmware",
    }
)


@dataclass(frozen=True)
class BuildSpec:
    core_dir: str
    out_dir: str
    model_name: str
    version: str
    feature_key: str
    label_key: str
    class_names: Sequence[str]
    representative_files: Sequence[str]
    eval_files: Sequence[str]
    representative_split: str = "train"
    eval_split: str = "eval"
    num_representative: int = 300
    max_eval_examples: int = 2000
    num_golden: int = 16
    # Largest int8 difference accepted between tf.lite and tflite-micro (0 = bit-exact).
    parity_tolerance: int = 0
    # Added to the manifest as-is (pipeline, data_fingerprint, user extras).
    provenance: dict = field(default_factory=dict)
    extra_manifest: dict = field(default_factory=dict)
    # Front end the firmware builds this model with (firmware/frontends/<name>/; "" = none) and
    # the "module.function" writing the model's tables for it into c/ ("" = none).
    firmware_frontend: str = ""
    firmware_tables_fn: str = ""


def _version_or_unknown(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _check_io(analysis: model_analysis.ModelAnalysis, feature_shape, class_names) -> None:
    for kind, tensor in (("input", analysis.input), ("output", analysis.output)):
        if tensor.dtype != "int8" or tensor.scale <= 0:
            raise ValueError(f"converted model {kind} is not per-tensor int8: {tensor}")
    if analysis.input.elements != int(np.prod(feature_shape)):
        raise ValueError(f"tflite input {analysis.input.shape} vs core input {feature_shape}")
    if class_names and analysis.output.elements != len(class_names):
        raise ValueError(
            f"output has {analysis.output.elements} values but {len(class_names)} class names "
            f"were given ({list(class_names)})"
        )


def _metrics(spec, eval_sample, float_out, int8_out) -> dict:
    result = {
        "eval_split": spec.eval_split,
        "examples": int(len(eval_sample.features)),
        "split_examples": eval_sample.total_examples,
        "int8_kernels": "tf.lite reference kernels (bit-exact with tflite-micro)",
        "int8_vs_float_outputs": metrics.output_agreement(float_out, int8_out),
    }
    if spec.class_names:
        float_m = metrics.classification_metrics(
            eval_sample.labels, float_out.argmax(axis=1), spec.class_names
        )
        int8_m = metrics.classification_metrics(
            eval_sample.labels, int8_out.argmax(axis=1), spec.class_names
        )
        result.update(
            {
                "float": float_m,
                "int8": int8_m,
                "int8_vs_float_macro_f1_delta": int8_m["macro_f1"] - float_m["macro_f1"],
            }
        )
    return result


def device_model_block(device: bytes, ident: str) -> dict:
    """The manifest's ``device_model`` entry: the flatbuffer the C array holds."""
    return {
        "bytes": len(device),
        "sha256": manifest.sha256_bytes(device),
        "dropped": device_model.DROPPED,
        "c_array": f"{C_DIRNAME}/{ident}_model.c",
    }


def arena_block(measured: int, header: int, allocations: dict) -> dict:
    """The manifest's ``arena`` entry: measured and declared size, and how it was measured."""
    return {
        "measured_bytes": measured,
        "header_bytes": header,
        "granularity_bytes": tflm.ARENA_GRANULE,
        "method": tflm.ARENA_METHOD,
        "host_pointer_bits": 64,
        "allocations": allocations,
    }


def parity_block(parity: tflm.ParityResult, tolerance: int, arena_header: int) -> dict:
    """The manifest's ``parity`` entry: tf.lite on the .tflite vs tflite-micro on the device
    flatbuffer, on the golden inputs."""
    return {
        "examples": parity.examples,
        "identical": parity.differing_outputs == 0,
        "differing_outputs": parity.differing_outputs,
        "max_abs_diff": parity.max_abs_diff,
        "tolerance": tolerance,
        "compared": "tf.lite reference kernels on the .tflite vs tflite-micro Python "
        "interpreter on the device flatbuffer",
        "arena_bytes": arena_header,
    }


def build(spec: BuildSpec) -> dict:
    """Run every step and write the version directory; returns the manifest written."""
    classifier = bool(spec.class_names)
    if classifier and not spec.label_key:
        raise ValueError("class_names were given but label_key is empty")
    firmware_tables.check_declaration(spec.firmware_frontend, spec.firmware_tables_fn)
    if spec.firmware_tables_fn:
        firmware_tables.resolve(spec.firmware_tables_fn)  # fail before minutes of conversion

    loaded, signature, input_name, feature_shape = evaluation.load_float_model(spec.core_dir)
    representative = data.read_split(
        spec.representative_files, spec.feature_key, feature_shape, spec.num_representative
    )
    eval_sample = data.read_split(
        spec.eval_files,
        spec.feature_key,
        feature_shape,
        spec.max_eval_examples,
        label_key=spec.label_key if classifier else None,
    )

    converted = conversion.convert(
        spec.core_dir,
        conversion.pick_signature(list(loaded.signatures.keys())),
        representative.features,
    )
    analysis = model_analysis.analyze(converted.int8)
    _check_io(analysis, feature_shape, spec.class_names)
    input_quant = (analysis.input.scale, analysis.input.zero_point)
    output_quant = (analysis.output.scale, analysis.output.zero_point)

    device = device_model.for_device(converted.int8)
    arena_measured = tflm.measure_arena(device)
    arena_header = tflm.header_arena_bytes(arena_measured)

    num_golden = min(spec.num_golden, len(eval_sample.features))
    golden_inputs = conversion.quantize(eval_sample.features[:num_golden], *input_quant)
    golden_inputs = golden_inputs.reshape(num_golden, *analysis.input.shape)
    parity = tflm.check_parity(
        converted.int8,
        golden_inputs,
        arena_header,
        tolerance=spec.parity_tolerance,
        device_model=device,
    )

    n = len(eval_sample.features)
    float_out = evaluation.float_outputs(signature, input_name, eval_sample.features)
    int8_out = evaluation.int8_outputs(
        converted.int8,
        eval_sample.features,
        tuple(analysis.input.shape),
        input_quant,
        output_quant,
    )
    run_metrics = _metrics(spec, eval_sample, float_out.reshape(n, -1), int8_out.reshape(n, -1))
    if classifier:
        logging.info(
            "Eval on %d examples: float accuracy %.4f, int8 accuracy %.4f",
            n,
            run_metrics["float"]["accuracy"],
            run_metrics["int8"]["accuracy"],
        )

    ident = c_package.c_identifier(spec.model_name)
    sha = manifest.sha256_bytes(converted.int8)
    os.makedirs(spec.out_dir, exist_ok=True)
    tflite_name = f"{ident}_int8.tflite"
    float_name = f"{ident}_float.tflite"
    for name, blob in ((tflite_name, converted.int8), (float_name, converted.float32)):
        with open(os.path.join(spec.out_dir, name), "wb") as handle:
            handle.write(blob)
    c_package.write_c_package(
        os.path.join(spec.out_dir, C_DIRNAME),
        spec.model_name,
        spec.version,
        device,
        sha,
        analysis,
        arena_header,
        arena_measured,
        spec.class_names,
        golden_inputs,
        parity.outputs,
    )
    tables = []
    if spec.firmware_tables_fn:
        written = firmware_tables.write(
            spec.firmware_tables_fn, os.path.join(spec.out_dir, C_DIRNAME), spec.model_name
        )
        tables = [f"{C_DIRNAME}/{os.path.basename(path)}" for path in written]

    document = {
        "schema_version": 1,
        "model_name": spec.model_name,
        "version": spec.version,
        "created": manifest.utc_now(),
        "tflite_path": tflite_name,
        "tflite_bytes": len(converted.int8),
        "tflite_sha256": sha,
        "device_model": device_model_block(device, ident),
        "float_tflite": {
            "path": float_name,
            "bytes": len(converted.float32),
            "sha256": manifest.sha256_bytes(converted.float32),
        },
        "arena_bytes": arena_measured,
        "arena": arena_block(arena_measured, arena_header, parity.allocations),
        "params": analysis.params,
        "macs": analysis.macs,
        "ops": analysis.ops,
        "op_resolver": {
            "count": len(analysis.resolver_methods),
            "methods": analysis.resolver_methods,
        },
        "input": analysis.input.to_json(),
        "output": analysis.output.to_json(),
        "class_names": list(spec.class_names),
        "metrics": run_metrics,
        "calibration": {
            "split": spec.representative_split,
            "examples": int(len(representative.features)),
            "split_examples": representative.total_examples,
        },
        "parity": parity_block(parity, spec.parity_tolerance, arena_header),
        "conversion": {
            "signature": converted.signature_key,
            "tensorflow": tf.__version__,
            "tflite_micro": _version_or_unknown("tflite_micro"),
        },
        **spec.provenance,
        "code_version": manifest.code_version(),
        firmware_tables.MANIFEST_KEY: firmware_tables.manifest_block(
            spec.firmware_frontend, spec.firmware_tables_fn, tables
        ),
    }
    manifest.write_manifest(spec.out_dir, document, spec.extra_manifest)
    return manifest.load(spec.out_dir)
