"""What every ``modelzoo`` sub-command shares: the error line, stderr console, model argument."""

from __future__ import annotations

from enum import Enum

import typer
from rich.console import Console

from components.quantizing_pusher.publishing import NoPushedModelError, latest_version
from modules.registry import MODELS, get
from pipelines import settings

err_console = Console(stderr=True)

# The registered models as a typer choice (``heart-arrhythmia``, ...).
ModelName = Enum("ModelName", {name.replace("-", "_"): name for name in MODELS}, type=str)


def fail(lines: list[str] | str, code: int = 2) -> None:
    """One ``error:`` line per problem on stderr, then exit with ``code`` (2: bad input)."""
    for line in [lines] if isinstance(lines, str) else lines:
        err_console.print(f"[bold red]error:[/] {line}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def latest_pushed(model_name: str):
    """The newest pushed version of a model, or the error line saying how to get one."""
    try:
        return latest_version(settings.models_dir(), model_name)
    except NoPushedModelError as error:
        fail(f"{error}; run `modelzoo run {get(model_name).cli_name}` first")
