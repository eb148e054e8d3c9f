"""The heart model's Evaluator (TFMA) configuration: the zoo's classifier gate with its classes.

Blessed only if accuracy clears ``min_accuracy``, every rhythm class's recall clears
``config.MIN_CLASS_RECALL``, and it is no worse than the last blessed model
(``modules/classifier_eval.py``).
"""

from __future__ import annotations

import tensorflow_model_analysis as tfma

from modules.classifier_eval import classifier_eval_config
from modules.heart_arrhythmia import config
from modules.heart_arrhythmia.preprocessing import LABEL_XF


def eval_config(min_accuracy: float = 0.8, max_regression: float = 0.0) -> tfma.EvalConfig:
    return classifier_eval_config(
        label_key=LABEL_XF,
        n_classes=len(config.CLASS_NAMES),
        min_accuracy=min_accuracy,
        min_class_recall=config.MIN_CLASS_RECALL,
        max_regression=max_regression,
    )
