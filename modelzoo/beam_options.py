"""The ``--beam-runner`` family of command-line options, shared by ``modelzoo run`` and
``modelzoo kfp compile`` so both commands spell and check them the same way."""

from __future__ import annotations

from enum import Enum

import typer

from pipelines.beam import RUNNERS, BeamOptions

BeamRunner = Enum("BeamRunner", {name: name for name in RUNNERS}, type=str)

RUNNER = typer.Option(
    "direct", "--beam-runner", help="Beam runner for every component (DirectRunner by default)."
)
WORKERS = typer.Option(
    None,
    "--beam-workers",
    min=1,
    help="direct: processes (default: CPUs); flink: parallelism; dataflow: max workers.",
)
FLINK_MASTER = typer.Option(None, "--flink-master", help="flink: JobManager HOST:PORT.")
SPARK_MASTER = typer.Option(None, "--spark-master", help="spark: spark://HOST:7077.")
PROJECT = typer.Option(None, "--project", help="dataflow: GCP project.")
REGION = typer.Option(None, "--region", help="dataflow: region, e.g. europe-west4.")
TEMP_LOCATION = typer.Option(None, "--temp-location", help="dataflow: gs://BUCKET/tmp.")


def from_flags(
    runner: BeamRunner,
    workers: int | None,
    flink_master: str | None,
    spark_master: str | None,
    project: str | None,
    region: str | None,
    temp_location: str | None,
    sdk_container_image: str | None = None,
) -> BeamOptions:
    """Checked options (raises ``BeamOptionsError`` naming what a runner is missing)."""
    options = BeamOptions(
        runner=BeamRunner(runner).value,
        workers=workers,
        flink_master=flink_master,
        spark_master=spark_master,
        project=project,
        region=region,
        temp_location=temp_location,
        sdk_container_image=sdk_container_image,
    )
    options.flags()
    return options
