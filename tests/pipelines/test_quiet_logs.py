"""Quiet by default: what quiet_logs hides, and that it hides nothing else."""

import gc
import os
import subprocess
import sys
from pathlib import Path

from pipelines import quiet

REPO = Path(__file__).resolve().parents[2]


class AtomicFunction:  # same qualified name as TensorFlow's noisy finaliser
    def __del__(self):
        raise TypeError("'NoneType' object is not subscriptable")


class SomethingElse:
    def __del__(self):
        raise TypeError("a real bug")


def test_only_tensorflows_teardown_error_is_dropped(monkeypatch, capsys):
    monkeypatch.setattr(sys, "unraisablehook", sys.unraisablehook)
    monkeypatch.setattr(os, "environ", dict(os.environ))
    quiet.quiet_logs()
    AtomicFunction()
    gc.collect()
    assert "AtomicFunction" not in capsys.readouterr().err
    SomethingElse()
    gc.collect()
    assert "a real bug" in capsys.readouterr().err


def test_child_processes_inherit_the_warning_filters():
    """Beam's workers are new interpreters: the filters must travel in the environment."""
    code = (
        "import os, subprocess, sys\n"
        "from pipelines.quiet import quiet_logs\n"
        "quiet_logs()\n"
        "subprocess.run([sys.executable, '-c', "
        "'import warnings; warnings.warn(\"loud\", FutureWarning)'])\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=REPO, capture_output=True, text=True, check=True
    )
    assert "loud" not in result.stderr
    control = subprocess.run(
        [sys.executable, "-c", 'import warnings; warnings.warn("loud", FutureWarning)'],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "loud" in control.stderr


# A one-worker DirectRunner pipeline whose worker keeps an object with TensorFlow's noisy
# finaliser alive until the worker process exits, as Transform's graphs do.
_BEAM_WORKER_NOISE = """
import sys
from pipelines.quiet import quiet_logs
if sys.argv[1] == "quiet":
    quiet_logs()
import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions
from pipelines.beam import BeamOptions

def keep_until_exit(x):
    import builtins

    def __del__(self):
        raise TypeError("'NoneType' object is not subscriptable")

    __del__.__qualname__ = "AtomicFunction.__del__"
    builtins._kept_until_exit = type("AtomicFunction", (), {"__del__": __del__})()
    return x

with beam.Pipeline(options=PipelineOptions(BeamOptions(workers=1).args())) as p:
    _ = p | beam.Create([1]) | beam.Map(keep_until_exit)
"""


def test_beam_workers_drop_tensorflows_teardown_noise_when_quiet():
    """Workers are Beam's own interpreters: the quiet hook reaches them as a Beam plugin."""
    env = {k: v for k, v in os.environ.items() if k != quiet.QUIET_ENV}

    def worker_stderr(mode):
        return subprocess.run(
            [sys.executable, "-c", _BEAM_WORKER_NOISE, mode],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        ).stderr

    assert "AtomicFunction" not in worker_stderr("quiet")
    assert "AtomicFunction" in worker_stderr("verbose")  # the control: the noise is real
