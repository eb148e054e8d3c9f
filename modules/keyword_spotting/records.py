"""ExampleGen record function: one WAV clip of a Speech Commands tree -> one tf.Example.

Called by the record-file ExampleGen with the local path of every matched ``*.wav``; any
exception quarantines that file (counted and reported) and the job goes on. The front end runs
here, where the examples are made, so Transform only does what needs full-pass statistics.

Decoding takes any soundfile format (8/16/24/32-bit integer, float, mono or multi-channel, any
rate), resamples to 16 kHz with soxr, and pads or trims to 1 s. The label is the folder's
(:meth:`LabelSet.label_for_folder`); a clip listed in the corpus's ``testing_list.txt`` is held
out (no example), so held-out voices never reach training; the hash split on the speaker id
keeps each voice in one of train / eval. Files in the corpus's material folders
(``_background_noise_``, ``_impulse_responses_``) give no example.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

import numpy as np

from modules.audio import corpus, frontend
from modules.audio.io import AudioError, fit_length, read_audio
from modules.keyword_spotting import config

# Shorter files are refused (a truncated or empty recording, not a short word).
MIN_CLIP_SECONDS = 0.1


@cache
def _held_out(root: str, list_name: str) -> frozenset[str]:
    return frozenset(corpus.read_list(root, list_name))


def clip_features(path: str) -> np.ndarray:
    """A clip file -> float32 [frames, mels] features (decode, resample, fit, log-mel)."""
    audio = read_audio(path, config.SAMPLE_RATE, min_seconds=MIN_CLIP_SECONDS)
    return frontend.features(fit_length(audio.samples, config.CLIP_SAMPLES))


def _bytes_feature(value: str):
    import tensorflow as tf

    return tf.train.Feature(bytes_list=tf.train.BytesList(value=[value.encode()]))


def record_to_examples(
    path: str,
    keywords: list[str] | tuple[str, ...] = config.KEYWORDS,
    skip_lists: list[str] | tuple[str, ...] = (corpus.TESTING_LIST,),
    **_: object,
) -> Iterable:
    """``path``: ``<root>/<word>/<speaker>_nohash_<n>.wav`` -> [tf.Example] (or [] if held out)."""
    import tensorflow as tf

    labels = config.LabelSet(tuple(keywords))
    if Path(path).parent.name in corpus.MATERIAL_DIRS:
        return []  # background noise and impulse responses: corpus material, not clips
    try:
        clip = corpus.parse_clip(path)
    except corpus.CorpusError as error:
        raise AudioError(str(error)) from error
    root = corpus.corpus_root(path)
    relative = Path(path).relative_to(root).as_posix()
    if any(relative in _held_out(str(root), name) for name in skip_lists):
        return []
    try:
        label = labels.label_for_folder(clip.word)
    except ValueError as error:
        raise AudioError(f"{path}: {error}") from error
    log_mel = clip_features(path)
    example = tf.train.Example(
        features=tf.train.Features(
            feature={
                config.FEATURES_KEY: tf.train.Feature(
                    float_list=tf.train.FloatList(value=log_mel.reshape(-1))
                ),
                config.LABEL_KEY: _bytes_feature(label),
                config.SPEAKER_KEY: _bytes_feature(clip.speaker),
                config.WORD_KEY: _bytes_feature(clip.word),
                config.PATH_KEY: _bytes_feature(relative),
            }
        )
    )
    return [example]
