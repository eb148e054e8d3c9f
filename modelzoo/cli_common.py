"""What every ``modelzoo`` sub-command shares: the error line, stderr console, model argument."""

from __future__ import annotations

from enum import Enum

import typer
from rich.console import Console

from modelzoo.registry import MODELS

err_console = Console(stderr=True)

# The registered models as a typer choice (``heart-arrhythmia``, ...).
ModelName = Enum("ModelName", {name.replace("-", "_"): name for name in MODELS}, type=str)


def fail(lines: list[str] | str, code: int = 2) -> None:
    """One ``error:`` line per problem on stderr, then exit with ``code`` (2: bad input)."""
    for line in [lines] if isinstance(lines, str) else lines:
        err_console.print(f"[bold red]error:[/] {line}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)
