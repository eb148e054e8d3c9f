"""The arrhythmia network: a small strided 1-D CNN, written with 2-D layers.

Conv2D with (1, k) kernels on a [1, T, 1] image is what TFLite turns a Conv1D into anyway;
building it this way lets tensorflow-model-optimization's QAT and pruning wrap every layer and
gives CMSIS-NN-friendly CONV_2D / DEPTHWISE_CONV_2D ops. The receptive field reaches ~5 s, so
the last layers see several beats (RR irregularity) as well as P / f / F waves. Width grows
only where activations are short: the first two blocks set the arena (16 KiB budget).
"""

from __future__ import annotations

import tensorflow as tf

from modules.heart_arrhythmia import config

# (filters, kernel, stride) for each block; depthwise-separable after the first.
# Moving statistics must settle within a few hundred steps (small data, short CI runs).
BN_MOMENTUM = 0.9

DEFAULT_BLOCKS: tuple[tuple[int, int, int], ...] = (
    (8, 7, 2),
    (16, 9, 2),
    (32, 9, 2),
    (32, 9, 2),
    (48, 9, 2),
    (64, 9, 2),
)


def build_model(
    blocks: tuple[tuple[int, int, int], ...] = DEFAULT_BLOCKS,
    dropout: float = 0.1,
    num_classes: int = len(config.CLASS_NAMES),
) -> tf.keras.Model:
    layers = tf.keras.layers
    inputs = layers.Input(shape=(config.WINDOW_SAMPLES,), name="ecg_xf")
    x = layers.Reshape((1, config.WINDOW_SAMPLES, 1))(inputs)
    for index, (filters, kernel, stride) in enumerate(blocks):
        if index:
            x = layers.DepthwiseConv2D(
                (1, kernel), strides=(1, stride), padding="same", use_bias=False
            )(x)
            x = layers.BatchNormalization(momentum=BN_MOMENTUM)(x)
            x = layers.ReLU()(x)
            x = layers.Conv2D(filters, 1, use_bias=False)(x)
        else:
            x = layers.Conv2D(
                filters, (1, kernel), strides=(1, stride), padding="same", use_bias=False
            )(x)
        x = layers.BatchNormalization(momentum=BN_MOMENTUM)(x)
        x = layers.ReLU()(x)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dropout(dropout)(x)
    outputs = layers.Dense(num_classes, activation="softmax", name="rhythm")(x)
    return tf.keras.Model(inputs, outputs, name=config.MODEL_NAME)
