"""Decoding any soundfile format to 16 kHz mono, fitting, and one-line errors on bad files."""

import numpy as np
import pytest
import soundfile as sf

from modules.audio.io import AudioError, fit_length, list_audio, read_audio, write_wav


def _tone(rate, seconds=0.5, hz=440.0):
    t = np.arange(int(rate * seconds)) / rate
    return 0.5 * np.sin(2 * np.pi * hz * t)


@pytest.mark.parametrize("subtype", ["PCM_U8", "PCM_16", "PCM_24", "PCM_32", "FLOAT", "DOUBLE"])
def test_reads_every_sample_format(tmp_path, subtype):
    path = tmp_path / f"{subtype}.wav"
    sf.write(path, _tone(16000), 16000, subtype=subtype)
    audio = read_audio(path)
    assert audio.sample_rate == 16000 and audio.samples.dtype == np.float32
    assert len(audio.samples) == 8000
    assert np.max(np.abs(audio.samples - _tone(16000))) < 0.02  # 8-bit is coarse


def test_stereo_is_averaged_and_rate_is_converted(tmp_path):
    path = tmp_path / "stereo44k.wav"
    left, right = _tone(44100), np.zeros(int(44100 * 0.5))
    sf.write(path, np.stack([left, right], 1), 44100, subtype="PCM_16")
    audio = read_audio(path)
    assert audio.source_rate == 44100 and audio.sample_rate == 16000
    assert abs(len(audio.samples) - 8000) <= 1
    # half the tone's amplitude (one channel silent), still 440 Hz
    spectrum = np.abs(np.fft.rfft(audio.samples[:8000]))
    assert abs(np.argmax(spectrum) * 16000 / 8000 - 440) <= 2
    assert 0.22 < np.max(np.abs(audio.samples)) < 0.28


@pytest.mark.parametrize(
    "content, message",
    [(b"", "empty file"), (b"this is not audio at all" * 10, "not a readable audio file")],
)
def test_bad_files_raise_one_line(tmp_path, content, message):
    path = tmp_path / "bad.wav"
    path.write_bytes(content)
    with pytest.raises(AudioError) as error:
        read_audio(path)
    assert str(error.value).startswith(str(path)) and message in str(error.value)
    assert "\n" not in str(error.value)


def test_truncated_and_short_files(tmp_path):
    good = write_wav(tmp_path / "good.wav", _tone(16000, 1.0))
    truncated = tmp_path / "truncated.wav"
    truncated.write_bytes(good.read_bytes()[:30])  # header cut mid-way
    with pytest.raises(AudioError, match="truncated.wav"):
        read_audio(truncated)
    short = write_wav(tmp_path / "short.wav", _tone(16000, 0.05))
    with pytest.raises(AudioError, match="shorter than 0.1 s"):
        read_audio(short, min_seconds=0.1)
    with pytest.raises(AudioError, match="no such file"):
        read_audio(tmp_path / "missing.wav")


def test_fit_length_pads_and_trims():
    x = np.arange(10, dtype=np.float32)
    assert fit_length(x, 4).tolist() == [0, 1, 2, 3]
    assert fit_length(x, 4, center=True).tolist() == [3, 4, 5, 6]
    padded = fit_length(x, 14, center=True)
    assert padded[:2].tolist() == [0, 0] and padded[2:12].tolist() == x.tolist()


def test_list_audio_recurses(tmp_path):
    write_wav(tmp_path / "a" / "b" / "x.wav", _tone(16000))
    write_wav(tmp_path / "y.WAV", _tone(16000))
    (tmp_path / "notes.txt").write_text("no")
    assert [p.name for p in list_audio(tmp_path)] == ["x.wav", "y.WAV"]
