"""QuantizingPusher: the Pusher every model in the zoo uses to ship to Apollo4 firmware."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from tfx import types
from tfx.dsl.components.base import base_component, executor_spec
from tfx.types import standard_artifacts

from components.quantizing_pusher import executor


class QuantizingPusher(base_component.BaseComponent):
    """Pushes a blessed model as a verified int8 TFLite + C package for microcontrollers.

    Layout written under ``push_destination``::

        <model_name>/<version>/manifest.json
        <model_name>/<version>/<model_name>_int8.tflite, <model_name>_float.tflite
        <model_name>/<version>/c/<model_name>_model.{h,c}, <model_name>_golden.{h,c}
        <model_name>/<version>/c/<files of firmware_tables_fn>   (when given)
        manifest.json's "firmware" block: firmware_frontend and the tables files
        <model_name>/latest          (text file: the newest version)

    The Trainer must have saved the core model with ``core_model.export_core_model``.
    """

    SPEC_CLASS = executor.QuantizingPusherSpec
    EXECUTOR_SPEC = executor_spec.ExecutorClassSpec(executor.Executor)

    def __init__(
        self,
        model: types.BaseChannel,
        examples: types.BaseChannel,
        model_name: str,
        push_destination: str,
        feature_key: str,
        label_key: str,
        class_names: Sequence[str],
        model_blessing: types.BaseChannel | None = None,
        representative_split: str = "train",
        eval_split: str = "eval",
        num_representative: int = 300,
        max_eval_examples: int = 2000,
        num_golden: int = 16,
        parity_tolerance: int = 0,
        extra_manifest: Mapping[str, Any] | None = None,
        firmware_frontend: str = "",
        firmware_tables_fn: str = "",
    ):
        """Construct a QuantizingPusher.

        Args:
          model: Channel of `Model` from the Trainer (with a ``Format-Core`` SavedModel).
          examples: Channel of *transformed* `Examples` (Transform's output), used for
            int8 calibration, evaluation and golden vectors.
          model_name: Name of the pushed package and prefix of its C symbols.
          push_destination: Base directory; versions go to ``<it>/<model_name>/<version>``.
          feature_key: Transformed feature the core model consumes.
          label_key: Transformed int label (class id); "" for non-classifiers.
          class_names: Class names in output order; empty for non-classifiers.
          model_blessing: Optional `ModelBlessing`; an unblessed model is not pushed.
          representative_split: Split sampled for int8 calibration.
          eval_split: Split sampled for metrics and golden vectors.
          num_representative: Calibration examples.
          max_eval_examples: Cap on evaluation examples.
          num_golden: Golden vectors written to the C package (and parity-checked).
          parity_tolerance: Largest int8 difference accepted between tf.lite and
            tflite-micro outputs. 0 (default) demands bit-exact parity; TFLM's int8 LSTM
            kernel can differ from TFLite's by 1, so LSTM models may need 1. The golden
            outputs are always tflite-micro's.
          extra_manifest: Extra JSON-serializable keys for manifest.json (e.g. sample
            rate, window); they may not redefine the pusher's own keys.
          firmware_frontend: Front end the firmware runs before the model
            (``firmware/frontends/<name>/``, e.g. "ecg"); "" for a model that takes no front
            end. Recorded in the manifest's ``firmware`` block, which every firmware build
            reads to pick the front end's C.
          firmware_tables_fn: Optional "module.function" called as ``fn(c_dir, model_name)``
            that writes the model's tables for that front end (e.g.
            ``<model>_frontend_tables.h``) into the package's ``c/`` directory and returns
            the paths; needs ``firmware_frontend``. The files and the function are recorded
            in the manifest so tooling can find and regenerate them.
        """
        properties = {
            executor.MODEL_NAME_KEY: model_name,
            executor.PUSH_DESTINATION_KEY: push_destination,
            executor.FEATURE_KEY_KEY: feature_key,
            executor.LABEL_KEY_KEY: label_key,
            executor.CLASS_NAMES_KEY: json.dumps(list(class_names)),
            executor.REPRESENTATIVE_SPLIT_KEY: representative_split,
            executor.EVAL_SPLIT_KEY: eval_split,
            executor.NUM_REPRESENTATIVE_KEY: num_representative,
            executor.MAX_EVAL_EXAMPLES_KEY: max_eval_examples,
            executor.NUM_GOLDEN_KEY: num_golden,
            executor.PARITY_TOLERANCE_KEY: parity_tolerance,
            executor.EXTRA_MANIFEST_KEY: json.dumps(dict(extra_manifest or {}), sort_keys=True),
            executor.FIRMWARE_FRONTEND_KEY: firmware_frontend,
            executor.FIRMWARE_TABLES_FN_KEY: firmware_tables_fn,
        }
        executor.validate_properties(properties)
        spec = executor.QuantizingPusherSpec(
            model=model,
            model_blessing=model_blessing,
            examples=examples,
            pushed_model=types.Channel(type=standard_artifacts.PushedModel),
            **properties,
        )
        super().__init__(spec=spec)
