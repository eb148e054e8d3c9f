"""Quiet by default: what quiet_logs hides, and that it hides nothing else."""

import gc
import os
import subprocess
import sys
from pathlib import Path

from pipelines import quiet

REPO = Path(__file__).resolve().parents[1]


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
