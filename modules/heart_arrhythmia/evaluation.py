"""Evaluator (TFMA) configuration: per-class metrics and the blessing thresholds.

A model is blessed only if its accuracy clears ``min_accuracy``, it is no worse than the last
blessed model (the baseline the pipeline's Resolver finds), so scheduled retraining never ships
a regression, and every class's recall (TFMA ``Recall`` binarized per class) clears
``min_class_recall``: a model that never says one of the four classes (e.g. trained on data
that lacks it) is refused, whatever its accuracy.
"""

from __future__ import annotations

import tensorflow_model_analysis as tfma

from modules.heart_arrhythmia import config
from modules.heart_arrhythmia.preprocessing import LABEL_XF

PREDICTION_KEY = "probabilities"


def eval_config(
    min_accuracy: float = 0.8, max_regression: float = 0.0, min_class_recall: float = 0.1
) -> tfma.EvalConfig:
    accuracy_threshold = tfma.MetricThreshold(
        value_threshold=tfma.GenericValueThreshold(lower_bound={"value": min_accuracy}),
        change_threshold=tfma.GenericChangeThreshold(
            direction=tfma.MetricDirection.HIGHER_IS_BETTER,
            absolute={"value": -max_regression - 1e-10},
        ),
    )
    class_ids = list(range(len(config.CLASS_NAMES)))
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
                    tfma.MetricConfig(class_name="Precision"),
                    tfma.MetricConfig(
                        class_name="Recall",
                        threshold=tfma.MetricThreshold(
                            value_threshold=tfma.GenericValueThreshold(
                                lower_bound={"value": min_class_recall}
                            )
                        ),
                    ),
                    tfma.MetricConfig(class_name="F1Score"),
                ],
                binarize=tfma.BinarizationOptions(class_ids={"values": class_ids}),
            ),
        ],
    )
