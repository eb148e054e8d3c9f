"""Pure-numpy metrics, so the numbers in the manifest depend on nothing but the arrays.

Classification metrics follow scikit-learn's conventions (rows of the confusion matrix are
true classes; precision/recall/F1 of a class with no predictions/support are 0).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, num_classes: int) -> np.ndarray:
    y_true = np.asarray(y_true, dtype=np.int64).ravel()
    y_pred = np.asarray(y_pred, dtype=np.int64).ravel()
    if y_true.shape != y_pred.shape:
        raise ValueError(f"{y_true.shape[0]} labels vs {y_pred.shape[0]} predictions")
    for name, values in (("label", y_true), ("prediction", y_pred)):
        if values.size and (values.min() < 0 or values.max() >= num_classes):
            raise ValueError(f"{name} outside [0, {num_classes}): {values.min()}..{values.max()}")
    matrix = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(matrix, (y_true, y_pred), 1)
    return matrix


def _safe_div(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    num = np.asarray(num, dtype=np.float64)
    den = np.asarray(den, dtype=np.float64)
    return np.divide(num, den, out=np.zeros_like(num), where=den > 0)


def classification_metrics(
    y_true: np.ndarray, y_pred: np.ndarray, class_names: Sequence[str]
) -> dict:
    """Accuracy, per-class precision/recall/F1/support, macro F1 and the confusion matrix."""
    matrix = confusion_matrix(y_true, y_pred, len(class_names))
    true_pos = np.diag(matrix)
    support = matrix.sum(axis=1)
    predicted = matrix.sum(axis=0)
    precision = _safe_div(true_pos, predicted)
    recall = _safe_div(true_pos, support)
    f1 = _safe_div(2 * precision * recall, precision + recall)
    total = int(matrix.sum())
    return {
        "examples": total,
        "accuracy": float(true_pos.sum() / total) if total else 0.0,
        "macro_f1": float(f1.mean()) if len(f1) else 0.0,
        "per_class": {
            name: {
                "precision": float(precision[i]),
                "recall": float(recall[i]),
                "f1": float(f1[i]),
                "support": int(support[i]),
            }
            for i, name in enumerate(class_names)
        },
        "confusion_matrix": matrix.tolist(),
    }


def output_agreement(float_out: np.ndarray, int8_out: np.ndarray) -> dict:
    """How far the dequantized int8 outputs are from the float outputs (any model type)."""
    a = np.asarray(float_out, dtype=np.float64).reshape(len(float_out), -1)
    b = np.asarray(int8_out, dtype=np.float64).reshape(len(int8_out), -1)
    diff = a - b
    result = {
        "examples": int(len(a)),
        "rmse": float(np.sqrt(np.mean(diff**2))) if diff.size else 0.0,
        "max_abs_error": float(np.max(np.abs(diff))) if diff.size else 0.0,
    }
    if a.shape[1] > 1:
        result["argmax_agreement"] = float(np.mean(a.argmax(axis=1) == b.argmax(axis=1)))
    return result
