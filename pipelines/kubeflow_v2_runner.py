"""Compile a zoo pipeline for Kubeflow Pipelines with TFX's ``KubeflowV2DagRunner``.

Output: ``.yaml`` is the KFP IR (the PipelineSpec that ``kfp.Client`` and the KFP UI upload);
``.json`` is a PipelineJob (PipelineSpec + runtime config) as Vertex AI Pipelines takes it.

Run-time parameters of the compiled pipeline (the KFP UI's run form shows them):
- ``data_root``: where the ExampleGen reads records (a TFX ``RuntimeParameter``);
- ``beam_<flag>`` for each tunable Beam flag of the chosen runner (``beam.TUNABLE_FLAGS``: e.g.
  ``beam_direct_num_workers``, ``beam_flink_master``): TFX writes Beam flags into every
  container's arguments as constants, so each is replaced by a KFP input placeholder and
  declared on the root, the component and the task, defaulting to the value compiled in.
The runner itself, the image and the default pipeline root are fixed at compile time.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import yaml
from tfx import v1 as tfx

from pipelines import beam

DEFAULT_IMAGE = "ghcr.io/ambiq-modelzoo/pipeline:latest"
# Where docker/pipeline.Dockerfile puts the project (curated schemas are read from there).
IMAGE_PROJECT_ROOT = "/opt/modelzoo"
# Where docker/pipeline.Dockerfile puts the project (curated schemas are read from there).
IMAGE_PROJECT_ROOT = "/opt/modelzoo"
DATA_ROOT_PARAMETER = "data_root"
BEAM_PARAMETER_PREFIX = "beam_"
_INPUTS_SPEC_FLAG = "--json_serialized_inputs_spec_args"
_IR_TYPES = {int: "NUMBER_INTEGER", str: "STRING"}


def compile_pipeline(
    output_file: str,
    *,
    model: str,
    data_root: str,
    pipeline_root: str,
    push_destination: str,
    image: str = DEFAULT_IMAGE,
    beam_options: beam.BeamOptions | None = None,
    spans: bool = False,
    firmware_build_image: str | None = None,
) -> dict:
    """Writes ``output_file`` (``.yaml`` IR or ``.json`` PipelineJob); returns the PipelineJob.

    ``firmware_build_image`` adds the NeuralspotBuild step (see ``create_pipeline``)."""
    from modules.registry import get

    suffix = Path(output_file).suffix
    if suffix not in (".yaml", ".yml", ".json"):
        raise ValueError(f"{output_file}: write .yaml (KFP) or .json (Vertex PipelineJob)")
    flags = (beam_options or beam.BeamOptions()).flags()
    pipeline = importlib.import_module(get(model).pipeline).create_pipeline(
        pipeline_root=pipeline_root,
        data_root=tfx.dsl.experimental.RuntimeParameter(
            name=DATA_ROOT_PARAMETER, ptype=str, default=data_root
        ),
        push_destination=push_destination,
        beam_pipeline_args=[f"--{name}={value}" for name, value in flags],
        spans=spans,
        project_root=IMAGE_PROJECT_ROOT,
        **({"firmware_build_image": firmware_build_image} if firmware_build_image else {}),
    )
    runner = tfx.orchestration.experimental.KubeflowV2DagRunner(
        config=tfx.orchestration.experimental.KubeflowV2DagRunnerConfig(
            default_image=image, use_pipeline_spec_2_1=True
        )
    )
    job = runner.run(pipeline, parameter_values={DATA_ROOT_PARAMETER: data_root}, write_out=False)
    spec = job["pipelineSpec"]
    # TFX puts RuntimeParameter defaults only in the PipelineJob's runtime config; the IR that
    # kfp.Client uploads needs them on the root's input definitions.
    spec["root"]["inputDefinitions"]["parameters"][DATA_ROOT_PARAMETER]["defaultValue"] = data_root
    expose_beam_flags(spec, flags)
    spec["defaultPipelineRoot"] = pipeline_root
    Path(output_file).parent.mkdir(parents=True, exist_ok=True)
    with open(output_file, "w") as handle:
        if suffix == ".json":
            json.dump(job, handle, indent=2, sort_keys=True)
        else:
            yaml.safe_dump(spec, handle, sort_keys=True)
    return job


def beam_parameter(flag: str) -> str:
    return BEAM_PARAMETER_PREFIX + flag


def expose_beam_flags(spec: dict, flags: list[tuple[str, str | int]]) -> list[str]:
    """Makes each tunable ``--flag=value`` a pipeline input (default ``value``); returns names."""
    tunable = [(name, value) for name, value in flags if name in beam.TUNABLE_FLAGS]
    root_inputs = spec["root"].setdefault("inputDefinitions", {}).setdefault("parameters", {})
    for name, value in tunable:
        root_inputs[beam_parameter(name)] = {
            "parameterType": _IR_TYPES[type(value)],
            "defaultValue": value,
        }
    executors = spec["deploymentSpec"]["executors"]
    for task in spec["root"]["dag"]["tasks"].values():
        component = spec["components"][task["componentRef"]["name"]]
        container = executors.get(component.get("executorLabel"), {}).get("container")
        if container is None:  # resolver steps run no container
            continue
        hook = container.get("lifecycle", {}).get("preCacheCheck", {})
        arg_lists = [args for args in (container.get("args"), hook.get("args")) if args]
        used = [
            (name, value)
            for name, value in tunable
            if any([_replace(args, name, value) for args in arg_lists])  # each list, no short cut
        ]
        declared = component.setdefault("inputDefinitions", {}).setdefault("parameters", {})
        task_inputs = task.setdefault("inputs", {}).setdefault("parameters", {})
        for name, value in used:
            declared[beam_parameter(name)] = {"parameterType": _IR_TYPES[type(value)]}
            task_inputs[beam_parameter(name)] = {"componentInputParameter": beam_parameter(name)}
        for args in arg_lists:  # TFX passes the component's inputs spec to its entrypoint too
            if _INPUTS_SPEC_FLAG in args:
                at = args.index(_INPUTS_SPEC_FLAG) + 1
                inputs_spec = json.loads(args[at])
                inputs_spec.setdefault("parameters", {}).update(
                    {beam_parameter(name): declared[beam_parameter(name)] for name, _ in used}
                )
                args[at] = json.dumps(inputs_spec, indent=2, sort_keys=True)
    return [beam_parameter(name) for name, _ in tunable]


def _replace(args: list[str], name: str, value) -> bool:
    constant = f"--{name}={value}"
    if constant not in args:
        return False
    args[args.index(constant)] = f"--{name}={{{{$.inputs.parameters['{beam_parameter(name)}']}}}}"
    return True
