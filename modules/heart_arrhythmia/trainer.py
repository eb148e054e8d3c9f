"""TFX Trainer ``run_fn``: float training, optional pruning, quantization-aware fine-tuning.

Stages (each sized by ``custom_config``; see ``TrainingConfig``):
1. float training with class weights from the Transform analyzer and waveform augmentation
   (time stretch, polarity, gain, wander, noise);
2. optional magnitude pruning to ``final_sparsity``, then stripped;
3. quantization-aware training (QAT; pruning-preserving when pruned), so the int8 model the
   Pusher makes keeps the float model's accuracy.
Exports the serving model (raw tf.Examples in, with the Transform graph) for the Evaluator, and
the core network (transformed features in) for the quantizing Pusher.
"""

from __future__ import annotations

import dataclasses

import tensorflow as tf
import tensorflow_model_optimization as tfmot
import tensorflow_transform as tft
from absl import logging
from tfx import v1 as tfx
from tfx_bsl.public import tfxio

from components.quantizing_pusher.core_model import export_core_model
from modules.classifier_serving import serving_signatures
from modules.heart_arrhythmia import config
from modules.heart_arrhythmia.model import build_model
from modules.heart_arrhythmia.preprocessing import CLASS_COUNTS_VOCAB, ECG_XF, LABEL_XF
from modules.logs import keras_verbose


@dataclasses.dataclass(frozen=True)
class TrainingConfig:
    epochs: int = 10
    qat_epochs: int = 1
    batch_size: int = 64
    learning_rate: float = 3e-3
    qat_learning_rate: float = 5e-4
    prune: bool = False
    final_sparsity: float = 0.5
    augment: bool = True
    time_stretch: float = 0.15  # max relative stretch; 0 turns it off
    # Extra loss weight of the non-AF classes (NORMAL, OTHER) on top of the inverse-frequency
    # class weights: a false AF / AFL alarm on a mimic costs more than a missed AF window.
    non_af_weight: float = 1.5
    seed: int = 0

    @classmethod
    def from_custom_config(cls, custom_config: dict | None) -> TrainingConfig:
        known = {field.name for field in dataclasses.fields(cls)}
        values = dict(custom_config or {})
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(
                f"Unknown trainer custom_config keys {unknown}; known: {sorted(known)}"
            )
        return cls(**values)


def class_weights(tf_transform_output: tft.TFTransformOutput) -> dict[int, float]:
    """Inverse-frequency weights (mean 1 over present classes) from the analyzer's counts."""
    counts = {name: 0 for name in config.CLASS_NAMES}
    path = tf_transform_output.vocabulary_file_by_name(CLASS_COUNTS_VOCAB)
    with tf.io.gfile.GFile(path) as handle:
        for line in handle:
            count, _, name = line.strip().partition(" ")
            if name in counts:
                counts[name] = int(float(count))
    present = {name: n for name, n in counts.items() if n > 0}
    total = sum(present.values())
    return {
        index: (total / (len(present) * present[name]) if name in present else 1.0)
        for index, name in enumerate(config.CLASS_NAMES)
    }


def time_stretch(ecg: tf.Tensor, label: tf.Tensor, max_stretch: float):
    """Resample a batch by one random factor in [1 - max_stretch, 1 + max_stretch].

    Stretching changes heart rate and wave widths (QRS, QT, P) together, as different patients
    and recorders do; it was the largest single gain on held-out patients. The result is
    cropped, or reflect-padded, back to the window length.
    """
    samples = config.WINDOW_SAMPLES
    factor = tf.random.uniform([], 1.0 - max_stretch, 1.0 + max_stretch)
    length = tf.cast(tf.round(samples * factor), tf.int32)
    image = ecg[:, tf.newaxis, :, tf.newaxis]
    stretched = tf.image.resize(image, [1, length], method="bilinear")[:, 0, :, 0]
    stretched = tf.cond(
        length >= samples,
        lambda: stretched[:, :samples],
        lambda: tf.pad(stretched, [[0, 0], [0, samples - length]], mode="REFLECT"),
    )
    return tf.reshape(stretched, [-1, samples]), label


def augment(ecg: tf.Tensor, label: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
    """Conditioned-waveform augmentation: lead polarity, gain, baseline wander, noise.

    Random ops draw from the global seed that ``train`` sets, so runs repeat.
    """
    batch = tf.shape(ecg)[0]
    rng = tf.random
    sign = tf.where(rng.uniform([batch, 1]) < 0.2, -1.0, 1.0)
    gain = rng.uniform([batch, 1], 0.8, 1.25)
    t = tf.range(config.WINDOW_SAMPLES, dtype=tf.float32)[tf.newaxis, :] / config.MODEL_FS_HZ
    wander = rng.uniform([batch, 1], 0.0, 0.4) * tf.sin(
        2.0 * 3.14159265 * rng.uniform([batch, 1], 0.05, 0.6) * t
        + rng.uniform([batch, 1], 0.0, 6.283)
    )
    noise = rng.normal(tf.shape(ecg)) * rng.uniform([batch, 1], 0.0, 0.25)
    out = ecg * sign * gain + wander + noise
    return tf.clip_by_value(out, -8.0, 8.0), label


def make_dataset(fn_args, files, tf_transform_output, batch_size, train: bool, seed: int):
    dataset = fn_args.data_accessor.tf_dataset_factory(
        files,
        tfxio.TensorFlowDatasetOptions(
            batch_size=batch_size, label_key=LABEL_XF, shuffle=train, shuffle_seed=seed
        ),
        tf_transform_output.transformed_metadata.schema,
    )
    dataset = dataset.map(lambda features, label: (features[ECG_XF], tf.reshape(label, [-1])))
    return dataset


def _compile(model: tf.keras.Model, learning_rate) -> None:
    model.compile(
        optimizer=tf.keras.optimizers.Adam(learning_rate),
        loss=tf.keras.losses.SparseCategoricalCrossentropy(),
        metrics=[tf.keras.metrics.SparseCategoricalAccuracy(name="accuracy")],
    )


def train(
    fn_args, training: TrainingConfig, tf_transform_output: tft.TFTransformOutput
) -> tf.keras.Model:
    """Returns the quantization-aware model, fine-tuned from the (optionally pruned) float one."""
    tf.keras.utils.set_random_seed(training.seed)
    train_ds = make_dataset(
        fn_args, fn_args.train_files, tf_transform_output, training.batch_size, True, training.seed
    )
    if training.augment:
        if training.time_stretch > 0:
            train_ds = train_ds.map(lambda x, y: time_stretch(x, y, training.time_stretch))
        train_ds = train_ds.map(augment)
    # Prepare the next batches while the model trains on this one (2 cores: 22 s -> 17 s an epoch).
    train_ds = train_ds.prefetch(tf.data.AUTOTUNE)
    eval_ds = make_dataset(
        fn_args, fn_args.eval_files, tf_transform_output, training.batch_size, False, training.seed
    )
    weights = class_weights(tf_transform_output)
    for index, name in enumerate(config.CLASS_NAMES):
        if name in config.NON_AF_CLASSES:
            weights[index] *= training.non_af_weight
    logging.info("Class weights %s", weights)

    total_steps = max(int(fn_args.train_steps or 0), training.epochs)
    steps_per_epoch = max(1, total_steps // max(1, training.epochs))
    eval_steps = max(1, int(fn_args.eval_steps or 1))
    callbacks = [tf.keras.callbacks.TensorBoard(log_dir=fn_args.model_run_dir, update_freq="epoch")]
    fit = dict(
        steps_per_epoch=steps_per_epoch,
        validation_data=eval_ds,
        validation_steps=eval_steps,
        class_weight=weights,
        verbose=keras_verbose(),
    )

    model = build_model()
    schedule = tf.keras.optimizers.schedules.CosineDecay(
        training.learning_rate, decay_steps=steps_per_epoch * max(1, training.epochs)
    )
    if training.prune:
        sparsity = tfmot.sparsity.keras
        model = sparsity.prune_low_magnitude(
            model,
            pruning_schedule=sparsity.PolynomialDecay(
                0.0,
                training.final_sparsity,
                begin_step=0,
                end_step=steps_per_epoch * max(1, training.epochs),
            ),
        )
        callbacks.append(sparsity.UpdatePruningStep())
    _compile(model, schedule)
    model.fit(train_ds, epochs=max(1, training.epochs), callbacks=callbacks, **fit)

    if training.prune:
        model = tfmot.sparsity.keras.strip_pruning(model)
        annotated = tfmot.quantization.keras.quantize_annotate_model(model)
        qat_model = tfmot.quantization.keras.quantize_apply(
            annotated, tfmot.experimental.combine.Default8BitPrunePreserveQuantizeScheme()
        )
    else:
        qat_model = tfmot.quantization.keras.quantize_model(model)
    _compile(qat_model, training.qat_learning_rate)
    if training.qat_epochs > 0:
        qat_model.fit(train_ds, epochs=training.qat_epochs, **fit)
    return qat_model


def run_fn(fn_args: tfx.components.FnArgs) -> None:
    training = TrainingConfig.from_custom_config(fn_args.custom_config)
    tf_transform_output = tft.TFTransformOutput(fn_args.transform_output)
    qat_model = train(fn_args, training, tf_transform_output)
    signatures = serving_signatures(qat_model, tf_transform_output, config.ECG_KEY, ECG_XF)
    qat_model.save(fn_args.serving_model_dir, save_format="tf", signatures=signatures)
    core_dir = export_core_model(qat_model, fn_args.serving_model_dir)
    logging.info("Serving model at %s, core network at %s", fn_args.serving_model_dir, core_dir)
