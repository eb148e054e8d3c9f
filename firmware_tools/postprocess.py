"""Integer reference of ``firmware/common/src/zoo_postprocess.c`` (window smoothing, burden).

Mirrors ``zoo_rhythm_tracker`` exactly: the smoothed class is the argmax of the summed
(score - zero point) over the last ``smoothing_windows`` windows, the burden of a class is the
permille of all windows whose own top class it was (ties: lowest class index everywhere).
"""

from __future__ import annotations

from collections import deque

import numpy as np

from firmware_tools.fixed_point import float32_parts

MAX_CLASSES = 8  # ZOO_TRACKER_MAX_CLASSES
MAX_WINDOWS = 16  # ZOO_TRACKER_MAX_WINDOWS


class RhythmTracker:
    def __init__(self, num_classes: int, smoothing_windows: int):
        self.num_classes = min(max(num_classes, 1), MAX_CLASSES)
        self.smoothing_windows = min(max(smoothing_windows, 1), MAX_WINDOWS)
        self._recent: deque[np.ndarray] = deque(maxlen=self.smoothing_windows)
        self._top_counts = np.zeros(self.num_classes, dtype=np.int64)
        self.windows_seen = 0

    def update(self, scores, out_scale: float, out_zero_point: int) -> int:
        """Adds one window's int8 scores; returns the smoothed class.

        Raises ValueError where the C returns ZOO_TRACKER_INVALID.
        """
        float32_parts(out_scale)  # a positive normal float32, as the C checks
        if not -128 <= out_zero_point <= 127:
            raise ValueError(f"out_zero_point {out_zero_point} outside [-128, 127]")
        centred = np.asarray(scores, dtype=np.int64)[: self.num_classes] - out_zero_point
        self._top_counts[int(np.argmax(centred))] += 1
        self.windows_seen += 1
        self._recent.append(centred)
        return int(np.argmax(np.sum(self._recent, axis=0)))

    def burden_permille(self, class_index: int) -> int:
        if self.windows_seen == 0 or not 0 <= class_index < self.num_classes:
            return 0
        seen = self.windows_seen
        return int((int(self._top_counts[class_index]) * 1000 + seen // 2) // seen)
