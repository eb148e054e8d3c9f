"""What every command line of the zoo shares: the one-line error and the stderr console.

Lives below the CLI so that a model's own sub-commands (``modules/<model>/data_cli.py``) report
bad input the same way as ``modelzoo`` itself: one ``error:`` line naming the file and the
problem, exit 2, no traceback.
"""

from __future__ import annotations

import typer
from rich.console import Console
from rich.markup import escape

err_console = Console(stderr=True)


def error_line(line: str, label: str = "error") -> None:
    """``error: <line>`` on stderr, the line printed as it is (paths with brackets or colons are
    neither markup nor emoji codes) and never wrapped."""
    err_console.print(
        f"[bold red]{label}:[/] {escape(line)}", highlight=False, soft_wrap=True, emoji=False
    )


def fail(lines: list[str] | str, code: int = 2) -> None:
    """One ``error:`` line per problem on stderr, then exit with ``code`` (2: bad input)."""
    for line in [lines] if isinstance(lines, str) else lines:
        error_line(line)
    raise typer.Exit(code)
