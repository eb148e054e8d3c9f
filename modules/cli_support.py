"""What every command line of the zoo shares: the one-line error and the stderr console.

Lives below the CLI so that a model's own sub-commands (``modules/<model>/data_cli.py``) report
bad input the same way as ``modelzoo`` itself: one ``error:`` line naming the file and the
problem, exit 2, no traceback.
"""

from __future__ import annotations

import typer
from rich.console import Console

err_console = Console(stderr=True)


def fail(lines: list[str] | str, code: int = 2) -> None:
    """One ``error:`` line per problem on stderr, then exit with ``code`` (2: bad input)."""
    for line in [lines] if isinstance(lines, str) else lines:
        err_console.print(f"[bold red]error:[/] {line}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)
