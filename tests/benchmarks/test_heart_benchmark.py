"""The heart benchmark's "what the app reports" scoring: the device's rhythm tracker per record."""

import numpy as np

from tests.benchmarks.scripts import load_benchmark


def _benchmark():
    return load_benchmark("heart_arrhythmia")


class _Classifier:
    output_quantization = (1 / 256, -128)


def test_app_reported_smooths_within_a_record_and_restarts_per_record():
    bench = _benchmark()
    assert bench.app_smoothing_windows() == 3  # ha_config.h's ZOO_SMOOTHING_WINDOWS
    onehot = np.eye(4)[[0, 2, 2, 1, 0, 0, 3]] * (255 / 256)  # dequantised int8 scores
    records = np.array([0, 0, 0, 0, 1, 1, 1])
    reported = bench.app_reported(_Classifier(), onehot, records)
    # record 0: a tie of two windows goes to the lower class (0); then AFIB holds over 3 windows
    # (2, 2, 1 -> 2); record 1 starts afresh (0), and one AFL window among three is outvoted.
    np.testing.assert_array_equal(reported, [0, 0, 2, 2, 0, 0, 0])


def test_pooled_draws_keep_their_records_apart(monkeypatch, tmp_path):
    bench = _benchmark()
    draws = {
        "a": (np.zeros((3, 2)), [0, 2, 2], [False] * 3, [0, 0, 1]),
        "b": (np.ones((2, 2)), [3, 3], [True] * 2, [0, 1]),
    }

    def fake_windows(directory):
        assert directory.name == "snr_12"
        x, y, refused, records = draws[directory.parent.name]
        return x, np.array(y), np.array(refused), np.array(records)

    monkeypatch.setattr(bench, "labelled_windows", fake_windows)
    x, y, refused, records = bench.pooled_windows([tmp_path / "a", tmp_path / "b"], "12")
    assert x.shape == (5, 2) and list(y) == [0, 2, 2, 3, 3] and refused.sum() == 2
    # the second draw's records 0 and 1 follow the first's: the app's smoothing restarts there
    assert list(records) == [0, 0, 1, 2, 3]
