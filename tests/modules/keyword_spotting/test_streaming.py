"""Streaming detection: a synthetic recording with keywords at known times."""

import numpy as np

from modules.keyword_spotting import config, streaming

NAMES = config.DEFAULT_LABELS.class_names


def _posteriors(events, seconds, cfg):
    """Windows every hop: a window containing a keyword scores it 0.9, else `_silence_`."""
    n = int((seconds - 1.0) / cfg.hop_s) + 1
    p = np.full((n, len(NAMES)), 0.01)
    p[:, 0] = 0.9
    for label, start, end in events:
        for w in range(n):
            t0 = w * cfg.hop_s
            if t0 <= start and end <= t0 + 1.0:
                p[w] = 0.01
                p[w, NAMES.index(label)] = 0.9
    return p / p.sum(1, keepdims=True)


def test_detects_keywords_at_their_times():
    cfg = streaming.StreamingConfig()
    events = [("yes", 2.0, 2.5), ("stop", 5.3, 5.8), ("go", 8.1, 8.4)]
    detections = streaming.detect(_posteriors(events, 10.0, cfg), NAMES, cfg)
    assert [d.label for d in detections] == ["yes", "stop", "go"]
    for d, (_, start, end) in zip(detections, events, strict=True):
        assert d.start_s <= start + 0.05 and d.end_s >= end - 0.05  # covers the word
        assert d.end_s - d.start_s < 1.5  # and is localised
        assert d.score > 0.8


def test_silence_and_short_spikes_give_nothing():
    cfg = streaming.StreamingConfig()
    p = _posteriors([], 6.0, cfg)
    p[20] = 0.01
    p[20, NAMES.index("no")] = 0.9  # one window: smoothed away
    assert streaming.detect(p / p.sum(1, keepdims=True), NAMES, cfg) == []
    assert streaming.detect(np.zeros((0, len(NAMES))), NAMES, cfg) == []


def test_window_starts_and_smoothing():
    cfg = streaming.StreamingConfig()
    assert streaming.window_starts(48, cfg).size == 0
    assert streaming.window_starts(49 + 10, cfg).tolist() == [0, 5, 10]
    x = np.arange(6, dtype=float)[:, None]
    assert streaming.smooth(x, 3)[:, 0].tolist() == [0, 0.5, 1, 2, 3, 4]
