"""Scores for a keyword model on a clip set: top-1 overall, by SNR band and by class, and the
int8 export used outside the pipeline (experiments, benchmark, notebook).

The int8 path is the Pusher's: ``export_core_model`` then ``conversion.convert`` (full-integer,
int8 in and out), and inputs are quantised with TFLite's rounding.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SNR_BANDS = ((-5.0, 0.0), (0.0, 10.0), (10.0, 20.0), (20.0, 30.0001))


def snr_values(rows: list[dict]) -> np.ndarray:
    """Per clip SNR in dB (NaN for clean clips and silence)."""
    out = []
    for row in rows:
        value = row.get("snr_db", "")
        out.append(float(value) if value not in ("", None) else np.nan)
    return np.array(out)


def top1(predicted: np.ndarray, labels: np.ndarray) -> float | None:
    return round(float(np.mean(predicted == labels)), 4) if len(labels) else None


def report(predicted: np.ndarray, labels: np.ndarray, rows: list[dict], class_names) -> dict:
    """Top-1 overall, per SNR band (and clean), per-class recall, confusion matrix."""
    snr = snr_values(rows)
    bands = {}
    for low, high in SNR_BANDS:
        mask = (snr >= low) & (snr < high)
        bands[f"{low:g}..{min(high, 30):g} dB"] = {
            "top1": top1(predicted[mask], labels[mask]),
            "n": int(mask.sum()),
        }
    clean = np.isnan(snr)
    bands["clean or silence"] = {
        "top1": top1(predicted[clean], labels[clean]),
        "n": int(clean.sum()),
    }
    low_snr = (snr >= 0) & (snr < 10)
    recall = {
        name: round(float(np.mean(predicted[labels == k] == k)), 4)
        for k, name in enumerate(class_names)
        if np.any(labels == k)
    }
    n = len(class_names)
    confusion = np.zeros((n, n), int)
    np.add.at(confusion, (labels, predicted), 1)
    return {
        "n": int(len(labels)),
        "top1": top1(predicted, labels),
        "top1_0_10_db": top1(predicted[low_snr], labels[low_snr]),
        "by_snr": bands,
        "recall": recall,
        "confusion": confusion.tolist(),
    }


@dataclass
class Int8Model:
    int8: bytes
    float32: bytes

    def _interpreter(self):
        import tensorflow as tf

        interpreter = tf.lite.Interpreter(model_content=self.int8)
        interpreter.allocate_tensors()
        return interpreter

    @property
    def input_quantization(self) -> tuple[float, int]:
        scale, zero = self._interpreter().get_input_details()[0]["quantization"]
        return float(scale), int(zero)

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """float [n, frames, mels] -> dequantised [n, classes] from the int8 model."""
        from components.quantizing_pusher.conversion import dequantize, quantize

        interpreter = self._interpreter()
        inp = interpreter.get_input_details()[0]
        out = interpreter.get_output_details()[0]
        results = []
        for x in features:
            interpreter.set_tensor(
                inp["index"], quantize(x, *inp["quantization"]).reshape(inp["shape"])
            )
            interpreter.invoke()
            raw = interpreter.get_tensor(out["index"]).reshape(-1)
            results.append(dequantize(raw, *out["quantization"]))
        return np.array(results)


def export_int8(qat_model, representative: np.ndarray) -> Int8Model:
    """The Pusher's conversion of a (QAT) Keras model, calibrated on ``representative``."""
    from components.quantizing_pusher import conversion
    from components.quantizing_pusher.core_model import MICRO_SIGNATURE_KEY, export_core_model

    with tempfile.TemporaryDirectory(prefix="kws-export-") as scratch:
        core_dir = export_core_model(qat_model, str(Path(scratch) / "Format-Serving"))
        models = conversion.convert(
            core_dir, MICRO_SIGNATURE_KEY, representative.astype(np.float32)
        )
    return Int8Model(models.int8, models.float32)


def model_footprint(model: Int8Model) -> dict:
    """int8 bytes (the .tflite, and the device flatbuffer the MCU flashes), TFLM arena
    (bisection on the host interpreter), MACs, parameters."""
    from components.quantizing_pusher import device_model, model_analysis, tflm

    analysis = model_analysis.analyze(model.int8)
    return {
        "int8_bytes": len(model.int8),
        "device_bytes": len(device_model.for_device(model.int8)),
        "float_bytes": len(model.float32),
        "arena_bytes": tflm.measure_arena(model.int8),
        "macs": int(analysis.macs),
        "parameters": int(analysis.params),
    }
