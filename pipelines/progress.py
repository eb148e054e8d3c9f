"""One progress line per pipeline stage while a LocalDagRunner runs, whatever the log level.

TFX's LocalDagRunner announces each component with ``logging.info("Component %s is running.")``
and ``... is finished.`` (absl), which quiet runs hide, and the level of absl's logger is not
ours to rely on (the libraries a run imports set it too). So, for the length of the run, the
runner module's ``logging`` is wrapped: those two calls drive the progress display, and every
call (those two included) still goes to absl as before.
"""

from __future__ import annotations

import contextlib
import time
from unittest import mock

from absl import logging as absl_logging
from tfx.orchestration.local import local_dag_runner

_RUNNING = "Component %s is running."
_FINISHED = "Component %s is finished."


class StageProgress:
    """Prints ``[k/n] <stage>  <seconds> s`` as each stage finishes; shows the running one."""

    def __init__(self, console, n_stages: int, status=None):
        self._console = console
        self._n_stages = n_stages
        self._status = status
        self._done = 0
        self._started: dict[str, float] = {}

    def running(self, stage: str) -> None:
        self._started[stage] = time.perf_counter()
        if self._status is not None:
            self._status.update(f"[{self._done + 1}/{self._n_stages}] {stage} ...")

    def finished(self, stage: str) -> None:
        self._done += 1
        seconds = time.perf_counter() - self._started.pop(stage, time.perf_counter())
        self._console.print(
            f"  [{self._done:>2}/{self._n_stages}] {stage:<32} {seconds:7.1f} s", highlight=False
        )


class _RunnerLogging:
    """absl's logging module as the runner sees it, with the stage announcements observed."""

    def __init__(self, progress: StageProgress):
        self._progress = progress

    def info(self, msg, *args, **kwargs):
        if msg == _RUNNING and args:
            self._progress.running(str(args[0]))
        elif msg == _FINISHED and args:
            self._progress.finished(str(args[0]))
        absl_logging.info(msg, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(absl_logging, name)


@contextlib.contextmanager
def stage_progress(console, n_stages: int, description: str):
    """Within the block, print a line per finished stage (and a spinner for the running one)."""
    with console.status(description) as status:
        progress = StageProgress(console, n_stages, status)
        with mock.patch.object(local_dag_runner, "logging", _RunnerLogging(progress)):
            yield progress
