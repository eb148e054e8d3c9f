"""The ExampleGen record function: labels, held-out lists, features, and what it refuses."""

import numpy as np
import pytest
import soundfile as sf

from modules.audio import corpus, frontend
from modules.audio.io import AudioError, write_wav
from modules.keyword_spotting import config, records


def _clip(seconds=1.0, rate=16000):
    t = np.arange(int(seconds * rate)) / rate
    return (0.3 * np.sin(2 * np.pi * 300 * t)).astype(np.float32)


def _feature(example, key):
    feature = example.features.feature[key]
    return feature.float_list.value if feature.float_list.value else feature.bytes_list.value


def test_keyword_unknown_and_silence_labels(tmp_path):
    for word in ("left", "sheila", corpus.SILENCE):
        write_wav(corpus.clip_path(tmp_path, word, "abcd1234", 0), _clip())
    labels = {}
    for word in ("left", "sheila", corpus.SILENCE):
        (example,) = records.record_to_examples(
            str(corpus.clip_path(tmp_path, word, "abcd1234", 0))
        )
        labels[word] = _feature(example, config.LABEL_KEY)[0].decode()
        assert _feature(example, config.SPEAKER_KEY)[0] == b"abcd1234"
        assert len(_feature(example, config.FEATURES_KEY)) == 49 * 40
    assert labels == {"left": "left", "sheila": "_unknown_", "_silence_": "_silence_"}
    # the wake-word label set: "left" is just another word
    (example,) = records.record_to_examples(
        str(corpus.clip_path(tmp_path, "left", "abcd1234", 0)), keywords=["marvin"]
    )
    assert _feature(example, config.LABEL_KEY)[0] == b"_unknown_"


def test_features_equal_the_front_end_after_resampling(tmp_path):
    """Any rate, stereo, 24-bit: decoded, resampled to 16 kHz, padded to 1 s, then log-mel."""
    path = corpus.clip_path(tmp_path, "yes", "abcd1234", 0)
    path.parent.mkdir(parents=True)
    x = _clip(0.7, 48000)
    sf.write(path, np.stack([x, x], 1), 48000, subtype="PCM_24")
    (example,) = records.record_to_examples(str(path))
    got = np.array(_feature(example, config.FEATURES_KEY)).reshape(49, 40)
    assert np.array_equal(got, records.clip_features(str(path)))
    assert got.dtype == np.float64 and np.allclose(got * 128, np.round(got * 128))
    tail = got[-5:]  # the padded end of the clip is digital silence: the floor
    assert np.all(tail == -976 / 128)
    assert frontend.DEFAULT.feature_shape == (49, 40)


def test_held_out_clips_give_no_example(tmp_path):
    write_wav(corpus.clip_path(tmp_path, "yes", "abcd1234", 0), _clip())
    write_wav(corpus.clip_path(tmp_path, "yes", "abcd1234", 1), _clip())
    corpus.write_list(tmp_path, corpus.TESTING_LIST, ["yes/abcd1234_nohash_1.wav"])
    records._held_out.cache_clear()
    assert len(records.record_to_examples(str(tmp_path / "yes" / "abcd1234_nohash_0.wav"))) == 1
    assert records.record_to_examples(str(tmp_path / "yes" / "abcd1234_nohash_1.wav")) == []
    assert (
        len(
            records.record_to_examples(
                str(tmp_path / "yes" / "abcd1234_nohash_1.wav"), skip_lists=[]
            )
        )
        == 1
    )


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("yes/abcd1234_nohash_0.wav", b"", "empty file"),
        ("yes/abcd1234_nohash_1.wav", b"RIFF0000WAVEjunk", "not a readable audio file"),
        ("yes/notes.wav", None, "not named"),
        ("yes/abcd1234_nohash_2.wav", "short", "shorter than 0.1 s"),
        ("_weird_/abcd1234_nohash_3.wav", None, "neither a word"),
    ],
)
def test_bad_files_raise_audio_errors(tmp_path, name, content, message):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if content is None:
        write_wav(path, _clip())
    elif content == "short":
        write_wav(path, _clip(0.05))
    else:
        path.write_bytes(content)
    with pytest.raises(AudioError, match=message):
        records.record_to_examples(str(path))
