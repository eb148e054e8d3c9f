"""The Evaluator (TFMA) configuration every classifier in the zoo uses: what blesses a model.

A model is blessed only if
- its top-1 accuracy clears ``min_accuracy``,
- every class's recall clears ``min_class_recall`` (a model that never predicts a class, or data
  whose evaluation split lacks one, fails here: TFMA's recall of an absent class is NaN or 0),
- and its accuracy is no worse than the last blessed model's (the baseline the pipeline's
  Resolver finds), so scheduled retraining never ships a regression.
Per-class precision, recall and F1 and the confusion matrix are computed for the UI and reports.
"""

from __future__ import annotations

import tensorflow_model_analysis as tfma

from modules.classifier_serving import PREDICTION_KEY


def classifier_eval_config(
    *,
    label_key: str,
    n_classes: int,
    min_accuracy: float,
    min_class_recall: float,
    max_regression: float = 0.0,
) -> tfma.EvalConfig:
    accuracy_threshold = tfma.MetricThreshold(
        value_threshold=tfma.GenericValueThreshold(lower_bound={"value": min_accuracy}),
        change_threshold=tfma.GenericChangeThreshold(
            direction=tfma.MetricDirection.HIGHER_IS_BETTER,
            absolute={"value": -max_regression - 1e-10},
        ),
    )
    recall_floor = tfma.MetricThreshold(
        value_threshold=tfma.GenericValueThreshold(lower_bound={"value": min_class_recall})
    )
    return tfma.EvalConfig(
        model_specs=[
            tfma.ModelSpec(
                signature_name="serving_default",
                preprocessing_function_names=["transform_features"],
                label_key=label_key,
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
                    tfma.MetricConfig(class_name="Recall", threshold=recall_floor),
                    tfma.MetricConfig(class_name="F1Score"),
                ],
                binarize=tfma.BinarizationOptions(class_ids={"values": list(range(n_classes))}),
            ),
        ],
    )
