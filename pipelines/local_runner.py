"""Run a zoo pipeline on this machine: LocalDagRunner + Beam DirectRunner (multi-processing).

Also the DSL file for TFX's own CLI; the model is chosen by setting ``MODELZOO_MODEL`` (a name
from ``modules/registry.py``; default: the registry's default model):
    MODELZOO_MODEL=<model> tfx pipeline create --engine local \\
        --pipeline_path pipelines/local_runner.py
    tfx run create --engine local --pipeline_name <model>
Other settings come from the environment too (``MODELZOO_DATA_ROOT``, ``MODELZOO_BEAM_RUNNER``
and ``MODELZOO_BEAM_WORKERS``, ``MODELZOO_TRAIN_STEPS``, ``MODELZOO_TRAINER_CONFIG`` as JSON,
``MODELZOO_MIN_ACCURACY``, ``MODELZOO_MIN_CLASS_RECALL``, plus ``MODELZOO_HOME``).

A data root holding ``span-<N>/`` directories is read span by span: each run takes the newest
(``pipelines/spans.py``); a flat directory tree of records is read whole.
"""

from __future__ import annotations

import importlib
import json
import os
import sys

from pipelines.quiet import quiet_logs

if __name__ == "__main__":
    # As the DSL file of `tfx pipeline create` / `tfx run create`: quiet before TensorFlow is
    # imported (its C++ logging reads the environment once, at import).
    quiet_logs()

from tfx import v1 as tfx  # noqa: E402

from modules import registry  # noqa: E402
from pipelines import beam, settings, spans  # noqa: E402
from pipelines.default_data import ensure_default_data  # noqa: E402

MODEL_ENV = "MODELZOO_MODEL"


def model_pipeline(model: str):
    """The ``pipelines/<model>.py`` module of a registered model (CLI or model name)."""
    return importlib.import_module(registry.get(model).pipeline)


def build_local_pipeline(
    model: str,
    data_root: str | None = None,
    beam_workers: int | None = None,
    beam_options: beam.BeamOptions | None = None,
    train_steps: int | None = None,
    trainer_config: dict | None = None,
    min_accuracy: float | None = None,
    min_class_recall: float | None = None,
    pipeline_name: str | None = None,
) -> tfx.dsl.Pipeline:
    spec = registry.get(model)
    pipeline_name = pipeline_name or spec.cli_name
    data_root = data_root or str(settings.default_data_dir(spec))
    return model_pipeline(model).create_pipeline(
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
        train_steps=train_steps,
        min_accuracy=min_accuracy,
        min_class_recall=min_class_recall,
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
    min_recall = env.get("MODELZOO_MIN_CLASS_RECALL")
    model = env.get(MODEL_ENV, registry.DEFAULT_MODEL)
    data_root = env.get("MODELZOO_DATA_ROOT")
    if not data_root:  # the embedded default data set, written or rewritten as `modelzoo run` does
        data_root = str(ensure_default_data(registry.get(model)))
    return build_local_pipeline(
        model,
        data_root=data_root,
        beam_options=beam.BeamOptions(
            runner=env.get("MODELZOO_BEAM_RUNNER", "direct"),
            workers=int(workers) if workers else None,
        ),
        train_steps=int(steps) if steps else None,
        trainer_config=json.loads(env.get("MODELZOO_TRAINER_CONFIG", "{}")),
        min_accuracy=float(min_accuracy) if min_accuracy else None,
        min_class_recall=float(min_recall) if min_recall else None,
    )


def run_with_progress(pipeline: tfx.dsl.Pipeline) -> None:
    """``run`` with one line per finished stage (what `modelzoo run` and `tfx run create` show)."""
    from rich.console import Console

    from pipelines.progress import stage_progress

    name = pipeline.pipeline_info.pipeline_name
    with stage_progress(Console(soft_wrap=True), len(pipeline.components), f"Running {name} ..."):
        run(pipeline)


if __name__ == "__main__":
    run_with_progress(pipeline_from_environment())
