"""The keyword-spotting benchmark's false-accept measurement: every file of a kind of keyword-free
audio counted, and measured again for already-scored models without touching their other
scores."""

import json

import numpy as np
import pytest

from modules.audio.io import write_wav
from modules.keyword_spotting import config, inference
from tests.benchmarks.scripts import load_benchmark


@pytest.fixture
def bench(monkeypatch):
    """The benchmark with a stand-in model: one confident "yes" in the middle of every file."""
    module = load_benchmark("keyword_spotting")
    names = config.DEFAULT_LABELS.class_names

    def streamed(model, samples, cfg):
        module.streamed_files += 1
        probabilities = np.full((40, len(names)), 0.01)
        probabilities[:, names.index(config.UNKNOWN)] = 0.9
        probabilities[15:25] = 0.01
        probabilities[15:25, names.index("yes")] = 0.95
        return probabilities

    module.streamed_files = 0
    monkeypatch.setattr(module, "_streamed", streamed)
    monkeypatch.setattr(inference, "Int8KeywordModel", lambda path: None)
    return module


def _recordings(tmp_path, seconds: float) -> dict:
    silence = np.zeros(1600, np.float32)
    return {
        "tts_speech": [(write_wav(tmp_path / f"s{k}.wav", silence), seconds) for k in range(2)],
        "tones": [(write_wav(tmp_path / "t.wav", silence), seconds)],
    }


def test_false_accepts_count_every_file_of_each_kind(bench, tmp_path):
    out = bench.false_accepts(bench.stream_keyword_free(None, _recordings(tmp_path, 1800.0)))
    assert out["tts_speech"] == {
        "seconds": 3600.0,
        "false_accepts": 2,
        "per_hour": 2.0,
        "labels": ["yes"],
    }
    assert out["tones"]["false_accepts"] == 1 and out["tones"]["per_hour"] == 2.0
    assert out["all"] == {"seconds": 5400.0, "false_accepts": 3, "per_hour": 2.0}


def _scored(device_bytes: int) -> dict:
    int8 = {"top1": 0.75, "top1_0_10_db": 0.7}
    return {
        "held_out_voices": {"float": {"top1": 0.76}, "int8": int8},
        "footprint": {"device_bytes": device_bytes, "arena_bytes": 30_000},
        "false_accepts": {"all": {"per_hour": 16.6}},
        "operating_points": ["old"],
    }


def test_rescore_replaces_only_the_false_accepts(bench, tmp_path, monkeypatch):
    results = tmp_path / "keyword_spotting.json"
    before = {
        "data": {"corpus": str(tmp_path), "keyword_free": {"noise": 480.0}},
        "models": {"dscnn_zoo": _scored(14_888), "dscnn_mlperf": _scored(30_968)},
    }
    results.write_text(json.dumps(before))
    recordings = {"noise": [(write_wav(tmp_path / "n.wav", np.zeros(1600)), 7200.0)]}
    monkeypatch.setattr(bench, "write_keyword_free", lambda out: recordings)
    received = []  # what the operating points were computed from
    monkeypatch.setattr(
        bench,
        "operating_points",
        lambda model, streamed, corpus: received.append(streamed) or ["new"],
    )

    with pytest.raises(SystemExit, match="keyword_spotting.json: no scores for dscnn_other"):
        bench.rescore(results, {"dscnn_other": "x.tflite"}, tmp_path, None)
    assert json.loads(results.read_text()) == before  # refused before anything was written

    bench.rescore(results, {"dscnn_zoo": "zoo.tflite"}, tmp_path, None)
    after = json.loads(results.read_text())
    zoo = after["models"]["dscnn_zoo"]
    assert zoo["false_accepts"]["all"] == {"seconds": 7200.0, "false_accepts": 1, "per_hour": 0.5}
    assert zoo["operating_points"] == ["new"]
    assert zoo["held_out_voices"] == before["models"]["dscnn_zoo"]["held_out_voices"]
    assert after["models"]["dscnn_mlperf"] == before["models"]["dscnn_mlperf"]  # not named
    assert after["data"]["keyword_free"] == {"noise": 7200.0}
    assert after["checks"]["false_accepts_per_hour"] is True  # 0.5 per hour <= 1
    assert after["false_accepts_measured_again"]["models"] == {"dscnn_zoo": "zoo.tflite"}
    # one pass over the audio serves both measurements: the operating points get its posteriors
    assert bench.streamed_files == 1
    ((posteriors, seconds),) = received[0]["noise"]
    assert isinstance(posteriors, np.ndarray) and posteriors.shape[1] == len(
        config.DEFAULT_LABELS.class_names
    )
    assert seconds == 7200.0
