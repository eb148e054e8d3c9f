"""The heart-arrhythmia pipeline compiles to a Kubeflow V2 PipelineJob naming every component."""

import json

from pipelines import kubeflow_v2_runner

EXPECTED_COMPONENTS = [
    "WfdbExampleGen",
    "StatisticsGen",
    "SchemaGen",
    "ExampleValidator",
    "AnomalyGate",
    "Transform",
    "Trainer",
    "latest_blessed_model_resolver",
    "Evaluator",
    "QuantizingPusher",
]


def test_kubeflow_v2_compile_names_every_component(tmp_path):
    output = tmp_path / "job" / "heart-arrhythmia.json"
    spec = kubeflow_v2_runner.compile_pipeline(
        str(output),
        data_root="gs://bucket/ecg",
        pipeline_root=str(tmp_path / "root"),
        push_destination="gs://bucket/models",
        image="example.org/zoo:1",
        beam_workers=2,
    )
    assert json.loads(output.read_text()) == spec
    tasks = spec["pipelineSpec"]["root"]["dag"]["tasks"]
    for name in EXPECTED_COMPONENTS:
        assert any(task.startswith(name) for task in tasks), f"{name} missing from {sorted(tasks)}"
    executors = spec["pipelineSpec"]["deploymentSpec"]["executors"]
    images = {e["container"]["image"] for e in executors.values() if "container" in e}
    assert images == {"example.org/zoo:1"}
    transform_deps = tasks[next(t for t in tasks if t.startswith("Transform"))]["dependentTasks"]
    assert any(dep.startswith("AnomalyGate") for dep in transform_deps)
