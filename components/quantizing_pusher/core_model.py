"""Contract between a model's Trainer and the QuantizingPusher.

The Trainer's serving model embeds the TFT graph and parses tf.Examples, which a
microcontroller cannot run. So next to ``Format-Serving`` the Trainer also saves the bare
network that consumes *transformed* features (the "core" model); the pusher quantizes that
one. Both sides import the names below, so the directory name cannot drift.

This module imports TensorFlow lazily so that reading the constants stays cheap.
"""

from __future__ import annotations

import os
from typing import Any

CORE_MODEL_DIRNAME = "Format-Core"

# Signature with the batch dimension left open, for batched float evaluation.
SERVING_SIGNATURE_KEY = "serving_default"
# Same network traced with batch size 1: the converter can then fold the batch-dependent
# shape arithmetic (SHAPE/STRIDED_SLICE/PACK before every RESHAPE) that a None batch leaves
# in the graph, and the MCU runs one example at a time anyway.
MICRO_SIGNATURE_KEY = "serving_micro"
# Name of the single input in both signatures.
INPUT_NAME = "input"


def core_model_dir(serving_model_dir: str) -> str:
    """Where the core model lives, given the Trainer's ``fn_args.serving_model_dir``."""
    return os.path.join(os.path.dirname(serving_model_dir.rstrip("/")), CORE_MODEL_DIRNAME)


def core_model_path(model_artifact_uri: str) -> str:
    """Where the core model lives, given the Model artifact's URI (the pusher's view)."""
    return os.path.join(model_artifact_uri.rstrip("/"), CORE_MODEL_DIRNAME)


def _strip_pruning(keras_model: Any) -> Any:
    """``tfmot.sparsity.keras.strip_pruning`` when the model has pruning wrappers."""
    if not any(type(layer).__name__ == "PruneLowMagnitude" for layer in keras_model.layers):
        return keras_model
    import tensorflow_model_optimization as tfmot

    with tfmot.quantization.keras.quantize_scope():
        return tfmot.sparsity.keras.strip_pruning(keras_model)


def export_core_model(keras_model: Any, serving_model_dir: str) -> str:
    """Save ``keras_model`` as a TF SavedModel beside ``Format-Serving`` and return its path.

    The model must have exactly one float32 input of shape ``[None, ...]`` and one output.
    QAT wrappers are kept (the converter uses their learned ranges); pruning wrappers are
    stripped here, since their masks and step counters would otherwise be converted into
    MUL/resource-variable ops that the MCU would run for nothing. Two signatures are
    written: ``serving_default`` (any batch) and ``serving_micro`` (batch 1, converted).
    """
    import tensorflow as tf

    keras_model = _strip_pruning(keras_model)
    inputs = list(keras_model.inputs)
    outputs = list(keras_model.outputs)
    if len(inputs) != 1 or len(outputs) != 1:
        raise ValueError(
            f"core model must have exactly one input and one output, got {len(inputs)} inputs "
            f"and {len(outputs)} outputs"
        )
    shape = inputs[0].shape
    if inputs[0].dtype != tf.float32:
        raise ValueError(f"core model input must be float32, got {inputs[0].dtype}")
    if shape.rank is None or shape.rank < 2 or not shape[1:].is_fully_defined():
        raise ValueError(f"core model input must be [None, ...] with known dims, got {shape}")
    feature_shape = shape[1:].as_list()

    def _call(x):
        return keras_model(x, training=False)

    batched = tf.function(
        _call, input_signature=[tf.TensorSpec([None, *feature_shape], tf.float32, INPUT_NAME)]
    )
    single = tf.function(
        _call, input_signature=[tf.TensorSpec([1, *feature_shape], tf.float32, INPUT_NAME)]
    )
    path = core_model_dir(serving_model_dir)
    keras_model.save(
        path,
        save_format="tf",
        include_optimizer=False,
        signatures={
            SERVING_SIGNATURE_KEY: batched.get_concrete_function(),
            MICRO_SIGNATURE_KEY: single.get_concrete_function(),
        },
    )
    return path
