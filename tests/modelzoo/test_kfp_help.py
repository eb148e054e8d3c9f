"""`modelzoo kfp ... --help`: every option is explained, flags show no `<bool>` type, and no
text is cut off, at any terminal width."""

import inspect

import pytest
import typer.main
from typer.testing import CliRunner

from modelzoo.cli import app

COMMANDS = ["compile", "upload", "run", "schedule"]


def kfp_group():
    return typer.main.get_command(app).commands["kfp"]


def squeeze(text: str) -> str:
    """Text without whitespace: wrapping at any width only moves whitespace."""
    return "".join(text.split())


def test_every_kfp_command_option_and_argument_has_help():
    commands = kfp_group().commands
    assert sorted(commands) == sorted(COMMANDS)
    for name, command in commands.items():
        assert (command.help or "").strip(), f"kfp {name}"
        for param in command.params:
            assert (getattr(param, "help", "") or "").strip(), f"kfp {name}: {param.name}"


@pytest.mark.parametrize("columns", ["40", "80", "200"])
@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_kfp_help_shows_no_bool_type_and_cuts_nothing(command, columns):
    args = ["kfp", *([command] if command else []), "--help"]
    result = CliRunner().invoke(app, args, env={"COLUMNS": columns})
    assert result.exit_code == 0, result.output
    assert "<bool>" not in result.output and "…" not in result.output
    group = kfp_group()
    if command is None:  # the summary of each command: its whole first paragraph
        texts = [inspect.cleandoc(c.help).split("\n\n")[0] for c in group.commands.values()]
    else:
        texts = [inspect.cleandoc(group.commands[command].help)]
        texts += [p.help for p in group.commands[command].params]
    shown = squeeze(result.output)
    for text in texts:
        assert squeeze(text) in shown, text
