"""`modelzoo run`: what it refuses before any pipeline starts, each in one line with exit 2."""

from typer.testing import CliRunner

from modelzoo.cli import app
from modules.heart_arrhythmia.synthesis import SynthesisConfig, write_dataset
from modules.registry import MODELS


def run(*args):
    return CliRunner().invoke(app, ["run", *map(str, args)])


def lines(result):
    return [line for line in result.output.splitlines() if line.strip()]


def test_an_unknown_model_lists_the_known_ones():
    result = run("heart-arythmia")
    assert result.exit_code == 2
    assert lines(result) == [
        f"error: unknown model 'heart-arythmia'; known models: {', '.join(MODELS)}"
    ]


def test_a_missing_data_directory(tmp_path):
    result = run("heart-arrhythmia", "--data", tmp_path / "nope")
    assert result.exit_code == 2
    assert lines(result) == [f"error: {tmp_path / 'nope'}: no such directory"]


def test_an_empty_data_directory(tmp_path):
    result = run("heart-arrhythmia", "--data", tmp_path)
    assert result.exit_code == 2
    [line] = lines(result)
    assert line.startswith(f"error: {tmp_path}: no WFDB records")


def test_data_without_a_class_names_the_missing_ones(tmp_path):
    normal_only = SynthesisConfig(
        n_patients=2, record_minutes=1.0, seed=3, rhythms=("normal_sinus",)
    )
    write_dataset(tmp_path, normal_only, progress=False)
    result = run("heart-arrhythmia", "--data", tmp_path)
    assert result.exit_code == 2
    [line] = lines(result)
    assert line.startswith(f"error: {tmp_path}: no windows of class ") and "AFL" in line


def test_a_latest_image_is_refused_before_compiling(tmp_path):
    args = ["--runner", "kubeflow-compile", "--image", "example.org/zoo:latest"]
    result = run("heart-arrhythmia", *args, "--output", tmp_path / "job.json")
    assert result.exit_code == 2
    [line] = lines(result)
    assert line.startswith("error: --image example.org/zoo:latest is refused")
    assert not (tmp_path / "job.json").exists()
