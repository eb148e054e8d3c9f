"""What every registered model must do, checked for each entry of ``modules/registry.py``.

A model added to the registry is covered here without new test code: its tiny data set runs
through the whole pipeline with ``modelzoo run`` (quiet: one line per stage, no epoch lines) and
pushes a package; ``modelzoo predict`` runs that package on the model's own inputs; the pipeline
compiles for Kubeflow; the firmware app compile-checks against the pushed package.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from firmware_tools import compile_check
from modules.registry import MODELS
from pipelines import kubeflow_v2_runner
from pipelines.settings import latest_version

BIN = Path(sys.executable).parent
STANDARD_STAGES = (
    "RecordFileExampleGen",
    "StatisticsGen",
    "ImportSchemaGen",
    "ExampleValidator",
    "AnomalyGate",
    "Transform",
    "Trainer",
    "latest_blessed_model_resolver",
    "Evaluator",
    "QuantizingPusher",
)


def modelzoo(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "modelzoo"), *args], env=env, capture_output=True, text=True, timeout=1200
    )


@pytest.fixture(scope="module", params=sorted(MODELS))
def tiny_run(request, tmp_path_factory):
    """The model's tiny data set through `modelzoo run`, in a home of its own."""
    spec = MODELS[request.param]
    root = tmp_path_factory.mktemp(spec.model_name)
    data = root / "data"
    spec.load("write_tiny_data")(data)
    env = dict(os.environ, MODELZOO_HOME=str(root / "home"), MODELZOO_DATA=str(root / "zoo"))
    args = ["run", spec.cli_name, "--data", str(data), "--beam-workers", "2"]
    for option, value in spec.tiny_pipeline.items():
        args += [f"--{option.replace('_', '-')}", str(value)]
    return spec, root, env, modelzoo(args, env)


@pytest.mark.slow
def test_tiny_run_pushes_a_package_with_one_line_per_stage(tiny_run):
    spec, root, _, result = tiny_run
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    for stage in STANDARD_STAGES:
        assert f"/{len(STANDARD_STAGES)}] {stage} " in result.stdout, result.stdout
    assert "Epoch" not in result.stdout + result.stderr  # Keras' epoch lines only with -v
    assert "Pushed" in result.stdout
    version = latest_version(spec.model_name, root / "home" / "models")
    manifest = json.loads((version / "manifest.json").read_text())
    assert (version / manifest["tflite_path"]).is_file()
    assert (version / "c" / f"{spec.model_name}_model.c").is_file()


@pytest.mark.slow
def test_predict_runs_the_pushed_package_on_the_models_own_inputs(tiny_run):
    spec, root, env, result = tiny_run
    assert result.returncode == 0
    inputs = [str(p) for p in spec.load("write_predict_inputs")(root / "predict")]
    predicted = modelzoo(["predict", spec.cli_name, *inputs, "--json"], env)
    assert predicted.returncode == 0, predicted.stderr
    assert sorted(json.loads(predicted.stdout)) == sorted(inputs)


@pytest.mark.slow
def test_firmware_app_compiles_against_the_pushed_package(tiny_run):
    spec, root, env, result = tiny_run
    if compile_check.toolchain_problems():
        pytest.skip("; ".join(compile_check.toolchain_problems()))
    version = latest_version(spec.model_name, root / "home" / "models")
    checked = modelzoo(["firmware", "check", spec.cli_name, "--version-dir", str(version)], env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "compile-only check" in checked.stdout


@pytest.mark.parametrize("model", sorted(MODELS))
def test_pipeline_compiles_for_kubeflow_with_the_standard_stages(model, tmp_path):
    out = tmp_path / f"{model}.yaml"
    kubeflow_v2_runner.compile_pipeline(
        str(out),
        model=model,
        data_root="gs://bucket/data",
        pipeline_root="gs://bucket/root",
        push_destination="gs://bucket/models",
    )
    tasks = yaml.safe_load(out.read_text())["root"]["dag"]["tasks"]
    for stage in STANDARD_STAGES:  # the resolver compiles to one task per input channel
        assert any(task.startswith(stage) for task in tasks), f"{model}: no {stage} in {tasks}"


@pytest.mark.parametrize("model", sorted(MODELS))
def test_spec_names_code_that_exists(model):
    spec = MODELS[model]
    for name in ("data_cli", "write_default_data", "predictor", "write_tiny_data"):
        assert callable(spec.load(name)), f"{model}: {name} = {getattr(spec, name)}"
    assert spec.load("pipeline").PIPELINE.spec is spec
    assert (Path(__file__).resolve().parents[2] / spec.benchmark).is_file()
