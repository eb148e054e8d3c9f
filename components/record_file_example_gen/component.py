"""RecordFileExampleGen: TFX's FileBasedExampleGen over a tree of record files, plus a quarantine.

Building on FileBasedExampleGen keeps what users expect from an ExampleGen: ``{SPAN}`` /
``{VERSION}`` input patterns with ``RangeConfig``, hash splits by a feature (a patient or speaker
id, so nobody lands in two splits), and TFRecord output that every downstream component reads.
Being a FileBasedExampleGen subclass also makes TFX's Kubeflow V2 compiler give it the
span-resolving driver, as it does for CsvExampleGen.

What a file is and what it becomes is the model's business:
- ``file_pattern`` (a file-name glob such as ``*.hea`` or ``*.wav``) picks the record files,
  searched recursively below what each split's input pattern matches (``*`` for the whole
  tree, ``span-{SPAN}/*`` for spans), so nested layouts (Icentia11k's ``p00/p00000/``, Speech
  Commands' one folder per label) work as they are;
- ``record_fn`` names a function ``(path, **record_fn_kwargs) -> Iterable[tf.train.Example]`` that
  gets the local path of one matched file. Files that share its stem (a WFDB record's ``.dat`` and
  ``.atr``) are beside it, also when the data root is remote.
"""

from __future__ import annotations

import json
from typing import Any

from tfx import types
from tfx.components.example_gen import driver, utils
from tfx.components.example_gen.component import FileBasedExampleGen
from tfx.dsl.components.base import base_beam_component, executor_spec
from tfx.orchestration.data_types import RuntimeParameter
from tfx.proto import example_gen_pb2, range_config_pb2
from tfx.types import standard_artifacts, standard_component_specs
from tfx.types.artifact import Artifact
from tfx.types.component_spec import ChannelParameter, ExecutionParameter

from components.record_file_example_gen import executor

FILE_PATTERN_KEY = "file_pattern"
RECORD_FN_KEY = "record_fn"
RECORD_FN_KWARGS_KEY = "record_fn_kwargs"
QUARANTINE_KEY = "quarantine"
WHOLE_TREE = "*"


def split_output_config(
    partition_feature: str, hash_buckets: dict[str, int]
) -> example_gen_pb2.Output:
    """Output splits hashed on ``partition_feature``: every example sharing its value (e.g. one
    patient's windows, one speaker's clips) lands in the same split."""
    return example_gen_pb2.Output(
        split_config=example_gen_pb2.SplitConfig(
            splits=[
                example_gen_pb2.SplitConfig.Split(name=name, hash_buckets=buckets)
                for name, buckets in hash_buckets.items()
            ],
            partition_feature_name=partition_feature,
        )
    )


class QuarantineReport(Artifact):
    """Files an ExampleGen could not read: ``report.json`` (counts) + ``quarantined-*.jsonl``."""

    # KFP V2 needs "<namespace>.<Name>" custom type names.
    TYPE_NAME = "modelzoo.QuarantineReport"


class RecordFileExampleGenSpec(standard_component_specs.FileBasedExampleGenSpec):
    PARAMETERS = {
        **standard_component_specs.FileBasedExampleGenSpec.PARAMETERS,
        FILE_PATTERN_KEY: ExecutionParameter(type=str),
        RECORD_FN_KEY: ExecutionParameter(type=str),
        RECORD_FN_KWARGS_KEY: ExecutionParameter(type=str, optional=True),
    }
    OUTPUTS = {
        **standard_component_specs.FileBasedExampleGenSpec.OUTPUTS,
        QUARANTINE_KEY: ChannelParameter(type=QuarantineReport),
    }


class RecordFileExampleGen(FileBasedExampleGen):
    """Reads every ``file_pattern`` file below ``<input_base>/<split pattern>`` into tf.Examples.

    ``input_base`` may be a ``RuntimeParameter`` (the data root of a Kubeflow run). Without an
    ``input_config`` the whole tree is one split, which ``output_config`` hash-splits.
    """

    SPEC_CLASS = RecordFileExampleGenSpec
    EXECUTOR_SPEC = executor_spec.BeamExecutorSpec(executor.Executor)
    DRIVER_CLASS = driver.FileBasedDriver

    def __init__(
        self,
        input_base: str | RuntimeParameter,
        file_pattern: str,
        record_fn: str,
        record_fn_kwargs: dict[str, Any] | None = None,
        input_config: example_gen_pb2.Input | None = None,
        output_config: example_gen_pb2.Output | None = None,
        range_config: range_config_pb2.RangeConfig | None = None,
    ):
        input_config = input_config or example_gen_pb2.Input(
            splits=[example_gen_pb2.Input.Split(name="records", pattern=WHOLE_TREE)]
        )
        output_config = output_config or utils.make_default_output_config(input_config)
        spec = RecordFileExampleGenSpec(
            input_base=input_base,
            input_config=input_config,
            output_config=output_config,
            range_config=range_config,
            output_data_format=example_gen_pb2.FORMAT_TF_EXAMPLE,
            output_file_format=example_gen_pb2.FORMAT_TFRECORDS_GZIP,
            file_pattern=file_pattern,
            record_fn=record_fn,
            record_fn_kwargs=json.dumps(record_fn_kwargs or {}, sort_keys=True),
            examples=types.Channel(type=standard_artifacts.Examples),
            quarantine=types.Channel(type=QuarantineReport),
        )
        # FileBasedExampleGen.__init__ builds its own spec; this one adds the record function
        # and the quarantine output, so initialise as the Beam component it derives from.
        base_beam_component.BaseBeamComponent.__init__(self, spec=spec)
