"""``modelzoo predict keyword-spotting``: a pushed int8 package on audio files.

A clip of up to ``CLIP_MAX_S`` gets one label and its probability; a longer recording is
scanned with sliding windows (:mod:`streaming`) and gets timestamped detections. The front end
is the integer one the model was trained on, and its q8.7 output is mapped to the model's int8
input with integer arithmetic (:func:`frontend.to_model_input`), as the firmware does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from rich.markup import escape

from modules.audio import frontend
from modules.audio.io import AudioError, fit_length, list_audio, read_audio
from modules.keyword_spotting import config, streaming
from modules.spec import InputError

CLIP_MAX_S = 1.5  # longer inputs are streamed
MIN_SECONDS = 0.1


@dataclass(frozen=True)
class ClipPrediction:
    path: str  # as given, so that a batch's lines say which file they are about
    label: str
    score: float
    probabilities: dict[str, float]

    def to_json(self) -> dict:
        return {"label": self.label, "score": round(self.score, 4)}

    def render(self, console) -> None:
        console.print(
            f"{escape(self.path)}: [bold]{self.label}[/] ({self.score:.2f})", highlight=False
        )


@dataclass(frozen=True)
class RecordingPrediction:
    path: str
    duration_s: float
    detections: list[streaming.Detection] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"detections": [d.to_json() for d in self.detections]}

    def render(self, console) -> None:
        console.print(
            f"{escape(self.path)}: {self.duration_s:.1f} s, {len(self.detections)} keyword(s)",
            highlight=False,
        )
        for d in self.detections:
            console.print(
                f"  {d.start_s:7.2f}-{d.end_s:7.2f} s  [bold]{d.label}[/] ({d.score:.2f})"
            )


class Int8KeywordModel:
    """The pushed full-integer TFLite model, fed int8 log-mel exactly as the firmware feeds it."""

    def __init__(self, tflite_path: str | Path):
        import tensorflow as tf

        self._interpreter = tf.lite.Interpreter(model_path=str(tflite_path))
        self._interpreter.allocate_tensors()
        self._input = self._interpreter.get_input_details()[0]
        self._output = self._interpreter.get_output_details()[0]
        self.input_scale, self.input_zero_point = self._input["quantization"]

    def probabilities(self, log_mel_q7_windows: np.ndarray) -> np.ndarray:
        """[n, frames, mels] int16 q8.7 -> [n, classes] float probabilities."""
        out = []
        scale, zero = self._output["quantization"]
        for window in log_mel_q7_windows:
            q = frontend.to_model_input(window, self.input_scale, self.input_zero_point)
            self._interpreter.set_tensor(self._input["index"], q.reshape(self._input["shape"]))
            self._interpreter.invoke()
            raw = self._interpreter.get_tensor(self._output["index"]).reshape(-1)
            out.append((raw.astype(np.float32) - zero) * scale)
        return np.array(out)


class KeywordPredictor:
    def __init__(self, version_dir: str | Path):
        version_dir = Path(version_dir)
        manifest = json.loads((version_dir / "manifest.json").read_text())
        self.class_names = tuple(manifest["class_names"])
        self.model = Int8KeywordModel(version_dir / manifest["tflite_path"])
        self.streaming = streaming.StreamingConfig(**manifest.get("streaming", {}))

    def inputs(self, paths: list[str]) -> list[str]:
        out = []
        for path in paths:
            if Path(path).is_dir():
                out.extend(str(p) for p in list_audio(path))
            else:
                out.append(path)
        return out

    def predict(self, path: str):
        try:
            audio = read_audio(path, config.SAMPLE_RATE, min_seconds=MIN_SECONDS)
        except AudioError:
            raise
        except Exception as error:  # noqa: BLE001 - any decoder failure is the file's
            raise InputError(f"{path}: cannot read audio ({error})") from error
        pcm = frontend.to_pcm16(audio.samples)
        if audio.duration_s <= CLIP_MAX_S:
            clip = frontend.to_pcm16(fit_length(audio.samples, config.CLIP_SAMPLES, center=True))
            p = self.model.probabilities(frontend.log_mel_q7(clip)[np.newaxis])[0]
            best = int(np.argmax(p))
            return ClipPrediction(
                path,
                self.class_names[best],
                float(p[best]),
                dict(zip(self.class_names, map(float, p), strict=True)),
            )
        log_mel = frontend.log_mel_q7(pcm)
        frames = config.FEATURE_SHAPE[0]
        starts = streaming.window_starts(len(log_mel), self.streaming)
        windows = np.stack([log_mel[s : s + frames] for s in starts])
        probabilities = self.model.probabilities(windows)
        return RecordingPrediction(
            path,
            audio.duration_s,
            streaming.detect(probabilities, self.class_names, self.streaming),
        )


def load_predictor(version_dir: str | Path) -> KeywordPredictor:
    return KeywordPredictor(version_dir)
