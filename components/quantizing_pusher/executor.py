"""QuantizingPusher spec and executor: the TFX glue around ``builder.build``.

Reuses tfx's Pusher executor for what must behave exactly like the standard Pusher
(blessing check, ``pushed``/``pushed_destination``/``pushed_version`` properties), and
only replaces what is pushed: an int8 microcontroller package instead of a SavedModel.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from typing import Any

from absl import logging
from tfx import types
from tfx.components.pusher import executor as tfx_pusher_executor
from tfx.dsl.io import fileio
from tfx.types import artifact_utils, standard_artifacts, standard_component_specs
from tfx.types.component_spec import ChannelParameter, ComponentSpec, ExecutionParameter
from tfx.types.system_executions import Deploy
from tfx.utils import io_utils

from components.quantizing_pusher import builder, core_model, data, firmware_tables, publishing

# Artifact keys shared with tfx's Pusher, so CheckBlessing and tooling work unchanged.
MODEL_KEY = standard_component_specs.MODEL_KEY
MODEL_BLESSING_KEY = standard_component_specs.MODEL_BLESSING_KEY
EXAMPLES_KEY = standard_component_specs.EXAMPLES_KEY
PUSHED_MODEL_KEY = standard_component_specs.PUSHED_MODEL_KEY

MODEL_NAME_KEY = "model_name"
PUSH_DESTINATION_KEY = "push_destination"
FEATURE_KEY_KEY = "feature_key"
LABEL_KEY_KEY = "label_key"
CLASS_NAMES_KEY = "class_names"
REPRESENTATIVE_SPLIT_KEY = "representative_split"
EVAL_SPLIT_KEY = "eval_split"
NUM_REPRESENTATIVE_KEY = "num_representative"
MAX_EVAL_EXAMPLES_KEY = "max_eval_examples"
NUM_GOLDEN_KEY = "num_golden"
PARITY_TOLERANCE_KEY = "parity_tolerance"
EXTRA_MANIFEST_KEY = "extra_manifest"
FIRMWARE_FRONTEND_KEY = "firmware_frontend"
FIRMWARE_TABLES_FN_KEY = "firmware_tables_fn"

DEFAULTS: dict[str, Any] = {
    REPRESENTATIVE_SPLIT_KEY: "train",
    EVAL_SPLIT_KEY: "eval",
    NUM_REPRESENTATIVE_KEY: 300,
    MAX_EVAL_EXAMPLES_KEY: 2000,
    NUM_GOLDEN_KEY: 16,
    PARITY_TOLERANCE_KEY: 0,
}


class QuantizingPusherSpec(ComponentSpec):
    """Inputs: trained model (+ blessing) and the transformed examples it trained on."""

    PARAMETERS = {
        MODEL_NAME_KEY: ExecutionParameter(type=str),
        PUSH_DESTINATION_KEY: ExecutionParameter(type=str),
        FEATURE_KEY_KEY: ExecutionParameter(type=str),
        LABEL_KEY_KEY: ExecutionParameter(type=str),
        CLASS_NAMES_KEY: ExecutionParameter(type=str),  # JSON list of str
        REPRESENTATIVE_SPLIT_KEY: ExecutionParameter(type=str, optional=True),
        EVAL_SPLIT_KEY: ExecutionParameter(type=str, optional=True),
        NUM_REPRESENTATIVE_KEY: ExecutionParameter(type=int, optional=True),
        MAX_EVAL_EXAMPLES_KEY: ExecutionParameter(type=int, optional=True),
        NUM_GOLDEN_KEY: ExecutionParameter(type=int, optional=True),
        PARITY_TOLERANCE_KEY: ExecutionParameter(type=int, optional=True),
        EXTRA_MANIFEST_KEY: ExecutionParameter(type=str, optional=True),  # JSON object
        FIRMWARE_FRONTEND_KEY: ExecutionParameter(type=str, optional=True),  # "" = none
        FIRMWARE_TABLES_FN_KEY: ExecutionParameter(type=str, optional=True),  # "module.function"
    }
    INPUTS = {
        MODEL_KEY: ChannelParameter(type=standard_artifacts.Model),
        MODEL_BLESSING_KEY: ChannelParameter(type=standard_artifacts.ModelBlessing, optional=True),
        EXAMPLES_KEY: ChannelParameter(type=standard_artifacts.Examples),
    }
    OUTPUTS = {
        PUSHED_MODEL_KEY: ChannelParameter(type=standard_artifacts.PushedModel),
    }
    TYPE_ANNOTATION = Deploy


def _get(exec_properties: dict[str, Any], key: str) -> Any:
    value = exec_properties.get(key)
    return DEFAULTS.get(key) if value is None else value


def _json_property(exec_properties: dict[str, Any], key: str, kind: type, default: Any) -> Any:
    raw = exec_properties.get(key)
    if raw is None or raw == "":
        return default
    value = json.loads(raw) if isinstance(raw, str) else raw
    if not isinstance(value, kind):
        raise ValueError(f"{key} must be a JSON {kind.__name__}, got {raw!r}")
    return value


def parse_class_names(exec_properties: dict[str, Any]) -> list[str]:
    names = _json_property(exec_properties, CLASS_NAMES_KEY, list, [])
    if not all(isinstance(name, str) and name for name in names):
        raise ValueError(f"class_names must be non-empty strings, got {names!r}")
    if len(set(names)) != len(names):
        raise ValueError(f"class_names has duplicates: {names!r}")
    return names


def parse_extra_manifest(exec_properties: dict[str, Any]) -> dict:
    extra = _json_property(exec_properties, EXTRA_MANIFEST_KEY, dict, {})
    clashes = sorted(set(extra) & builder.MANIFEST_KEYS)
    if clashes:
        raise ValueError(f"extra_manifest must not redefine pusher keys {clashes}")
    return extra


def validate_properties(exec_properties: dict[str, Any]) -> None:
    """Fail at pipeline construction (and again at run time) on unusable properties."""
    name = exec_properties.get(MODEL_NAME_KEY)
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", name):
        raise ValueError(f"model_name must be a plain file/C-friendly name, got {name!r}")
    for key in (PUSH_DESTINATION_KEY, FEATURE_KEY_KEY):
        if not exec_properties.get(key):
            raise ValueError(f"{key} is required")
    class_names = parse_class_names(exec_properties)
    if class_names and not exec_properties.get(LABEL_KEY_KEY):
        raise ValueError("label_key is required when class_names are given")
    parse_extra_manifest(exec_properties)
    firmware_tables.check_declaration(
        exec_properties.get(FIRMWARE_FRONTEND_KEY) or "",
        exec_properties.get(FIRMWARE_TABLES_FN_KEY) or "",
    )
    for key in (NUM_REPRESENTATIVE_KEY, MAX_EVAL_EXAMPLES_KEY, NUM_GOLDEN_KEY):
        if int(_get(exec_properties, key)) <= 0:
            raise ValueError(f"{key} must be positive")
    if int(_get(exec_properties, PARITY_TOLERANCE_KEY)) < 0:
        raise ValueError("parity_tolerance must be >= 0")


class Executor(tfx_pusher_executor.Executor):
    """Converts, verifies and publishes the int8 package when the model is blessed."""

    def _pipeline_info(self, model: types.Artifact, examples: types.Artifact) -> dict:
        context = self._context
        pipeline_info = context.pipeline_info if context else None
        return {
            "pipeline_name": pipeline_info.id if pipeline_info and pipeline_info.id else None,
            "pipeline_run_id": context.pipeline_run_id if context else None,
            "model_artifact_uri": model.uri,
            "examples_artifact_uri": examples.uri,
        }

    def Do(  # noqa: N802 (TFX API name)
        self,
        input_dict: dict[str, list[types.Artifact]],
        output_dict: dict[str, list[types.Artifact]],
        exec_properties: dict[str, Any],
    ) -> None:
        self._log_startup(input_dict, output_dict, exec_properties)
        model_push = artifact_utils.get_single_instance(output_dict[PUSHED_MODEL_KEY])
        if not self.CheckBlessing(input_dict):
            self._MarkNotPushed(model_push)
            return

        validate_properties(exec_properties)
        model = artifact_utils.get_single_instance(input_dict[MODEL_KEY])
        examples = artifact_utils.get_single_instance(input_dict[EXAMPLES_KEY])
        model_name = exec_properties[MODEL_NAME_KEY]
        destination = exec_properties[PUSH_DESTINATION_KEY]
        class_names = parse_class_names(exec_properties)
        extra = parse_extra_manifest(exec_properties)
        rep_split = _get(exec_properties, REPRESENTATIVE_SPLIT_KEY)
        eval_split = _get(exec_properties, EVAL_SPLIT_KEY)

        core_dir = core_model.core_model_path(model.uri)
        if not fileio.exists(os.path.join(core_dir, "saved_model.pb")):
            raise FileNotFoundError(
                f"no core model at {core_dir}: the Trainer must call "
                "components.quantizing_pusher.core_model.export_core_model"
            )

        version = publishing.new_version(destination, model_name)
        with tempfile.TemporaryDirectory(prefix="quantizing-pusher-") as tmp:
            spec = builder.BuildSpec(
                core_dir=core_dir,
                out_dir=os.path.join(tmp, version),
                model_name=model_name,
                version=version,
                feature_key=exec_properties[FEATURE_KEY_KEY],
                label_key=exec_properties.get(LABEL_KEY_KEY) or "",
                class_names=class_names,
                representative_files=data.split_files(examples, rep_split),
                eval_files=data.split_files(examples, eval_split),
                representative_split=rep_split,
                eval_split=eval_split,
                num_representative=int(_get(exec_properties, NUM_REPRESENTATIVE_KEY)),
                max_eval_examples=int(_get(exec_properties, MAX_EVAL_EXAMPLES_KEY)),
                num_golden=int(_get(exec_properties, NUM_GOLDEN_KEY)),
                parity_tolerance=int(_get(exec_properties, PARITY_TOLERANCE_KEY)),
                provenance={
                    "pipeline": self._pipeline_info(model, examples),
                    "data_fingerprint": data.fingerprint(examples, [rep_split, eval_split]),
                },
                extra_manifest=extra,
                firmware_frontend=exec_properties.get(FIRMWARE_FRONTEND_KEY) or "",
                firmware_tables_fn=exec_properties.get(FIRMWARE_TABLES_FN_KEY) or "",
            )
            builder.build(spec)
            pushed_dir = publishing.publish(spec.out_dir, destination, model_name, version)

        # Like tfx's Pusher: archive what was pushed under the PushedModel artifact too.
        io_utils.copy_dir(pushed_dir, model_push.uri)
        self._MarkPushed(model_push, pushed_destination=pushed_dir, pushed_version=version)
        logging.info("Pushed %s version %s to %s", model_name, version, pushed_dir)
