"""The curated schema (``schema.pbtxt``) for a label set, checked against the data contract."""

from __future__ import annotations

from pathlib import Path

from modules.keyword_spotting import config

SCHEMA_PATH = Path(__file__).with_name("schema.pbtxt")


def load_schema(labels: config.LabelSet = config.DEFAULT_LABELS):
    """``schema.pbtxt`` with the label domain set to ``labels`` (a tensorflow_metadata Schema)."""
    from google.protobuf import text_format
    from tensorflow_metadata.proto.v0 import schema_pb2

    schema = text_format.Parse(SCHEMA_PATH.read_text(), schema_pb2.Schema())
    (domain,) = [d for d in schema.string_domain if d.name == "label"]
    del domain.value[:]
    domain.value.extend(labels.class_names)
    return schema


def write_schema(out_dir: str | Path, labels: config.LabelSet = config.DEFAULT_LABELS) -> Path:
    """Write ``schema.pbtxt`` for ``labels`` into ``out_dir`` (ImportSchemaGen's input)."""
    from google.protobuf import text_format

    path = Path(out_dir) / "schema.pbtxt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text_format.MessageToString(load_schema(labels)))
    return path
