"""What every ``modelzoo`` sub-command shares: the error line, stderr console, model argument."""

from __future__ import annotations

from enum import Enum

from modules.cli_support import err_console, fail
from modules.registry import MODELS, get
from pipelines.settings import NoPushedModelError, latest_version

__all__ = ["ModelName", "err_console", "fail", "latest_pushed"]

# The registered models as a typer choice (``heart-arrhythmia``, ...).
ModelName = Enum("ModelName", {name.replace("-", "_"): name for name in MODELS}, type=str)


def latest_pushed(model_name: str):
    """The newest pushed version of a model, or the error line saying how to get one."""
    try:
        return latest_version(model_name)
    except NoPushedModelError as error:
        fail(f"{error}; run `modelzoo run {get(model_name).cli_name}` first")
