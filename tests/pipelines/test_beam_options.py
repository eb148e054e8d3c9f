"""--beam-runner and its options become the Beam flags every component receives."""

import pytest
from apache_beam.options.pipeline_options import PipelineOptions

from pipelines.beam import BeamOptions, BeamOptionsError, beam_pipeline_args

DATAFLOW = dict(project="zoo-proj", region="europe-west4", temp_location="gs://zoo/tmp")


def unknown_to_beam(args: list[str]) -> set[str]:
    """Flags apache-beam 2.60 would discard as unparseable (a typo would be silently lost)."""
    options = PipelineOptions(args)
    known = options.get_all_options(drop_default=True)
    return set(options.get_all_options(drop_default=True, retain_unknown_options=True)) - set(known)


@pytest.mark.parametrize(
    "options, expected",
    [
        (
            BeamOptions(workers=3),
            [
                "--runner=DirectRunner",
                "--direct_running_mode=multi_processing",
                "--direct_num_workers=3",
                "--beam_plugins=pipelines.quiet",
            ],
        ),
        (
            BeamOptions("flink", workers=8, flink_master="flink-jobmanager:8081"),
            [
                "--runner=FlinkRunner",
                "--flink_master=flink-jobmanager:8081",
                "--parallelism=8",
                "--environment_type=EXTERNAL",
                "--environment_config=localhost:50000",
            ],
        ),
        (
            BeamOptions("spark", spark_master="spark://spark-master:7077"),
            [
                "--runner=SparkRunner",
                "--spark_master_url=spark://spark-master:7077",
                "--environment_type=EXTERNAL",
                "--environment_config=localhost:50000",
            ],
        ),
        (
            BeamOptions("dataflow", workers=20, sdk_container_image="ghcr.io/x/p:1", **DATAFLOW),
            [
                "--runner=DataflowRunner",
                "--project=zoo-proj",
                "--region=europe-west4",
                "--temp_location=gs://zoo/tmp",
                "--max_num_workers=20",
                "--sdk_container_image=ghcr.io/x/p:1",
            ],
        ),
    ],
    ids=["direct", "flink", "spark", "dataflow"],
)
def test_each_runner_gives_exactly_its_flags_and_beam_knows_them_all(options, expected):
    assert options.args() == expected
    assert unknown_to_beam(expected) == set()
    assert PipelineOptions(expected).get_all_options()["runner"] == expected[0].split("=")[1]


def test_direct_runner_defaults_to_one_process_per_cpu(monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 6)
    assert "--direct_num_workers=6" in beam_pipeline_args()
    assert "--direct_num_workers=2" in beam_pipeline_args("direct", 2)


@pytest.mark.parametrize(
    "options, message",
    [
        (BeamOptions("flink"), "needs --flink-master"),
        (BeamOptions("spark"), "needs --spark-master"),
        (BeamOptions("spark", workers=2, spark_master="spark://m:7077"), "does not apply"),
        (BeamOptions("dataflow", project="p"), "needs --region REGION, --temp-location"),
        (BeamOptions("dataflow", **{**DATAFLOW, "temp_location": "/tmp"}), "must be a gs://"),
        (BeamOptions("samza"), "unknown Beam runner 'samza'"),
        (BeamOptions(workers=0), "at least 1"),
    ],
)
def test_missing_or_wrong_options_are_named(options, message):
    with pytest.raises(BeamOptionsError, match=message):
        options.args()
