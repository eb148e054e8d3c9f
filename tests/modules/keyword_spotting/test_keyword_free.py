"""Keyword-free audio for false accepts per hour: sentences without a keyword's sound, the set's
layout, and its cache keyed on the settings."""

from dataclasses import replace
from itertools import pairwise

import pytest

from modules.audio import tts
from modules.audio.io import read_audio
from modules.keyword_spotting import config, keyword_free, synthesis

pytestmark = pytest.mark.skipif(
    not tts.available("espeak-ng"), reason="espeak-ng missing: scripts/audio_deps.sh"
)


def test_keyword_sounds_are_found_inside_words_across_words_and_in_variants():
    for keyword in config.KEYWORDS:
        assert keyword_free.holds_keyword_sound(f"we saw the {keyword} sign")
    assert keyword_free.holds_keyword_sound("a cup of tea")  # "up" inside a word
    assert keyword_free.holds_keyword_sound("the gold ring")  # "go"
    assert keyword_free.holds_keyword_sound("a cough")  # "off" in another spelling
    assert keyword_free.holds_keyword_sound("they stopped")  # "stop" with a suffix
    assert keyword_free.holds_keyword_sound("ten old cars")  # "no" across two words
    assert not keyword_free.holds_keyword_sound("the farmer painted a blue basket")


def test_grammar_sentences_are_keyword_free_new_and_seeded():
    sentences = keyword_free.keyword_free_sentences(300, seed=4)
    assert sentences == keyword_free.keyword_free_sentences(300, seed=4)
    assert sentences != keyword_free.keyword_free_sentences(300, seed=5)
    assert len(set(sentences)) > 250 and set(s[-1] for s in sentences) == {".", "!", "?"}
    for sentence in sentences:
        assert not keyword_free.holds_keyword_sound(sentence.rstrip(".!?"))
        assert not set(sentence.rstrip(".!?").split()) & set(config.KEYWORDS)

    # nothing the training corpus speaks (phrase crops, babble): no pair of content words
    def pairs(text: str) -> set:
        words = text.rstrip(".!?").split()
        return {(a, b) for a, b in pairwise(words) if len(a) > 3 and len(b) > 3}

    trained = set().union(*(pairs(t) for t in (*synthesis.PHRASES, *synthesis.SENTENCES)))
    assert not set().union(*(pairs(s) for s in sentences)) & trained


TINY = replace(
    keyword_free.DEFAULT_KEYWORD_FREE,
    speech_minutes=0.2,
    minutes_per_file=0.1,
    noise_minutes_per_texture=0.02,
    tone_minutes=0.05,
    workers=1,
)


def test_set_is_written_once_per_settings(tmp_path):
    recordings = keyword_free.write_keyword_free(tmp_path, TINY, progress=False)
    assert {"tts_speech", "noise", "tones"} <= set(recordings)
    assert len(recordings["tts_speech"]) == 2
    assert len(recordings["noise"]) == len(keyword_free.noise.TEXTURES)
    for files in recordings.values():
        for path, seconds in files:
            audio = read_audio(path, None)
            assert audio.sample_rate == config.SAMPLE_RATE
            assert len(audio.samples) / audio.sample_rate == pytest.approx(seconds, abs=1e-3)
    for _, seconds in recordings["tts_speech"]:
        assert seconds >= 6.0  # each file holds at least its share of speech

    speech = recordings["tts_speech"][0][0]
    written = speech.stat().st_mtime_ns
    assert keyword_free.write_keyword_free(tmp_path, TINY, progress=False) == recordings
    more_workers = replace(TINY, workers=2)  # the same audio with any number of workers
    assert keyword_free.write_keyword_free(tmp_path, more_workers, progress=False) == recordings
    assert speech.stat().st_mtime_ns == written  # kept: same settings

    longer = keyword_free.write_keyword_free(
        tmp_path, replace(TINY, speech_minutes=0.3), progress=False
    )
    assert len(longer["tts_speech"]) == 3  # rewritten for the new settings
