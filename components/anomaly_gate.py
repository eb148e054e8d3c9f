"""AnomalyGate: stop the pipeline when the data breaks the curated schema.

ExampleValidator only records anomalies; nothing downstream refuses to run on them. Placing this
gate before Transform makes a schema violation (a missing feature, a changed window length, an
unknown label) fail the run with one line per feature that names it and the problem, instead of
training on broken data.

It also checks what TFDV has no anomaly for: every value of the label feature's schema domain
must have examples in every split. A data set that lost a class (or holds one class only) would
otherwise train, evaluate on what is there, and push a model that never saw the missing class.
"""

import os

from tensorflow_metadata.proto.v0 import anomalies_pb2, schema_pb2, statistics_pb2
from tfx import v1 as tfx
from tfx.dsl.io import fileio
from tfx.types import artifact_utils
from tfx.utils import io_utils

STATISTICS_FILE = "FeatureStats.pb"
ANOMALIES_FILE = "SchemaDiff.pb"
SCHEMA_FILE = "schema.pbtxt"


class DataAnomaliesError(RuntimeError):
    """The training data violates the schema."""


def _read_binary(path: str, message):
    with fileio.open(path, "rb") as handle:
        message.ParseFromString(handle.read())
    return message


def describe_anomalies(anomalies_uri: str, split_names: list) -> list:
    """One line per anomalous feature: '<split>: feature '<name>': <description>'."""
    problems = []
    for split in split_names:
        path = os.path.join(anomalies_uri, f"Split-{split}", ANOMALIES_FILE)
        if not fileio.exists(path):
            continue
        anomalies = _read_binary(path, anomalies_pb2.Anomalies())
        for feature, info in sorted(anomalies.anomaly_info.items()):
            reason = info.description or "; ".join(r.description for r in info.reason)
            problems.append(f"{split}: feature '{feature}': {reason}")
        if anomalies.HasField("dataset_anomaly_info"):
            info = anomalies.dataset_anomaly_info
            problems.append(f"{split}: dataset: {info.description}")
    return problems


def label_domain(schema: schema_pb2.Schema, label_feature: str) -> list[str]:
    """The label's allowed values: its inline string domain or the named global one."""
    for feature in schema.feature:
        if feature.name != label_feature:
            continue
        if feature.HasField("string_domain"):
            return list(feature.string_domain.value)
        for domain in schema.string_domain:
            if domain.name == feature.domain:
                return list(domain.value)
        raise ValueError(f"schema: feature '{label_feature}' has no string domain")
    raise ValueError(f"schema: no feature '{label_feature}'")


def label_counts(statistics_uri: str, split: str, label_feature: str) -> dict[str, float]:
    """Examples per label value in one split (StatisticsGen's rank histogram)."""
    path = os.path.join(statistics_uri, f"Split-{split}", STATISTICS_FILE)
    stats_list = _read_binary(path, statistics_pb2.DatasetFeatureStatisticsList())
    counts: dict[str, float] = {}
    for dataset in stats_list.datasets:
        for feature in dataset.features:
            name = feature.path.step[-1] if feature.path.step else feature.name
            if name == label_feature:
                for bucket in feature.string_stats.rank_histogram.buckets:
                    counts[bucket.label] = counts.get(bucket.label, 0) + bucket.sample_count
    return counts


def describe_missing_classes(
    statistics_uri: str, split_names: list, schema: schema_pb2.Schema, label_feature: str
) -> list:
    """One line per split that lacks a value of the label's domain."""
    domain = label_domain(schema, label_feature)
    problems = []
    for split in split_names:
        counts = label_counts(statistics_uri, split, label_feature)
        missing = [value for value in domain if counts.get(value, 0) == 0]
        if missing:
            problems.append(
                f"{split}: feature '{label_feature}': no examples of "
                f"{', '.join(repr(m) for m in missing)} (the schema's classes: "
                f"{', '.join(domain)})"
            )
    return problems


@tfx.dsl.components.component
def AnomalyGate(  # noqa: N802 - TFX components are named like classes
    anomalies: tfx.dsl.components.InputArtifact[tfx.types.standard_artifacts.ExampleAnomalies],
    statistics: tfx.dsl.components.InputArtifact[tfx.types.standard_artifacts.ExampleStatistics],
    schema: tfx.dsl.components.InputArtifact[tfx.types.standard_artifacts.Schema],
    label_feature: tfx.dsl.components.Parameter[str] = "",
) -> None:
    split_names = artifact_utils.decode_split_names(anomalies.split_names)
    problems = describe_anomalies(anomalies.uri, split_names)
    if label_feature:
        schema_proto = io_utils.SchemaReader().read(os.path.join(schema.uri, SCHEMA_FILE))
        stats_splits = artifact_utils.decode_split_names(statistics.split_names)
        problems += describe_missing_classes(
            statistics.uri, stats_splits, schema_proto, label_feature
        )
    if problems:
        raise DataAnomaliesError(
            "the data does not match the model's curated schema; fix the data or review the "
            "schema (modelzoo schema update):\n  " + "\n  ".join(problems)
        )
