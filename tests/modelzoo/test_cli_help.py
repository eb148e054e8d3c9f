"""`modelzoo ... --help` for every command of the tree: every option and argument is explained,
flags show no `<bool>` type, and no text is cut off, at any terminal width."""

import inspect

import pytest
import typer.main
from typer.testing import CliRunner

from modelzoo.cli import app


def commands(group, path=()):
    """Every (path, command) below ``group``, groups included."""
    for name, command in group.commands.items():
        yield (*path, name), command
        if hasattr(command, "commands"):
            yield from commands(command, (*path, name))


ALL = dict(commands(typer.main.get_command(app)))


def squeeze(text: str) -> str:
    """Text without whitespace: wrapping at any width only moves whitespace."""
    return "".join(text.split())


def test_the_tree_has_every_model_and_command_group():
    for path in [("run",), ("predict",), ("schema", "update"), ("kfp", "schedule")]:
        assert path in ALL
    assert ("data", "heart-arrhythmia", "synth") in ALL
    assert ("firmware", "check") in ALL


@pytest.mark.parametrize("path", sorted(ALL), ids=" ".join)
def test_every_option_and_argument_has_help(path):
    command = ALL[path]
    assert (command.help or "").strip(), " ".join(path)
    for param in command.params:
        assert (getattr(param, "help", "") or "").strip(), f"{' '.join(path)}: {param.name}"


@pytest.mark.parametrize("columns", ["40", "80", "200"])
@pytest.mark.parametrize("path", [(), *sorted(ALL)], ids=lambda p: " ".join(p) or "modelzoo")
def test_help_shows_no_bool_type_and_cuts_nothing(path, columns):
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": columns})
    assert result.exit_code == 0, result.output
    assert "<bool>" not in result.output and "…" not in result.output
    command = ALL[path] if path else typer.main.get_command(app)
    if hasattr(command, "commands"):  # the summary of each command: its first paragraph
        texts = [inspect.cleandoc(c.help or "").split("\n\n")[0] for c in command.commands.values()]
    else:
        texts = [inspect.cleandoc(command.help)] + [p.help for p in command.params]
    shown = squeeze(result.output)
    for text in texts:
        assert squeeze(text) in shown, text
