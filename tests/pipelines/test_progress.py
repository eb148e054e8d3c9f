"""One progress line per stage, driven by the LocalDagRunner's own announcements."""

import io
import re

from absl import logging as absl_logging
from rich.console import Console
from tfx.orchestration.local import local_dag_runner

from pipelines.progress import stage_progress


def test_each_finished_stage_gets_one_line_and_other_logs_pass_through(monkeypatch):
    passed = []
    monkeypatch.setattr(absl_logging, "info", lambda msg, *args, **kw: passed.append(msg % args))
    out = io.StringIO()
    console = Console(file=out, width=120)
    with stage_progress(console, 2, "running"):
        log = local_dag_runner.logging  # what the runner calls during the block
        log.info("Component %s is running.", "StatisticsGen")
        log.info("Using deployment config:\n %s", "...")
        log.info("Component %s is finished.", "StatisticsGen")
        log.info("Component %s is running.", "Trainer")
        log.info("Component %s is finished.", "Trainer")
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    assert len(lines) == 2
    assert re.fullmatch(r"  \[ 1/2\] StatisticsGen +\d+\.\d s", lines[0])
    assert re.fullmatch(r"  \[ 2/2\] Trainer +\d+\.\d s", lines[1])
    assert len(passed) == 5 and passed[1].startswith("Using deployment")  # absl gets every call
    assert local_dag_runner.logging is absl_logging  # restored after the run
