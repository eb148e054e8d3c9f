"""The heart-arrhythmia front end in the firmware's integers, derived from ``features.py``.

``features.py`` (and ``windows.resample_ratio``) stay the single definition: this module only
turns their constants into the ECG front end's
:class:`~firmware_tools.frontends.ecg.reference.EcgFrontendTables` (FIR taps in Q(FIR_FRAC_BITS),
resample_poly's prototype per sensor rate in Q30, clip and floor as integers) and writes them as
the C header the firmware builds with. Nothing is hand-copied, so a change to the float front
end changes the tables on the next push.

The integer pipeline runs on sensor counts: a sensor's samples (ADC counts whose zero is the
signal's zero, like WFDB's ``digital - baseline``) go through the resampler, which outputs
"model units" (counts * 2**SAMPLE_SHIFT). Only the standard-deviation floor depends on the
sensor's gain: it is stated for ``NOMINAL_COUNTS_PER_MV``; ``zoo_ecg_window_to_input_floor``
takes another one.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np

from firmware_tools.frontends.ecg import reference as ecg_frontend
from firmware_tools.frontends.ecg import tables
from modules.heart_arrhythmia import config, features, windows

# Sensor rates the firmware resamples from (ECG front ends, PhysioNet rates, MAX86150 rates).
SENSOR_RATES_HZ = (100, 128, 200, 250, 256, 360, 400, 500, 800, 1000)
# Fraction bits of the band-pass taps (int32; pair sums times taps stay within int64).
FIR_FRAC_BITS = 24
# ADC gain the default standard-deviation floor assumes (MIT-BIH / AFDB: 200 counts per mV).
NOMINAL_COUNTS_PER_MV = 200
SAMPLE_SHIFT = ecg_frontend.DEFAULT_SAMPLE_SHIFT


def _dyadic(value: float, max_shift: int = 16) -> tuple[int, int]:
    """``value`` as (num, shift) with value == num / 2**shift exactly."""
    ratio = Fraction(value)
    shift = ratio.denominator.bit_length() - 1
    if ratio.denominator != 1 << shift or shift > max_shift:
        raise ValueError(f"{value} is not a dyadic rational with <= {max_shift} fraction bits")
    return ratio.numerator, shift


def frontend_tables(
    sensor_rates_hz: tuple[int, ...] = SENSOR_RATES_HZ,
) -> ecg_frontend.EcgFrontendTables:
    """The firmware's integer tables for this model, computed from ``features.py``."""
    taps = features.fir_coefficients().astype(np.float64)
    fir_q = np.round(taps * 2**FIR_FRAC_BITS).astype(np.int64)
    clip_num, clip_shift = _dyadic(features.CLIP_SIGMA)
    designs = []
    for rate in sensor_rates_hz:
        ratio = windows.resample_ratio(rate, config.MODEL_FS_HZ)
        if ratio != Fraction(config.MODEL_FS_HZ, rate):
            raise ValueError(f"{rate} Hz -> {config.MODEL_FS_HZ} Hz is not an exact ratio")
        designs.append(
            ecg_frontend.design_resampler(
                rate, config.MODEL_FS_HZ, ratio.numerator, ratio.denominator
            )
        )
    return ecg_frontend.EcgFrontendTables(
        model_rate_hz=config.MODEL_FS_HZ,
        window_samples=config.WINDOW_SAMPLES,
        fir_frac_bits=FIR_FRAC_BITS,
        fir_taps=fir_q,
        clip_num=clip_num,
        clip_shift=clip_shift,
        std_floor_q16=ecg_frontend.std_floor_q16(
            features.STD_FLOOR, NOMINAL_COUNTS_PER_MV, SAMPLE_SHIFT
        ),
        nominal_counts_per_mv=NOMINAL_COUNTS_PER_MV,
        sample_shift=SAMPLE_SHIFT,
        resamplers=tuple(designs),
        source={
            "definition": "modules.heart_arrhythmia.features",
            "fir": f"firwin({features.FIR_TAPS}, {features.FIR_BAND_HZ} Hz, band-pass, "
            f"fs={config.MODEL_FS_HZ}) as float32",
            "clip_sigma": features.CLIP_SIGMA,
            "std_floor": f"{features.STD_FLOOR} mV at {NOMINAL_COUNTS_PER_MV} counts/mV",
            "resampler": "scipy.signal.resample_poly prototype, ratio windows.resample_ratio",
        },
    )


def write_firmware_tables(out_dir: str, model_name: str = config.MODEL_NAME) -> list[str]:
    """QuantizingPusher ``firmware_tables_fn``: writes ``<model>_frontend_tables.h``."""
    return [str(tables.write_tables(Path(out_dir), model_name, frontend_tables()))]


def record_inputs(
    counts: np.ndarray,
    fs: int,
    input_scale: float,
    input_zero_point: int,
    stride_s: float = config.WINDOW_S,
) -> np.ndarray:
    """int8 model inputs [n_windows, WINDOW_SAMPLES] for a record of sensor counts at ``fs``.

    What the firmware computes when it streams the record through ``zoo_resampler_process``
    and cuts windows every ``stride_s`` seconds at the model rate (the first at the record
    start, as ``windows.iter_windows`` does).
    """
    frontend = frontend_tables((fs,))
    design = frontend.resampler(fs, config.MODEL_FS_HZ)
    model_rate = ecg_frontend.resample(design, counts, frontend.sample_shift)
    stride = int(round(stride_s * config.MODEL_FS_HZ))
    starts = range(0, len(model_rate) - config.WINDOW_SAMPLES + 1, stride)
    out = [
        ecg_frontend.window_to_input(
            model_rate[s : s + config.WINDOW_SAMPLES], frontend, input_scale, input_zero_point
        )
        for s in starts
    ]
    return np.array(out, dtype=np.int8).reshape(-1, config.WINDOW_SAMPLES)
