"""The Evaluator's blessing rules every classifier gets from the factory: accuracy floor, no
regression against the last blessed model, and a recall floor for every class."""

from __future__ import annotations

import pytest
import tensorflow_model_analysis as tfma

from modules.classifier_serving import PREDICTION_KEY
from modules.registry import MODELS


@pytest.mark.parametrize("model", sorted(MODELS))
def test_every_class_has_a_recall_floor_and_accuracy_may_not_regress(model):
    pipeline = MODELS[model].load("pipeline").PIPELINE
    cfg = pipeline.evaluation(min_accuracy=0.7, min_class_recall=0.4)
    [spec] = cfg.model_specs
    assert spec.label_key == pipeline.push.label_key and spec.prediction_key == PREDICTION_KEY
    [binarized] = [s for s in cfg.metrics_specs if s.HasField("binarize")]
    assert list(binarized.binarize.class_ids.values) == list(range(len(pipeline.push.class_names)))
    [recall] = [m for m in binarized.metrics if m.class_name == "Recall"]
    assert recall.threshold.value_threshold.lower_bound.value == 0.4
    [accuracy] = [
        m
        for s in cfg.metrics_specs
        for m in s.metrics
        if m.class_name == "SparseCategoricalAccuracy"
    ]
    assert accuracy.threshold.value_threshold.lower_bound.value == 0.7
    assert accuracy.threshold.change_threshold.direction == tfma.MetricDirection.HIGHER_IS_BETTER
    # The model's own floor lies above guessing among its classes.
    assert 1 / len(pipeline.push.class_names) < pipeline.min_class_recall < 1.0
