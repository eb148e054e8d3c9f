"""Heart arrhythmia (AFIB / AFL) TFX pipeline assembly. No model logic lives here.

WfdbExampleGen -> StatisticsGen -> SchemaGen -> ExampleValidator -> AnomalyGate -> Transform
-> Trainer -> (Resolver: latest blessed model) -> Evaluator -> QuantizingPusher

With ``spans=True`` each run reads only the newest ``span-<N>/`` directory of the data root, and
the Evaluator compares the new model with the last blessed one (the Resolver's baseline): a model
that is not better never reaches the Pusher. That is scheduled retraining in TFX's own terms.
[-> NeuralspotBuild, when a firmware build image is given]
"""

from __future__ import annotations

from typing import NamedTuple

from tfx import v1 as tfx
from tfx.proto import example_gen_pb2

from components.anomaly_gate import AnomalyGate
from components.neuralspot_build import neuralspot_build
from components.quantizing_pusher.component import QuantizingPusher
from components.wfdb_example_gen import WfdbExampleGen, split_output_config
from modules.heart_arrhythmia import SPEC, config, evaluation, preprocessing
from pipelines import spans as data_spans

PIPELINE_NAME = "heart-arrhythmia"
RECORD_FN = "modules.heart_arrhythmia.windows.record_to_examples"
PREPROCESSING_FN = "modules.heart_arrhythmia.preprocessing.preprocessing_fn"
RUN_FN = "modules.heart_arrhythmia.trainer.run_fn"
RECORD_PATTERN = "*.hea"
# Writes heart_arrhythmia_frontend_tables.h (the firmware's integer front end) into the package.
FIRMWARE_TABLES_FN = "modules.heart_arrhythmia.fixed_point.write_firmware_tables"


class DataComponents(NamedTuple):
    """The data half of the pipeline, up to Transform (also what beam_scaling.py times)."""

    example_gen: WfdbExampleGen
    statistics_gen: tfx.components.StatisticsGen
    schema_gen: tfx.components.SchemaGen
    example_validator: tfx.components.ExampleValidator
    anomaly_gate: AnomalyGate
    transform: tfx.components.Transform


def data_components(
    data_root: str | tfx.dsl.experimental.RuntimeParameter, spans: bool = False
) -> DataComponents:
    pattern = data_spans.span_pattern(RECORD_PATTERN) if spans else RECORD_PATTERN
    example_gen = WfdbExampleGen(
        input_base=data_root,
        record_fn=RECORD_FN,
        input_config=example_gen_pb2.Input(
            splits=[example_gen_pb2.Input.Split(name="records", pattern=pattern)]
        ),
        # Hash by patient: no patient's windows in both splits.
        output_config=split_output_config(config.PATIENT_KEY, {"train": 4, "eval": 1}),
        range_config=data_spans.latest_span() if spans else None,
    )
    statistics_gen = tfx.components.StatisticsGen(examples=example_gen.outputs["examples"])
    schema_gen = tfx.components.SchemaGen(
        statistics=statistics_gen.outputs["statistics"], infer_feature_shape=True
    )
    example_validator = tfx.components.ExampleValidator(
        statistics=statistics_gen.outputs["statistics"], schema=schema_gen.outputs["schema"]
    )
    anomaly_gate = AnomalyGate(anomalies=example_validator.outputs["anomalies"])
    transform = tfx.components.Transform(
        examples=example_gen.outputs["examples"],
        schema=schema_gen.outputs["schema"],
        preprocessing_fn=PREPROCESSING_FN,
        # StatisticsGen and ExampleValidator already describe and check the raw data; Transform's
        # own pre/post-transform statistics took ~30% of its time and nothing reads them.
        disable_statistics=True,
    )
    transform.add_upstream_node(anomaly_gate)
    return DataComponents(
        example_gen, statistics_gen, schema_gen, example_validator, anomaly_gate, transform
    )


def create_pipeline(
    *,
    pipeline_root: str,
    data_root: str | tfx.dsl.experimental.RuntimeParameter,
    push_destination: str,
    pipeline_name: str = PIPELINE_NAME,
    spans: bool = False,
    train_steps: int = 12000,
    eval_steps: int = 10,
    trainer_config: dict | None = None,
    min_accuracy: float = 0.8,
    beam_pipeline_args: list[str] | None = None,
    metadata_connection_config=None,
    enable_cache: bool = False,
    firmware_build_image: str | None = None,
) -> tfx.dsl.Pipeline:
    """``firmware_build_image``: a container with the Arm toolchain and neuralSPOT; when given,
    a NeuralspotBuild step after the Pusher turns the pushed package into Apollo4 images."""
    data = data_components(data_root, spans)
    example_gen, schema_gen, transform = data.example_gen, data.schema_gen, data.transform
    trainer = tfx.components.Trainer(
        run_fn=RUN_FN,
        examples=transform.outputs["transformed_examples"],
        transform_graph=transform.outputs["transform_graph"],
        schema=schema_gen.outputs["schema"],
        train_args=tfx.proto.TrainArgs(num_steps=train_steps),
        eval_args=tfx.proto.EvalArgs(num_steps=eval_steps),
        custom_config=trainer_config or {},
    )
    model_resolver = tfx.dsl.Resolver(
        strategy_class=tfx.dsl.experimental.LatestBlessedModelStrategy,
        model=tfx.dsl.Channel(type=tfx.types.standard_artifacts.Model),
        model_blessing=tfx.dsl.Channel(type=tfx.types.standard_artifacts.ModelBlessing),
    ).with_id("latest_blessed_model_resolver")
    evaluator = tfx.components.Evaluator(
        examples=example_gen.outputs["examples"],
        model=trainer.outputs["model"],
        baseline_model=model_resolver.outputs["model"],
        eval_config=evaluation.eval_config(min_accuracy=min_accuracy),
        example_splits=["eval"],
    )
    pusher = QuantizingPusher(
        model=trainer.outputs["model"],
        model_blessing=evaluator.outputs["blessing"],
        examples=transform.outputs["transformed_examples"],
        model_name=config.MODEL_NAME,
        push_destination=push_destination,
        feature_key=preprocessing.ECG_XF,
        label_key=preprocessing.LABEL_XF,
        class_names=list(config.CLASS_NAMES),
        extra_manifest={
            "sample_rate_hz": config.MODEL_FS_HZ,
            "window_samples": config.WINDOW_SAMPLES,
            "preprocessing": "modules.heart_arrhythmia.features",
            "disclaimer": "Demonstration model, not a medical device.",
        },
        firmware_frontend=SPEC.frontend,
        firmware_tables_fn=FIRMWARE_TABLES_FN,
    )
    firmware = []
    if firmware_build_image:
        firmware.append(
            neuralspot_build(
                pusher.outputs["pushed_model"],
                image=firmware_build_image,
                model_cli_name=SPEC.cli_name,
            )
        )
    return tfx.dsl.Pipeline(
        pipeline_name=pipeline_name,
        pipeline_root=pipeline_root,
        components=[
            *data,
            trainer,
            model_resolver,
            evaluator,
            pusher,
            *firmware,
        ],
        enable_cache=enable_cache,
        metadata_connection_config=metadata_connection_config,
        beam_pipeline_args=beam_pipeline_args or [],
    )
