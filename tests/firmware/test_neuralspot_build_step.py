"""The pipeline with the firmware build step compiles to a Kubeflow V2 PipelineJob."""

from modules.registry import DEFAULT_MODEL
from pipelines import kubeflow_v2_runner


def _compile(tmp_path, **kwargs):
    return kubeflow_v2_runner.compile_pipeline(
        str(tmp_path / "job.json"),
        model=DEFAULT_MODEL,
        data_root="gs://bucket/ecg",
        pipeline_root=str(tmp_path / "root"),
        push_destination="gs://bucket/models",
        image="example.org/zoo:1",
        **kwargs,
    )["pipelineSpec"]


def test_build_step_runs_the_firmware_cli_in_its_image_after_the_pusher(tmp_path):
    spec = _compile(tmp_path, firmware_build_image="example.org/firmware:7")
    task = spec["root"]["dag"]["tasks"]["NeuralspotBuild"]
    assert task["dependentTasks"] == ["QuantizingPusher"]
    source = task["inputs"]["artifacts"]["pushed_model"]["taskOutputArtifact"]
    assert source == {"outputArtifactKey": "pushed_model", "producerTask": "QuantizingPusher"}
    platform = task["inputs"]["parameters"]["platform"]["runtimeValue"]["constant"]
    assert platform == "apollo4p_evb"  # pipeline spec schema 2.1

    container = spec["deploymentSpec"]["executors"]["NeuralspotBuild_executor"]["container"]
    assert container["image"] == "example.org/firmware:7"
    assert container["command"] == [
        "modelzoo",
        "firmware",
        "build",
        "heart-arrhythmia",
        "--version-dir",
        "{{$.inputs.artifacts['pushed_model'].uri}}",
        "--out",
        "{{$.outputs.artifacts['firmware'].uri}}",
        "--platform",
        "{{$.inputs.parameters['platform']}}",
        "--if-pushed",
    ]
    output = spec["components"]["NeuralspotBuild"]["outputDefinitions"]["artifacts"]["firmware"]
    assert output["artifactType"]["instanceSchema"].startswith("title: modelzoo.FirmwareImage")
    # Every other step still runs in the pipeline image.
    images = {
        name: e["container"]["image"]
        for name, e in spec["deploymentSpec"]["executors"].items()
        if "container" in e
    }
    assert {i for n, i in images.items() if n != "NeuralspotBuild_executor"} == {
        "example.org/zoo:1"
    }


def test_without_a_firmware_image_there_is_no_build_step(tmp_path):
    spec = _compile(tmp_path)
    assert not any(name.startswith("NeuralspotBuild") for name in spec["root"]["dag"]["tasks"])
