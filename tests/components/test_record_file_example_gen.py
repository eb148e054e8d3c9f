"""RecordFileExampleGen's executor on WFDB records: windows from records in a nested tree,
patient-disjoint splits, and a quarantine for files that cannot be read (the rest of the data
still goes through)."""

import json
import shutil
from pathlib import Path

import pytest
import tensorflow as tf
from tfx.proto import example_gen_pb2
from tfx.types import artifact_utils, standard_artifacts
from tfx.utils import proto_utils

from components.record_file_example_gen.component import QuarantineReport, split_output_config
from components.record_file_example_gen.executor import (
    Executor,
    list_record_files,
    local_record_file,
)
from modules.heart_arrhythmia import config

RECORD_FN = "modules.heart_arrhythmia.windows.record_to_examples"


def read_examples(split_uri: str) -> list[tf.train.Example]:
    files = tf.io.gfile.glob(f"{split_uri}/*.gz")
    dataset = tf.data.TFRecordDataset(files, compression_type="GZIP")
    return [tf.train.Example.FromString(raw.numpy()) for raw in dataset]


def feature(example, key):
    value = example.features.feature[key]
    return value.bytes_list.value[0].decode() if value.bytes_list.value else value


@pytest.fixture(scope="module")
def generated(small_records_dir, tmp_path_factory):
    data = tmp_path_factory.mktemp("wfdb_in")
    # Icentia11k-style nesting: records two directories down, in different folders.
    stems = sorted({path.stem for path in small_records_dir.iterdir()})
    for path in small_records_dir.iterdir():
        index = stems.index(path.stem)
        folder = data / f"p0{index % 2}" / f"p0{index % 2}000"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, folder / path.name)
    (data / "p00" / "broken.hea").write_text("broken 1 250 nonsense\n")
    (data / "README.txt").write_text("not a record\n")
    records = sorted(str(p.with_suffix("")) for p in data.rglob("*.hea"))
    out = tmp_path_factory.mktemp("wfdb_out")
    examples = standard_artifacts.Examples()
    examples.uri = str(out / "examples")
    quarantine = QuarantineReport()
    quarantine.uri = str(out / "quarantine")
    input_config = example_gen_pb2.Input(
        splits=[example_gen_pb2.Input.Split(name="records", pattern="*")]
    )
    output_config = split_output_config(config.PATIENT_KEY, {"train": 3, "eval": 1})
    exec_properties = {
        "input_base": str(data),
        "input_config": proto_utils.proto_to_json(input_config),
        "output_config": proto_utils.proto_to_json(output_config),
        "output_data_format": example_gen_pb2.FORMAT_TF_EXAMPLE,
        "output_file_format": example_gen_pb2.FORMAT_TFRECORDS_GZIP,
        "file_pattern": "*.hea",
        "record_fn": RECORD_FN,
        "record_fn_kwargs": json.dumps({}),
    }
    Executor().Do({}, {"examples": [examples], "quarantine": [quarantine]}, exec_properties)
    return examples, quarantine, records


def test_windows_are_written_with_the_data_contract(generated):
    examples, _, _ = generated
    assert artifact_utils.decode_split_names(examples.split_names) == ["train", "eval"]
    train = read_examples(f"{examples.uri}/Split-train")
    assert len(train) > 50
    labels = {feature(e, config.LABEL_KEY) for e in train}
    assert labels <= set(config.CLASS_NAMES) and len(labels) >= 2
    for example in train[:20]:
        assert len(example.features.feature[config.ECG_KEY].float_list.value) == (
            config.WINDOW_SAMPLES
        )


def test_no_patient_in_two_splits(generated):
    examples, _, _ = generated
    train = {feature(e, config.PATIENT_KEY) for e in read_examples(f"{examples.uri}/Split-train")}
    evaluation = {
        feature(e, config.PATIENT_KEY) for e in read_examples(f"{examples.uri}/Split-eval")
    }
    assert train and evaluation and not train & evaluation


def test_corrupt_record_is_quarantined_and_counted(generated):
    examples, quarantine, records = generated
    report = json.loads((Path(quarantine.uri) / "report.json").read_text())
    assert report["records_quarantined"] == 1
    [entry] = report["records"]
    assert entry["record"].endswith("p00/broken.hea") and "broken" in entry["error"]
    assert quarantine.get_int_custom_property("records_quarantined") == 1
    assert examples.get_int_custom_property("records_quarantined") == 1
    written = {feature(e, config.RECORD_KEY) for e in read_examples(f"{examples.uri}/Split-train")}
    written |= {feature(e, config.RECORD_KEY) for e in read_examples(f"{examples.uri}/Split-eval")}
    assert written == {Path(r).name for r in records if not r.endswith("broken")}


def test_files_are_found_recursively_below_each_split_pattern(tmp_path):
    for name in ("span-1/a.wav", "span-2/yes/b.wav", "span-2/no/deep/c.wav", "span-2/no/c.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    whole = list_record_files(str(tmp_path), "*", "*.wav")
    assert [Path(p).relative_to(tmp_path).as_posix() for p in whole] == [
        "span-1/a.wav",
        "span-2/no/deep/c.wav",
        "span-2/yes/b.wav",
    ]
    span_2 = list_record_files(str(tmp_path), "span-2/*", "*.wav")
    assert [Path(p).name for p in span_2] == ["c.wav", "b.wav"]
    assert list_record_files(str(tmp_path), "span-1/a.wav", "*.wav") == [
        str(tmp_path / "span-1/a.wav")
    ]
    assert list_record_files(str(tmp_path), "span-3/*", "*.wav") == []


def test_records_under_a_remote_root_are_read_from_a_local_copy(small_records_dir):
    """Kubeflow pods read data roots such as gs://: WFDB files are staged locally first
    (TensorFlow's ram:// filesystem stands in for a bucket)."""
    from modules.heart_arrhythmia.windows import record_to_examples

    record = sorted(small_records_dir.glob("*.hea"))[0].with_suffix("")
    remote = f"ram://bucket/span-1/{record.name}"
    for source in record.parent.glob(record.name + ".*"):
        tf.io.gfile.copy(str(source), remote + source.suffix, overwrite=True)
    with local_record_file(remote + ".hea") as staged:
        assert "://" not in staged and Path(staged).name == record.name + ".hea"
        staged_examples = list(record_to_examples(staged))
    assert not Path(staged).exists()  # the copy is cleaned up
    local_examples = list(record_to_examples(str(record) + ".hea"))
    assert staged_examples and staged_examples == local_examples  # proto equality
    with local_record_file(str(record) + ".hea") as same:
        assert same == str(record) + ".hea"
