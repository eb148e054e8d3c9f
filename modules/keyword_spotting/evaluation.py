"""Evaluator (TFMA) configuration: top-1 accuracy threshold and a per-class recall floor.

A model is blessed only if its top-1 accuracy clears ``min_accuracy``, every class's recall
clears ``min_recall`` (a spotter that never says "off" is not blessed for its average), and it
is no worse than the last blessed model (the Resolver's baseline).
"""

from __future__ import annotations

import tensorflow_model_analysis as tfma

from modules.keyword_spotting import config
from modules.keyword_spotting.preprocessing import LABEL_XF

PREDICTION_KEY = "probabilities"


def eval_config(
    min_accuracy: float = 0.85,
    min_recall: float = 0.5,
    max_regression: float = 0.0,
    labels: config.LabelSet = config.DEFAULT_LABELS,
) -> tfma.EvalConfig:
    accuracy_threshold = tfma.MetricThreshold(
        value_threshold=tfma.GenericValueThreshold(lower_bound={"value": min_accuracy}),
        change_threshold=tfma.GenericChangeThreshold(
            direction=tfma.MetricDirection.HIGHER_IS_BETTER,
            absolute={"value": -max_regression - 1e-10},
        ),
    )
    recall_floor = tfma.MetricThreshold(
        value_threshold=tfma.GenericValueThreshold(lower_bound={"value": min_recall})
    )
    class_ids = list(range(len(labels.class_names)))
    return tfma.EvalConfig(
        model_specs=[
            tfma.ModelSpec(
                signature_name="serving_default",
                preprocessing_function_names=["transform_features"],
                label_key=LABEL_XF,
                prediction_key=PREDICTION_KEY,
            )
        ],
        slicing_specs=[tfma.SlicingSpec()],
        metrics_specs=[
            tfma.MetricsSpec(
                metrics=[
                    tfma.MetricConfig(
                        class_name="SparseCategoricalAccuracy", threshold=accuracy_threshold
                    ),
                    tfma.MetricConfig(class_name="ExampleCount"),
                    tfma.MetricConfig(class_name="MultiClassConfusionMatrixPlot"),
                ]
            ),
            tfma.MetricsSpec(
                metrics=[
                    tfma.MetricConfig(class_name="Recall", threshold=recall_floor),
                    tfma.MetricConfig(class_name="Precision"),
                ],
                binarize=tfma.BinarizationOptions(class_ids={"values": class_ids}),
            ),
        ],
    )
