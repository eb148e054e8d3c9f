"""The scripts the CronJob and the firmware Job run (ConfigMap modelzoo-job-scripts), as
rendered, with a stand-in ``modelzoo`` that prints its arguments and the real registry."""

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from modelzoo.cli import app
from modules.registry import MODELS
from tests.kubernetes.manifests import config_map

MODEL = next(iter(MODELS.values()))  # any registered model: the scripts name none


@pytest.fixture
def scripts(rendered, tmp_path):
    """The rendered scripts in a folder, and a PATH with the stand-in modelzoo first."""
    _, docs = rendered
    folder = tmp_path / "opt-modelzoo-job"
    folder.mkdir()
    for name, text in config_map(docs, "modelzoo-job-scripts").items():
        (folder / name).write_text(text)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "modelzoo").write_text('#!/bin/sh\necho "modelzoo $@"\n')
    (bin_dir / "modelzoo").chmod(0o755)
    # `python` as in the images: the interpreter that has the project installed.
    path = f"{bin_dir}:{sys.executable.rsplit('/', 1)[0]}:/usr/bin:/bin"
    return folder, path


def run(script, path, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["sh", str(script)], env={"PATH": path, **env}, capture_output=True, text=True
    )


def test_retraining_runs_the_chosen_model_on_its_data(scripts):
    folder, path = scripts
    result = run(
        folder / "retrain.sh", path, MODEL=MODEL.cli_name, MODELZOO_DATA="/data", BEAM_WORKERS="3"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "modelzoo",
        "run",
        MODEL.cli_name,
        "--data",
        f"/data/{MODEL.model_name}",
        "--beam-workers",
        "3",
    ]


@pytest.mark.parametrize("script", ["retrain.sh", "build-firmware.sh"])
@pytest.mark.parametrize("model", ["no-such-model", ""])
def test_a_model_the_registry_does_not_know_stops_the_job_with_one_line(scripts, script, model):
    folder, path = scripts
    env = {"MODEL": model} if model else {}  # "": the overlay did not set MODEL at all
    result = run(
        folder / script,
        path,
        MODELZOO_DATA="/data",
        MODELZOO_HOME="/home",
        BEAM_WORKERS="2",
        FIRMWARE_PLATFORM="apollo4p_evb",
        **env,
    )
    assert result.returncode == 2
    assert result.stdout == ""  # modelzoo was never started
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: MODEL={model!r} (ConfigMap modelzoo-settings)")
    assert line.endswith(f"known models: {', '.join(MODELS)}")


def test_firmware_script_builds_the_latest_pushed_version(scripts, tmp_path):
    folder, path = scripts
    home = tmp_path / "home"
    env = dict(MODEL=MODEL.cli_name, MODELZOO_HOME=str(home), FIRMWARE_PLATFORM="apollo4p_evb")
    nothing = run(folder / "build-firmware.sh", path, **env)
    assert nothing.returncode == 0 and "nothing to build" in nothing.stdout
    models = home / "models" / MODEL.model_name
    models.mkdir(parents=True)
    (models / "latest").write_text("1795608825\n")
    built = run(folder / "build-firmware.sh", path, **env)
    assert built.returncode == 0, built.stderr
    assert built.stdout.split() == [
        "modelzoo",
        "firmware",
        "build",
        MODEL.cli_name,
        "--version-dir",
        f"{models}/1795608825",
        "--platform",
        "apollo4p_evb",
        "--out",
        f"{home}/firmware/{MODEL.cli_name}/1795608825",
    ]


def test_modelzoo_run_itself_refuses_an_unknown_model():
    """The retraining step's command checks the name again, against the same registry."""
    result = CliRunner().invoke(app, ["run", "no-such-model"])
    assert result.exit_code == 2
    assert all(name in result.output for name in MODELS)
