"""Beam pipeline options, so one pipeline runs on DirectRunner, Flink, Spark or Dataflow."""

from __future__ import annotations

import os


def beam_pipeline_args(runner: str = "direct", workers: int | None = None) -> list[str]:
    """DirectRunner in multi-processing mode by default, ``workers`` processes (default: CPUs)."""
    if runner != "direct":
        raise ValueError(f"Beam runner {runner!r} is not supported yet; use 'direct'")
    workers = workers or os.cpu_count() or 1
    return [
        "--direct_running_mode=multi_processing",
        f"--direct_num_workers={workers}",
    ]
