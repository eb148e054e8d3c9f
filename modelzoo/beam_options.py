"""The ``--beam-runner`` family of command-line options, shared by ``modelzoo run`` and
``modelzoo kfp compile`` so both commands spell and check them the same way."""

from __future__ import annotations

from enum import Enum

import typer

from modelzoo.cli_common import fail
from modelzoo.option_groups import option_group
from pipelines.beam import RUNNERS, BeamOptions, BeamOptionsError

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


_FLAGS = (
    ("beam_runner", RUNNER, BeamRunner),
    ("beam_workers", WORKERS, int),
    ("flink_master", FLINK_MASTER, str),
    ("spark_master", SPARK_MASTER, str),
    ("project", PROJECT, str),
    ("region", REGION, str),
    ("temp_location", TEMP_LOCATION, str),
)


def _checked(beam_runner, beam_workers, **options) -> BeamOptions:
    """``BeamOptions`` from the flags; a runner missing what it needs: one line, exit 2."""
    try:
        checked = BeamOptions(BeamRunner(beam_runner).value, beam_workers, **options)
        checked.flags()
    except BeamOptionsError as error:
        fail(str(error))
    return checked


# Gives a typer command the --beam-* options; it receives them checked, as ``beam_options``.
beam_flags = option_group("beam_options", _FLAGS, _checked)
