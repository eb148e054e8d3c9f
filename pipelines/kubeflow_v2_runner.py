"""Compile a zoo pipeline to a Kubeflow Pipelines V2 PipelineJob (JSON) with TFX's runner.

The pipeline root at compile time must be a local path (TFX writes there while compiling);
the cluster run overrides it with a runtime parameter or the job's pipeline root.
"""

from __future__ import annotations

import json
from pathlib import Path

from tfx import v1 as tfx

from pipelines import beam, heart_arrhythmia

DEFAULT_IMAGE = "ghcr.io/ambiq-modelzoo/pipeline:latest"


def compile_pipeline(
    output_file: str,
    data_root: str,
    pipeline_root: str,
    push_destination: str,
    image: str = DEFAULT_IMAGE,
    beam_workers: int | None = None,
    firmware_build_image: str | None = None,
) -> dict:
    """Writes the PipelineJob JSON to ``output_file`` and returns it.

    ``firmware_build_image`` adds the NeuralspotBuild step (see ``create_pipeline``)."""
    Path(output_file).parent.mkdir(parents=True, exist_ok=True)
    pipeline = heart_arrhythmia.create_pipeline(
        pipeline_root=pipeline_root,
        data_root=data_root,
        push_destination=push_destination,
        beam_pipeline_args=beam.beam_pipeline_args("direct", beam_workers),
        firmware_build_image=firmware_build_image,
    )
    runner = tfx.orchestration.experimental.KubeflowV2DagRunner(
        config=tfx.orchestration.experimental.KubeflowV2DagRunnerConfig(default_image=image),
        output_dir=str(Path(output_file).parent),
        output_filename=Path(output_file).name,
    )
    runner.run(pipeline, write_out=True)
    return json.loads(Path(output_file).read_text())
