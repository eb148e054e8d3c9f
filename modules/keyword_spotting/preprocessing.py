"""TensorFlow Transform ``preprocessing_fn`` for the keyword spotter.

The log-mel features are computed by the record function (the integer front end, where the
examples are made), so Transform only reshapes them and does what needs a full pass over the
data: it counts clips per class, which the Trainer turns into class weights. The label set comes
from the Transform's ``custom_config`` (``{"keywords": [...]}``), so the wake-word variant uses
the same function.
"""

from __future__ import annotations

import tensorflow as tf
import tensorflow_transform as tft

from modules.keyword_spotting import config

FEATURES_XF = "log_mel_xf"
LABEL_XF = "label_xf"
CLASS_COUNTS_VOCAB = "class_counts"


def class_ids(labels: tf.Tensor, class_names: tuple[str, ...]) -> tf.Tensor:
    """Class name (bytes) -> index in ``class_names``.

    No in-graph check: at serving time TFT feeds an empty label. A label outside the set is
    caught before training by the curated schema's string domain (ExampleValidator ->
    AnomalyGate).
    """
    names = tf.constant(class_names)
    matches = tf.equal(tf.reshape(labels, [-1, 1]), names[tf.newaxis, :])
    return tf.argmax(tf.cast(matches, tf.int64), axis=1)


def _dense(value: tf.Tensor | tf.SparseTensor, default) -> tf.Tensor:
    if isinstance(value, tf.SparseTensor):
        return tf.sparse.to_dense(value, default_value=default)
    return value


def preprocessing_fn(inputs: dict, custom_config: dict | None = None) -> dict:
    labels = config.LabelSet(tuple((custom_config or {}).get("keywords", config.KEYWORDS)))
    features = _dense(inputs[config.FEATURES_KEY], 0.0)
    outputs = {FEATURES_XF: tf.reshape(features, [-1, *config.FEATURE_SHAPE])}
    label = tf.reshape(_dense(inputs[config.LABEL_KEY], b""), [-1])
    tft.vocabulary(label, vocab_filename=CLASS_COUNTS_VOCAB, store_frequency=True)
    outputs[LABEL_XF] = class_ids(label, labels.class_names)
    return outputs
