"""Predict: run a pushed int8 package on whole WFDB records, window by window.

Each 10 s window first meets the signal-quality gate (``quality``): a flat line, a clipped or
implausibly large signal, mostly noise, or a gap in the record makes it ``UNREADABLE`` and no
rhythm is reported for it. Readable windows go through the front end
(``features.preprocess_window``, the numpy twin of the Transform graph) and the int8 model.
Burdens are shares of the whole record's time: AF burden is AFIB time over the record's
duration, and unreadable time and the tail shorter than a window are reported, not hidden.

``load_predictor(version_dir)`` is the model's entry in the zoo's predict protocol
(``modules/spec.py``): ``inputs`` expands what the user typed, ``predict`` raises
``InputError`` (file and reason) for a record it cannot use.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from components.quantizing_pusher.conversion import dequantize, quantize
from modules.heart_arrhythmia import config, features, fixed_point, quality
from modules.heart_arrhythmia.datasets import RecordError, list_records, read_record
from modules.heart_arrhythmia.windows import iter_windows
from modules.spec import InputError

DISCLAIMER = "demonstration model, not a medical device"
# Model units per mV the gate works in for float records (the firmware's nominal sensor gain).
GATE_UNITS_PER_MV = quality.units_per_mv(
    fixed_point.NOMINAL_COUNTS_PER_MV, fixed_point.SAMPLE_SHIFT
)
GATE_THRESHOLDS = quality.GateThresholds.for_gain(GATE_UNITS_PER_MV)


@dataclass(frozen=True)
class WindowPrediction:
    start_s: float
    end_s: float
    rhythm: str  # a class name, or config.UNREADABLE
    probabilities: dict[str, float]  # the model's output (not reported for unreadable windows)
    reason: str | None = None  # why the window is unreadable (quality.REASONS key)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start_s": self.start_s, "end_s": self.end_s, "rhythm": self.rhythm}
        if self.reason:
            out["unreadable"] = quality.REASONS[self.reason]
        else:
            out["probabilities"] = {k: round(v, 4) for k, v in self.probabilities.items()}
        return out


@dataclass(frozen=True)
class RecordPrediction:
    """One record's result (the zoo's ``Prediction``)."""

    record: str  # the record's name as given, without the path prefix
    path: str
    source_fs: float
    duration_s: float
    windows: list[WindowPrediction] = field(default_factory=list)
    gaps_s: list[tuple[float, float]] = field(default_factory=list)

    def seconds(self, rhythm: str) -> float:
        return sum(w.end_s - w.start_s for w in self.windows if w.rhythm == rhythm)

    @property
    def unanalysed_s(self) -> float:
        """The tail after the last whole window."""
        covered = self.windows[-1].end_s if self.windows else 0.0
        return max(0.0, self.duration_s - covered)

    @property
    def burden(self) -> dict[str, float]:
        """Share of the whole record's time per class, UNREADABLE and unanalysed time."""
        total = max(self.duration_s, 1e-9)
        out = {name: self.seconds(name) / total for name in config.CLASS_NAMES}
        out[config.UNREADABLE] = self.seconds(config.UNREADABLE) / total
        out["UNANALYSED"] = self.unanalysed_s / total
        return out

    def to_json(self) -> dict[str, Any]:
        burden = self.burden
        return {
            "record": self.record,
            "source_fs_hz": self.source_fs,
            "duration_s": round(self.duration_s, 3),
            "af_burden_percent": round(100 * burden["AFIB"], 2),
            "afl_burden_percent": round(100 * burden["AFL"], 2),
            "other_rhythm_percent": round(100 * burden["OTHER"], 2),
            "unreadable_percent": round(100 * burden[config.UNREADABLE], 2),
            "unreadable_s": round(self.seconds(config.UNREADABLE), 3),
            "burden_percent": {k: round(100 * v, 2) for k, v in burden.items()},
            "gaps_s": [[round(a, 3), round(b, 3)] for a, b in self.gaps_s],
            "windows": [w.to_json() for w in self.windows],
            "disclaimer": DISCLAIMER,
        }

    def summary(self) -> str:
        b = self.burden
        parts = [
            f"{self.record}: {self.duration_s:.0f} s, {len(self.windows)} windows",
            f"AF burden {100 * b['AFIB']:.1f}%",
            f"AFL {100 * b['AFL']:.1f}%",
            f"other rhythm {100 * b['OTHER']:.1f}%",
            f"normal {100 * b['NORMAL']:.1f}%",
            f"unreadable {self.seconds(config.UNREADABLE):.0f} s "
            f"({100 * b[config.UNREADABLE]:.1f}%)",
        ]
        if self.gaps_s:
            parts.append(f"{len(self.gaps_s)} gap(s)")
        return ", ".join(parts) + f" ({DISCLAIMER})"

    def render(self, console) -> None:
        from rich.table import Table

        table = Table("start (s)", "end (s)", "rhythm", *config.CLASS_NAMES, title=self.record)
        for w in self.windows:
            probs = [
                f"{w.probabilities[n]:.2f}" if w.probabilities else "-" for n in config.CLASS_NAMES
            ]
            rhythm = w.rhythm if not w.reason else f"{w.rhythm} ({quality.REASONS[w.reason]})"
            table.add_row(f"{w.start_s:.0f}", f"{w.end_s:.0f}", rhythm, *probs)
        console.print(table)
        console.print(self.summary(), highlight=False, soft_wrap=True)


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
        scale, zero_point = self._output["quantization"]
        self.output_quantization = (float(scale), int(zero_point))  # for integer post-processing

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


def record_label(path: str) -> str:
    """The record's name as the user gave it, without the path prefix or ``.hea``."""
    name = Path(path).name
    return name[: -len(".hea")] if name.endswith(".hea") else name


def gate_window(samples_mv: np.ndarray, gap: bool) -> str | None:
    """The reason a window is unreadable (a gap, or the quality gate's verdict), or None."""
    if gap:
        return quality.GAP
    return quality.assess(quality.to_units(samples_mv, GATE_UNITS_PER_MV), GATE_THRESHOLDS)


def predict_record(path: str, classifier: Int8Classifier) -> RecordPrediction:
    """Gate and classify every non-overlapping window of the record (lead 0)."""
    record = read_record(path, annotation_extension=None, require_annotations=False)
    windows = list(iter_windows(record, stride_s=config.WINDOW_S))
    duration = len(record.signal) / record.fs
    if not windows:
        raise RecordError(
            f"{record.path}: record is {duration:.1f} s long, shorter than one "
            f"{config.WINDOW_S} s window"
        )
    reasons = [gate_window(w.samples, w.gap) for w in windows]
    conditioned = features.preprocess_window(np.stack([w.samples for w in windows]))
    probabilities = classifier.predict(conditioned)
    predictions = []
    for w, p, reason in zip(windows, probabilities, reasons, strict=True):
        probs = dict(zip(config.CLASS_NAMES, map(float, p), strict=True))
        rhythm = config.UNREADABLE if reason else config.CLASS_NAMES[int(np.argmax(p))]
        predictions.append(WindowPrediction(w.start_s, w.end_s, rhythm, probs, reason))
    gaps = [(a / record.fs, b / record.fs) for a, b in record.gaps]
    return RecordPrediction(record_label(path), record.path, record.fs, duration, predictions, gaps)


class HeartArrhythmiaPredictor:
    """A loaded package (the zoo's ``Predictor``)."""

    def __init__(self, version_dir: Path, classifier: Int8Classifier):
        self.version_dir = version_dir
        self.classifier = classifier

    def inputs(self, paths: list[str]) -> list[str]:
        """Records the paths stand for: a directory gives its records (recursively)."""
        out: list[str] = []
        for path in paths:
            if Path(path).is_dir():
                out.extend(list_records(path))
            else:
                out.append(str(path))
        return out

    def predict(self, path: str) -> RecordPrediction:
        return predict_record(path, self.classifier)


def load_predictor(version_dir: str | Path) -> HeartArrhythmiaPredictor:
    """Load a pushed version directory; ``InputError`` (one line) when it is not usable."""
    version_dir = Path(version_dir)
    manifest_path = version_dir / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text())
    except FileNotFoundError:
        raise InputError(
            f"{manifest_path}: no manifest.json (not a pushed model version)"
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"{manifest_path}: unreadable manifest: {error}") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("tflite_path"), str):
        raise InputError(f"{manifest_path}: manifest names no tflite_path")
    classes = manifest.get("class_names")
    if classes is not None and list(classes) != list(config.CLASS_NAMES):
        raise InputError(
            f"{manifest_path}: package classes {classes} are not this model's "
            f"{list(config.CLASS_NAMES)} (an older package?)"
        )
    tflite = version_dir / manifest["tflite_path"]
    if not tflite.is_file():
        raise InputError(f"{tflite}: model file named by the manifest is missing")
    try:
        classifier = Int8Classifier(tflite)
    except (ValueError, RuntimeError) as error:
        raise InputError(f"{tflite}: not a TFLite model: {error}") from None
    return HeartArrhythmiaPredictor(version_dir, classifier)
