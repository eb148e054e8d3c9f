"""Text-to-speech engines, voice perturbation, noise textures and room impulse responses."""

import numpy as np
import pytest

from modules.audio import noise, rooms, tts
from modules.audio.voice_perturbation import perturb_voice, warp_envelope


def _needs(engine):
    if not tts.available(engine):
        pytest.skip(
            f"{engine} missing: install {tts.ENGINE_PACKAGES[engine]} (scripts/audio_deps.sh)"
        )


def _formant_centroid(x, rate=16000):
    spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    freqs = np.fft.rfftfreq(len(x), 1 / rate)
    band = (freqs > 300) & (freqs < 4000)
    return float(np.sum(freqs[band] * spectrum[band]) / np.sum(spectrum[band]))


@pytest.mark.parametrize("engine, name", [("espeak-ng", "en-us"), ("flite", "slt")])
def test_engines_speak_at_16k_deterministically(engine, name):
    _needs(engine)
    voice = tts.Voice(engine, name, "m3" if engine == "espeak-ng" else "")
    a = tts.speak(voice, "left")
    b = tts.speak(voice, "left")
    assert a.dtype == np.float32 and 0.2 < len(a) / 16000 < 1.5
    assert np.array_equal(a, b) and np.max(np.abs(a)) > 0.05


def test_espeak_vocal_tract_length_moves_formants_not_length():
    _needs("espeak-ng")
    voice = tts.Voice("espeak-ng", "en-us", "m1")
    base = tts.speak(voice, "yes", tts.Rendering())
    short_tract = tts.speak(voice, "yes", tts.Rendering(vtl=1.25))
    assert abs(len(base) - len(short_tract)) < 0.05 * len(base)
    assert _formant_centroid(short_tract) > _formant_centroid(base) * 1.05


def test_world_perturbation_keeps_length_and_moves_envelope():
    rate = 16000
    t = np.arange(rate // 2) / rate
    voiced = sum(
        np.sin(2 * np.pi * 120 * k * t) * np.exp(-(((120 * k - 700) / 300) ** 2))
        for k in range(1, 40)
    )
    shifted = perturb_voice(voiced.astype(np.float32), rate, vtl=1.2)
    assert len(shifted) == len(voiced)
    assert _formant_centroid(shifted) > _formant_centroid(voiced) * 1.08
    envelope = np.tile(np.arange(10.0), (2, 1))
    assert warp_envelope(envelope, 2.0)[0].tolist()[:4] == [0, 0.5, 1.0, 1.5]


def test_voice_ids_are_stable_hex():
    voice = tts.Voice("espeak-ng", "de", "f2")
    assert voice.voice_id == "espeak-ng:de+f2"
    assert len(voice.speaker_id) == 8 and int(voice.speaker_id, 16) >= 0


def test_missing_engine_is_named(monkeypatch):
    monkeypatch.setattr(tts.shutil, "which", lambda _: None)
    with pytest.raises(tts.TTSError, match="install flite"):
        tts.speak(tts.Voice("flite", "kal"), "go")


@pytest.mark.parametrize("name", sorted(noise.TEXTURES))
def test_noise_textures(name):
    a = noise.TEXTURES[name](np.random.default_rng(3), 2.0, 16000)
    b = noise.TEXTURES[name](np.random.default_rng(3), 2.0, 16000)
    assert a.shape == (32000,) and a.dtype == np.float32 and np.array_equal(a, b)
    assert abs(np.sqrt(np.mean(a**2)) - noise.NOISE_RMS) < 1e-3


def test_coloured_noise_slopes():
    rng = np.random.default_rng(0)

    def slope(x):
        spectrum = np.abs(np.fft.rfft(x)) ** 2
        freqs = np.fft.rfftfreq(len(x), 1 / 16000)
        low = spectrum[(freqs > 100) & (freqs < 200)].mean()
        high = spectrum[(freqs > 3200) & (freqs < 6400)].mean()
        return 10 * np.log10(high / low)

    assert (
        slope(noise.coloured(rng, 4, 16000, "pink"))
        < slope(noise.coloured(rng, 4, 16000, "white")) - 10
    )


def test_room_impulse_bank_is_deterministic(tmp_path):
    a = rooms.impulse_bank(tmp_path / "a", 2, seed=5, prefix="train")
    b = rooms.impulse_bank(tmp_path / "b", 2, seed=5, prefix="train")
    assert [p.name for p in a] == ["train-000.wav", "train-001.wav"]
    assert a[0].read_bytes() == b[0].read_bytes()


def test_other_language_voices_speak_accented_english_phonemes():
    """espeak-ng's Finnish voice reads "right" as "rigt" from text; given the English phonemes in
    its own inventory it says "rait" (an accent, not another word)."""
    _needs("espeak-ng")
    finnish = tts.Voice("espeak-ng", "fi", "m3")
    assert tts.english_phonemes("right") == "r'aIt"
    assert tts.accented_text(finnish, "right?") == "[[r'aIt]]?"
    # Finnish has no English "up" vowel (V) nor "E": nearest sounds instead
    assert tts.accented_text(finnish, "up") == "[['ap]]"
    assert tts.accented_text(finnish, "yes!") == "[[j'es]]!"
    assert tts.accented_text(tts.Voice("espeak-ng", "en-gb-x-rp"), "right?") == "right?"
    assert tts.accented_text(tts.Voice("flite", "slt"), "up") == "up"
    audio = tts.speak(finnish, tts.accented_text(finnish, "right"))
    assert 0.15 < len(audio) / 16000 < 1.5 and np.max(np.abs(audio)) > 0.05
