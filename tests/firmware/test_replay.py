"""The app's built-in ECG replay is what the generator writes, within the sensor's range."""

import numpy as np

from modules.heart_arrhythmia import config
from modules.heart_arrhythmia import firmware_replay as replay


def test_committed_replay_files_are_the_generators_output(tmp_path):
    written = replay.write(tmp_path)
    for path in written:
        committed = replay.APP_SRC_DIR / path.name
        assert committed.read_text() == path.read_text(), (
            f"{committed} is stale: run `python -m modules.heart_arrhythmia.firmware_replay`"
        )


def test_replay_is_three_rhythms_of_sensor_counts_in_18_bits():
    counts, truth = replay.replay_record()
    assert counts.dtype == np.int32
    assert len(counts) == replay.SENSOR_RATE_HZ * replay.SEGMENT_S * len(replay.RHYTHMS)
    assert counts.min() >= -(1 << 17) and counts.max() < (1 << 17)
    # Not clipped: a real ECG with QRS complexes of a few hundred counts or more.
    assert counts.min() > -(1 << 17) and counts.max() < (1 << 17) - 1
    assert np.ptp(counts) > 0.2 * replay.COUNTS_PER_MV
    windows = len(counts) // (replay.SENSOR_RATE_HZ * config.WINDOW_S)
    expected = [config.CLASS_NAMES.index(r) for r in replay.RHYTHMS for _ in range(2)]
    assert truth == expected and len(truth) == windows
    assert [config.CLASS_NAMES[t] for t in truth[::2]] == list(replay.RHYTHMS)
