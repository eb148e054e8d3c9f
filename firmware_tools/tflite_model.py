"""What tflite-micro derives from a .tflite before running it, reproduced in Python.

The tensors (shapes, per-axis scales and zero points, where constant data sits in the
flatbuffer) and TFLite's quantization arithmetic as its kernels' Prepare steps compute it
(tensorflow/lite/kernels/internal/quantization_util.cc, kernel_util.cc): double precision,
``QuantizeMultiplier`` via ``frexp`` and round-half-away-from-zero, activation ranges quantized
in float32. firmware_tools.plan builds the harness's op table from these.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from tflite_micro.tensorflow.lite.micro.python import schema_py_generated as schema

from firmware_tools.fixed_point import INT8_MAX, INT8_MIN


class UnsupportedModelError(ValueError):
    """The model uses an op or a tensor type the reference kernels do not implement."""


def round_half_away(value: float) -> int:
    """std::round / TfLiteRound: halves away from zero."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def quantize_multiplier(real: float) -> tuple[int, int]:
    """QuantizeMultiplier: ``real`` = multiplier * 2^(shift - 31), multiplier in [2^30, 2^31)."""
    if real == 0.0:
        return 0, 0
    fraction, shift = math.frexp(real)
    fixed = round_half_away(fraction * (1 << 31))
    if fixed == 1 << 31:
        fixed //= 2
        shift += 1
    if shift < -31:
        return 0, 0
    return fixed, shift


def quantize_f32(value: float, scale: float, zero_point: int) -> int:
    """kernel_util.cc Quantize: zero_point + TfLiteRound(f / scale) in float32."""
    return zero_point + round_half_away(float(np.float32(value) / np.float32(scale)))


def activation_range(activation: int, scale: float, zero_point: int, op: str) -> tuple[int, int]:
    """CalculateActivationRangeQuantized for an int8 output."""
    act = schema.ActivationFunctionType
    if activation == act.NONE:
        return INT8_MIN, INT8_MAX
    if activation == act.RELU:
        return max(INT8_MIN, quantize_f32(0.0, scale, zero_point)), INT8_MAX
    if activation == act.RELU6:
        low = max(INT8_MIN, quantize_f32(0.0, scale, zero_point))
        return low, min(INT8_MAX, quantize_f32(6.0, scale, zero_point))
    if activation == act.RELU_N1_TO_1:
        low = max(INT8_MIN, quantize_f32(-1.0, scale, zero_point))
        return low, min(INT8_MAX, quantize_f32(1.0, scale, zero_point))
    raise UnsupportedModelError(f"{op}: fused activation {activation} is not supported")


def calculate_input_radius(integer_bits: int, left_shift: int) -> int:
    """CalculateInputRadius(integer_bits, left_shift, total_signed_bits=31)."""
    if left_shift < 0:
        raise UnsupportedModelError(
            f"input scale too small for the fixed-point range ({left_shift})"
        )
    real = 1.0 * ((1 << integer_bits) - 1) * (1 << (31 - integer_bits)) / (1 << left_shift)
    return math.floor(real)


@dataclass(frozen=True)
class Tensor:
    index: int
    name: str
    shape: tuple[int, ...]
    dtype: int  # schema.TensorType
    scales: tuple[float, ...]
    zero_points: tuple[int, ...]
    data_offset: int | None  # byte offset of constant data in the flatbuffer, None for activations
    data: bytes | None

    @property
    def scale(self) -> float:
        return self.scales[0] if self.scales else 0.0

    @property
    def zero_point(self) -> int:
        return self.zero_points[0] if self.zero_points else 0

    @property
    def elements(self) -> int:
        return int(np.prod(self.shape)) if self.shape else 1

    def values(self, dtype: str) -> np.ndarray:
        return np.frombuffer(self.data, dtype=np.dtype(dtype).newbyteorder("<"))


def buffer_offsets(model_bytes: bytes) -> dict[int, int]:
    """Buffer index -> byte offset of its data in the flatbuffer (table API; ModelT drops it)."""
    root = schema.Model.GetRootAs(bytearray(model_bytes), 0)
    offsets = {}
    for i in range(root.BuffersLength()):
        buffer = root.Buffers(i)
        if buffer.Offset() > 1:  # data stored after the flatbuffer (models > 2 GB)
            offsets[i] = int(buffer.Offset())
            continue
        field_offset = buffer._tab.Offset(4)  # Buffer.data
        if field_offset and buffer.DataLength() > 0:
            offsets[i] = buffer._tab.Vector(field_offset)
    return offsets


def read_tensors(model: schema.ModelT, model_bytes: bytes) -> list[Tensor]:
    offsets = buffer_offsets(model_bytes)
    tensors = []
    for index, t in enumerate(model.subgraphs[0].tensors):
        quant = t.quantization
        scales = (
            tuple(float(s) for s in quant.scale)
            if quant is not None and quant.scale is not None
            else ()
        )
        zps = (
            tuple(int(z) for z in quant.zeroPoint)
            if quant is not None and quant.zeroPoint is not None
            else ()
        )
        offset = offsets.get(t.buffer) if t.buffer > 0 else None
        data = None
        if offset is not None:
            buffer = model.buffers[t.buffer]
            size = int(buffer.size) if buffer.offset > 1 else len(buffer.data)
            data = bytes(model_bytes[offset : offset + size])
        name = t.name.decode() if isinstance(t.name, bytes) else str(t.name)
        shape = tuple(int(d) for d in t.shape) if t.shape is not None else ()
        tensors.append(Tensor(index, name, shape, t.type, scales, zps, offset, data))
    return tensors
