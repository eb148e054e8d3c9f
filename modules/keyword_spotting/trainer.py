"""TFX Trainer ``run_fn``: the shared recipe (``training.py``) on Transform's output.

Exports the serving model (raw tf.Examples in, with the Transform graph) for the Evaluator, and
the core network (log-mel features in) for the quantizing Pusher.
"""

from __future__ import annotations

import tensorflow as tf
import tensorflow_transform as tft
from absl import logging
from tfx import v1 as tfx
from tfx_bsl.public import tfxio

from components.quantizing_pusher.core_model import export_core_model
from modules.classifier_serving import serving_signatures
from modules.keyword_spotting import config, training
from modules.keyword_spotting.preprocessing import CLASS_COUNTS_VOCAB, FEATURES_XF, LABEL_XF
from modules.logs import keras_verbose


def class_counts(tf_transform_output: tft.TFTransformOutput, class_names) -> dict[int, int]:
    counts = dict.fromkeys(range(len(class_names)), 0)
    path = tf_transform_output.vocabulary_file_by_name(CLASS_COUNTS_VOCAB)
    with tf.io.gfile.GFile(path) as handle:
        for line in handle:
            count, _, name = line.strip().partition(" ")
            if name in class_names:
                counts[class_names.index(name)] = int(float(count))
    return counts


def make_dataset(fn_args, files, tf_transform_output, batch_size: int, train: bool, seed: int):
    dataset = fn_args.data_accessor.tf_dataset_factory(
        files,
        tfxio.TensorFlowDatasetOptions(
            batch_size=batch_size, label_key=LABEL_XF, shuffle=train, shuffle_seed=seed
        ),
        tf_transform_output.transformed_metadata.schema,
    )
    return dataset.map(
        lambda features, label: (
            tf.reshape(features[FEATURES_XF], [-1, *config.FEATURE_SHAPE]),
            tf.reshape(label, [-1]),
        )
    )


def run_fn(fn_args: tfx.components.FnArgs) -> None:
    recipe = training.TrainingConfig.from_custom_config(fn_args.custom_config)
    tf_transform_output = tft.TFTransformOutput(fn_args.transform_output)
    names = recipe.labels.class_names
    counts = class_counts(tf_transform_output, names)
    logging.info("Clips per class %s", {names[k]: v for k, v in counts.items()})
    train_ds = make_dataset(
        fn_args, fn_args.train_files, tf_transform_output, recipe.batch_size, True, recipe.seed
    )
    eval_ds = make_dataset(
        fn_args, fn_args.eval_files, tf_transform_output, 256, False, recipe.seed
    ).take(max(1, int(fn_args.eval_steps or 1)))
    total = max(int(fn_args.train_steps or 0), recipe.epochs)
    steps_per_epoch = max(1, total // max(1, recipe.epochs))
    qat_model = training.fit(
        train_ds,
        eval_ds,
        recipe,
        steps_per_epoch,
        training.class_weights(counts, len(names)),
        callbacks=[tf.keras.callbacks.TensorBoard(log_dir=fn_args.model_run_dir)],
        verbose=keras_verbose(),
    )
    signatures = serving_signatures(
        qat_model, tf_transform_output, config.FEATURES_KEY, FEATURES_XF
    )
    qat_model.save(fn_args.serving_model_dir, save_format="tf", signatures=signatures)
    core_dir = export_core_model(qat_model, fn_args.serving_model_dir)
    logging.info("Serving model at %s, core network at %s", fn_args.serving_model_dir, core_dir)
