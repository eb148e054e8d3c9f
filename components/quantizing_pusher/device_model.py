"""The flatbuffer the MCU flashes: the int8 .tflite less what tflite-micro never reads.

Per-channel quantization stores a float scale and an int64 zero point per output channel, for
the weights and again for the int32 biases. For int8 CONV_2D and DEPTHWISE_CONV_2D, tflite-micro
(and TFLite's builtin kernels) derive each channel's requantization from the input, filter and
output scales only (``PopulateConvolutionQuantizationParams``); the bias's own parameters are
never read. Dropping them, and the converter's metadata entries (``min_runtime_version``,
``CONVERSION_METADATA``), takes ~19 % off a 20 KB depthwise-separable model. The weights' own
zero points are all 0, one int64 per channel: tflite-micro's allocator accepts a single value
for such an array and expands it to every channel when it loads the model (a documented
space-saving form, ``micro_allocator.cc``), which takes another ~14 %.

The host ``.tflite`` keeps them: tf.lite's default XNNPACK delegate does read the bias scales
and computes different outputs without them. The Pusher checks that tflite-micro running this
flatbuffer agrees with tf.lite running the shipped ``.tflite``.
"""

from __future__ import annotations

DROPPED = (
    "metadata entries, the quantization parameters of int8 CONV_2D / DEPTHWISE_CONV_2D "
    "biases (tflite-micro never reads them), and all but one of each all-zero per-channel "
    "zero-point array (tflite-micro expands a single one to every channel)"
)
_BIAS_INPUT = 2


def for_device(tflite_model: bytes) -> bytes:
    """``tflite_model`` without metadata, without conv / depthwise-conv bias quantization, and
    with one zero point where a per-channel zero-point array is all zeros."""
    from tensorflow.lite.python import schema_py_generated as schema
    from tensorflow.lite.tools import flatbuffer_utils

    model = flatbuffer_utils.convert_bytearray_to_object(bytearray(tflite_model))
    conv_ops = {schema.BuiltinOperator.CONV_2D, schema.BuiltinOperator.DEPTHWISE_CONV_2D}
    model.metadata = None
    for subgraph in model.subgraphs:
        for op in subgraph.operators:
            code = model.operatorCodes[op.opcodeIndex]
            builtin = max(code.builtinCode, code.deprecatedBuiltinCode)
            inputs = list(op.inputs) if op.inputs is not None else []
            if builtin in conv_ops and len(inputs) > _BIAS_INPUT and inputs[_BIAS_INPUT] >= 0:
                subgraph.tensors[inputs[_BIAS_INPUT]].quantization = None
        for tensor in subgraph.tensors:
            zero_points = tensor.quantization.zeroPoint if tensor.quantization else None
            if zero_points is not None and len(zero_points) > 1 and not any(zero_points):
                tensor.quantization.zeroPoint = [0]
    return bytes(flatbuffer_utils.convert_object_to_bytearray(model))
