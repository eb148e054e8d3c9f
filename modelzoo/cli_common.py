"""What every ``modelzoo`` sub-command shares: the error line, stderr console, model argument."""

from __future__ import annotations

from enum import Enum

import typer

from modules.cli_support import err_console, fail
from modules.registry import MODELS, get
from pipelines.settings import NoPushedModelError, latest_version

__all__ = ["ModelName", "err_console", "fail", "latest_pushed", "model_argument"]

# The registered models as a typer choice (their CLI names).
ModelName = Enum("ModelName", {name.replace("-", "_"): name for name in MODELS}, type=str)


def model(name: str) -> str:
    """The model argument's parser (its name is the type shown in --help): an unknown name is
    one error line listing the known ones, exit 2."""
    if name not in MODELS:
        fail(f"unknown model {name!r}; known models: {', '.join(MODELS)}")
    return name


def model_argument(help: str):
    """``model: str = model_argument("...")`` for every command that takes a model."""
    return typer.Argument(..., help=f"{help} One of: {', '.join(MODELS)}.", parser=model)


def latest_pushed(model_name: str):
    """The newest pushed version of a model, or the error line saying how to get one."""
    try:
        return latest_version(model_name)
    except NoPushedModelError as error:
        fail(f"{error}; run `modelzoo run {get(model_name).cli_name}` first")
