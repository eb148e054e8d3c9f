"""Integer helpers shared by the firmware front ends' Python references.

Each function mirrors an inline function of ``firmware/common/include/zoo_fixed_point.h``, so a
Python reference built from them reproduces the C bit for bit. They work on Python ints and on
numpy int64 arrays (callers keep values inside int64, as the C does; the C's range arguments are
in its comments).
"""

from __future__ import annotations

import math

import numpy as np

INT8_MIN, INT8_MAX = -128, 127
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1


def round_shift(x, shift: int):
    """``x / 2**shift`` rounded to nearest, ties away from zero (``zoo_fx_round_shift_s64``)."""
    if shift <= 0:
        return x
    half = 1 << (shift - 1)
    if isinstance(x, np.ndarray):
        magnitude = (np.abs(x) + half) >> shift
        return np.where(x < 0, -magnitude, magnitude)
    magnitude = (abs(x) + half) >> shift
    return -magnitude if x < 0 else magnitude


def saturate(x, low: int, high: int):
    """Clamp to ``[low, high]`` (``zoo_fx_clamp_s64``)."""
    if isinstance(x, np.ndarray):
        return np.clip(x, low, high)
    return min(max(x, low), high)


def isqrt_u64(x: int) -> int:
    """floor(sqrt(x)) for 0 <= x < 2**64 (``zoo_fx_isqrt_u64``)."""
    if not 0 <= x < 2**64:
        raise ValueError(f"isqrt_u64 takes 0 <= x < 2**64, got {x}")
    return math.isqrt(x)


def float32_parts(value: float) -> tuple[int, int]:
    """A positive normal float32 as ``(mantissa, exponent)``: value == mantissa * 2**exponent.

    ``mantissa`` is the 24-bit significand with its implicit bit, so it lies in [2**23, 2**24)
    (``zoo_fx_float32_parts``, which reads the bits and does no float arithmetic).
    Raises ValueError for zero, negative, subnormal, infinite or NaN values.
    """
    bits = int(np.array(value, dtype=np.float32).view(np.uint32))
    biased = (bits >> 23) & 0xFF
    if bits >> 31 or biased == 0 or biased == 0xFF:
        raise ValueError(f"expected a positive normal float32, got {value!r}")
    return (bits & 0x7FFFFF) | (1 << 23), biased - 127 - 23


def normalize_u64(x: int, top_bit: int) -> tuple[int, int]:
    """``(x << k, k)`` with the highest set bit of ``x << k`` at ``top_bit`` (k may be < 0).

    Right shifts truncate. ``x`` must be positive (``zoo_fx_normalize_u64``).
    """
    if x <= 0:
        raise ValueError("normalize_u64 needs a positive value")
    k = top_bit - (x.bit_length() - 1)
    return (x << k if k >= 0 else x >> -k), k


def mul_shift_round(x, multiplier: int, shift: int, limit: int):
    """``round(x * multiplier / 2**shift)`` clamped to ``[-limit, limit]`` (ties away from 0).

    ``|x| * multiplier`` must fit in 62 bits; ``shift`` may be negative (a left shift), in which
    case the product saturates at ``limit`` instead of overflowing (``zoo_fx_mul_shift_round``).
    """
    product = x * multiplier
    if shift >= 64:
        value = product * 0
    elif shift > 0:
        value = round_shift(product, shift)
    else:
        cap = (limit >> -shift) + 1  # |product| >= cap  =>  |product << -shift| > limit
        value = saturate(product, -cap, cap) << -shift
    return saturate(value, -limit, limit)
