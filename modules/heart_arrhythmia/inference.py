"""Run the pushed int8 model on whole WFDB records: per-window rhythm and AF burden.

The front end is ``features.preprocess_window`` (the numpy twin of the Transform graph), so
the numbers the int8 model sees here are the ones the pipeline trained and evaluated on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from components.quantizing_pusher.conversion import dequantize, quantize
from modules.heart_arrhythmia import config, features
from modules.heart_arrhythmia.datasets import RecordError, list_records, read_record
from modules.heart_arrhythmia.windows import iter_windows
from modules.spec import InputError


@dataclass(frozen=True)
class WindowPrediction:
    start_s: float
    rhythm: str
    probabilities: dict[str, float]


@dataclass(frozen=True)
class RecordPrediction:
    record: str
    source_fs: float
    duration_s: float
    windows: list[WindowPrediction] = field(default_factory=list)

    @property
    def burden(self) -> dict[str, float]:
        """Share of analysed time in each rhythm class."""
        total = max(1, len(self.windows))
        return {
            name: sum(w.rhythm == name for w in self.windows) / total for name in config.CLASS_NAMES
        }

    def to_json(self) -> dict:
        return {
            "record": self.record,
            "source_fs": self.source_fs,
            "duration_s": self.duration_s,
            "af_burden_percent": round(100 * self.burden["AFIB"], 2),
            "burden_percent": {k: round(100 * v, 2) for k, v in self.burden.items()},
            "windows": [
                {
                    "start_s": w.start_s,
                    "rhythm": w.rhythm,
                    "probabilities": {k: round(v, 4) for k, v in w.probabilities.items()},
                }
                for w in self.windows
            ],
        }

    def render(self, console) -> None:
        from rich.table import Table

        table = Table("start (s)", "rhythm", *config.CLASS_NAMES, title=self.record)
        for w in self.windows:
            table.add_row(
                f"{w.start_s:.0f}",
                w.rhythm,
                *(f"{w.probabilities[n]:.2f}" for n in config.CLASS_NAMES),
            )
        console.print(table)
        console.print(
            f"{self.record}: {len(self.windows)} windows, AF burden "
            f"{100 * self.burden['AFIB']:.1f}%, AFL {100 * self.burden['AFL']:.1f}% "
            "(demonstration model, not a medical device)"
        )


class Int8Classifier:
    """The pushed full-integer model; quantises inputs, dequantises outputs as firmware does.

    Quantisation is the Pusher's (TFLite's round-half-away-from-zero), so predict feeds the
    model the same int8 inputs as the golden vectors and the device.
    """

    def __init__(self, tflite_path: str | Path):
        import tensorflow as tf

        self._interpreter = tf.lite.Interpreter(model_path=str(tflite_path))
        self._interpreter.allocate_tensors()
        self._input = self._interpreter.get_input_details()[0]
        self._output = self._interpreter.get_output_details()[0]

    def predict(self, conditioned: np.ndarray) -> np.ndarray:
        """``conditioned``: [n, WINDOW_SAMPLES] from ``features.preprocess_window``."""
        results = []
        for row in np.atleast_2d(conditioned):
            q = quantize(row, *self._input["quantization"])
            self._interpreter.set_tensor(self._input["index"], q.reshape(self._input["shape"]))
            self._interpreter.invoke()
            out = self._interpreter.get_tensor(self._output["index"])
            results.append(dequantize(out.reshape(-1), *self._output["quantization"]))
        return np.stack(results)


def predict_record(path: str, classifier: Int8Classifier) -> RecordPrediction:
    """Classify every non-overlapping window of the record (any sample rate, lead 0)."""
    record = read_record(path, annotation_extension=None, require_annotations=False)
    windows = list(iter_windows(record, stride_s=config.WINDOW_S))
    duration = len(record.signal) / record.fs
    if not windows:
        raise RecordError(
            f"{record.path}: record is {duration:.1f} s long, shorter than one "
            f"{config.WINDOW_S} s window"
        )
    conditioned = features.preprocess_window(np.stack([w.samples for w in windows]))
    probabilities = classifier.predict(conditioned)
    predictions = [
        WindowPrediction(
            start_s=w.start_s,
            rhythm=config.CLASS_NAMES[int(np.argmax(p))],
            probabilities=dict(zip(config.CLASS_NAMES, map(float, p), strict=True)),
        )
        for w, p in zip(windows, probabilities, strict=True)
    ]
    return RecordPrediction(record.path, record.fs, duration, predictions)


class RecordPredictor:
    """``modelzoo predict heart-arrhythmia``: WFDB records (or directories of them)."""

    def __init__(self, version_dir: Path):
        manifest = json.loads((Path(version_dir) / "manifest.json").read_text())
        self._classifier = Int8Classifier(Path(version_dir) / manifest["tflite_path"])

    def inputs(self, paths: list[str]) -> list[str]:
        found = []
        for path in paths:
            try:
                found += list_records(path) if Path(path).is_dir() else [path]
            except RecordError as error:
                raise InputError(str(error)) from error
        return found

    def predict(self, path: str) -> RecordPrediction:
        try:
            return predict_record(path, self._classifier)
        except RecordError as error:
            raise InputError(str(error)) from error


def load_predictor(version_dir: Path) -> RecordPredictor:
    return RecordPredictor(version_dir)
