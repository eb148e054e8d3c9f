"""Room impulse responses from ``pyroomacoustics`` (image-source shoebox rooms).

Simulating a room per clip costs ~0.1-0.3 s; a corpus instead draws a bank of impulse
responses once (:func:`impulse_bank`, deterministic by seed) and convolves clips with them
through ``audiomentations.ApplyImpulseResponse``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from modules.audio.io import write_wav


def impulse_response(rng: np.random.Generator, rate: int = 16000) -> np.ndarray:
    """One shoebox room: random size, absorption (RT60 ~0.15-0.9 s), source and microphone."""
    import pyroomacoustics as pra

    size = np.array([rng.uniform(3, 10), rng.uniform(3, 8), rng.uniform(2.4, 3.5)])
    rt60 = rng.uniform(0.15, 0.9)
    absorption, max_order = pra.inverse_sabine(rt60, size)
    room = pra.ShoeBox(
        size,
        fs=rate,
        materials=pra.Material(absorption),
        max_order=min(max_order, 12),
        use_rand_ism=False,
    )
    source = rng.uniform([0.5, 0.5, 1.0], size - [0.5, 0.5, 0.6])
    microphone = rng.uniform([0.5, 0.5, 0.7], size - [0.5, 0.5, 0.8])
    room.add_source(source)
    room.add_microphone(microphone)
    room.compute_rir()
    rir = np.asarray(room.rir[0][0], np.float64)
    rir = rir[: int(rate * 0.8)]
    return (rir / (np.max(np.abs(rir)) or 1.0)).astype(np.float32)


def impulse_bank(out: Path, count: int, seed: int, prefix: str, rate: int = 16000) -> list[Path]:
    """``count`` impulse responses written as ``<out>/<prefix>-<k>.wav`` (kept if present)."""
    rng = np.random.default_rng(seed)
    paths = []
    for k in range(count):
        path = Path(out) / f"{prefix}-{k:03d}.wav"
        ir = impulse_response(rng, rate)  # drawn even when cached: later rooms stay the same
        if not path.exists():
            write_wav(path, ir * 0.99, rate)
        paths.append(path)
    return paths
