"""What the last local run of a pipeline did, read back from ML Metadata.

``modelzoo run`` prints it: how many record files the ExampleGen quarantined (and where the
report is), whether the Evaluator blessed the model and, when it did not, each failed threshold
with the metric, its value and the bound; what was pushed.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

from ml_metadata.metadata_store import metadata_store
from ml_metadata.proto import metadata_store_pb2

from pipelines import settings

_OUTPUT_EVENTS = (metadata_store_pb2.Event.OUTPUT, metadata_store_pb2.Event.DECLARED_OUTPUT)


@dataclass
class RunReport:
    quarantined: int = 0
    quarantine_report: str = ""
    quarantined_examples: list[dict] = field(default_factory=list)  # first few entries
    blessed: bool | None = None  # None: the Evaluator did not run
    failed_thresholds: list[str] = field(default_factory=list)
    pushed_dir: str = ""


def _latest_run_artifacts(store) -> dict[str, list]:
    """Output artifacts of the newest pipeline run, by type name."""
    runs = store.get_contexts_by_type("pipeline_run")
    if not runs:
        return {}
    latest = max(runs, key=lambda context: (context.create_time_since_epoch, context.id))
    executions = store.get_executions_by_context(latest.id)
    events = store.get_events_by_execution_ids([e.id for e in executions])
    ids = sorted({e.artifact_id for e in events if e.type in _OUTPUT_EVENTS})
    types = {t.id: t.name for t in store.get_artifact_types()}
    by_type: dict[str, list] = {}
    for artifact in store.get_artifacts_by_id(ids):
        by_type.setdefault(types[artifact.type_id], []).append(artifact)
    return by_type


def _int_property(artifact, name: str) -> int | None:
    value = artifact.custom_properties.get(name)
    return None if value is None else int(value.int_value)


def _bound(threshold) -> str:
    """The bound a failed metric missed, in words."""
    parts = []
    if threshold.HasField("value_threshold"):
        value = threshold.value_threshold
        if value.HasField("lower_bound"):
            parts.append(f"at least {value.lower_bound.value:g}")
        if value.HasField("upper_bound"):
            parts.append(f"at most {value.upper_bound.value:g}")
    if threshold.HasField("change_threshold"):
        change = threshold.change_threshold
        if change.HasField("absolute"):
            parts.append(f"a change of at least {change.absolute.value:g} over the baseline")
    return " and ".join(parts) or "its threshold"


def describe_failures(evaluation_uri: str, class_names: tuple[str, ...] = ()) -> list[str]:
    """Each failed Evaluator threshold: the metric (and class), its value and the bound."""
    import tensorflow_model_analysis as tfma

    result = tfma.load_validation_result(evaluation_uri)
    lines = []
    for per_slice in result.metric_validations_per_slice:
        for failure in per_slice.failures:
            key = failure.metric_key
            name = key.name
            if key.HasField("sub_key") and key.sub_key.HasField("class_id"):
                class_id = key.sub_key.class_id.value
                label = class_names[class_id] if class_id < len(class_names) else class_id
                name += f" of class {label}"
            if key.is_diff:
                name += " (change over the last blessed model)"
            value = failure.metric_value.double_value.value
            lines.append(f"{name} = {value:.4f}, needed {_bound(failure.metric_threshold)}")
    return lines


def last_run(pipeline_name: str, class_names: tuple[str, ...] = ()) -> RunReport:
    """The report of the newest run recorded in the pipeline's local ML Metadata store."""
    report = RunReport()
    path = settings.metadata_path(pipeline_name)
    if not os.path.exists(path):
        return report
    config = metadata_store_pb2.ConnectionConfig()
    config.sqlite.filename_uri = path
    config.sqlite.connection_mode = metadata_store_pb2.SqliteMetadataSourceConfig.READONLY
    artifacts = _latest_run_artifacts(metadata_store.MetadataStore(config))
    for quarantine in artifacts.get("modelzoo.QuarantineReport", []):
        report.quarantined += _int_property(quarantine, "records_quarantined") or 0
        report.quarantine_report = os.path.join(quarantine.uri, "report.json")
        if report.quarantined and os.path.exists(report.quarantine_report):
            with open(report.quarantine_report) as handle:
                report.quarantined_examples = json.load(handle)["records"][:5]
    for blessing in artifacts.get("ModelBlessing", []):
        report.blessed = bool(_int_property(blessing, "blessed"))
    if report.blessed is False:
        for evaluation in artifacts.get("ModelEvaluation", []):
            report.failed_thresholds += describe_failures(evaluation.uri, class_names)
    for pushed in artifacts.get("PushedModel", []):
        if _int_property(pushed, "pushed"):
            destination = pushed.custom_properties.get("pushed_destination")
            report.pushed_dir = destination.string_value if destination else ""
    return report
