"""Evaluator (TFMA) configuration: the zoo's classifier gate (top-1 accuracy, per-class recall
floor, no regression against the last blessed model) for this model's label set."""

from __future__ import annotations

from modules.classifier_eval import classifier_eval_config
from modules.keyword_spotting import config
from modules.keyword_spotting.preprocessing import LABEL_XF


def eval_config(
    min_accuracy: float = 0.85,
    min_class_recall: float = config.MIN_CLASS_RECALL,
    labels: config.LabelSet = config.DEFAULT_LABELS,
):
    return classifier_eval_config(
        label_key=LABEL_XF,
        n_classes=len(labels.class_names),
        min_accuracy=min_accuracy,
        min_class_recall=min_class_recall,
    )
