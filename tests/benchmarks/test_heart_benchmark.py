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

    noise = {"a": ["em", "bw"], "b": ["ma", "bw+em"]}
    monkeypatch.setattr(bench, "labelled_windows", fake_windows)
    monkeypatch.setattr(bench, "record_noise", lambda directory: noise[directory.parent.name])
    x, y, refused, records, kinds = bench.pooled_windows([tmp_path / "a", tmp_path / "b"], "12")
    assert x.shape == (5, 2) and list(y) == [0, 2, 2, 3, 3] and refused.sum() == 2
    # the second draw's records 0 and 1 follow the first's: the app's smoothing restarts there
    assert list(records) == [0, 0, 1, 2, 3]
    # each window carries its own record's noise mixture
    assert list(kinds) == ["em", "em", "bw", "ma", "bw+em"]


def test_noise_mixture_read_from_headers_and_scored_per_mixture(tmp_path):
    import wfdb

    bench = _benchmark()
    for name, comment in (("pk0000", "noise: NSTDB bw+em at 6 dB"), ("pk0001", "noise: none")):
        wfdb.wrsamp(
            name,
            fs=250,
            units=["mV"],
            sig_name=["ECG"],
            p_signal=np.zeros((500, 1)),
            fmt=["16"],
            write_dir=str(tmp_path),
            comments=["patient: " + name, comment],
        )
    assert bench.record_noise(tmp_path) == ["bw+em", "none"]
    # classes: NORMAL, OTHER, AFIB, AFL; OTHER for NORMAL is a hit (both non-AF)
    y = np.array([0, 2, 3, 2])
    p = np.array([1, 0, 3, 2])
    scores = bench.accuracy_by_noise(y, p, np.array(["em", "em", "bw", "bw"]))
    assert scores == {
        "bw": {"windows": 2, "accuracy": 1.0},
        "em": {"windows": 2, "accuracy": 0.5},
    }
