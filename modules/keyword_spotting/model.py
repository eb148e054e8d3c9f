"""Networks: the zoo's small DS-CNN and MLPerf Tiny's DS-CNN reference, on [frames, mels] log-mel.

``dscnn_zoo`` is sized for Apollo4 budgets (int8 <= 24 KB, arena <= 32 KiB): a 10x4 stride-2
stem, then depthwise-separable blocks whose first one also halves the mel axis, so no two
large activations are alive at once. ``dscnn_mlperf`` is MLPerf Tiny's keyword-spotting
reference (DS-CNN-S: 64 channels, four depthwise-separable blocks) kept as the size/accuracy
yardstick; both train through the same Trainer on the same features.

SpecAugment (time and mel-band masks) and a random time shift are layers active only in
training, so the exported core network holds none of them.
"""

from __future__ import annotations

import tensorflow as tf

ARCHITECTURES = ("dscnn_zoo", "dscnn_mlperf")


class SpecAugment(tf.keras.layers.Layer):
    """Zero random time spans and mel bands (Park et al., 2019) during training only."""

    def __init__(self, time_masks=2, time_width=8, freq_masks=2, freq_width=6, **kwargs):
        super().__init__(**kwargs)
        self.time_masks, self.time_width = time_masks, time_width
        self.freq_masks, self.freq_width = freq_masks, freq_width

    def _masks(self, batch, length, count, width):
        positions = tf.range(length)[tf.newaxis, tf.newaxis, :]
        widths = tf.random.uniform([batch, count, 1], 0, width + 1, tf.int32)
        starts = tf.random.uniform([batch, count, 1], 0, length, tf.int32)
        hit = (positions >= starts) & (positions < starts + widths)
        return tf.reduce_any(hit, axis=1)  # [batch, length]

    def call(self, x, training=None):
        if not training:
            return x
        batch, frames, mels = tf.shape(x)[0], tf.shape(x)[1], tf.shape(x)[2]
        time = self._masks(batch, frames, self.time_masks, self.time_width)
        freq = self._masks(batch, mels, self.freq_masks, self.freq_width)
        keep = ~(time[:, :, tf.newaxis] | freq[:, tf.newaxis, :])
        floor = tf.reduce_min(x, axis=[1, 2], keepdims=True)
        return tf.where(keep[..., tf.newaxis] if x.shape.rank == 4 else keep, x, floor)

    def get_config(self):
        return {
            **super().get_config(),
            "time_masks": self.time_masks,
            "time_width": self.time_width,
            "freq_masks": self.freq_masks,
            "freq_width": self.freq_width,
        }


def _ds_block(x, channels: int, strides=(1, 1), dropout: float = 0.0, n: int = 0):
    # Short layer names: every int8 tensor carries its op names in the flatbuffer (Keras'
    # defaults cost ~2.7 KB of a 24 KB budget).
    layers = tf.keras.layers
    x = layers.DepthwiseConv2D(3, strides=strides, padding="same", use_bias=False, name=f"d{n}")(x)
    x = layers.BatchNormalization(name=f"d{n}n")(x)
    x = layers.ReLU(name=f"d{n}r")(x)
    x = layers.Conv2D(channels, 1, use_bias=False, name=f"p{n}")(x)
    x = layers.BatchNormalization(name=f"p{n}n")(x)
    x = layers.ReLU(name=f"p{n}r")(x)
    if dropout:
        x = layers.Dropout(dropout, name=f"p{n}o")(x)
    return x


def build_model(
    input_shape: tuple[int, int],
    n_classes: int,
    architecture: str = "dscnn_zoo",
    channels: int = 32,
    blocks: int = 4,
    block_channels: int = 0,
    dropout: float = 0.1,
    spec_augment: bool = True,
    masks: tuple[int, int, int, int] = (1, 4, 2, 4),
) -> tf.keras.Model:
    """Input ``[batch, frames, mels]`` float features, output class probabilities."""
    layers = tf.keras.layers
    if architecture == "dscnn_mlperf":
        channels, blocks, dropout = 64, 4, 0.2
    elif architecture != "dscnn_zoo":
        raise ValueError(f"unknown architecture {architecture!r}; known: {ARCHITECTURES}")
    inputs = tf.keras.Input(shape=input_shape, name="log_mel")
    x = inputs
    if spec_augment:
        x = SpecAugment(*masks, name="spec_augment")(x)
    x = layers.Reshape((*input_shape, 1), name="r")(x)
    x = layers.Conv2D(channels, (10, 4), strides=(2, 2), padding="same", use_bias=False, name="c")(
        x
    )
    x = layers.BatchNormalization(name="cn")(x)
    x = layers.ReLU(name="cr")(x)
    # dscnn_zoo: the blocks may be wider than the stem (the stem's output is the arena's
    # largest activation, the blocks' weights are the model's bytes)
    block_channels = block_channels or channels
    if architecture == "dscnn_mlperf":
        block_channels = channels
    for block in range(blocks):
        # dscnn_zoo halves the mel axis in its first block: the stem's output is the largest
        # activation, and the next one is half its size (arena budget).
        strides = (1, 2) if architecture == "dscnn_zoo" and block == 0 else (1, 1)
        x = _ds_block(
            x, block_channels, strides, dropout if architecture == "dscnn_mlperf" else 0.0, n=block
        )
    x = layers.GlobalAveragePooling2D(name="g")(x)
    if dropout:
        x = layers.Dropout(dropout if architecture == "dscnn_zoo" else 0.4, name="o")(x)
    outputs = layers.Dense(n_classes, activation="softmax", name="probabilities")(x)
    return tf.keras.Model(inputs, outputs, name=architecture)
