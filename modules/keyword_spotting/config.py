"""The keyword spotter's data contract: label set, clip length, feature keys.

The label set is a setting (:class:`LabelSet`), not a constant: the 12-class default and the
wake-word variant (``marvin``) train through the same pipeline. Every stage (corpus, ExampleGen
record function, Transform, Trainer, Pusher, predict) reads the label set it is given, so the
class order cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from modules.audio import corpus
from modules.audio.frontend import DEFAULT as FRONTEND

MODEL_NAME = "keyword_spotting"
SAMPLE_RATE = FRONTEND.sample_rate
CLIP_SAMPLES = FRONTEND.clip_samples
FEATURE_SHAPE = FRONTEND.feature_shape  # (frames, mel bands)

KEYWORDS = ("yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go")
SILENCE = corpus.SILENCE
UNKNOWN = corpus.UNKNOWN


@dataclass(frozen=True)
class LabelSet:
    """Output classes: ``_silence_``, ``_unknown_``, then the keywords (model output order)."""

    keywords: tuple[str, ...] = KEYWORDS

    @property
    def class_names(self) -> tuple[str, ...]:
        return (SILENCE, UNKNOWN, *self.keywords)

    def label_for_folder(self, word: str) -> str:
        """A corpus folder's class: a keyword, ``_silence_``, or ``_unknown_`` for any other
        spoken word (Speech Commands' convention)."""
        if word in self.keywords or word in (SILENCE, UNKNOWN):
            return word
        if not word or word.startswith("_") or not word.replace("'", "").isalpha():
            raise ValueError(f"folder {word!r} is neither a word nor one of {self.class_names}")
        return UNKNOWN


DEFAULT_LABELS = LabelSet()
# The Evaluator's per-class recall floor: a spotter that never says one keyword is not blessed.
MIN_CLASS_RECALL = 0.3
WAKE_WORD_LABELS = LabelSet(keywords=("marvin",))

# tf.Example feature keys written by the record function.
FEATURES_KEY = "log_mel"  # float [frames * mels], q8.7 log-mel / 128
LABEL_KEY = "label"
SPEAKER_KEY = "speaker_id"  # the hash-split key: no speaker (voice) in two splits
WORD_KEY = "word"
PATH_KEY = "clip"
