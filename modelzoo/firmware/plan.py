"""Turns an int8 .tflite into a C op table ("plan") for the harness's reference kernels.

The QEMU harness proves a model bit for bit without TFLM's C++ by running this plan: every op
becomes a kernel call whose multipliers and shifts are computed here exactly as the kernel's
Prepare step in tflite-micro computes them (double precision, ``QuantizeMultiplier`` with
``frexp``), weights and biases are read in place from the model's flatbuffer array (the bytes the
device ships, so the harness image has the device's flash footprint), and activations live at
offsets in one static arena planned greedily over tensor lifetimes.

Test-only: on the device TFLM/CMSIS-NN interpret the model array itself.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from tflite_micro.tensorflow.lite.micro.python import schema_py_generated as schema

from components.quantizing_pusher.c_package import c_identifier
from components.quantizing_pusher.model_analysis import _op_name, parse

ARENA_ALIGNMENT = 16
MAX_RANK = 5
INT8_MIN, INT8_MAX = -128, 127

# Builtin ops the reference kernels implement -> the zoo_plan.h adapter that runs them.
SUPPORTED_OPS = {
    "CONV_2D": "zoo_op_conv_2d",
    "DEPTHWISE_CONV_2D": "zoo_op_depthwise_conv_2d",
    "FULLY_CONNECTED": "zoo_op_fully_connected",
    "AVERAGE_POOL_2D": "zoo_op_average_pool_2d",
    "MAX_POOL_2D": "zoo_op_max_pool_2d",
    "MEAN": "zoo_op_mean",
    "SOFTMAX": "zoo_op_softmax",
    "RESHAPE": "zoo_op_copy",
    "SQUEEZE": "zoo_op_copy",
    "EXPAND_DIMS": "zoo_op_copy",
    "ADD": "zoo_op_add",
    "LOGISTIC": "zoo_op_logistic",
}


class UnsupportedModelError(ValueError):
    """The model uses an op or a tensor type the reference kernels do not implement."""


# ---- TFLite's quantization arithmetic (tensorflow/lite/kernels/internal/quantization_util.cc) --


def _round_half_away(value: float) -> int:
    """std::round / TfLiteRound: halves away from zero."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def quantize_multiplier(real: float) -> tuple[int, int]:
    """QuantizeMultiplier: ``real`` = multiplier * 2^(shift - 31), multiplier in [2^30, 2^31)."""
    if real == 0.0:
        return 0, 0
    fraction, shift = math.frexp(real)
    fixed = _round_half_away(fraction * (1 << 31))
    if fixed == 1 << 31:
        fixed //= 2
        shift += 1
    if shift < -31:
        return 0, 0
    return fixed, shift


def _f32(value: float) -> float:
    """A value as the float32 the runtime stores (tensor scales, op options)."""
    return float(np.float32(value))


def _quantize_f32(value: float, scale: float, zero_point: int) -> int:
    """kernel_util.cc Quantize: zero_point + TfLiteRound(f / scale) in float32."""
    return zero_point + _round_half_away(float(np.float32(value) / np.float32(scale)))


def _activation_range(activation: int, scale: float, zero_point: int, op: str) -> tuple[int, int]:
    """CalculateActivationRangeQuantized for an int8 output."""
    act = schema.ActivationFunctionType
    if activation == act.NONE:
        return INT8_MIN, INT8_MAX
    if activation == act.RELU:
        return max(INT8_MIN, _quantize_f32(0.0, scale, zero_point)), INT8_MAX
    if activation == act.RELU6:
        low = max(INT8_MIN, _quantize_f32(0.0, scale, zero_point))
        return low, min(INT8_MAX, _quantize_f32(6.0, scale, zero_point))
    if activation == act.RELU_N1_TO_1:
        low = max(INT8_MIN, _quantize_f32(-1.0, scale, zero_point))
        return low, min(INT8_MAX, _quantize_f32(1.0, scale, zero_point))
    raise UnsupportedModelError(f"{op}: fused activation {activation} is not supported")


def _calculate_input_radius(integer_bits: int, left_shift: int) -> int:
    """CalculateInputRadius(integer_bits, left_shift, total_signed_bits=31)."""
    if left_shift < 0:
        raise UnsupportedModelError(
            f"input scale too small for the fixed-point range ({left_shift})"
        )
    real = 1.0 * ((1 << integer_bits) - 1) * (1 << (31 - integer_bits)) / (1 << left_shift)
    return math.floor(real)


# ---- model reading --------------------------------------------------------------------------


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


def _buffer_offsets(model_bytes: bytes) -> dict[int, int]:
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


def _read_tensors(model: schema.ModelT, model_bytes: bytes) -> list[Tensor]:
    offsets = _buffer_offsets(model_bytes)
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


# ---- the plan ---------------------------------------------------------------------------------


@dataclass
class PlannedOp:
    builtin: str
    adapter: str  # zoo_plan.h function that runs it
    params_c: str  # C initializer of the kernel's params struct ("{...}"), or a byte count
    params_type: str  # C type of params_c
    inputs: list[int]  # activation tensor indices (arena), at most 2
    output: int
    scratch_bytes: int = 0
    arrays: list[str] = field(default_factory=list)  # C definitions the params refer to


@dataclass
class Plan:
    ident: str
    model_len: int
    model_sha256: str
    ops: list[PlannedOp]
    input_tensor: Tensor
    output_tensor: Tensor
    tensor_offsets: dict[int, int]  # activation tensor -> arena offset
    scratch_offsets: dict[int, int]  # op index -> arena offset
    arena_bytes: int
    copied_constant_bytes: int  # constants copied out of the model array for alignment


class _Emitter:
    """Builds the C expressions of one op's constants: model-array references or copies."""

    def __init__(self, ident: str, op_index: int):
        self.ident = ident
        self.prefix = f"s_op{op_index}"
        self.arrays: list[str] = []
        self.copied_bytes = 0

    def array(self, suffix: str, ctype: str, values) -> str:
        name = f"{self.prefix}_{suffix}"
        self.arrays.append(f"static const {ctype} {name}[{len(values)}] = {_c_list(values)};")
        return name

    def constant(self, suffix: str, tensor: Tensor, ctype: str, itemsize: int) -> str:
        """Pointer to ``tensor``'s data inside g_<ident>_model, or to a copy if misaligned."""
        if tensor.data_offset % itemsize == 0:
            return f"(const {ctype} *)(const void *)(g_{self.ident}_model + {tensor.data_offset})"
        values = tensor.values({"int8_t": "i1", "int32_t": "i4"}[ctype])
        self.copied_bytes += len(tensor.data)
        return self.array(suffix, ctype, values)


def _c_list(values) -> str:
    return "{" + ", ".join(str(int(v)) for v in values) + "}"


def _shape4(shape: tuple[int, ...], what: str) -> str:
    if len(shape) != 4:
        raise UnsupportedModelError(f"{what}: expected a 4-D tensor, got shape {list(shape)}")
    return _c_list(shape)


def _padding(
    padding: int, stride: int, dilation: int, in_size: int, filter_size: int, out_size: int, op: str
) -> int:
    """ComputePaddingHeightWidth for one dimension; checks the output size TFLM would compute."""
    effective = (filter_size - 1) * dilation + 1
    if padding == schema.Padding.SAME:
        expected = (in_size + stride - 1) // stride
    else:
        expected = (in_size - effective + stride) // stride
    if expected != out_size:
        raise UnsupportedModelError(f"{op}: output size {out_size} != {expected} from padding")
    total = max((out_size - 1) * stride + effective - in_size, 0)
    return total // 2


def _per_channel_multipliers(
    emit: _Emitter, input_t: Tensor, filter_t: Tensor, output_t: Tensor, channels: int
) -> tuple[str, str]:
    """PopulateConvolutionQuantizationParams: in_scale * filter_scale / out_scale, in double."""
    scales = filter_t.scales
    if len(scales) not in (1, channels):
        raise UnsupportedModelError(f"{len(scales)} filter scales for {channels} channels")
    if any(z != 0 for z in filter_t.zero_points):
        raise UnsupportedModelError("int8 weights must have zero point 0")
    pairs = [
        quantize_multiplier(input_t.scale * scales[i if len(scales) > 1 else 0] / output_t.scale)
        for i in range(channels)
    ]
    return (
        emit.array("multiplier", "int32_t", [m for m, _ in pairs]),
        emit.array("shift", "int32_t", [s for _, s in pairs]),
    )


def _bias(emit: _Emitter, tensors: list[Tensor], inputs: list[int], op: str) -> str:
    if len(inputs) < 3 or inputs[2] < 0:
        return "0"
    bias = tensors[inputs[2]]
    if bias.dtype != schema.TensorType.INT32 or bias.data is None:
        raise UnsupportedModelError(f"{op}: bias must be a constant int32 tensor")
    return emit.constant("bias", bias, "int32_t", 4)


def _weights(emit: _Emitter, tensor: Tensor, op: str) -> str:
    if tensor.dtype != schema.TensorType.INT8 or tensor.data is None:
        raise UnsupportedModelError(f"{op}: weights must be a constant int8 tensor")
    return emit.constant("weights", tensor, "int8_t", 1)


def _plan_conv(name, options, emit, tensors, inputs, output) -> tuple[str, str]:
    input_t, filter_t, out_t = tensors[inputs[0]], tensors[inputs[1]], tensors[output]
    _, in_h, in_w, in_c = input_t.shape
    _, out_h, out_w, out_c = out_t.shape
    _, f_h, f_w, _ = filter_t.shape
    depthwise = name == "DEPTHWISE_CONV_2D"
    if depthwise and out_c % in_c:
        raise UnsupportedModelError(f"{name}: {out_c} output channels for {in_c} input channels")
    pad_h = _padding(
        options.padding, options.strideH, options.dilationHFactor, in_h, f_h, out_h, name
    )
    pad_w = _padding(
        options.padding, options.strideW, options.dilationWFactor, in_w, f_w, out_w, name
    )
    multiplier, shift = _per_channel_multipliers(emit, input_t, filter_t, out_t, out_c)
    act_min, act_max = _activation_range(
        options.fusedActivationFunction, out_t.scale, out_t.zero_point, name
    )
    params = (
        f"{{.input = {_shape4(input_t.shape, name)}, .filter = {_shape4(filter_t.shape, name)}, "
        f".output = {_shape4(out_t.shape, name)}, "
        f".stride_h = {options.strideH}, .stride_w = {options.strideW}, "
        f".dilation_h = {options.dilationHFactor}, .dilation_w = {options.dilationWFactor}, "
        f".pad_h = {pad_h}, .pad_w = {pad_w}, "
        f".depth_multiplier = {out_c // in_c if depthwise else 1}, "
        f".input_offset = {-input_t.zero_point}, .output_offset = {out_t.zero_point}, "
        f".act_min = {act_min}, .act_max = {act_max}, "
        f".filter_data = {_weights(emit, filter_t, name)}, "
        f".bias = {_bias(emit, tensors, inputs, name)}, "
        f".multiplier = {multiplier}, .shift = {shift}}}"
    )
    return params, "zoo_conv_params_t"


def _plan_fully_connected(name, options, emit, tensors, inputs, output) -> tuple[str, str]:
    input_t, weights_t, out_t = tensors[inputs[0]], tensors[inputs[1]], tensors[output]
    if options.weightsFormat != schema.FullyConnectedOptionsWeightsFormat.DEFAULT:
        raise UnsupportedModelError(f"{name}: shuffled weights are not supported")
    output_depth, accum_depth = weights_t.shape[-2], weights_t.shape[-1]
    batches = out_t.elements // out_t.shape[-1]
    if len(weights_t.scales) > 1:
        multiplier, shift = _per_channel_multipliers(emit, input_t, weights_t, out_t, output_depth)
        channels = output_depth
    else:
        # GetQuantizedConvolutionMultipler: the scale product is taken in float32, then widened.
        product = float(np.float32(input_t.scale) * np.float32(weights_t.scale))
        m, s = quantize_multiplier(product / out_t.scale)
        multiplier, shift = (
            emit.array("multiplier", "int32_t", [m]),
            emit.array("shift", "int32_t", [s]),
        )
        channels = 1
    act_min, act_max = _activation_range(
        options.fusedActivationFunction, out_t.scale, out_t.zero_point, name
    )
    params = (
        f"{{.batches = {batches}, .accum_depth = {accum_depth}, .output_depth = {output_depth}, "
        f".input_offset = {-input_t.zero_point}, .output_offset = {out_t.zero_point}, "
        f".act_min = {act_min}, .act_max = {act_max}, "
        f".weights = {_weights(emit, weights_t, name)}, "
        f".bias = {_bias(emit, tensors, inputs, name)}, "
        f".multiplier = {multiplier}, .shift = {shift}, .quant_channels = {channels}}}"
    )
    return params, "zoo_fully_connected_params_t"


def _require_same_quantization(a: Tensor, b: Tensor, op: str) -> None:
    if (a.scale, a.zero_point) != (b.scale, b.zero_point):
        raise UnsupportedModelError(f"{op}: input and output quantization must match")


def _plan_pool(name, options, emit, tensors, inputs, output) -> tuple[str, str]:
    input_t, out_t = tensors[inputs[0]], tensors[output]
    _require_same_quantization(input_t, out_t, name)
    _, in_h, in_w, _ = input_t.shape
    _, out_h, out_w, _ = out_t.shape
    pad_h = _padding(options.padding, options.strideH, 1, in_h, options.filterHeight, out_h, name)
    pad_w = _padding(options.padding, options.strideW, 1, in_w, options.filterWidth, out_w, name)
    act_min, act_max = _activation_range(
        options.fusedActivationFunction, out_t.scale, out_t.zero_point, name
    )
    params = (
        f"{{.input = {_shape4(input_t.shape, name)}, .output = {_shape4(out_t.shape, name)}, "
        f".filter_h = {options.filterHeight}, .filter_w = {options.filterWidth}, "
        f".stride_h = {options.strideH}, .stride_w = {options.strideW}, "
        f".pad_h = {pad_h}, .pad_w = {pad_w}, .act_min = {act_min}, .act_max = {act_max}}}"
    )
    return params, "zoo_pool_params_t"


def _plan_mean(name, options, emit, tensors, inputs, output) -> tuple[str, str]:
    input_t, axis_t, out_t = tensors[inputs[0]], tensors[inputs[1]], tensors[output]
    rank = len(input_t.shape)
    if rank > MAX_RANK or axis_t.data is None:
        raise UnsupportedModelError(f"{name}: needs constant axes and rank <= {MAX_RANK}")
    axes = sorted({int(a) % rank for a in axis_t.values("i4")})
    reduced = [1 if d in axes else 0 for d in range(rank)]
    count = int(np.prod([input_t.shape[d] for d in axes])) if axes else 1
    # PrepareMeanOrSumHelper, then QuantizedMeanOrSum folds 1/count into the multiplier.
    multiplier, shift = quantize_multiplier(input_t.scale / out_t.scale)
    pot = min(count.bit_length() - 1, 32, 31 + shift)
    multiplier = (multiplier << pot) // count
    shift -= pot
    pad = MAX_RANK - rank
    params = (
        f"{{.rank = {rank}, .dims = {_c_list(list(input_t.shape) + [1] * pad)}, "
        f".reduced = {_c_list(reduced + [0] * pad)}, "
        f".num_reduced_elements = {count}, .output_elements = {out_t.elements}, "
        f".input_zero_point = {input_t.zero_point}, .output_zero_point = {out_t.zero_point}, "
        f".multiplier = {multiplier}, .shift = {shift}}}"
    )
    return params, "zoo_mean_params_t"


def _require_output_256(out_t: Tensor, op: str) -> None:
    if out_t.zero_point != -128 or np.float32(out_t.scale) != np.float32(1 / 256):
        raise UnsupportedModelError(f"{op}: int8 output must have scale 1/256 and zero point -128")


def _plan_softmax(name, options, emit, tensors, inputs, output) -> tuple[str, str]:
    input_t, out_t = tensors[inputs[0]], tensors[output]
    _require_output_256(out_t, name)
    scaled_diff_integer_bits = 5
    # PreprocessSoftmaxScaling (double rounding build), then CalculateInputRadius.
    real = min(
        float(options.beta) * input_t.scale * (1 << (31 - scaled_diff_integer_bits)),
        (1 << 31) - 1.0,
    )
    multiplier, left_shift = quantize_multiplier(real)
    diff_min = -_calculate_input_radius(scaled_diff_integer_bits, left_shift)
    depth = input_t.shape[-1]
    params = (
        f"{{.outer = {input_t.elements // depth}, .depth = {depth}, "
        f".input_multiplier = {multiplier}, .input_left_shift = {left_shift}, "
        f".diff_min = {diff_min}}}"
    )
    return params, "zoo_softmax_params_t"


def _plan_logistic(name, options, emit, tensors, inputs, output) -> tuple[str, str]:
    input_t, out_t = tensors[inputs[0]], tensors[output]
    _require_output_256(out_t, name)
    input_integer_bits = 4
    fraction, left_shift = math.frexp(input_t.scale * float(1 << (31 - input_integer_bits)))
    multiplier = _round_half_away(fraction * (1 << 31))
    radius = _calculate_input_radius(input_integer_bits, left_shift)
    params = (
        f"{{.size = {input_t.elements}, .input_zero_point = {input_t.zero_point}, "
        f".input_range_radius = {radius}, .input_multiplier = {multiplier}, "
        f".input_left_shift = {left_shift}}}"
    )
    return params, "zoo_logistic_params_t"


def _broadcast_strides(shape: tuple[int, ...], out_shape: tuple[int, ...], op: str) -> list[int]:
    padded = [1] * (MAX_RANK - len(shape)) + list(shape)
    out = [1] * (MAX_RANK - len(out_shape)) + list(out_shape)
    strides, stride = [0] * MAX_RANK, 1
    for d in reversed(range(MAX_RANK)):
        if padded[d] not in (1, out[d]):
            raise UnsupportedModelError(
                f"{op}: cannot broadcast {list(shape)} to {list(out_shape)}"
            )
        strides[d] = stride if padded[d] == out[d] and out[d] > 1 else 0
        stride *= padded[d]
    return strides


def _plan_add(name, options, emit, tensors, inputs, output) -> tuple[str, str]:
    a, b, out_t = tensors[inputs[0]], tensors[inputs[1]], tensors[output]
    if a.data is not None:  # keep any constant operand second (ADD is symmetric)
        a, b = b, a
    if a.data is not None:
        raise UnsupportedModelError(f"{name}: both operands are constants")
    if len(out_t.shape) > MAX_RANK:
        raise UnsupportedModelError(f"{name}: rank {len(out_t.shape)} > {MAX_RANK}")
    left_shift = 20
    twice_max = 2 * max(a.scale, b.scale)
    m1, s1 = quantize_multiplier(a.scale / twice_max)
    m2, s2 = quantize_multiplier(b.scale / twice_max)
    mo, so = quantize_multiplier(twice_max / ((1 << left_shift) * out_t.scale))
    act_min, act_max = _activation_range(
        options.fusedActivationFunction, out_t.scale, out_t.zero_point, name
    )
    out_dims = [1] * (MAX_RANK - len(out_t.shape)) + list(out_t.shape)
    constant = _weights(emit, b, name) if b.data is not None else "0"
    params = (
        f"{{.out_dims = {_c_list(out_dims)}, "
        f".in1_strides = {_c_list(_broadcast_strides(a.shape, out_t.shape, name))}, "
        f".in2_strides = {_c_list(_broadcast_strides(b.shape, out_t.shape, name))}, "
        f".input1_offset = {-a.zero_point}, .input2_offset = {-b.zero_point}, "
        f".output_offset = {out_t.zero_point}, .left_shift = {left_shift}, "
        f".input1_multiplier = {m1}, .input1_shift = {s1}, "
        f".input2_multiplier = {m2}, .input2_shift = {s2}, "
        f".output_multiplier = {mo}, .output_shift = {so}, "
        f".act_min = {act_min}, .act_max = {act_max}, .input2_const = {constant}}}"
    )
    return params, "zoo_add_params_t"


def _plan_copy(name, options, emit, tensors, inputs, output) -> tuple[str, str]:
    input_t, out_t = tensors[inputs[0]], tensors[output]
    _require_same_quantization(input_t, out_t, name)
    return str(out_t.elements), "int32_t"


_PLANNERS = {
    "CONV_2D": _plan_conv,
    "DEPTHWISE_CONV_2D": _plan_conv,
    "FULLY_CONNECTED": _plan_fully_connected,
    "AVERAGE_POOL_2D": _plan_pool,
    "MAX_POOL_2D": _plan_pool,
    "MEAN": _plan_mean,
    "SOFTMAX": _plan_softmax,
    "RESHAPE": _plan_copy,
    "SQUEEZE": _plan_copy,
    "EXPAND_DIMS": _plan_copy,
    "ADD": _plan_add,
    "LOGISTIC": _plan_logistic,
}


def _align(value: int) -> int:
    return (value + ARENA_ALIGNMENT - 1) // ARENA_ALIGNMENT * ARENA_ALIGNMENT


def plan_arena(buffers: list[tuple[int, int, int]]) -> tuple[list[int], int]:
    """Greedy first-fit over (bytes, first_use, last_use): largest first, lowest free offset.

    Returns each buffer's offset (input order) and the arena size, both 16-byte aligned.
    """
    offsets = [0] * len(buffers)
    placed: list[tuple[int, int, int, int]] = []  # offset, size, first, last
    for i in sorted(range(len(buffers)), key=lambda i: -buffers[i][0]):
        size, first, last = buffers[i]
        live = sorted((o, s) for o, s, f, lst in placed if not (lst < first or last < f))
        offset = 0
        for o, s in live:
            if offset + size <= o:
                break
            offset = max(offset, _align(o + s))
        offsets[i] = offset
        placed.append((offset, _align(size), first, last))
    arena = max((o + s for o, s, _, _ in placed), default=0)
    return offsets, _align(arena)


def build_plan(model_bytes: bytes, model_name: str) -> Plan:
    """Plan for ``model_bytes`` (one subgraph, int8 input/output); raises UnsupportedModelError."""
    model = parse(model_bytes)
    ident = c_identifier(model_name)
    if len(model.subgraphs) != 1:
        raise UnsupportedModelError(f"{model_name}: {len(model.subgraphs)} subgraphs (need 1)")
    graph = model.subgraphs[0]
    tensors = _read_tensors(model, model_bytes)
    names = [_op_name(model, op) for op in graph.operators or []]
    unsupported = sorted({n for n in names if n not in SUPPORTED_OPS})
    if unsupported:
        raise UnsupportedModelError(
            f"{model_name}: the reference kernels do not implement op(s) {unsupported} "
            f"(supported: {sorted(SUPPORTED_OPS)})"
        )
    if len(graph.inputs) != 1 or len(graph.outputs) != 1:
        raise UnsupportedModelError(f"{model_name}: needs one input and one output tensor")
    input_t, output_t = tensors[graph.inputs[0]], tensors[graph.outputs[0]]
    for role, tensor in (("input", input_t), ("output", output_t)):
        if tensor.dtype != schema.TensorType.INT8:
            raise UnsupportedModelError(f"{model_name}: {role} {tensor.name!r} is not int8")

    ops, lifetimes, copied = [], {input_t.index: [0, 0]}, 0
    for index, (name, op) in enumerate(zip(names, graph.operators, strict=True)):
        inputs, output = [int(i) for i in op.inputs], int(op.outputs[0])
        emit = _Emitter(ident, index)
        params, ctype = _PLANNERS[name](name, op.builtinOptions, emit, tensors, inputs, output)
        activations = [i for i in inputs if i >= 0 and tensors[i].data is None][:2]
        for i in [*activations, output]:
            if tensors[i].dtype != schema.TensorType.INT8:
                raise UnsupportedModelError(f"{name}: tensor {tensors[i].name!r} is not int8")
            lifetimes.setdefault(i, [index, index])[1] = index
        scratch = 4 * tensors[output].elements if name == "MEAN" else 0
        ops.append(
            PlannedOp(
                name, SUPPORTED_OPS[name], params, ctype, activations, output, scratch, emit.arrays
            )
        )
        copied += emit.copied_bytes
    lifetimes.setdefault(output_t.index, [0, 0])[1] = len(ops)

    keys = list(lifetimes)
    buffers = [(tensors[k].elements, *lifetimes[k]) for k in keys]
    scratch_ops = [i for i, op in enumerate(ops) if op.scratch_bytes]
    buffers += [(ops[i].scratch_bytes, i, i) for i in scratch_ops]
    offsets, arena = plan_arena(buffers)
    return Plan(
        ident=ident,
        model_len=len(model_bytes),
        model_sha256=hashlib.sha256(model_bytes).hexdigest(),
        ops=ops,
        input_tensor=input_t,
        output_tensor=output_t,
        tensor_offsets=dict(zip(keys, offsets[: len(keys)], strict=True)),
        scratch_offsets=dict(zip(scratch_ops, offsets[len(keys) :], strict=True)),
        arena_bytes=arena,
        copied_constant_bytes=copied,
    )


# ---- C rendering ------------------------------------------------------------------------------


def render_plan_header(plan: Plan) -> str:
    p, guard = plan.ident.upper(), f"{plan.ident.upper()}_PLAN_H_"
    return (
        "/* Generated by modelzoo.firmware.plan (test-only harness plan). DO NOT EDIT. */\n"
        f"#ifndef {guard}\n#define {guard}\n\n"
        '#include "zoo_plan.h"\n\n'
        f"#define {p}_PLAN_ARENA_BYTES {plan.arena_bytes}\n"
        f"#define {p}_PLAN_OP_COUNT {len(plan.ops)}\n"
        f"extern const zoo_plan_t g_{plan.ident}_plan;\n\n"
        f"#endif /* {guard} */\n"
    )


def render_plan_source(plan: Plan) -> str:
    p = plan.ident.upper()
    lines = [
        "/*",
        " * Generated by modelzoo.firmware.plan (test-only harness plan). DO NOT EDIT.",
        f" * model sha256: {plan.model_sha256}",
        " */",
        f'#include "{plan.ident}_plan.h"',
        f'#include "{plan.ident}_model.h"',
        "",
        f"#if {p}_MODEL_BYTES != {plan.model_len}",
        f'#error "{plan.ident}_plan.c was generated for a different {plan.ident}_model.c"',
        "#endif",
        "",
    ]
    for i, op in enumerate(plan.ops):
        lines.append(f"/* op {i}: {op.builtin} */")
        lines += op.arrays
        lines.append(f"static const {op.params_type} s_op{i}_params = {op.params_c};")
    lines += ["", "static const zoo_op_t s_ops[] = {"]
    for i, op in enumerate(plan.ops):
        ins = [plan.tensor_offsets[t] for t in op.inputs] + [-1] * (2 - len(op.inputs))
        scratch = plan.scratch_offsets.get(i, -1)
        lines.append(
            f"  {{{op.adapter}, &s_op{i}_params, {{{ins[0]}, {ins[1]}}}, "
            f"{plan.tensor_offsets[op.output]}, {scratch}}}, /* {op.builtin} */"
        )
    lines += [
        "};",
        "",
        f"const zoo_plan_t g_{plan.ident}_plan = {{",
        f"  s_ops, {len(plan.ops)}, {plan.arena_bytes},",
        f"  {plan.tensor_offsets[plan.input_tensor.index]}, {plan.input_tensor.elements},",
        f"  {plan.tensor_offsets[plan.output_tensor.index]}, {plan.output_tensor.elements},",
        "};",
        "",
    ]
    return "\n".join(lines)


def write_plan(model_bytes: bytes, model_name: str, out_dir: Path) -> tuple[Plan, list[Path]]:
    """Write ``<ident>_plan.h`` and ``<ident>_plan.c`` into ``out_dir``."""
    plan = build_plan(model_bytes, model_name)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for suffix, text in (("h", render_plan_header(plan)), ("c", render_plan_source(plan))):
        path = out_dir / f"{plan.ident}_plan.{suffix}"
        path.write_text(text, encoding="ascii")
        paths.append(path)
    return plan, paths
