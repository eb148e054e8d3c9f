"""Run a zoo pipeline on this machine: LocalDagRunner + Beam DirectRunner (multi-processing).

Also the DSL file for TFX's own CLI:
    tfx pipeline create --engine local --pipeline_path pipelines/local_runner.py
    tfx run create --engine local --pipeline_name heart-arrhythmia
Settings then come from the environment (``MODELZOO_DATA_ROOT``, ``MODELZOO_BEAM_RUNNER`` and
``MODELZOO_BEAM_WORKERS``, ``MODELZOO_TRAIN_STEPS``, ``MODELZOO_TRAINER_CONFIG`` as JSON,
``MODELZOO_MIN_ACCURACY``, plus ``MODELZOO_HOME``).

A data root holding ``span-<N>/`` directories is read span by span: each run takes the newest
(``pipelines/spans.py``); a flat directory of records is read whole.
"""

from __future__ import annotations

import json
import os
import sys

from tfx import v1 as tfx

from pipelines import beam, heart_arrhythmia, settings, spans
from pipelines.quiet import quiet_logs


def build_local_pipeline(
    data_root: str | None = None,
    beam_workers: int | None = None,
    beam_options: beam.BeamOptions | None = None,
    train_steps: int | None = None,
    trainer_config: dict | None = None,
    min_accuracy: float | None = None,
    pipeline_name: str = heart_arrhythmia.PIPELINE_NAME,
) -> tfx.dsl.Pipeline:
    from modules.heart_arrhythmia import config as model_config

    data_root = data_root or str(settings.default_data_dir(model_config.MODEL_NAME))
    options = {}
    if train_steps is not None:
        options["train_steps"] = train_steps
    if min_accuracy is not None:
        options["min_accuracy"] = min_accuracy
    return heart_arrhythmia.create_pipeline(
        pipeline_name=pipeline_name,
        pipeline_root=settings.pipeline_root(pipeline_name),
        data_root=data_root,
        push_destination=settings.models_dir(),
        trainer_config=trainer_config,
        spans=spans.has_spans(data_root),
        # beam_workers: shorthand for DirectRunner processes; beam_options: any runner.
        beam_pipeline_args=(beam_options or beam.BeamOptions(workers=beam_workers)).args(),
        metadata_connection_config=tfx.orchestration.metadata.sqlite_metadata_connection_config(
            settings.metadata_path(pipeline_name)
        ),
        **options,
    )


def run(pipeline: tfx.dsl.Pipeline) -> None:
    os.makedirs(
        os.path.dirname(settings.metadata_path(pipeline.pipeline_info.pipeline_name)), exist_ok=True
    )
    # TFX's Beam executors parse sys.argv with absl flags; a caller's own CLI arguments
    # (e.g. `modelzoo -v run ...`) must not reach them.
    argv, sys.argv = sys.argv, sys.argv[:1]
    try:
        tfx.orchestration.LocalDagRunner().run(pipeline)
    finally:
        sys.argv = argv


def pipeline_from_environment() -> tfx.dsl.Pipeline:
    env = os.environ
    workers = env.get("MODELZOO_BEAM_WORKERS")
    steps = env.get("MODELZOO_TRAIN_STEPS")
    min_accuracy = env.get("MODELZOO_MIN_ACCURACY")
    return build_local_pipeline(
        data_root=env.get("MODELZOO_DATA_ROOT"),
        beam_options=beam.BeamOptions(
            runner=env.get("MODELZOO_BEAM_RUNNER", "direct"),
            workers=int(workers) if workers else None,
        ),
        train_steps=int(steps) if steps else None,
        trainer_config=json.loads(env.get("MODELZOO_TRAINER_CONFIG", "{}")),
        min_accuracy=float(min_accuracy) if min_accuracy else None,
    )


if __name__ == "__main__":
    quiet_logs()
    run(pipeline_from_environment())
