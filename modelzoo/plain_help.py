"""Click's own help layout for a typer sub-app (``typer.Typer(cls=PlainHelpGroup)``, each
command ``cls=PlainHelpCommand``).

typer 0.29's rich help panels print a ``<bool>`` type after every flag (``--dry-run <bool>``,
``--help <bool>``) and cut words longer than their column with "…" (paths, URLs, image
references). Click's layout prints flags bare and wraps without cutting. Click in turn cuts a
sub-command's summary at the terminal width with "...": ``PlainHelpGroup`` lists each with its
whole first paragraph, wrapped.
"""

from __future__ import annotations

import inspect

import click
from typer.core import TyperCommand, TyperGroup


class PlainHelpCommand(TyperCommand):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rich_markup_mode = None  # typer's switch to click's formatter


class PlainHelpGroup(TyperGroup):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rich_markup_mode = None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            text = inspect.cleandoc(command.short_help or command.help or "")
            rows.append((name, " ".join(text.split("\n\n")[0].split())))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
