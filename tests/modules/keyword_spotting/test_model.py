"""The optional SpecAugment layer (a training knob, off by default): masks only in training,
never ships."""

import numpy as np
import pytest

pytest.importorskip("tensorflow")


def test_spec_augment_masks_in_training_only_and_is_stripped_before_export():
    import tensorflow as tf

    from modules.keyword_spotting import config, training
    from modules.keyword_spotting.model import build_model

    model = build_model(
        config.FEATURE_SHAPE, 12, "dscnn_zoo", spec_augment=True, masks=(2, 6, 2, 6)
    )
    x = tf.constant(
        np.random.default_rng(0).uniform(-2.0, 3.0, (8, *config.FEATURE_SHAPE)), tf.float32
    )
    layer = model.get_layer("spec_augment")
    np.testing.assert_array_equal(layer(x, training=False).numpy(), x.numpy())
    tf.random.set_seed(0)
    masked = layer(x, training=True).numpy()
    changed = masked != x.numpy()
    assert changed.any()
    # masked cells take the clip's floor (its minimum value)
    floors = x.numpy().min(axis=(1, 2), keepdims=True)
    assert np.all(np.isclose(masked, floors) | ~changed)
    assert training.TrainingConfig().spec_augment is False
    stripped = training.strip_augmentation(model)
    assert "spec_augment" not in [layer.name for layer in stripped.layers]
    np.testing.assert_allclose(stripped(x).numpy(), model(x, training=False).numpy(), atol=1e-6)
