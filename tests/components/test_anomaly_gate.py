"""AnomalyGate: data that breaks a model's curated schema stops the run, one line per feature.

The schema is the heart model's committed one; statistics come from TFDV's generators (in
memory, as StatisticsGen computes them on Beam), anomalies from TFDV's validation as
ExampleValidator runs it.
"""

from pathlib import Path

import pytest
import tensorflow as tf
import tensorflow_data_validation as tfdv
from tensorflow_data_validation.statistics.stats_impl import generate_statistics_in_memory
from tensorflow_data_validation.utils.stats_util import DatasetListView
from tensorflow_metadata.proto.v0 import schema_pb2
from tfx.utils import io_utils
from tfx_bsl.coders.example_coder import ExamplesToRecordBatchDecoder

from components.anomaly_gate import (
    ANOMALIES_FILE,
    STATISTICS_FILE,
    describe_anomalies,
    describe_missing_classes,
    label_domain,
)
from modules.heart_arrhythmia import config
from modules.heart_arrhythmia.windows import record_to_examples

SCHEMA = Path(__file__).resolve().parents[2] / "modules" / "heart_arrhythmia" / "schema.pbtxt"


@pytest.fixture(scope="module")
def schema():
    return io_utils.SchemaReader().read(str(SCHEMA))


@pytest.fixture(scope="module")
def examples(small_records_dir):
    records = sorted(small_records_dir.glob("*.hea"))
    return [e for record in records for e in record_to_examples(str(record))]


def write_split(uri: Path, split: str, examples, schema) -> None:
    """StatisticsGen's and ExampleValidator's outputs for one split, as TFDV writes them."""
    split_dir = uri / f"Split-{split}"
    split_dir.mkdir(parents=True)
    batch = ExamplesToRecordBatchDecoder().DecodeBatch([e.SerializeToString() for e in examples])
    stats = DatasetListView(generate_statistics_in_memory(batch, tfdv.StatsOptions())).proto()
    (split_dir / STATISTICS_FILE).write_bytes(stats.SerializeToString())
    anomalies = tfdv.validate_statistics(stats, schema)
    (split_dir / ANOMALIES_FILE).write_bytes(anomalies.SerializeToString())


def with_feature(example, key, values):
    changed = tf.train.Example()
    changed.CopyFrom(example)
    feature = changed.features.feature[key]
    if isinstance(values[0], bytes):
        feature.bytes_list.value[:] = values
    else:
        feature.float_list.value[:] = values
    return changed


def problems(tmp_path, examples, schema):
    write_split(tmp_path, "train", examples, schema)
    return describe_anomalies(str(tmp_path), ["train"]) + describe_missing_classes(
        str(tmp_path), ["train"], schema, config.LABEL_KEY
    )


def test_data_that_fits_the_schema_passes(tmp_path, examples, schema):
    assert {e.features.feature[config.LABEL_KEY].bytes_list.value[0] for e in examples} == {
        name.encode() for name in config.CLASS_NAMES
    }
    assert problems(tmp_path, examples, schema) == []


def test_an_unknown_label_value_names_the_label_feature(tmp_path, examples, schema):
    broken = [with_feature(examples[0], config.LABEL_KEY, [b"VFIB"]), *examples[1:]]
    [line] = problems(tmp_path, broken, schema)
    assert line.startswith(f"train: feature '{config.LABEL_KEY}':") and "VFIB" in line


def test_a_changed_window_shape_names_the_signal_feature(tmp_path, examples, schema):
    short = [
        with_feature(e, config.ECG_KEY, [0.0] * (config.WINDOW_SAMPLES // 2)) for e in examples
    ]
    lines = problems(tmp_path, short, schema)
    assert lines and all(line.startswith(f"train: feature '{config.ECG_KEY}'") for line in lines)


def test_a_missing_class_is_named_with_the_schemas_classes(tmp_path, examples, schema):
    label = config.LABEL_KEY
    one_class = [e for e in examples if e.features.feature[label].bytes_list.value[0] == b"NORMAL"]
    [line] = problems(tmp_path, one_class, schema)
    missing = ", ".join(f"'{name}'" for name in config.CLASS_NAMES if name != "NORMAL")
    assert line == (
        f"train: feature '{label}': no examples of {missing} "
        f"(the schema's classes: {', '.join(config.CLASS_NAMES)})"
    )


def test_label_domain_reads_inline_and_named_string_domains():
    schema = schema_pb2.Schema()
    inline = schema.feature.add(name="label")
    inline.string_domain.value.extend(["a", "b"])
    assert label_domain(schema, "label") == ["a", "b"]
    named = schema.feature.add(name="word", domain="words")
    schema.string_domain.add(name="words", value=["yes", "no"])
    assert label_domain(schema, "word") == ["yes", "no"]
    schema.feature.add(name="free_text")
    with pytest.raises(ValueError, match="'free_text' has no string domain"):
        label_domain(schema, "free_text")
    with pytest.raises(ValueError, match="no feature 'missing'"):
        label_domain(schema, "missing")
    assert named.domain == "words"
