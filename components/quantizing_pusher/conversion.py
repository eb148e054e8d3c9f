"""SavedModel -> full-integer int8 TFLite (plus a float TFLite kept for comparison).

Inputs and outputs are int8 too: the MCU feeds quantized features and reads quantized
scores, so no float QUANTIZE/DEQUANTIZE kernels need to be linked into the firmware.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import tensorflow as tf
from absl import logging
from tensorflow.lite.tools import flatbuffer_utils

from components.quantizing_pusher import core_model


@dataclass(frozen=True)
class ConvertedModels:
    int8: bytes
    float32: bytes
    signature_key: str  # the core-model signature that was converted


def pick_signature(signature_keys: list[str]) -> str:
    """Prefer the batch-1 signature written by ``export_core_model``."""
    if core_model.MICRO_SIGNATURE_KEY in signature_keys:
        return core_model.MICRO_SIGNATURE_KEY
    if core_model.SERVING_SIGNATURE_KEY in signature_keys:
        logging.warning(
            "Core model has no %r signature; converting %r, whose open batch dimension can "
            "leave SHAPE/STRIDED_SLICE/PACK ops in the graph. Export with export_core_model.",
            core_model.MICRO_SIGNATURE_KEY,
            core_model.SERVING_SIGNATURE_KEY,
        )
        return core_model.SERVING_SIGNATURE_KEY
    raise ValueError(f"core model has neither serving signature: {signature_keys}")


@contextlib.contextmanager
def _quiet_native_logs() -> Iterator[None]:
    """Silence the converter's C++ logging ("Ignored output_format", "fully_quantize: 0, ...").

    It writes straight to file descriptor 2, past Python's logging and TF_CPP_MIN_LOG_LEVEL.
    Only when logs are quiet (TF_CPP_MIN_LOG_LEVEL >= 2, the zoo's default); failures still
    raise ``ConverterError`` carrying the converter's message.
    """
    if int(os.environ.get("TF_CPP_MIN_LOG_LEVEL", "0") or 0) < 2:
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _converter(core_dir: str, signature_key: str) -> tf.lite.TFLiteConverter:
    return tf.lite.TFLiteConverter.from_saved_model(core_dir, signature_keys=[signature_key])


def int8_converter(
    core_dir: str, signature_key: str, representative: np.ndarray
) -> tf.lite.TFLiteConverter:
    """The full-integer converter (int8 ops, input and output), calibrated on
    ``representative`` (float32 ``[n, *feature_shape]``)."""
    if representative.ndim < 2 or len(representative) == 0:
        raise ValueError("representative data must be a non-empty [n, ...] array")

    def representative_dataset() -> Iterator[list[np.ndarray]]:
        for example in representative:
            yield [example[np.newaxis].astype(np.float32)]

    converter = _converter(core_dir, signature_key)
    converter.optimizations = [tf.lite.Optimize.DEFAULT]
    converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    converter.inference_input_type = tf.int8
    converter.inference_output_type = tf.int8
    converter.representative_dataset = representative_dataset
    return converter


def convert(core_dir: str, signature_key: str, representative: np.ndarray) -> ConvertedModels:
    """Convert the core SavedModel; ``representative`` is float32 ``[n, *feature_shape]``."""
    converter = int8_converter(core_dir, signature_key, representative)
    with _quiet_native_logs():
        int8_model = strip_names(converter.convert())
        float_model = _converter(core_dir, signature_key).convert()
    logging.info(
        "int8 TFLite: %d bytes, calibrated on %d examples", len(int8_model), len(representative)
    )
    logging.info("float TFLite: %d bytes", len(float_model))
    return ConvertedModels(int8=int8_model, float32=float_model, signature_key=signature_key)


def strip_names(tflite_model: bytes) -> bytes:
    """Drop tensor names, the subgraph name, the description and the signature table.

    The MCU never reads them, and the converter's names (``model/layer/Conv2D;model/layer/
    LastValueQuant/FakeQuantWithMinMaxVars...``) are ~10 % of a 24 KB model's flash. Inputs and
    outputs keep their order, which is all TFLM and the zoo's interpreters use.
    """
    model = flatbuffer_utils.convert_bytearray_to_object(bytearray(tflite_model))
    flatbuffer_utils.strip_strings(model)
    return bytes(flatbuffer_utils.convert_object_to_bytearray(model))


def quantize(values: np.ndarray, scale: float, zero_point: int) -> np.ndarray:
    """Float -> int8 the way TFLite's QUANTIZE does it (round half away from zero)."""
    scaled = np.asarray(values, dtype=np.float64) / scale
    rounded = np.sign(scaled) * np.floor(np.abs(scaled) + 0.5)
    return np.clip(rounded + zero_point, -128, 127).astype(np.int8)


def dequantize(values: np.ndarray, scale: float, zero_point: int) -> np.ndarray:
    return (np.asarray(values, dtype=np.float32) - np.float32(zero_point)) * np.float32(scale)
