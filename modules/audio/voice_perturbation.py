"""Vocal-tract-length and pitch perturbation with the WORLD vocoder (``pyworld``).

A longer or shorter vocal tract scales every formant by one factor while pitch and timing stay
put; resampling or a pitch shifter moves them together, which is why new *voices* (not just new
pitches) need a vocoder: WORLD splits speech into f0, spectral envelope and aperiodicity, the
envelope's frequency axis is warped by ``vtl`` and f0 multiplied by ``pitch``, and WORLD
resynthesises at the same length.
"""

from __future__ import annotations

import numpy as np

FRAME_PERIOD_MS = 5.0


def warp_envelope(envelope: np.ndarray, factor: float) -> np.ndarray:
    """[frames, bins] spectral envelope with its frequency axis scaled by ``factor``.

    Bin k of the result takes the envelope at k / factor (linear interpolation, edge held).
    """
    bins = envelope.shape[1]
    source = np.arange(bins) / factor
    grid = np.arange(bins)
    return np.stack([np.interp(source, grid, frame) for frame in envelope])


def perturb_voice(
    samples: np.ndarray, sample_rate: int, vtl: float = 1.0, pitch: float = 1.0
) -> np.ndarray:
    """``samples`` with formants scaled by ``vtl`` and f0 by ``pitch`` (same length)."""
    import pyworld

    x = np.ascontiguousarray(samples, np.float64)
    if len(x) < sample_rate * FRAME_PERIOD_MS / 1000 * 4:
        return np.asarray(samples, np.float32)
    f0, times = pyworld.dio(x, sample_rate, frame_period=FRAME_PERIOD_MS)
    f0 = pyworld.stonemask(x, f0, times, sample_rate)
    envelope = pyworld.cheaptrick(x, f0, times, sample_rate)
    aperiodicity = pyworld.d4c(x, f0, times, sample_rate)
    if vtl != 1.0:
        envelope = warp_envelope(envelope, vtl)
    y = pyworld.synthesize(f0 * pitch, envelope, aperiodicity, sample_rate, FRAME_PERIOD_MS)
    y = y[: len(x)] if len(y) >= len(x) else np.pad(y, (0, len(x) - len(y)))
    peak_in, peak_out = np.max(np.abs(x)), np.max(np.abs(y))
    if peak_out > 0:
        y *= peak_in / peak_out
    return y.astype(np.float32)
