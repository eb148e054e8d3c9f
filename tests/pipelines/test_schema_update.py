"""`modelzoo schema update`: a model's curated schema regenerated from data for review.

The committed heart schema must be what the command makes from the model's own synthetic data
(apart from its header), so a change of the data contract shows up as a diff of that file.
"""

from pathlib import Path

from google.protobuf import text_format
from tensorflow_metadata.proto.v0 import schema_pb2
from tfx.utils import io_utils
from typer.testing import CliRunner

from modelzoo.cli import app
from modules.heart_arrhythmia import config
from pipelines.heart_arrhythmia import PIPELINE
from pipelines.schema_update import curate

COMMITTED = Path(__file__).resolve().parents[2] / PIPELINE.schema_file


def test_curate_sets_the_label_domain_and_drops_id_domains():
    schema = text_format.Parse(
        """
        feature { name: "label" type: BYTES domain: "label" }
        feature { name: "speaker_id" type: BYTES domain: "speaker_id" }
        feature { name: "audio" type: FLOAT }
        string_domain { name: "label" value: "yes" }
        string_domain { name: "speaker_id" value: "s1" value: "s2" }
        """,
        schema_pb2.Schema(),
    )
    curated = curate(schema, "label", ("yes", "no", "_unknown_"))
    features = {f.name: f for f in curated.feature}
    assert list(features["label"].string_domain.value) == ["yes", "no", "_unknown_"]
    assert features["speaker_id"].WhichOneof("domain_info") is None
    assert not curated.string_domain


def test_committed_schema_is_what_the_command_makes_from_synthetic_data(
    small_records_dir, tmp_path, monkeypatch
):
    monkeypatch.setenv("MODELZOO_HOME", str(tmp_path / "home"))
    out = tmp_path / "schema.pbtxt"
    args = ["schema", "update", "heart-arrhythmia", "--data", str(small_records_dir)]
    result = CliRunner().invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("# Curated schema of heart-arrhythmia")
    made, committed = (io_utils.SchemaReader().read(str(p)) for p in (out, COMMITTED))
    assert made == committed
    label = next(f for f in committed.feature if f.name == config.LABEL_KEY)
    assert tuple(label.string_domain.value) == config.CLASS_NAMES


def test_a_missing_data_directory_is_one_line(tmp_path):
    args = ["schema", "update", "heart-arrhythmia", "--data", str(tmp_path / "nope")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert result.output.strip() == f"error: {tmp_path / 'nope'}: no such directory"
