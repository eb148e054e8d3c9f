"""The recording device: its analogue filters and how it stores samples (WFDB format, gain)."""

from __future__ import annotations

import numpy as np
from scipy import signal as sps

from modules.heart_arrhythmia.synthesis.randomness import loguniform

# Digital storage: WFDB format -> (lowest, highest) valid sample. -2048 / -32768 mean "invalid".
FMT_RANGE = {"212": (-2047, 2047), "16": (-32767, 32767)}


def front_end(rng: np.random.Generator, fs: int):
    """A random recorder front end: optional high-pass and low-pass filters."""
    sos_list = []
    desc = {}
    nyq = fs / 2.0
    if rng.random() < 0.7:
        fc = loguniform(rng, 0.05, 0.7)
        sos_list.append(sps.butter(1, fc / nyq, btype="high", output="sos"))
        desc["highpass_hz"] = fc
    if rng.random() < 0.6:
        fc = rng.uniform(35.0, min(100.0, 0.42 * fs))
        sos_list.append(sps.butter(2, fc / nyq, output="sos"))
        desc["lowpass_hz"] = fc

    def apply(x: np.ndarray) -> np.ndarray:
        for sos in sos_list:
            zi = sps.sosfilt_zi(sos) * x[0]
            x, _ = sps.sosfilt(sos, x, zi=zi)
        return x

    return apply, desc


def storage(rng: np.random.Generator) -> tuple[str, float, int]:
    """A recorder's storage: WFDB format, gain (adu/mV) and baseline."""
    if rng.random() < 0.6:
        return "212", 200.0, 0 if rng.random() < 0.6 else 1024
    return "16", float(rng.choice([200.0, 400.0, 1000.0])), 0
