"""Beam pipeline options, so one pipeline runs on DirectRunner, Flink, Spark or Dataflow.

Every zoo pipeline takes ``beam_pipeline_args`` from here, so a runner chosen on the command
line (``--beam-runner``) reaches every Beam-powered component (ExampleGen, StatisticsGen,
Transform, Evaluator, ...). ``BeamOptions.flags()`` keeps the flags as (name, value) pairs:
the Kubeflow compiler turns the ones in ``TUNABLE_FLAGS`` into run-time parameters.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

RUNNERS = ("direct", "flink", "spark", "dataflow")

# Portable runners (Flink, Spark) start the Python SDK harness in a worker pool beside each
# task manager / executor: the pipeline image run with ``--worker_pool`` (kubernetes/ docs).
WORKER_POOL = "localhost:50000"

QUIET_WORKER_PLUGIN = "pipelines.quiet"

# Flags whose values may change from run to run without recompiling (cluster address, size,
# project); the runner itself and how workers start are fixed when the pipeline is compiled.
TUNABLE_FLAGS = frozenset(
    {
        "direct_num_workers",
        "flink_master",
        "parallelism",
        "spark_master_url",
        "project",
        "region",
        "temp_location",
        "max_num_workers",
    }
)


class BeamOptionsError(ValueError):
    """A runner was chosen without what it needs (e.g. Dataflow without a project)."""


@dataclass(frozen=True)
class BeamOptions:
    """What a user picks on the command line; ``flags()`` turns it into Beam's flags.

    ``workers``: DirectRunner processes (default: CPUs), Flink parallelism, Dataflow's
    autoscaling ceiling (``max_num_workers``). A Spark cluster's size is the cluster's own.
    """

    runner: str = "direct"
    workers: int | None = None
    flink_master: str | None = None
    spark_master: str | None = None
    project: str | None = None
    region: str | None = None
    temp_location: str | None = None
    sdk_container_image: str | None = None

    def flags(self) -> list[tuple[str, str | int]]:
        if self.runner not in RUNNERS:
            raise BeamOptionsError(
                f"unknown Beam runner {self.runner!r}; choose one of {', '.join(RUNNERS)}"
            )
        if self.workers is not None and self.workers < 1:
            raise BeamOptionsError(f"Beam workers must be at least 1, got {self.workers}")
        return getattr(self, f"_{self.runner}_flags")()

    def args(self) -> list[str]:
        return [f"--{name}={value}" for name, value in self.flags()]

    def _direct_flags(self):
        return [
            ("runner", "DirectRunner"),
            ("direct_running_mode", "multi_processing"),
            ("direct_num_workers", self.workers or os.cpu_count() or 1),
            # Imported by each worker process at start-up: it drops TensorFlow's teardown noise
            # there too when the run is quiet (pipelines/quiet.py).
            ("beam_plugins", QUIET_WORKER_PLUGIN),
        ]

    def _flink_flags(self):
        self._require(flink_master="--flink-master HOST:PORT (the JobManager's REST address)")
        flags = [("runner", "FlinkRunner"), ("flink_master", self.flink_master)]
        if self.workers:
            flags.append(("parallelism", self.workers))
        return flags + self._worker_pool_flags()

    def _spark_flags(self):
        self._require(spark_master="--spark-master spark://HOST:7077")
        if self.workers:
            raise BeamOptionsError(
                "--beam-workers does not apply to Spark: size the Spark cluster's executors"
            )
        return [
            ("runner", "SparkRunner"),
            ("spark_master_url", self.spark_master),
        ] + self._worker_pool_flags()

    def _dataflow_flags(self):
        self._require(
            project="--project GCP_PROJECT",
            region="--region REGION",
            temp_location="--temp-location gs://BUCKET/tmp",
        )
        if not self.temp_location.startswith("gs://"):
            raise BeamOptionsError(
                f"--temp-location must be a gs:// path for Dataflow, got {self.temp_location!r}"
            )
        flags = [
            ("runner", "DataflowRunner"),
            ("project", self.project),
            ("region", self.region),
            ("temp_location", self.temp_location),
        ]
        if self.workers:
            flags.append(("max_num_workers", self.workers))
        if self.sdk_container_image:
            # Workers need the zoo's code (record_fn, preprocessing_fn): the pipeline image.
            flags.append(("sdk_container_image", self.sdk_container_image))
        return flags

    def _worker_pool_flags(self):
        return [("environment_type", "EXTERNAL"), ("environment_config", WORKER_POOL)]

    def _require(self, **needed: str) -> None:
        missing = [flag for name, flag in needed.items() if not getattr(self, name)]
        if missing:
            raise BeamOptionsError(f"--beam-runner {self.runner} needs {', '.join(missing)}")


def beam_pipeline_args(runner: str = "direct", workers: int | None = None, **options) -> list[str]:
    """DirectRunner in multi-processing mode by default, ``workers`` processes (default: CPUs)."""
    return BeamOptions(runner=runner, workers=workers, **options).args()
