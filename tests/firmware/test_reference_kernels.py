"""Each reference kernel, bit for bit against the tflite-micro interpreter, under QEMU.

Every case is a small synthetic int8 model (one or two ops) with random weights, per-channel
scales, padding/stride/activation variants, run on random int8 inputs: the harness plan's outputs
must equal tflite-micro's exactly, including the golden self-check inside the firmware.
"""

import math
import zlib

import numpy as np
import pytest
from tflite_micro.tensorflow.lite.micro.python import schema_py_generated as schema

from firmware_tools.model_image import build_model_image, run_golden
from tests.firmware.synthetic_models import INT32, ModelBuilder, options, write_package

ACT = schema.ActivationFunctionType
SAME, VALID = schema.Padding.SAME, schema.Padding.VALID
IN_SCALE, IN_ZP = 0.05, -3


def _out_scale(terms: int, in_scale: float, w_scale: float) -> float:
    """An output scale that keeps accumulators of ``terms`` products mostly inside int8."""
    return in_scale * w_scale * 5300 * math.sqrt(terms) / 40


def window_options(cls_name, padding, stride, act=ACT.NONE, dilation=None, **fields):
    """Options of a 2-D window op: padding, strides and fused activation (+ dilation, ...)."""
    if dilation is not None:
        fields.update(dilationHFactor=dilation[0], dilationWFactor=dilation[1])
    return options(
        cls_name,
        padding=padding,
        strideH=stride[0],
        strideW=stride[1],
        fusedActivationFunction=act,
        **fields,
    )


def conv_model(
    b, in_shape, filter_hw, out_c, stride, padding, dilation=(1, 1), act=ACT.NONE, per_channel=True
):
    x = b.activation(in_shape, IN_SCALE, IN_ZP)
    in_c = in_shape[3]
    w_scales = (b.rng.uniform(0.5, 2, out_c) * 0.01) if per_channel else 0.01
    w = b.weights([out_c, *filter_hw, in_c], w_scales)
    bias = b.bias(out_c, np.atleast_1d(w_scales) * IN_SCALE)
    out_hw = _out_size(in_shape[1:3], filter_hw, stride, padding, dilation)
    y = b.activation(
        [1, *out_hw, out_c], _out_scale(filter_hw[0] * filter_hw[1] * in_c, IN_SCALE, 0.01), 5
    )
    opts = window_options("Conv2DOptionsT", padding, stride, act, dilation)
    b.op("CONV_2D", [x, w, bias], [y], opts)
    return x, y


def _out_size(in_hw, filter_hw, stride, padding, dilation=(1, 1)):
    out = []
    for size, f, s, d in zip(in_hw, filter_hw, stride, dilation, strict=True):
        effective = (f - 1) * d + 1
        out.append(-(-size // s) if padding == SAME else (size - effective + s) // s)
    return out


def depthwise_model(
    b, in_shape, filter_hw, multiplier, stride, padding, act=ACT.NONE, dilation=(1, 1)
):
    x = b.activation(in_shape, IN_SCALE, IN_ZP)
    out_c = in_shape[3] * multiplier
    w_scales = b.rng.uniform(0.5, 2, out_c) * 0.01
    w = b.weights([1, *filter_hw, out_c], w_scales, axis=3)
    bias = b.bias(out_c, w_scales * IN_SCALE)
    out_hw = _out_size(in_shape[1:3], filter_hw, stride, padding, dilation)
    y = b.activation(
        [1, *out_hw, out_c], _out_scale(filter_hw[0] * filter_hw[1], IN_SCALE, 0.01), -7
    )
    opts = window_options(
        "DepthwiseConv2DOptionsT", padding, stride, act, dilation, depthMultiplier=multiplier
    )
    b.op("DEPTHWISE_CONV_2D", [x, w, bias], [y], opts)
    return x, y


def fully_connected_model(b, in_shape, units, act=ACT.NONE, per_channel=False, keep_dims=False):
    x = b.activation(in_shape, IN_SCALE, IN_ZP)
    depth = in_shape[-1]
    w_scales = b.rng.uniform(0.5, 2, units) * 0.01 if per_channel else 0.01
    w = b.weights([units, depth], w_scales)
    bias = b.bias(units, np.atleast_1d(w_scales) * IN_SCALE)
    y = b.activation([*in_shape[:-1], units], _out_scale(depth, IN_SCALE, 0.01), 2)
    b.op(
        "FULLY_CONNECTED",
        [x, w, bias],
        [y],
        options("FullyConnectedOptionsT", fusedActivationFunction=act, keepNumDims=keep_dims),
    )
    return x, y


def pool_model(b, op, in_shape, filter_hw, stride, padding, act=ACT.NONE):
    x = b.activation(in_shape, IN_SCALE, IN_ZP)
    y = b.activation(
        [1, *_out_size(in_shape[1:3], filter_hw, stride, padding), in_shape[3]], IN_SCALE, IN_ZP
    )
    opts = window_options(
        "Pool2DOptionsT", padding, stride, act, filterHeight=filter_hw[0], filterWidth=filter_hw[1]
    )
    b.op(op, [x], [y], opts)
    return x, y


def mean_model(b, in_shape, axes, keep_dims, out_scale=IN_SCALE, out_zp=IN_ZP):
    x = b.activation(in_shape, IN_SCALE, IN_ZP)
    axis = b.tensor([len(axes)], dtype=INT32, data=np.array(axes, dtype=np.int32))
    out_shape = [1 if d in axes else s for d, s in enumerate(in_shape)]
    if not keep_dims:
        out_shape = [s for d, s in enumerate(in_shape) if d not in axes]
    y = b.activation(out_shape, out_scale, out_zp)
    b.op("MEAN", [x, axis], [y], options("ReducerOptionsT", keepDims=keep_dims))
    return x, y


def softmax_model(b, in_shape, in_scale, beta=1.0):
    x = b.activation(in_shape, in_scale, 4)
    y = b.activation(in_shape, 1 / 256, -128)
    b.op("SOFTMAX", [x], [y], options("SoftmaxOptionsT", beta=beta))
    return x, y


def add_model(b, shape_a, shape_b, constant_b=False, act=ACT.NONE):
    x = b.activation(shape_a, IN_SCALE, IN_ZP)
    if constant_b:
        data = b.rng.integers(-128, 128, shape_b, dtype=np.int8)
        other = b.tensor(shape_b, 0.08, 9, data=data)
    else:  # a second operand computed from x (a 1x1 conv), so the model keeps one input
        w = b.weights([shape_a[3], 1, 1, shape_a[3]], 0.01)
        bias = b.bias(shape_a[3], 0.01 * IN_SCALE)
        other = b.activation(shape_a, _out_scale(shape_a[3], IN_SCALE, 0.01), 9)
        opts = window_options("Conv2DOptionsT", SAME, (1, 1), dilation=(1, 1))
        b.op("CONV_2D", [x, w, bias], [other], opts)
    out_shape = np.broadcast_shapes(tuple(shape_a), tuple(shape_b))
    y = b.activation(list(out_shape), 0.09, -20)
    b.op("ADD", [x, other], [y], options("AddOptionsT", fusedActivationFunction=act))
    return x, y


def logistic_model(b, in_shape):
    x = b.activation(in_shape, 0.06, 10)
    y = b.activation(in_shape, 1 / 256, -128)
    b.op("LOGISTIC", [x], [y])
    return x, y


def reshape_softmax_model(b):
    x = b.activation([1, 4, 4, 2], 0.1, 0)
    shape = b.tensor([2], dtype=INT32, data=np.array([1, 32], dtype=np.int32))
    flat = b.activation([1, 32], 0.1, 0)
    b.op("RESHAPE", [x, shape], [flat], options("ReshapeOptionsT", newShape=[1, 32]))
    y = b.activation([1, 32], 1 / 256, -128)
    b.op("SOFTMAX", [flat], [y], options("SoftmaxOptionsT", beta=1.0))
    return x, y


CASES = {
    "conv_same_stride2_relu": lambda b: conv_model(
        b, [1, 9, 11, 3], (3, 3), 5, (2, 2), SAME, act=ACT.RELU
    ),
    "conv_valid_dilated_relu6": lambda b: conv_model(
        b, [1, 12, 10, 4], (3, 2), 6, (1, 1), VALID, (2, 1), ACT.RELU6
    ),
    "conv_per_tensor_1d": lambda b: conv_model(
        b, [1, 1, 40, 2], (1, 7), 8, (1, 2), SAME, per_channel=False
    ),
    "depthwise_dilated_relu6": lambda b: depthwise_model(
        b, [1, 9, 8, 4], (3, 3), 1, (1, 1), VALID, ACT.RELU6, (2, 2)
    ),
    "fully_connected_3d_keep_dims": lambda b: fully_connected_model(
        b, [2, 3, 16], 5, keep_dims=True
    ),
    "depthwise_multiplier2": lambda b: depthwise_model(b, [1, 7, 7, 3], (3, 3), 2, (1, 1), SAME),
    "depthwise_1d_stride2_relu": lambda b: depthwise_model(
        b, [1, 1, 50, 8], (1, 9), 1, (1, 2), SAME, ACT.RELU
    ),
    "fully_connected_relu": lambda b: fully_connected_model(b, [1, 40], 10, ACT.RELU),
    "fully_connected_batches": lambda b: fully_connected_model(b, [4, 16], 5),
    "fully_connected_per_channel": lambda b: fully_connected_model(b, [1, 24], 6, per_channel=True),
    "average_pool_same_edges": lambda b: pool_model(
        b, "AVERAGE_POOL_2D", [1, 9, 9, 4], (3, 3), (2, 2), SAME
    ),
    "max_pool_valid_relu": lambda b: pool_model(
        b, "MAX_POOL_2D", [1, 8, 6, 3], (2, 2), (2, 2), VALID, ACT.RELU
    ),
    "mean_4d_axes12_keepdims": lambda b: mean_model(b, [1, 5, 7, 6], [1, 2], True),
    "mean_3d_axis1_rescaled": lambda b: mean_model(b, [1, 37, 12], [1], False, 0.02, 11),
    "mean_4d_axes12_squeezed": lambda b: mean_model(b, [1, 1, 16, 64], [1, 2], False, 0.03, -94),
    "softmax_rows": lambda b: softmax_model(b, [3, 10], 0.1),
    "softmax_fine_scale": lambda b: softmax_model(b, [2, 7], 0.02),
    "add_same_shape_relu": lambda b: add_model(b, [1, 4, 4, 3], [1, 4, 4, 3], act=ACT.RELU),
    "add_broadcast_constant": lambda b: add_model(b, [1, 4, 4, 3], [1, 1, 1, 3], constant_b=True),
    "logistic": lambda b: logistic_model(b, [1, 64]),
    "reshape_softmax": reshape_softmax_model,
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_kernel_matches_tflite_micro(toolchain, tmp_path, case):
    builder = ModelBuilder(rng=np.random.default_rng(zlib.crc32(case.encode())))
    x, y = CASES[case](builder)
    model = builder.build([x], [y])
    inputs = np.random.default_rng(7).integers(
        -128, 128, (6, *builder.tensors[x].shape), dtype=np.int8
    )
    package, expected = write_package(tmp_path / "pkg", case, model, inputs)
    run = run_golden(build_model_image(package, tmp_path / "build"))
    np.testing.assert_array_equal(run.outputs.reshape(expected.shape), expected)
    assert run.mismatches == 0
    assert len(np.unique(expected)) > 2, "the case should exercise more than saturated outputs"
