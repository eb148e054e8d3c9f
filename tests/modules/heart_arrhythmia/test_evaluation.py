"""The Evaluator's blessing rules: accuracy floor, no regression, and a recall floor per class."""

from __future__ import annotations

from modules.heart_arrhythmia import config
from modules.heart_arrhythmia.evaluation import eval_config


def test_recall_is_floored_for_every_class():
    cfg = eval_config(min_accuracy=0.7)
    binarized = [spec for spec in cfg.metrics_specs if spec.HasField("binarize")]
    [spec] = binarized
    assert list(spec.binarize.class_ids.values) == list(range(len(config.CLASS_NAMES)))
    [recall] = [m for m in spec.metrics if m.class_name == "Recall"]
    assert recall.threshold.value_threshold.lower_bound.value == config.MIN_CLASS_RECALL
    assert 0.25 < config.MIN_CLASS_RECALL < 1.0  # above guessing among four classes
    [accuracy] = [
        m
        for s in cfg.metrics_specs
        for m in s.metrics
        if m.class_name == "SparseCategoricalAccuracy"
    ]
    assert accuracy.threshold.value_threshold.lower_bound.value == 0.7
    import tensorflow_model_analysis as tfma

    assert accuracy.threshold.change_threshold.direction == tfma.MetricDirection.HIGHER_IS_BETTER
