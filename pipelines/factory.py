"""The zoo's standard TFX pipeline, built once from a model's settings.

    RecordFileExampleGen -> StatisticsGen -> ImportSchemaGen (curated schema) -> ExampleValidator
    -> AnomalyGate -> Transform -> Trainer -> Resolver (latest blessed model) -> Evaluator
    -> QuantizingPusher [-> NeuralspotBuild]

A model's pipeline module (``pipelines/<model>.py``) states only what differs, as a
:class:`ModelPipeline`: which files its records are and how they become examples, the split key,
its module functions, its Evaluator config and what the Pusher writes. Everything else (spans,
retraining against the last blessed model, Beam arguments, the firmware build step) is here.

With ``spans=True`` each run reads only the newest ``span-<N>/`` directory of the data root, and
the Evaluator compares the new model with the last blessed one (the Resolver's baseline): a model
that is not better never reaches the Pusher. That is scheduled retraining in TFX's own terms.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from tfx import v1 as tfx
from tfx.proto import example_gen_pb2

from components.anomaly_gate import AnomalyGate
from components.neuralspot_build import neuralspot_build
from components.quantizing_pusher.component import QuantizingPusher
from components.record_file_example_gen import (
    RecordFileExampleGen,
    split_output_config,
)
from modules.classifier_eval import classifier_eval_config
from modules.spec import ModelSpec
from pipelines import spans as data_spans

# The checkout this module runs from: curated schema files are found below it. A Kubeflow
# compile passes the project's path inside the pipeline image instead.
PROJECT_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class RecordFiles:
    """Which files of the data tree are records and how each becomes tf.Examples."""

    file_pattern: str  # file-name glob, searched recursively: "*.hea", "*.wav"
    record_fn: str  # "package.module.function": (path, **record_fn_kwargs) -> tf.Examples
    split_feature: str  # examples sharing its value land in one split (patient, speaker)
    hash_buckets: Mapping[str, int] = field(default_factory=lambda: {"train": 4, "eval": 1})
    record_fn_kwargs: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PushSettings:
    """What the QuantizingPusher packages (see its constructor for each field)."""

    feature_key: str
    label_key: str
    class_names: tuple[str, ...]
    extra_manifest: Mapping[str, Any] = field(default_factory=dict)
    firmware_tables_fn: str = ""


@dataclass(frozen=True)
class ModelPipeline:
    """Everything about one model's pipeline that is not the standard DAG."""

    spec: ModelSpec
    records: RecordFiles
    schema_file: str  # curated schema, relative to the project root
    label_feature: str  # raw label feature: each value of its schema domain must have examples
    preprocessing_fn: str  # "package.module.function"
    run_fn: str  # "package.module.function"
    push: PushSettings
    train_steps: int = 1000
    eval_steps: int = 10
    # The Evaluator's blessing floors (modules/classifier_eval.py): top-1 accuracy and the recall
    # of every class; the model must also be no worse than the last blessed one.
    min_accuracy: float = 0.8
    min_class_recall: float = 0.3
    # A model that is not a classifier names its own: (min_accuracy, min_class_recall) -> config.
    eval_config: Callable[..., Any] | None = None

    def evaluation(self, min_accuracy: float, min_class_recall: float):
        """The Evaluator's config: the model's own, or the zoo's classifier gate."""
        if self.eval_config is not None:
            return self.eval_config(min_accuracy, min_class_recall)
        return classifier_eval_config(
            label_key=self.push.label_key,
            n_classes=len(self.push.class_names),
            min_accuracy=min_accuracy,
            min_class_recall=min_class_recall,
        )

    @property
    def name(self) -> str:
        return self.spec.cli_name

    def data_components(
        self,
        data_root: str | tfx.dsl.experimental.RuntimeParameter,
        spans: bool = False,
        project_root: str | Path = PROJECT_ROOT,
    ) -> DataComponents:
        """The data half of the pipeline, up to Transform (also what beam_scaling.py times)."""
        split_pattern = f"{data_spans.SPAN_DIR}/*" if spans else "*"
        example_gen = RecordFileExampleGen(
            input_base=data_root,
            file_pattern=self.records.file_pattern,
            record_fn=self.records.record_fn,
            record_fn_kwargs=dict(self.records.record_fn_kwargs),
            input_config=example_gen_pb2.Input(
                splits=[example_gen_pb2.Input.Split(name="records", pattern=split_pattern)]
            ),
            output_config=split_output_config(
                self.records.split_feature, dict(self.records.hash_buckets)
            ),
            range_config=data_spans.latest_span() if spans else None,
        )
        statistics_gen = tfx.components.StatisticsGen(examples=example_gen.outputs["examples"])
        schema_gen = tfx.components.ImportSchemaGen(
            schema_file=str(Path(project_root) / self.schema_file)
        )
        example_validator = tfx.components.ExampleValidator(
            statistics=statistics_gen.outputs["statistics"], schema=schema_gen.outputs["schema"]
        )
        anomaly_gate = AnomalyGate(
            anomalies=example_validator.outputs["anomalies"],
            statistics=statistics_gen.outputs["statistics"],
            schema=schema_gen.outputs["schema"],
            label_feature=self.label_feature,
        )
        transform = tfx.components.Transform(
            examples=example_gen.outputs["examples"],
            schema=schema_gen.outputs["schema"],
            preprocessing_fn=self.preprocessing_fn,
            # StatisticsGen and ExampleValidator already describe and check the raw data;
            # Transform's own pre/post-transform statistics took ~30% of its time.
            disable_statistics=True,
        )
        transform.add_upstream_node(anomaly_gate)
        return DataComponents(
            example_gen, statistics_gen, schema_gen, example_validator, anomaly_gate, transform
        )

    def create_pipeline(
        self,
        *,
        pipeline_root: str,
        data_root: str | tfx.dsl.experimental.RuntimeParameter,
        push_destination: str,
        pipeline_name: str | None = None,
        spans: bool = False,
        train_steps: int | None = None,
        eval_steps: int | None = None,
        trainer_config: dict | None = None,
        min_accuracy: float | None = None,
        min_class_recall: float | None = None,
        beam_pipeline_args: list[str] | None = None,
        metadata_connection_config=None,
        enable_cache: bool = False,
        firmware_build_image: str | None = None,
        project_root: str | Path = PROJECT_ROOT,
    ) -> tfx.dsl.Pipeline:
        """The model's whole pipeline. ``firmware_build_image``: a container with the Arm
        toolchain and neuralSPOT; when given, a NeuralspotBuild step after the Pusher turns the
        pushed package into Apollo4 images."""
        data = self.data_components(data_root, spans, project_root)
        trainer = tfx.components.Trainer(
            run_fn=self.run_fn,
            examples=data.transform.outputs["transformed_examples"],
            transform_graph=data.transform.outputs["transform_graph"],
            schema=data.schema_gen.outputs["schema"],
            train_args=tfx.proto.TrainArgs(num_steps=train_steps or self.train_steps),
            eval_args=tfx.proto.EvalArgs(num_steps=eval_steps or self.eval_steps),
            custom_config=trainer_config or {},
        )
        model_resolver = tfx.dsl.Resolver(
            strategy_class=tfx.dsl.experimental.LatestBlessedModelStrategy,
            model=tfx.dsl.Channel(type=tfx.types.standard_artifacts.Model),
            model_blessing=tfx.dsl.Channel(type=tfx.types.standard_artifacts.ModelBlessing),
        ).with_id("latest_blessed_model_resolver")
        evaluator = tfx.components.Evaluator(
            examples=data.example_gen.outputs["examples"],
            model=trainer.outputs["model"],
            baseline_model=model_resolver.outputs["model"],
            eval_config=self.evaluation(
                self.min_accuracy if min_accuracy is None else min_accuracy,
                self.min_class_recall if min_class_recall is None else min_class_recall,
            ),
            example_splits=["eval"],
        )
        pusher = QuantizingPusher(
            model=trainer.outputs["model"],
            model_blessing=evaluator.outputs["blessing"],
            examples=data.transform.outputs["transformed_examples"],
            model_name=self.spec.model_name,
            push_destination=push_destination,
            feature_key=self.push.feature_key,
            label_key=self.push.label_key,
            class_names=list(self.push.class_names),
            extra_manifest=dict(self.push.extra_manifest),
            firmware_frontend=self.spec.frontend,
            firmware_tables_fn=self.push.firmware_tables_fn,
        )
        firmware = []
        if firmware_build_image:
            firmware.append(
                neuralspot_build(
                    pusher.outputs["pushed_model"],
                    image=firmware_build_image,
                    model_cli_name=self.spec.cli_name,
                )
            )
        return tfx.dsl.Pipeline(
            pipeline_name=pipeline_name or self.name,
            pipeline_root=pipeline_root,
            components=[*data, trainer, model_resolver, evaluator, pusher, *firmware],
            enable_cache=enable_cache,
            metadata_connection_config=metadata_connection_config,
            beam_pipeline_args=beam_pipeline_args or [],
        )


class DataComponents(NamedTuple):
    """The data half of the pipeline, up to Transform."""

    example_gen: RecordFileExampleGen
    statistics_gen: tfx.components.StatisticsGen
    schema_gen: tfx.components.ImportSchemaGen
    example_validator: tfx.components.ExampleValidator
    anomaly_gate: Any
    transform: tfx.components.Transform
