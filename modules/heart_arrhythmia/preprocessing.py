"""TensorFlow Transform ``preprocessing_fn`` for the heart-arrhythmia pipeline.

Per-window signal conditioning lives in ``features`` (shared with predict and firmware). The
full-pass analyzer here counts windows per class; the Trainer turns the counts into class
weights, so a data set with little flutter still trains a flutter detector.
"""

from __future__ import annotations

import tensorflow as tf
import tensorflow_transform as tft

from modules.heart_arrhythmia import config, features

ECG_XF = "ecg_xf"
LABEL_XF = "label_xf"
CLASS_COUNTS_VOCAB = "class_counts"


def transformed_name(key: str) -> str:
    return f"{key}_xf"


def class_ids(labels: tf.Tensor) -> tf.Tensor:
    """Class name (bytes) -> index in ``config.CLASS_NAMES``.

    No in-graph check: at serving time there is no label and TFT feeds an empty one. Unknown
    label values are caught before training by the schema's string domain (ExampleValidator
    -> AnomalyGate).
    """
    names = tf.constant(config.CLASS_NAMES)
    matches = tf.equal(tf.reshape(labels, [-1, 1]), names[tf.newaxis, :])
    return tf.argmax(tf.cast(matches, tf.int64), axis=1)


def preprocessing_fn(inputs: dict[str, tf.Tensor]) -> dict[str, tf.Tensor]:
    ecg = inputs[config.ECG_KEY]
    if isinstance(ecg, tf.SparseTensor):  # schema without a fixed shape
        ecg = tf.sparse.to_dense(ecg)
    ecg = tf.reshape(ecg, [-1, config.WINDOW_SAMPLES])
    outputs = {ECG_XF: features.preprocess_tf(ecg)}

    label = inputs[config.LABEL_KEY]
    if isinstance(label, tf.SparseTensor):
        label = tf.sparse.to_dense(label, default_value=b"")
    label = tf.reshape(label, [-1])
    tft.vocabulary(label, vocab_filename=CLASS_COUNTS_VOCAB, store_frequency=True)
    outputs[LABEL_XF] = class_ids(label)
    return outputs
