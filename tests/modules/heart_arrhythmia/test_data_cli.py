"""`modelzoo data heart-arrhythmia synth|inspect` and the embedded default data set."""

import inspect

from typer.testing import CliRunner

from modelzoo import cli
from modules.heart_arrhythmia.data_cli import data_commands
from modules.heart_arrhythmia.synthesis import DEFAULT_DATASET


def test_synth_defaults_are_the_embedded_default_data_set(tmp_path):
    commands = {c.name: c.callback for c in data_commands(tmp_path).registered_commands}
    defaults = {
        name: p.default.default
        for name, p in inspect.signature(commands["synth"]).parameters.items()
    }
    assert defaults["patients"] == DEFAULT_DATASET.n_patients
    assert defaults["minutes"] == DEFAULT_DATASET.record_minutes
    assert (defaults["noise_min"], defaults["noise_max"]) == DEFAULT_DATASET.noise_scale_range
    assert defaults["seed"] == DEFAULT_DATASET.seed


def test_synth_then_inspect(tmp_path):
    runner = CliRunner()
    out = tmp_path / "ecg"
    result = runner.invoke(
        cli.app,
        [
            "data",
            "heart-arrhythmia",
            "synth",
            "--out",
            str(out),
            "--patients",
            "3",
            "--minutes",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("*.hea"))) == 3
    (out / "bad.hea").write_text("not a header\n")
    result = runner.invoke(
        cli.app, ["data", "heart-arrhythmia", "inspect", str(out)], terminal_width=200
    )
    assert result.exit_code == 0, result.output
    assert "3 readable, 1 corrupt" in result.output
    assert "p0000_r01" in result.output


def test_synth_rejects_inverted_noise_range(tmp_path):
    result = CliRunner().invoke(
        cli.app,
        [
            "data",
            "heart-arrhythmia",
            "synth",
            "--out",
            str(tmp_path),
            "--noise-min",
            "2",
            "--noise-max",
            "1",
        ],
    )
    assert result.exit_code == 2
    assert "--noise-min" in result.output
