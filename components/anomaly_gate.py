"""AnomalyGate: stop the pipeline when ExampleValidator found anomalies.

ExampleValidator only records anomalies; nothing downstream refuses to run on them. Placing this
gate before Transform makes a schema violation (a missing feature, a wrong window length, an
unknown label) fail the run with a message that names each feature and the problem, instead of
training on broken data.
"""

import os

from tensorflow_metadata.proto.v0 import anomalies_pb2
from tfx import v1 as tfx
from tfx.dsl.io import fileio
from tfx.types import artifact_utils


class DataAnomaliesError(RuntimeError):
    """The training data violates the schema."""


def describe_anomalies(anomalies_uri: str, split_names: list) -> list:
    """One line per anomalous feature: '<split>: feature '<name>': <description>'."""
    problems = []
    for split in split_names:
        path = os.path.join(anomalies_uri, f"Split-{split}", "SchemaDiff.pb")
        if not fileio.exists(path):
            continue
        anomalies = anomalies_pb2.Anomalies()
        with fileio.open(path, "rb") as handle:
            anomalies.ParseFromString(handle.read())
        for feature, info in sorted(anomalies.anomaly_info.items()):
            reason = info.description or "; ".join(r.description for r in info.reason)
            problems.append(f"{split}: feature '{feature}': {reason}")
        if anomalies.HasField("dataset_anomaly_info"):
            info = anomalies.dataset_anomaly_info
            problems.append(f"{split}: dataset: {info.description}")
    return problems


@tfx.dsl.components.component
def AnomalyGate(  # noqa: N802 - TFX components are named like classes
    anomalies: tfx.dsl.components.InputArtifact[tfx.types.standard_artifacts.ExampleAnomalies],
) -> None:
    split_names = artifact_utils.decode_split_names(anomalies.split_names)
    problems = describe_anomalies(anomalies.uri, split_names)
    if problems:
        raise DataAnomaliesError(
            "ExampleValidator found data anomalies; fix the data or update the schema:\n  "
            + "\n  ".join(problems)
        )
