"""Runs the float core model and the int8 TFLite model over evaluation features.

The int8 model runs with TFLite's *reference* kernels: the default XNNPACK/optimized
kernels round differently from tflite-micro (and from CMSIS-NN on the MCU, which is
bit-exact with the TFLM reference kernels), so only the reference kernels give int8
metrics that describe what the device computes.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from components.quantizing_pusher import conversion, core_model

_FLOAT_BATCH = 256


def tflite_outputs(model: bytes, inputs: np.ndarray) -> np.ndarray:
    """Raw outputs for each row of ``inputs`` (already in the model's input dtype/shape)."""
    interpreter = tf.lite.Interpreter(
        model_content=model,
        experimental_op_resolver_type=tf.lite.experimental.OpResolverType.BUILTIN_REF,
    )
    interpreter.allocate_tensors()
    input_index = interpreter.get_input_details()[0]["index"]
    output_index = interpreter.get_output_details()[0]["index"]
    outputs = []
    for example in inputs:
        interpreter.set_tensor(input_index, example)
        interpreter.invoke()
        outputs.append(np.array(interpreter.get_tensor(output_index), copy=True))
        interpreter.reset_all_variables()
    return np.stack(outputs)


def int8_outputs(
    model: bytes,
    features: np.ndarray,
    input_shape: tuple[int, ...],
    input_quant: tuple[float, int],
    output_quant: tuple[float, int],
) -> np.ndarray:
    """Quantize float features, run the int8 model, dequantize: ``[n, *output_shape]``."""
    quantized = conversion.quantize(features, *input_quant).reshape(len(features), *input_shape)
    return conversion.dequantize(tflite_outputs(model, quantized), *output_quant)


def load_float_model(core_dir: str):
    """The core model's batched serving function and its (input name, feature shape)."""
    loaded = tf.saved_model.load(core_dir)
    signature = loaded.signatures[core_model.SERVING_SIGNATURE_KEY]
    _, input_specs = signature.structured_input_signature
    if len(input_specs) != 1 or len(signature.structured_outputs) != 1:
        raise ValueError(
            f"core model signature must have one input and one output, got "
            f"{list(input_specs)} -> {list(signature.structured_outputs)}"
        )
    ((name, spec),) = input_specs.items()
    if spec.dtype != tf.float32 or not spec.shape[1:].is_fully_defined():
        raise ValueError(f"core model input must be float32 [None, ...], got {spec}")
    return loaded, signature, name, tuple(spec.shape[1:].as_list())


def float_outputs(signature, input_name: str, features: np.ndarray) -> np.ndarray:
    """Run the float core model in batches; returns ``[n, *output_shape]`` float32."""
    (output_name,) = signature.structured_outputs
    chunks = [
        signature(**{input_name: tf.constant(features[start : start + _FLOAT_BATCH])})[
            output_name
        ].numpy()
        for start in range(0, len(features), _FLOAT_BATCH)
    ]
    return np.concatenate(chunks).astype(np.float32)
