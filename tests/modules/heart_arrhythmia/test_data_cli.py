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
    assert (defaults["snr_min"], defaults["snr_max"]) == DEFAULT_DATASET.snr_db_range
    assert defaults["noise_scale"] == DEFAULT_DATASET.noise_scale
    assert DEFAULT_DATASET.rhythms is None
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


def test_synth_rejects_inverted_snr_range_and_unknown_rhythms(tmp_path):
    base = ["data", "heart-arrhythmia", "synth", "--out", str(tmp_path)]
    result = CliRunner().invoke(cli.app, [*base, "--snr-min", "20", "--snr-max", "10"])
    assert result.exit_code == 2
    assert "--snr-min" in result.output
    result = CliRunner().invoke(cli.app, [*base, "--rhythm", "torsades"])
    assert result.exit_code == 2
    assert "unknown rhythm torsades" in result.output


def test_synth_one_rhythm(tmp_path):
    import wfdb

    args = ["data", "heart-arrhythmia", "synth", "--out", str(tmp_path), "--patients", "2"]
    result = CliRunner().invoke(cli.app, [*args, "--rhythm", "wenckebach", "--minutes", "0.5"])
    assert result.exit_code == 0, result.output
    for header in tmp_path.glob("*.hea"):
        ann = wfdb.rdann(str(header.with_suffix("")), "atr")
        assert {n for n, s in zip(ann.aux_note, ann.symbol, strict=True) if s == "+"} == {"(BII"}
