"""Signal-quality gate: windows that are not readable ECG become UNREADABLE, never a rhythm.

A classifier answers every window with a rhythm, even a flat line or pure noise; a lead-off
line used to come out as 100 % flutter. This gate runs before the classifier on each window at
the model rate and refuses:

* ``flat``: lead off or flat line, at least ``FLAT_SEGMENTS`` of the window's 2 s segments
  move less than ``FLAT_UV`` peak to peak;
* ``saturated``: the signal sits on a plateau at its own extreme (clipped at an ADC rail) for at
  least ``SATURATED_PER_MILLE`` of the window, in runs of ``PLATEAU_MIN_RUN`` samples or more;
* ``amplitude``: the median 2 s peak-to-peak exceeds ``AMPLITUDE_MAX_UV`` (no ECG is that big);
* ``noise``: mostly noise; ECG is spiky (each second holds a steep QRS among slow waves) while
  noise is not, so the median over 1 s segments of the steepest slope is less than
  ``NOISE_PEAK_NUM / NOISE_PEAK_DEN`` (3.75) times the mean absolute slope. On the training
  generator's noise models alone the ratio stays below 3.7 in 95 % of windows; ECG with its
  noise at 24 dB SNR stays above 6, at 6 dB above 3.8 in 95 % of windows, and at 0 dB about
  half the windows fall below (they are refused: mostly noise).

Everything is integer arithmetic on the window in "model units" (``fixed_point``: sensor counts
times 2**SAMPLE_SHIFT): thresholds are converted once with integer division, sums fit int64,
the medians sort ten or five integers. The firmware runs the same steps in C
(``zoo_ecg_quality``) and must agree bit for bit; predict converts its float mV windows with
:func:`to_units`. Thresholds were set on the training generator's own rhythms and noise models
(``benchmarks/heart_arrhythmia.py`` reports how many held-out windows the gate refuses).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from modules.heart_arrhythmia import config

FLAT = "flat"
SATURATED = "saturated"
AMPLITUDE = "amplitude"
NOISE = "noise"
GAP = "gap"  # set by predict for windows that overlap a gap in the record, not by the gate
REASONS = {
    FLAT: "flat line or lead off",
    SATURATED: "saturated (clipped at the recorder's limit)",
    AMPLITUDE: "implausible amplitude",
    NOISE: "mostly noise",
    GAP: "gap in the record",
}
# Reason codes the C gate returns (0: readable), in this order.
REASON_CODES = (FLAT, SATURATED, AMPLITUDE, NOISE)

SEGMENT_SAMPLES = 2 * config.MODEL_FS_HZ  # flat and amplitude checks: 2 s segments
SLOPE_SEGMENT_SAMPLES = config.MODEL_FS_HZ  # noise check: 1 s segments
FLAT_UV = 50
FLAT_SEGMENTS = 2  # >= 4 s of flat line in a 10 s window
AMPLITUDE_MAX_UV = 10_000
PLATEAU_TOL_UNITS = 2  # consecutive samples this close count as one plateau
PLATEAU_MIN_RUN = 8  # 80 ms
SATURATED_PER_MILLE = 80  # 8 % of the window on plateaus at its extremes
# median per-second steepest slope >= 15/4 x the mean absolute slope
NOISE_PEAK_NUM, NOISE_PEAK_DEN = 15, 4


@dataclass(frozen=True)
class GateThresholds:
    """The gate's thresholds in model units for one sensor gain."""

    flat: int
    amplitude_max: int

    @classmethod
    def for_gain(cls, units_per_mv: int) -> GateThresholds:
        """Integer conversion (floor division), the same the C gate does at start-up."""
        return cls(
            flat=FLAT_UV * units_per_mv // 1000,
            amplitude_max=AMPLITUDE_MAX_UV * units_per_mv // 1000,
        )


def units_per_mv(counts_per_mv: int, sample_shift: int) -> int:
    return int(counts_per_mv) << int(sample_shift)


def to_units(window_mv: np.ndarray, units: int) -> np.ndarray:
    """A float window in mV as int64 model units (round half away from zero)."""
    x = np.asarray(window_mv, dtype=np.float64) * units
    return (np.sign(x) * np.floor(np.abs(x) + 0.5)).astype(np.int64)


def _segment_ranges(x: np.ndarray, size: int) -> np.ndarray:
    n = len(x) // size
    seg = x[: n * size].reshape(n, size)
    return seg.max(axis=1) - seg.min(axis=1)


def _plateau_samples_at_extremes(x: np.ndarray) -> int:
    """Samples in runs of >= PLATEAU_MIN_RUN nearly equal samples lying at the max or min."""
    hi, lo = int(x.max()), int(x.min())
    at_extreme = (x >= hi - PLATEAU_TOL_UNITS) | (x <= lo + PLATEAU_TOL_UNITS)
    total, run = 0, 0
    for i in range(len(x)):
        if at_extreme[i] and run > 0 and abs(int(x[i]) - int(x[i - 1])) <= PLATEAU_TOL_UNITS:
            run += 1
            continue
        if run >= PLATEAU_MIN_RUN:
            total += run
        run = 1 if at_extreme[i] else 0
    if run >= PLATEAU_MIN_RUN:
        total += run
    return total


def assess(window_units: np.ndarray, thresholds: GateThresholds) -> str | None:
    """The reason a window is unreadable (a key of ``REASONS``), or None when it is ECG."""
    x = np.asarray(window_units, dtype=np.int64)
    if len(x) != config.WINDOW_SAMPLES:
        raise ValueError(f"window must have {config.WINDOW_SAMPLES} samples, got {len(x)}")
    ranges = _segment_ranges(x, SEGMENT_SAMPLES)
    if int(np.sum(ranges < thresholds.flat)) >= FLAT_SEGMENTS:
        return FLAT
    if _plateau_samples_at_extremes(x) * 1000 >= SATURATED_PER_MILLE * len(x):
        return SATURATED
    if int(np.sort(ranges)[len(ranges) // 2]) > thresholds.amplitude_max:
        return AMPLITUDE
    d = np.abs(np.diff(x))
    n = len(d) // SLOPE_SEGMENT_SAMPLES
    peaks = np.sort(d[: n * SLOPE_SEGMENT_SAMPLES].reshape(n, -1).max(axis=1))
    peak = int(peaks[(n - 1) // 2])  # lower median: the same element the C sort picks
    if NOISE_PEAK_DEN * peak * len(d) < NOISE_PEAK_NUM * int(d.sum()):
        return NOISE
    return None
