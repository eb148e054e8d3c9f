"""One function per supported builtin op: its kernel params as a C initializer.

Each planner checks what the reference kernel assumes (int8 tensors, constant weights, output
quantization) and raises UnsupportedModelError naming the op otherwise; every multiplier and
shift is computed as that op's Prepare step in tflite-micro computes it.
"""

from __future__ import annotations

import math

import numpy as np
from tflite_micro.tensorflow.lite.micro.python import schema_py_generated as schema

from firmware_tools.tflite_model import (
    Tensor,
    UnsupportedModelError,
    activation_range,
    calculate_input_radius,
    quantize_multiplier,
    round_half_away,
)

MAX_RANK = 5

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


class Emitter:
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


def _window_fields(options, input_t: Tensor, out_t: Tensor, filter_hw, dilation_hw, op) -> str:
    """Stride and padding fields of a 2-D window op (conv, depthwise conv, pooling)."""
    for tensor in (input_t, out_t):
        _shape4(tensor.shape, op)
    strides = (options.strideH, options.strideW)
    pad_h, pad_w = (
        _padding(options.padding, stride, dilation, in_size, f, out_size, op)
        for stride, dilation, in_size, f, out_size in zip(
            strides, dilation_hw, input_t.shape[1:3], filter_hw, out_t.shape[1:3], strict=True
        )
    )
    return f".stride_h = {strides[0]}, .stride_w = {strides[1]}, .pad_h = {pad_h}, .pad_w = {pad_w}"


def _activation_fields(options, out_t: Tensor, op: str) -> str:
    """The fused activation as the output's int8 clamp range."""
    act_min, act_max = activation_range(
        options.fusedActivationFunction, out_t.scale, out_t.zero_point, op
    )
    return f".act_min = {act_min}, .act_max = {act_max}"


def _multiplier_arrays(emit: Emitter, pairs: list[tuple[int, int]]) -> tuple[str, str]:
    return (
        emit.array("multiplier", "int32_t", [m for m, _ in pairs]),
        emit.array("shift", "int32_t", [s for _, s in pairs]),
    )


def _per_channel_multipliers(
    emit: Emitter, input_t: Tensor, filter_t: Tensor, output_t: Tensor, channels: int
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
    return _multiplier_arrays(emit, pairs)


def _bias(emit: Emitter, tensors: list[Tensor], inputs: list[int], op: str) -> str:
    if len(inputs) < 3 or inputs[2] < 0:
        return "0"
    bias = tensors[inputs[2]]
    if bias.dtype != schema.TensorType.INT32 or bias.data is None:
        raise UnsupportedModelError(f"{op}: bias must be a constant int32 tensor")
    return emit.constant("bias", bias, "int32_t", 4)


def _weights(emit: Emitter, tensor: Tensor, op: str) -> str:
    if tensor.dtype != schema.TensorType.INT8 or tensor.data is None:
        raise UnsupportedModelError(f"{op}: weights must be a constant int8 tensor")
    return emit.constant("weights", tensor, "int8_t", 1)


def _plan_conv(name, options, emit, tensors, inputs, output) -> tuple[str, str]:
    input_t, filter_t, out_t = tensors[inputs[0]], tensors[inputs[1]], tensors[output]
    in_c, out_c = input_t.shape[-1], out_t.shape[-1]
    depthwise = name == "DEPTHWISE_CONV_2D"
    if depthwise and out_c % in_c:
        raise UnsupportedModelError(f"{name}: {out_c} output channels for {in_c} input channels")
    dilation = (options.dilationHFactor, options.dilationWFactor)
    window = _window_fields(options, input_t, out_t, filter_t.shape[1:3], dilation, name)
    multiplier, shift = _per_channel_multipliers(emit, input_t, filter_t, out_t, out_c)
    params = (
        f"{{.input = {_shape4(input_t.shape, name)}, .filter = {_shape4(filter_t.shape, name)}, "
        f".output = {_shape4(out_t.shape, name)}, {window}, "
        f".dilation_h = {dilation[0]}, .dilation_w = {dilation[1]}, "
        f".depth_multiplier = {out_c // in_c if depthwise else 1}, "
        f".input_offset = {-input_t.zero_point}, .output_offset = {out_t.zero_point}, "
        f"{_activation_fields(options, out_t, name)}, "
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
        multiplier, shift = _multiplier_arrays(emit, [quantize_multiplier(product / out_t.scale)])
        channels = 1
    params = (
        f"{{.batches = {batches}, .accum_depth = {accum_depth}, .output_depth = {output_depth}, "
        f".input_offset = {-input_t.zero_point}, .output_offset = {out_t.zero_point}, "
        f"{_activation_fields(options, out_t, name)}, "
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
    filter_hw = (options.filterHeight, options.filterWidth)
    window = _window_fields(options, input_t, out_t, filter_hw, (1, 1), name)
    params = (
        f"{{.input = {_shape4(input_t.shape, name)}, .output = {_shape4(out_t.shape, name)}, "
        f".filter_h = {filter_hw[0]}, .filter_w = {filter_hw[1]}, {window}, "
        f"{_activation_fields(options, out_t, name)}}}"
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
    diff_min = -calculate_input_radius(scaled_diff_integer_bits, left_shift)
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
    multiplier = round_half_away(fraction * (1 << 31))
    radius = calculate_input_radius(input_integer_bits, left_shift)
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
        f"{_activation_fields(options, out_t, name)}, .input2_const = {constant}}}"
    )
    return params, "zoo_add_params_t"


def _plan_copy(name, options, emit, tensors, inputs, output) -> tuple[str, str]:
    input_t, out_t = tensors[inputs[0]], tensors[output]
    _require_same_quantization(input_t, out_t, name)
    return str(out_t.elements), "int32_t"


PLANNERS = {
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
