"""The zoo's one log-mel front end, in CMSIS-DSP's q15 arithmetic (and its float reference).

Training (the ExampleGen computes features where the examples are made), ``predict`` and the
firmware all run this definition: every number lives in :class:`FrontendConfig`, the integer
path is CMSIS-DSP's own ``arm_mfcc_q15`` (through the ``cmsisdsp`` Python package, built from
the same C sources the firmware compiles), and the tables it needs (window, mel filterbank,
the identity "DCT" that makes it return log-mel instead of cepstra) come from
:func:`frontend_tables`, which :func:`write_firmware_tables` renders as a C header.

Per frame (``docs/audio-frontend.md`` lists the Q formats):
  int16 PCM -> ``arm_mfcc_q15`` [absmax normalisation, q15 window, q15 RFFT, magnitude, mel
  dot products, ``arm_vlog_q31``, back to q8.7] -> log-mel in q8.7 (int16, natural log).
Outside CMSIS-DSP there is only the PCM conversion (float -> int16, round and saturate) and the
model-input mapping (q8.7 -> float by /128, or -> int8 by :func:`to_model_input`).

:func:`reference_log_mel` is the same definition in float64 with ``librosa``; the benchmark and
the tests report how far the integer version is from it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import cached_property

import numpy as np

Q7 = 128  # q8.7: log-mel value * 128


@dataclass(frozen=True)
class FrontendConfig:
    """Every constant of the front end. Changing one changes the model's features."""

    sample_rate: int = 16000
    clip_samples: int = 16000  # 1 s model input
    fft_length: int = 512  # = frame length (32 ms); arm_mfcc_q15 frames are one FFT long
    hop_length: int = 320  # 20 ms
    n_mels: int = 40
    fmin_hz: float = 20.0
    fmax_hz: float = 8000.0
    window: str = "hann"  # periodic Hann over the whole frame

    @property
    def n_frames(self) -> int:
        return 1 + (self.clip_samples - self.fft_length) // self.hop_length

    @property
    def feature_shape(self) -> tuple[int, int]:
        return (self.n_frames, self.n_mels)

    def to_dict(self) -> dict:
        return asdict(self)


DEFAULT = FrontendConfig()


@dataclass(frozen=True)
class FrontendTables:
    """The q15 tables ``arm_mfcc_init_q15`` takes (and the firmware's header holds)."""

    window_q15: np.ndarray  # int16 [fft_length]
    filter_pos: np.ndarray  # uint32 [n_mels]: first FFT bin of each filter
    filter_lengths: np.ndarray  # uint32 [n_mels]
    filter_coefs_q15: np.ndarray  # int16, the filters' nonzero weights, packed
    dct_q15: np.ndarray  # int16 [n_mels * n_mels]: identity (0x7FFF on the diagonal)


def _to_q15(values: np.ndarray) -> np.ndarray:
    return np.clip(np.round(np.asarray(values, np.float64) * 32768.0), -32768, 32767).astype(
        np.int16
    )


def window(config: FrontendConfig = DEFAULT) -> np.ndarray:
    """Float64 analysis window (periodic, as ``scipy.signal.get_window`` makes it)."""
    from scipy.signal import get_window

    return get_window(config.window, config.fft_length, fftbins=True)


def mel_filterbank(config: FrontendConfig = DEFAULT) -> np.ndarray:
    """[n_mels, fft_length // 2 + 1] HTK-mel triangles with unit peaks (librosa, no norm)."""
    import librosa

    return librosa.filters.mel(
        sr=config.sample_rate,
        n_fft=config.fft_length,
        n_mels=config.n_mels,
        fmin=config.fmin_hz,
        fmax=config.fmax_hz,
        htk=True,
        norm=None,
        dtype=np.float64,
    )


def frontend_tables(config: FrontendConfig = DEFAULT) -> FrontendTables:
    filters = mel_filterbank(config)
    positions, lengths, coefs = [], [], []
    for row in filters:
        nonzero = np.flatnonzero(row > 0)
        if len(nonzero) == 0:
            raise ValueError(f"{config}: a mel filter has no FFT bin; use fewer mel bands")
        start, stop = int(nonzero[0]), int(nonzero[-1]) + 1
        positions.append(start)
        lengths.append(stop - start)
        coefs.append(row[start:stop])
    dct = np.zeros((config.n_mels, config.n_mels), np.int16)
    np.fill_diagonal(dct, 32767)
    return FrontendTables(
        window_q15=_to_q15(window(config)),
        filter_pos=np.array(positions, np.uint32),
        filter_lengths=np.array(lengths, np.uint32),
        filter_coefs_q15=_to_q15(np.concatenate(coefs)),
        dct_q15=dct.reshape(-1),
    )


def to_pcm16(samples: np.ndarray) -> np.ndarray:
    """Float audio in [-1, 1) -> int16 PCM (round half to even, saturate): what an ADC gives."""
    return np.clip(np.round(np.asarray(samples, np.float64) * 32768.0), -32768, 32767).astype(
        np.int16
    )


class LogMelFrontend:
    """``arm_mfcc_q15`` set up as a log-mel front end (one instance per process)."""

    def __init__(self, config: FrontendConfig = DEFAULT):
        self.config = config

    @cached_property
    def _instance(self):
        import cmsisdsp as dsp

        tables = frontend_tables(self.config)
        self._tables = tables  # arm_mfcc_init_q15 keeps pointers into these arrays
        instance = dsp.arm_mfcc_instance_q15()
        status = dsp.arm_mfcc_init_q15(
            instance,
            self.config.fft_length,
            self.config.n_mels,
            self.config.n_mels,
            tables.dct_q15,
            tables.filter_pos,
            tables.filter_lengths,
            tables.filter_coefs_q15,
            tables.window_q15,
        )
        if status != 0:
            raise RuntimeError(f"arm_mfcc_init_q15 failed with status {status}")
        return instance

    def frame(self, pcm_frame: np.ndarray) -> np.ndarray:
        """One frame of ``fft_length`` int16 samples -> ``n_mels`` log-mel values in q8.7."""
        import cmsisdsp as dsp

        tmp = np.zeros(2 * self.config.fft_length, np.int32)
        status, out = dsp.arm_mfcc_q15(
            self._instance, np.ascontiguousarray(pcm_frame, np.int16), tmp
        )
        if status != 0:
            raise RuntimeError(f"arm_mfcc_q15 failed with status {status}")
        return np.asarray(out, np.int16)

    def __call__(self, pcm: np.ndarray) -> np.ndarray:
        """int16 PCM (any length >= one frame) -> [n_frames, n_mels] int16 log-mel in q8.7."""
        pcm = np.asarray(pcm)
        if pcm.dtype != np.int16:
            raise TypeError(f"the front end takes int16 PCM, got {pcm.dtype}")
        c = self.config
        n = 1 + (len(pcm) - c.fft_length) // c.hop_length
        if n < 1:
            raise ValueError(f"{len(pcm)} samples is shorter than one {c.fft_length}-sample frame")
        return np.stack(
            [self.frame(pcm[i * c.hop_length : i * c.hop_length + c.fft_length]) for i in range(n)]
        )


_FRONTENDS: dict[FrontendConfig, LogMelFrontend] = {}


def log_mel_q7(pcm: np.ndarray, config: FrontendConfig = DEFAULT) -> np.ndarray:
    """int16 PCM -> [n_frames, n_mels] int16 log-mel (q8.7), with a cached CMSIS instance."""
    frontend = _FRONTENDS.get(config)
    if frontend is None:
        frontend = _FRONTENDS[config] = LogMelFrontend(config)
    return frontend(pcm)


def features(samples: np.ndarray, config: FrontendConfig = DEFAULT) -> np.ndarray:
    """Float audio at ``sample_rate`` -> float32 model features ([n_frames, n_mels], q8.7/128)."""
    return log_mel_q7(to_pcm16(samples), config).astype(np.float32) / Q7


def reference_log_mel(samples: np.ndarray, config: FrontendConfig = DEFAULT) -> np.ndarray:
    """The same definition in float64 with librosa: natural log of the mel-weighted magnitude.

    Inputs are the int16 PCM the integer path sees, as float (full scale 1.0).
    """
    import librosa

    x = np.asarray(samples, np.float64)
    if x.dtype.kind == "i" or np.asarray(samples).dtype == np.int16:
        x = np.asarray(samples, np.float64) / 32768.0
    mel = librosa.feature.melspectrogram(
        y=x,
        sr=config.sample_rate,
        n_fft=config.fft_length,
        hop_length=config.hop_length,
        window=window(config),
        center=False,
        power=1.0,
        n_mels=config.n_mels,
        fmin=config.fmin_hz,
        fmax=config.fmax_hz,
        htk=True,
        norm=None,
    )
    return np.log(np.maximum(mel.T, 1e-9))


def to_model_input(log_mel_q7: np.ndarray, scale: float, zero_point: int) -> np.ndarray:
    """q8.7 log-mel -> the int8 model input for an input tensor of ``(scale, zero_point)``.

    Integer only, as the firmware does it: value/128/scale is ``q * multiplier >> shift`` with a
    31-bit multiplier, rounded half away from zero (TFLite's QUANTIZE), plus the zero point.
    """
    multiplier, shift = requantize_multiplier(1.0 / (Q7 * scale))
    q = np.asarray(log_mel_q7, np.int64) * multiplier
    rounded = np.sign(q) * ((np.abs(q) + (1 << (shift - 1))) >> shift)
    return np.clip(rounded + zero_point, -128, 127).astype(np.int8)


def requantize_multiplier(real: float) -> tuple[int, int]:
    """``real`` as ``multiplier / 2**shift`` with a multiplier in [2**30, 2**31)."""
    if not real > 0:
        raise ValueError(f"requantize factor must be positive, got {real}")
    mantissa, exponent = np.frexp(real)  # real = mantissa * 2**exponent, mantissa in [0.5, 1)
    multiplier = int(round(mantissa * (1 << 31)))
    shift = 31 - int(exponent)
    if multiplier == 1 << 31:
        multiplier //= 2
        shift -= 1
    if shift < 1 or shift > 62:
        raise ValueError(f"requantize factor {real} out of range")
    return multiplier, shift
