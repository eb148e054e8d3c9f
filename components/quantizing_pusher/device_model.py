"""The flatbuffer the MCU flashes: the int8 .tflite less what tflite-micro never reads.

Per-channel quantization stores a float scale and an int64 zero point per output channel, for
the weights and again for the int32 biases. For int8 CONV_2D and DEPTHWISE_CONV_2D, tflite-micro
(and TFLite's builtin kernels) derive each channel's requantization from the input, filter and
output scales only (``PopulateConvolutionQuantizationParams``); the bias's own parameters are
never read. Dropping them, and the converter's metadata entries (``min_runtime_version``,
``CONVERSION_METADATA``), takes ~19 % off a 20 KB depthwise-separable model.

The host ``.tflite`` keeps them: tf.lite's default XNNPACK delegate does read the bias scales
and computes different outputs without them. The Pusher checks that tflite-micro running this
flatbuffer agrees with tf.lite running the shipped ``.tflite``.
"""

from __future__ import annotations

DROPPED = (
    "metadata entries, and the quantization parameters of int8 CONV_2D / DEPTHWISE_CONV_2D "
    "biases (tflite-micro never reads them)"
)
_BIAS_INPUT = 2


def for_device(tflite_model: bytes) -> bytes:
    """``tflite_model`` without metadata and without conv / depthwise-conv bias quantization."""
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
    return bytes(flatbuffer_utils.convert_object_to_bytearray(model))
