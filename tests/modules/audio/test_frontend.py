"""The q15 log-mel front end: a hand-computed case, its float reference, tables, input mapping."""

import numpy as np
import pytest

from modules.audio import frontend as fe
from modules.audio import frontend_tables

CFG = fe.DEFAULT


def test_shape_and_dtype():
    pcm = (np.random.default_rng(0).normal(size=CFG.clip_samples) * 2000).astype(np.int16)
    out = fe.log_mel_q7(pcm)
    assert out.shape == CFG.feature_shape == (49, 40) and out.dtype == np.int16
    assert np.array_equal(out, fe.log_mel_q7(pcm))  # deterministic


def test_hand_computed_sine_at_a_bin_centre():
    """A sine at FFT bin k0 through a periodic Hann window has |X[k0]| = A*N/4 and
    |X[k0 +- 1]| = A*N/8 and nothing elsewhere, so each mel band is a weighted sum of three
    known magnitudes: the front end must give ln of that, within 0.05 (q15 rounding)."""
    n, k0, amplitude = CFG.fft_length, 40, 0.5  # bin 40 = 1250 Hz
    t = np.arange(CFG.clip_samples)
    pcm = fe.to_pcm16(amplitude * np.sin(2 * np.pi * k0 * t / n))
    out = fe.log_mel_q7(pcm)[10] / fe.Q7
    weights = fe.mel_filterbank(CFG)
    magnitude = np.zeros(n // 2 + 1)
    magnitude[k0] = amplitude * n / 4
    magnitude[[k0 - 1, k0 + 1]] = amplitude * n / 8
    expected = np.log(np.maximum(weights @ magnitude, 1e-12))
    band = int(np.argmax(expected))
    assert abs(out[band] - expected[band]) < 0.05
    near = expected > expected.max() - 3  # bands the tone reaches (others hit the floor)
    assert np.max(np.abs(out[near] - expected[near])) < 0.05


def test_digital_silence_is_the_floor():
    out = fe.log_mel_q7(np.zeros(CFG.clip_samples, np.int16))
    assert np.all(out == out[0, 0]) and out[0, 0] == -976  # -7.625 in ln units


def test_close_to_librosa_on_speech_like_audio():
    rng = np.random.default_rng(1)
    t = np.arange(CFG.clip_samples) / CFG.sample_rate
    voiced = sum(np.sin(2 * np.pi * 140 * k * t) / k for k in range(1, 20))
    x = 0.2 * voiced * (0.5 + 0.5 * np.sin(2 * np.pi * 3 * t)) + 0.01 * rng.normal(size=len(t))
    pcm = fe.to_pcm16(x / np.max(np.abs(x)) * 0.5)
    error = fe.log_mel_q7(pcm) / fe.Q7 - fe.reference_log_mel(pcm)
    assert abs(np.mean(error)) < 0.03  # the identity "DCT" floors by 1 LSB: -1/128 bias
    assert np.percentile(np.abs(error), 95) < 0.15


def test_tables_rebuild_the_filterbank():
    tables = fe.frontend_tables(CFG)
    dense = np.zeros((CFG.n_mels, CFG.fft_length // 2 + 1))
    position = 0
    for m, (start, length) in enumerate(zip(tables.filter_pos, tables.filter_lengths, strict=True)):
        dense[m, start : start + length] = tables.filter_coefs_q15[position : position + length]
        position += length
    assert position == len(tables.filter_coefs_q15)
    assert np.max(np.abs(dense / 32768 - fe.mel_filterbank(CFG))) <= 0.5 / 32768 + 1e-12
    assert tables.window_q15.shape == (CFG.fft_length,)
    assert np.count_nonzero(tables.dct_q15) == CFG.n_mels


def test_firmware_header(tmp_path):
    (path,) = frontend_tables.write_firmware_tables(str(tmp_path), "keyword_spotting")
    text = open(path).read()
    assert path.endswith("keyword_spotting_frontend_tables.h")
    assert "#ifndef KEYWORD_SPOTTING_FRONTEND_TABLES_H_" in text
    assert '#define ZOO_AUDIO_TABLES_MODEL "keyword_spotting"' in text
    assert "#define ZOO_AUDIO_FFT_LENGTH 512 " in text
    assert "zoo_audio_window_q15[ZOO_AUDIO_FFT_LENGTH]" in text
    tables = fe.frontend_tables(CFG)
    assert f"#define ZOO_AUDIO_FILTER_COEFS {len(tables.filter_coefs_q15)} " in text
    # the self-test log-mel is the Python front end's for the frame the C regenerates
    frame = frontend_tables.selftest_frame(CFG.fft_length)
    assert frame.min() >= -8192 and frame.max() <= 8191 and len(set(frame.tolist())) > 400
    expected = ", ".join(str(v) for v in fe.log_mel_q7(frame, CFG)[0][:12])
    assert f"zoo_audio_selftest_log_mel[ZOO_AUDIO_N_MELS] = {{\n    {expected}," in text


@pytest.mark.parametrize("scale, zero_point", [(0.0625, 0), (0.05123, -17), (0.11, 40)])
def test_model_input_mapping_matches_float_quantisation(scale, zero_point):
    q7 = np.arange(-1200, 1200, 7, dtype=np.int16)
    scaled = q7 / 128 / scale  # TFLite's QUANTIZE: round half away from zero
    expected = np.clip(np.sign(scaled) * np.floor(np.abs(scaled) + 0.5) + zero_point, -128, 127)
    got = fe.to_model_input(q7, scale, zero_point).astype(int)
    # the 31-bit multiplier can move a value lying within 2**-31 of a .5 tie by one step
    assert np.max(np.abs(got - expected)) <= 1
    assert np.mean(got == expected) > 0.99
