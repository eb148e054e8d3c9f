"""Integer reference of the ECG front end (``firmware/frontends/ecg/src/zoo_ecg_frontend.c``).

Two stages, each reproduced here bit for bit:

* :func:`resample`: streaming polyphase resampling from the sensor rate to
  the model rate with the low-pass prototype ``scipy.signal.resample_poly`` designs (taps in
  Q30, int64 accumulation). Output samples are "model units": sensor counts times
  ``2**sample_shift``, so resampling adds almost no rounding noise.
* :func:`window_to_input`: one window at the model rate -> the model's int8 input: symmetric FIR
  band-pass ("same" zero-padded convolution), population z-score with a standard-deviation
  floor, clip to +/- ``clip_sigma``, quantisation with the model's input scale and zero point
  (TFLite rounding, half away from zero), all in integers.

The algorithm is generic; the numbers (taps, window length, clip, floor, supported rates) come
from an :class:`EcgFrontendTables` that a model derives from its float front end (in
``modules/<model>/fixed_point.py``) and that ``tables.py`` beside this module renders as the C
header the firmware compiles.

Why each integer step is exact enough (the C file states the same ranges):

* window samples satisfy |x| < 2**30, so symmetric pairs x[a] + x[b] fit int32;
* the filtered window is rescaled by a power of two chosen from max|x| * sum|taps| so that
  |y| <= 2**y_bits with y_bits = 30 - ceil(log2 N); then sum(y), sum(y*y) and
  D = N*sum(y*y) - sum(y)**2 = N**2 * var fit int64 exactly;
* z = (N*y - sum y) / sqrt(D): sqrt(D) is an integer square root normalised to 31 bits, the
  reciprocal of sqrt(D) * input_scale a 31-bit multiplier M with a power-of-two shift, and
  (N*y - sum y) * M < 2**62;
* the input scale enters through its float32 bits (mantissa and exponent, no float arithmetic),
  and the clip bound round(clip_sigma / scale) is an exact integer division.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.signal import firwin

from firmware_tools.fixed_point import (
    INT8_MAX,
    INT8_MIN,
    INT32_MAX,
    float32_parts,
    isqrt_u64,
    mul_shift_round,
    normalize_u64,
    round_shift,
    saturate,
)

# scipy.signal.resample_poly's default anti-aliasing prototype (its ``window`` argument).
RESAMPLE_POLY_WINDOW = ("kaiser", 5.0)
RESAMPLER_FRAC_BITS = 30
# Window samples must satisfy |x| <= MAX_SAMPLE (symmetric pair sums stay in int32).
MAX_SAMPLE = 2**30 - 1
# Accepted model input scales: [2**-30, 2**7) (keeps every intermediate inside int64).
MIN_INPUT_SCALE_EXP, MAX_INPUT_SCALE_EXP = -30, 7
# Model units per sensor count: resampler output = round(counts * 2**SAMPLE_SHIFT).
DEFAULT_SAMPLE_SHIFT = 8


class FrontendError(ValueError):
    """Input the firmware front end rejects (it returns an error code for the same cases)."""


@dataclass(frozen=True, eq=False)
class ResamplerDesign:
    """One sensor rate -> model rate polyphase filter, as the firmware stores it.

    ``taps[phase, k]`` (Q30) multiplies the k-th of the ``history`` most recent input samples,
    oldest first: taps[phase, k] = h[phase + (history - 1 - k) * up], zero past the end of h.
    """

    in_rate_hz: int
    out_rate_hz: int
    up: int
    down: int
    half_len: int  # h has 2 * half_len + 1 taps centred at half_len (scipy's layout)
    taps: np.ndarray  # int64 [up, history]

    @property
    def history(self) -> int:
        return int(self.taps.shape[1])


def prototype_filter(up: int, down: int) -> tuple[np.ndarray, int]:
    """The float64 low-pass filter (already multiplied by ``up``) resample_poly uses, and its
    half length. ``up``/``down`` must be coprime; 1/1 is the identity (one tap of 1.0)."""
    if math.gcd(up, down) != 1:
        raise ValueError(f"up/down must be coprime, got {up}/{down}")
    if up == down == 1:
        return np.ones(1), 0
    max_rate = max(up, down)
    half_len = 10 * max_rate
    h = firwin(2 * half_len + 1, 1.0 / max_rate, window=RESAMPLE_POLY_WINDOW) * up
    return h, half_len


def design_resampler(in_rate_hz: int, out_rate_hz: int, up: int, down: int) -> ResamplerDesign:
    """Quantise resample_poly's prototype for ``out = in * up / down`` into Q30 phases."""
    h, half_len = prototype_filter(up, down)
    history = -(-len(h) // up)
    padded = np.zeros(up * history)
    padded[: len(h)] = h
    # phase p, newest-first tap i is h[p + i*up]; the C walks history oldest first.
    phases = padded.reshape(history, up).T[:, ::-1]
    taps = np.round(phases * 2**RESAMPLER_FRAC_BITS).astype(np.int64)
    if np.abs(taps).sum(axis=1).max() >= 2**31:
        raise ValueError(f"{in_rate_hz} Hz: resampler taps too large for int64 accumulation")
    return ResamplerDesign(in_rate_hz, out_rate_hz, up, down, half_len, taps)


@dataclass(frozen=True, eq=False)
class EcgFrontendTables:
    """Everything the firmware's ECG front end needs from a model, in integers."""

    model_rate_hz: int
    window_samples: int
    fir_frac_bits: int
    fir_taps: np.ndarray  # int64, odd length, symmetric, Q(fir_frac_bits)
    clip_num: int  # clip_sigma == clip_num / 2**clip_shift exactly
    clip_shift: int
    std_floor_q16: int  # standard-deviation floor in model units, Q16, for the nominal gain
    nominal_counts_per_mv: int  # sensor gain the floor assumes
    sample_shift: int
    resamplers: tuple[ResamplerDesign, ...]
    source: dict = field(default_factory=dict)  # float constants and where they came from

    def __post_init__(self):
        taps = self.fir_taps
        if taps.ndim != 1 or len(taps) % 2 == 0 or not np.array_equal(taps, taps[::-1]):
            raise ValueError("FIR taps must be an odd-length symmetric integer filter")
        if len(taps) > self.window_samples:
            raise ValueError("FIR longer than the window")
        if self.y_bits < 8:
            raise ValueError(f"window of {self.window_samples} samples is too long")
        if MAX_SAMPLE * self.fir_abs_sum >= 2**62:
            raise ValueError("FIR taps too large for int64 accumulation")
        if not 0 <= self.clip_shift <= 16 or not 0 < self.clip_num < 2 ** (8 + self.clip_shift):
            raise ValueError("clip must be a dyadic value in (0, 256) with <= 16 fraction bits")
        if self.nominal_counts_per_mv <= 0:
            raise ValueError("nominal_counts_per_mv must be positive")
        if not 0 <= self.sample_shift <= 8:
            raise ValueError("sample_shift must be in [0, 8]")
        rates = [d.in_rate_hz for d in self.resamplers]
        if len(set(rates)) != len(rates):
            raise ValueError(f"duplicate resampler rates {rates}")

    @property
    def fir_abs_sum(self) -> int:
        return int(np.abs(self.fir_taps).sum())

    @property
    def y_bits(self) -> int:
        """Bits of the rescaled filtered window: 30 - ceil(log2 N)."""
        return 30 - (self.window_samples - 1).bit_length()

    def resampler(self, in_rate_hz: int, out_rate_hz: int) -> ResamplerDesign:
        if out_rate_hz == self.model_rate_hz:
            for design in self.resamplers:
                if design.in_rate_hz == in_rate_hz:
                    return design
        supported = ", ".join(str(d.in_rate_hz) for d in self.resamplers)
        raise FrontendError(
            f"unsupported resampling {in_rate_hz} Hz -> {out_rate_hz} Hz "
            f"(model rate {self.model_rate_hz} Hz from {supported} Hz)"
        )


# ---------------------------------------------------------------------------- resampler


def resampled_length(design: ResamplerDesign, n_in: int) -> int:
    """Outputs the streaming resampler has emitted after ``n_in`` inputs.

    Output m needs input floor((half_len + m*down) / up), so m < (n_in*up - half_len) / down.
    """
    return max(0, -(-(n_in * design.up - design.half_len) // design.down))


def resample(design: ResamplerDesign, samples: np.ndarray, sample_shift: int) -> np.ndarray:
    """What ``zoo_resampler_process`` emits for ``samples`` fed to a fresh resampler (int64),
    in one call or in any chunks.

    Output m = round(sum_j h_q[half_len + m*down - j*up] * x[j] / 2**(30 - sample_shift)),
    inputs before the stream start are zero (resample_poly's constant padding), saturated to
    +/- MAX_SAMPLE.
    """
    x = np.asarray(samples, dtype=np.int64)
    n_out = resampled_length(design, len(x))
    history, up = design.history, design.up
    m = np.arange(n_out, dtype=np.int64)
    t = design.half_len + m * design.down
    newest, phase = t // up, t % up
    # column k holds the input history - 1 - k samples before the newest one
    index = newest[:, None] - (history - 1 - np.arange(history))[None, :]
    padded = np.concatenate([np.zeros(history, dtype=np.int64), x])
    acc = (design.taps[phase] * padded[index + history]).sum(axis=1)
    out = round_shift(acc, RESAMPLER_FRAC_BITS - sample_shift)
    return saturate(out, -MAX_SAMPLE, MAX_SAMPLE)


# ---------------------------------------------------------------------------- window


@dataclass(frozen=True)
class WindowTrace:
    """Intermediate integers of one window (for tests and debugging)."""

    shift: int  # filtered = round(acc / 2**shift)
    sum_y: int
    sum_yy: int
    d: int  # N*sum_yy - sum_y**2
    floored: bool
    multiplier: int
    mult_shift: int
    clip_q: int  # round(clip_sigma / input_scale)


def _scale_parts(input_scale: float) -> tuple[int, int]:
    try:
        mantissa, exponent = float32_parts(input_scale)
    except ValueError as e:
        raise FrontendError(f"input_scale must be a positive normal float32: {e}") from e
    if not MIN_INPUT_SCALE_EXP <= exponent + 23 < MAX_INPUT_SCALE_EXP:
        raise FrontendError(
            f"input_scale {input_scale!r} outside [2**{MIN_INPUT_SCALE_EXP}, "
            f"2**{MAX_INPUT_SCALE_EXP})"
        )
    return mantissa, exponent


def _normalized_sqrt(d: int) -> tuple[int, int]:
    """(r, e): sqrt(d) ~= r * 2**-e with r = isqrt(d << 2e) in [2**30, 2**31)."""
    top = d.bit_length() - 1
    shift = 60 - top if (60 - top) % 2 == 0 else 61 - top
    return isqrt_u64(d << shift), shift // 2


def window_to_input(
    window: np.ndarray,
    tables: EcgFrontendTables,
    input_scale: float,
    input_zero_point: int,
    std_floor_q16: int | None = None,
    trace: list | None = None,
) -> np.ndarray:
    """The int8 model input ``zoo_ecg_window_to_input`` computes for one window (model units).

    ``std_floor_q16`` defaults to the tables' floor. Raises :class:`FrontendError` where the C
    returns an error code. With ``trace`` (a list), appends a :class:`WindowTrace`.
    """
    x = np.asarray(window)
    n = tables.window_samples
    if x.shape != (n,):
        raise FrontendError(f"window must have {n} samples, got shape {x.shape}")
    x = x.astype(np.int64)
    peak = int(np.abs(x).max())
    if peak > MAX_SAMPLE:
        raise FrontendError(f"window sample magnitude {peak} exceeds {MAX_SAMPLE}")
    sm, se = _scale_parts(input_scale)
    floor_q16 = tables.std_floor_q16 if std_floor_q16 is None else int(std_floor_q16)

    # Band-pass: exact int64 convolution, then a power-of-two rescale to y_bits.
    bound = peak * tables.fir_abs_sum
    shift = max(0, bound.bit_length() - tables.y_bits)
    y = round_shift(np.convolve(x, tables.fir_taps, mode="same"), shift)

    # Population statistics, exact.
    sum_y = int(y.sum())
    sum_yy = int((y * y).sum())
    d = n * sum_yy - sum_y * sum_y

    # Denominator N*std as (mantissa in [2**30, 2**31), exponent): value = mantissa * 2**-e.
    denominator = _normalized_sqrt(d) if d > 0 else None
    floored = False
    if floor_q16 > 0:
        mantissa, k = normalize_u64(n * floor_q16, 30)
        floor_value = (mantissa, k - tables.fir_frac_bits + 16 + shift)
        if denominator is None or (floor_value[1], -floor_value[0]) < (
            denominator[1],
            -denominator[0],
        ):
            denominator, floored = floor_value, True

    clip_q = (2 * (tables.clip_num << (-tables.clip_shift - se)) + sm) // (2 * sm)
    if denominator is None:  # flat window and no floor: z = 0 everywhere
        multiplier, mult_shift = 0, 0
        values = np.zeros(n, dtype=np.int64)
    else:
        mantissa, e = denominator
        multiplier = (1 << 60) // ((mantissa * sm) >> 24)
        mult_shift = 84 + se - e
        values = mul_shift_round(n * y - sum_y, multiplier, mult_shift, clip_q)
    if trace is not None:
        trace.append(WindowTrace(shift, sum_y, sum_yy, d, floored, multiplier, mult_shift, clip_q))
    out = saturate(values + int(input_zero_point), INT8_MIN, INT8_MAX)
    return out.astype(np.int8)


def std_floor_q16(std_floor_mv: float, counts_per_mv: float, sample_shift: int) -> int:
    """A float std floor in mV -> model units in Q16, for a sensor gain in counts per mV."""
    value = round(std_floor_mv * counts_per_mv * 2**sample_shift * 2**16)
    if not 0 <= value <= INT32_MAX:
        raise ValueError(f"std floor {std_floor_mv} mV x {counts_per_mv} counts/mV out of range")
    return int(value)


def rescaled_std_floor_q16(tables: EcgFrontendTables, counts_per_mv: int) -> int:
    """The tables' floor for another sensor gain (``zoo_ecg_std_floor_q16``)."""
    nominal = tables.nominal_counts_per_mv
    return min((tables.std_floor_q16 * counts_per_mv + nominal // 2) // nominal, 2**32 - 1)
