"""The serving signatures every classifier in the zoo exports (Trainer -> Evaluator, serving).

- ``serving_default``: raw serialized tf.Examples -> ``{prediction_key: class probabilities}``;
- ``transform_features``: raw serialized tf.Examples -> Transform's outputs (TFMA reads the
  transformed label from them; ``modules/classifier_eval.py`` names it).
"""

from __future__ import annotations

import tensorflow as tf
import tensorflow_transform as tft

PREDICTION_KEY = "probabilities"


def serving_signatures(
    model: tf.keras.Model,
    tf_transform_output: tft.TFTransformOutput,
    raw_feature_key: str,
    transformed_feature_key: str,
) -> dict:
    model.tft_layer = tf_transform_output.transform_features_layer()
    raw_spec = tf_transform_output.raw_feature_spec()
    serving_spec = {raw_feature_key: raw_spec[raw_feature_key]}

    @tf.function(input_signature=[tf.TensorSpec([None], tf.string, name="examples")])
    def serve_tf_examples_fn(serialized):
        parsed = tf.io.parse_example(serialized, serving_spec)
        transformed = model.tft_layer(parsed)
        return {PREDICTION_KEY: model(transformed[transformed_feature_key])}

    @tf.function(input_signature=[tf.TensorSpec([None], tf.string, name="examples")])
    def transform_features_fn(serialized):
        parsed = tf.io.parse_example(serialized, raw_spec)
        return model.tft_layer(parsed)

    return {
        "serving_default": serve_tf_examples_fn.get_concrete_function(),
        "transform_features": transform_features_fn.get_concrete_function(),
    }
