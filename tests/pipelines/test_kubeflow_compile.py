"""Every zoo pipeline compiles to a Kubeflow V2 spec that names its components and parameters."""

import json
import re

import pytest
import yaml
from google.protobuf import json_format
from kfp.pipeline_spec import pipeline_spec_pb2
from typer.testing import CliRunner

from modelzoo.cli import app
from modules.registry import DEFAULT_MODEL, MODELS
from pipelines import beam, images, kubeflow_v2_runner
from tests.modules.test_registry_contract import STANDARD_STAGES

PLACEHOLDER = re.compile(r"\{\{\$\.inputs\.parameters\['([^']+)'\]\}\}")


def containers(spec: dict):
    """(task name, task, component, container) for every task that runs a container."""
    executors = spec["deploymentSpec"]["executors"]
    for name, task in spec["root"]["dag"]["tasks"].items():
        component = spec["components"][task["componentRef"]["name"]]
        container = executors[component["executorLabel"]].get("container")
        if container:
            yield name, task, component, container


def all_args(container: dict) -> list[list[str]]:
    hook = container.get("lifecycle", {}).get("preCacheCheck", {})
    return [args for args in (container.get("args"), hook.get("args")) if args]


def check_placeholders_are_wired(spec: dict) -> set[str]:
    """Each ``{{$.inputs.parameters['x']}}`` is declared on its component, fed by its task from
    a root parameter, and listed in the inputs spec TFX hands its entrypoint."""
    root_parameters = spec["root"]["inputDefinitions"]["parameters"]
    used = set()
    for name, task, component, container in containers(spec):
        for args in all_args(container):
            inputs_spec = json.loads(args[args.index("--json_serialized_inputs_spec_args") + 1])
            for parameter in PLACEHOLDER.findall(" ".join(args)):
                used.add(parameter)
                declared = component["inputDefinitions"]["parameters"][parameter]
                assert inputs_spec["parameters"][parameter] == declared, name
                source = task["inputs"]["parameters"][parameter]["componentInputParameter"]
                assert root_parameters[source]["parameterType"] == declared["parameterType"]
    return used


@pytest.mark.parametrize("model", sorted(MODELS))
def test_every_pipeline_compiles_to_a_spec_kfp_accepts(kfp_packages, model):
    text = (kfp_packages / f"{model}.yaml").read_text()
    spec = yaml.safe_load(text)
    # What kfp.Client does with a package: the first YAML document must be a PipelineSpec.
    parsed = json_format.ParseDict(spec, pipeline_spec_pb2.PipelineSpec())
    assert parsed.pipeline_info.name == MODELS[model].load("pipeline").PIPELINE_NAME
    assert parsed.schema_version == "2.1.0"
    assert parsed.default_pipeline_root == f"gs://zoo-bucket/zoo/pipelines/{model}"
    images = {c["image"] for *_, c in containers(spec)}
    assert images == {"example.org/zoo/pipeline:1"}
    parameters = spec["root"]["inputDefinitions"]["parameters"]
    assert parameters == {
        "data_root": {
            "parameterType": "STRING",
            "defaultValue": f"gs://zoo-bucket/zoo/data/{MODELS[model].model_name}",
        },
        "beam_direct_num_workers": {"parameterType": "NUMBER_INTEGER", "defaultValue": 2},
    }
    assert check_placeholders_are_wired(spec) == {"beam_direct_num_workers"}
    for name, _, _, container in containers(spec):
        args = container["args"]
        assert "--runner=DirectRunner" in args and "--direct_running_mode=multi_processing" in args
        assert "--direct_num_workers=2" not in args, f"{name} kept the compiled-in constant"


def test_heart_pipeline_names_every_component_reads_the_newest_span(kfp_packages):
    spec = yaml.safe_load((kfp_packages / "heart-arrhythmia.yaml").read_text())
    tasks = spec["root"]["dag"]["tasks"]
    for name in STANDARD_STAGES:
        assert any(task.startswith(name) for task in tasks), f"{name} missing from {sorted(tasks)}"
    assert any(dep.startswith("AnomalyGate") for dep in tasks["Transform"]["dependentTasks"])
    example_gen = tasks["RecordFileExampleGen"]["inputs"]["parameters"]
    assert example_gen["input_base"] == {"componentInputParameter": "data_root"}
    input_config = json.loads(example_gen["input_config"]["runtimeValue"]["constant"])
    assert input_config["splits"][0]["pattern"] == "span-{SPAN}/*"
    assert example_gen["file_pattern"]["runtimeValue"]["constant"] == "*.hea"
    # The curated schema is read from the project inside the pipeline image.
    schema_file = tasks["ImportSchemaGen"]["inputs"]["parameters"]["schema_file"]
    assert schema_file["runtimeValue"]["constant"] == (
        f"{kubeflow_v2_runner.IMAGE_PROJECT_ROOT}/modules/heart_arrhythmia/schema.pbtxt"
    )
    range_config = json.loads(example_gen["range_config"]["runtimeValue"]["constant"])
    assert range_config == {"rolling_range": {"num_spans": 1}}
    # TFX gives FileBasedExampleGens a driver that resolves {SPAN} before the executor runs.
    label = spec["components"]["RecordFileExampleGen"]["executorLabel"]
    hook = spec["deploymentSpec"]["executors"][label]["container"]["lifecycle"]["preCacheCheck"]
    assert hook["command"][-1] == "tfx.orchestration.kubeflow.v2.file_based_example_gen.driver"
    evaluator = tasks["Evaluator"]["inputs"]["artifacts"]["baseline_model"]
    assert evaluator["taskOutputArtifact"]["producerTask"].startswith(
        "latest_blessed_model_resolver"
    )


def test_flink_options_become_run_time_parameters(tmp_path):
    options = beam.BeamOptions("flink", workers=6, flink_master="flink-jobmanager:8081")
    job = kubeflow_v2_runner.compile_pipeline(
        str(tmp_path / "flink.json"),
        model=DEFAULT_MODEL,
        data_root="gs://b/ecg",
        pipeline_root="gs://b/root",
        push_destination="gs://b/models",
        beam_options=options,
    )
    assert json.loads((tmp_path / "flink.json").read_text()) == job
    assert job["runtimeConfig"]["parameterValues"] == {"data_root": "gs://b/ecg"}
    spec = job["pipelineSpec"]
    parameters = spec["root"]["inputDefinitions"]["parameters"]
    assert parameters["beam_flink_master"] == {
        "parameterType": "STRING",
        "defaultValue": "flink-jobmanager:8081",
    }
    assert parameters["beam_parallelism"] == {"parameterType": "NUMBER_INTEGER", "defaultValue": 6}
    assert check_placeholders_are_wired(spec) == {"beam_flink_master", "beam_parallelism"}
    for _, _, _, container in containers(spec):
        for args in all_args(container):
            assert "--runner=FlinkRunner" in args
            assert "--parallelism={{$.inputs.parameters['beam_parallelism']}}" in args


def test_compile_with_a_firmware_image_adds_the_build_step(tmp_path):
    args = ["kfp", "compile", "heart-arrhythmia", "--out-dir", str(tmp_path), "--root", "gs://b"]
    result = CliRunner().invoke(app, [*args, "--firmware-image", "example.org/firmware:ns"])
    assert result.exit_code == 0, result.output
    spec = yaml.safe_load((tmp_path / "heart-arrhythmia.yaml").read_text())
    json_format.ParseDict(spec, pipeline_spec_pb2.PipelineSpec())
    task = spec["root"]["dag"]["tasks"]["NeuralspotBuild"]
    assert task["dependentTasks"] == ["QuantizingPusher"]
    container = spec["deploymentSpec"]["executors"]["NeuralspotBuild_executor"]["container"]
    assert container["image"] == "example.org/firmware:ns"
    assert container["command"][:3] == ["modelzoo", "firmware", "build"]
    # Its own parameter only: Beam flags are not passed to a container component.
    assert PLACEHOLDER.findall(" ".join(container["command"])) == ["platform"]
    assert check_placeholders_are_wired(spec) == {"beam_direct_num_workers"}


def test_run_command_still_compiles_a_pipeline_job(tmp_path):
    output = tmp_path / "job.json"
    result = CliRunner().invoke(
        app, ["run", "heart-arrhythmia", "--runner", "kubeflow-compile", "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    job = json.loads(output.read_text())
    assert set(job) >= {"pipelineSpec", "runtimeConfig", "displayName"}
    assert "Compiled 11 components" in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["kfp", "compile", "speech-kws", "--root", "gs://b"], "unknown model 'speech-kws'"),
        (["kfp", "compile", "all"], "pass --root"),
        (["kfp", "compile", "all", "--root", "gs://b", "--beam-runner", "flink"], "--flink-master"),
    ],
)
def test_compile_rejects_bad_input_with_one_line(args, message, monkeypatch):
    monkeypatch.delenv("MODELZOO_STORAGE_ROOT", raising=False)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_compile_without_an_image_uses_the_pinned_one(tmp_path):
    """`make image` pins its build in kubernetes/components/images; compiled specs follow it."""
    args = ["kfp", "compile", "heart-arrhythmia", "--out-dir", str(tmp_path), "--root", "gs://b"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    spec = yaml.safe_load((tmp_path / "heart-arrhythmia.yaml").read_text())
    pinned = images.pinned(images.PIPELINE)
    assert {c["image"] for *_, c in containers(spec)} == {pinned}
    assert f"image {pinned}" in result.output
    assert ":latest" not in (tmp_path / "heart-arrhythmia.yaml").read_text()


@pytest.mark.parametrize(
    "option, image, message",
    [
        ("--image", "example.org/zoo/pipeline:latest", "is refused: :latest changes"),
        ("--image", "example.org/zoo/pipeline", "names no tag (Docker reads that as :latest)"),
        ("--image", "localhost:5000/pipeline", "names no tag"),
        ("--image", "example.org/zoo/pipeline@sha256:abc", "is not a digest (sha256:<64 hex"),
        ("--firmware-image", "example.org/zoo/firmware:latest", "is refused: :latest changes"),
    ],
)
def test_an_image_that_is_not_pinned_is_refused(tmp_path, option, image, message):
    args = ["kfp", "compile", "heart-arrhythmia", "--out-dir", str(tmp_path), "--root", "gs://b"]
    result = CliRunner().invoke(app, [*args, option, image])
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert line.startswith(f"error: {option} {image} ") and message in line
    assert list(tmp_path.iterdir()) == []
