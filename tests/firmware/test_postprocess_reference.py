"""The rhythm tracker's reference (firmware_tools/postprocess.py) on hand-worked sequences."""

import pytest

from firmware_tools.postprocess import MAX_WINDOWS, RhythmTracker

SCALE, ZERO_POINT = 1.0 / 256, -128  # a softmax output in int8


def test_smoothing_window_and_burden_by_hand():
    tracker = RhythmTracker(num_classes=3, smoothing_windows=3)
    # centred scores (score + 128) and the sums over the last three windows:
    steps = [
        ([100, -100, -128], 0),  # [228, 28, 0]                  -> 0
        ([-128, 127, -128], 1),  # sums [228, 283, 0]            -> 1
        ([-128, 120, 0], 1),  # sums [228, 531, 128]             -> 1
        ([127, -128, -128], 1),  # first window leaves: [255, 503, 128] -> 1
        ([127, -128, -128], 0),  # second leaves: [510, 248, 128] -> 0
    ]
    for scores, smoothed in steps:
        assert tracker.update(scores, SCALE, ZERO_POINT) == smoothed
    # own top class per window: 0, 1, 1, 0, 0
    assert [tracker.burden_permille(c) for c in range(3)] == [600, 400, 0]
    assert tracker.windows_seen == 5


def test_ties_go_to_the_lower_class_and_burden_rounds_to_nearest():
    tracker = RhythmTracker(num_classes=2, smoothing_windows=1)
    assert tracker.update([5, 5], SCALE, ZERO_POINT) == 0
    assert tracker.update([4, 5], SCALE, ZERO_POINT) == 1
    assert tracker.update([5, 4], SCALE, ZERO_POINT) == 0
    assert tracker.burden_permille(0) == 667 and tracker.burden_permille(1) == 333


def test_limits_and_bad_input():
    tracker = RhythmTracker(num_classes=3, smoothing_windows=100)
    assert tracker.smoothing_windows == MAX_WINDOWS
    assert RhythmTracker(3, 0).smoothing_windows == 1
    assert tracker.burden_permille(0) == 0  # no windows yet
    tracker.update([0, 0, 1], SCALE, ZERO_POINT)
    assert tracker.burden_permille(3) == 0
    with pytest.raises(ValueError, match="positive normal float32"):
        tracker.update([0, 0, 0], 0.0, ZERO_POINT)
    with pytest.raises(ValueError, match="out_zero_point 200"):
        tracker.update([0, 0, 0], SCALE, 200)
    assert tracker.windows_seen == 1
