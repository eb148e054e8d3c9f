"""Small int8 .tflite models built directly as flatbuffers, and tflite-micro's outputs for them.

Used to test each reference kernel against the tflite-micro interpreter without the TF
converter (seconds instead of minutes), including ops the zoo's current models do not use yet,
and to make models that deliberately do not fit Apollo4.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import flatbuffers
import numpy as np
from tflite_micro.python.tflite_micro import runtime
from tflite_micro.tensorflow.lite.micro.python import schema_py_generated as schema

from components.quantizing_pusher.c_package import write_c_package
from components.quantizing_pusher.manifest import write_manifest
from components.quantizing_pusher.model_analysis import analyze
from firmware_tools.package import ModelPackage, read_package

INT8, INT32 = schema.TensorType.INT8, schema.TensorType.INT32


@dataclass
class ModelBuilder:
    """Accumulates tensors, buffers and ops of a one-subgraph model."""

    rng: np.random.Generator = field(default_factory=lambda: np.random.default_rng(0))
    tensors: list = field(default_factory=list)
    buffers: list = field(default_factory=lambda: [schema.BufferT()])
    opcodes: list = field(default_factory=list)
    operators: list = field(default_factory=list)

    def tensor(self, shape, scale=None, zero_point=0, dtype=INT8, data=None, axis=0) -> int:
        """Add a tensor; ``scale`` a float (per-tensor) or a list (per-channel along ``axis``)."""
        t = schema.TensorT()
        t.shape = list(shape)
        t.type = dtype
        t.name = f"t{len(self.tensors)}"
        t.buffer = 0
        if data is not None:
            buffer = schema.BufferT()
            buffer.data = np.frombuffer(np.ascontiguousarray(data).tobytes(), dtype=np.uint8)
            self.buffers.append(buffer)
            t.buffer = len(self.buffers) - 1
        if scale is not None:
            scales = list(np.atleast_1d(np.asarray(scale, dtype=np.float32)))
            q = schema.QuantizationParametersT()
            q.scale = [float(s) for s in scales]
            q.zeroPoint = (
                [int(zero_point)] * len(scales) if np.ndim(zero_point) == 0 else list(zero_point)
            )
            q.quantizedDimension = axis
            t.quantization = q
        self.tensors.append(t)
        return len(self.tensors) - 1

    def activation(self, shape, scale, zero_point) -> int:
        return self.tensor(shape, scale, zero_point)

    def weights(self, shape, scales, axis=0) -> int:
        return self.tensor(
            shape, scales, 0, data=self.rng.integers(-127, 128, shape, dtype=np.int8), axis=axis
        )

    def bias(self, n, scales) -> int:
        values = self.rng.integers(-2000, 2000, n, dtype=np.int32)
        return self.tensor([n], scales, 0, dtype=INT32, data=values)

    def op(self, name: str, inputs, outputs, options=None) -> None:
        code = getattr(schema.BuiltinOperator, name)
        if code not in [c.builtinCode for c in self.opcodes]:
            oc = schema.OperatorCodeT()
            oc.builtinCode = code
            oc.deprecatedBuiltinCode = min(code, 127)
            oc.version = 1
            self.opcodes.append(oc)
        op = schema.OperatorT()
        op.opcodeIndex = [c.builtinCode for c in self.opcodes].index(code)
        op.inputs, op.outputs = list(inputs), list(outputs)
        if options is not None:
            op.builtinOptionsType = getattr(schema.BuiltinOptions, type(options).__name__[:-1])
            op.builtinOptions = options
        self.operators.append(op)

    def build(self, inputs, outputs) -> bytes:
        graph = schema.SubGraphT()
        graph.tensors, graph.operators = self.tensors, self.operators
        graph.inputs, graph.outputs = list(inputs), list(outputs)
        model = schema.ModelT()
        model.version = 3
        model.operatorCodes, model.subgraphs, model.buffers = self.opcodes, [graph], self.buffers
        builder = flatbuffers.Builder(1024)
        builder.Finish(model.Pack(builder), file_identifier=b"TFL3")
        return bytes(builder.Output())


def options(cls_name: str, **fields):
    opts = getattr(schema, cls_name)()
    for key, value in fields.items():
        setattr(opts, key, value)
    return opts


def tflm_outputs(model: bytes, inputs: np.ndarray, arena_size: int = 4 << 20) -> np.ndarray:
    """Outputs of the tflite-micro interpreter for each row of int8 ``inputs``."""
    interpreter = runtime.Interpreter.from_bytes(model, arena_size=arena_size)
    outputs = []
    for example in inputs:
        interpreter.set_input(example, 0)
        interpreter.invoke()
        outputs.append(np.array(interpreter.get_output(0), copy=True))
        interpreter.reset()
    return np.stack(outputs)


def write_package(
    out_dir: Path, name: str, model: bytes, inputs: np.ndarray
) -> tuple[ModelPackage, np.ndarray]:
    """A pushed version as the Pusher lays it out (manifest, int8 model, ``c/``), golden outputs
    from tflite-micro (also returned)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{name}_int8.tflite").write_bytes(model)
    outputs = tflm_outputs(model, inputs)
    sha256 = hashlib.sha256(model).hexdigest()
    write_c_package(
        str(out_dir / "c"),
        name,
        "1",
        model,
        sha256,
        analyze(model),
        arena_bytes=4096,
        arena_measured_bytes=4096,
        class_names=[],
        golden_inputs=inputs,
        golden_outputs=outputs,
    )
    manifest = {"model_name": name, "version": "1", "tflite_path": f"{name}_int8.tflite"}
    write_manifest(str(out_dir), {**manifest, "tflite_sha256": sha256})
    return read_package(out_dir, name), outputs
