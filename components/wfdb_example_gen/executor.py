"""Beam executor of WfdbExampleGen: read records in parallel, quarantine the unreadable ones.

One corrupt record must never kill the job or lose the rest of the data: each failure is
counted (Beam metric ``wfdb_example_gen/records_quarantined``), written to the quarantine
artifact with the file and the error, and skipped.

Records under a remote data root (``gs://...``: Kubeflow pods mount no volumes) are copied to a
local temporary directory first, since WFDB readers open local files.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import os
import tempfile
import traceback
from typing import Any

import apache_beam as beam
import tensorflow as tf
from absl import logging
from apache_beam.metrics import Metrics
from tfx.components.example_gen.base_example_gen_executor import BaseExampleGenExecutor
from tfx.dsl.io import fileio
from tfx.types import artifact_utils, standard_component_specs

QUARANTINE_URI_KEY = "_quarantine_uri"
QUARANTINE_TAG = "quarantine"
METRIC_NAMESPACE = "wfdb_example_gen"
HEADER_SUFFIX = ".hea"


def import_function(dotted_path: str):
    """``'package.module.function'`` -> the function (the ExampleGen's ``record_fn``)."""
    module_name, _, attr = dotted_path.rpartition(".")
    if not module_name:
        raise ValueError(f"record_fn must be 'module.function', got {dotted_path!r}")
    return getattr(importlib.import_module(module_name), attr)


def list_headers(input_base: str, split_pattern: str) -> list[str]:
    """Header files matching the split pattern; a pattern without '.hea' means a directory."""
    pattern = os.path.join(input_base, split_pattern)
    if not split_pattern.endswith(HEADER_SUFFIX):
        pattern = os.path.join(pattern.rstrip("*").rstrip("/"), "*" + HEADER_SUFFIX)
    return sorted(fileio.glob(pattern))


@contextlib.contextmanager
def local_record(record_path: str):
    """``record_path`` (no suffix) on local disk: itself, or a temporary copy of its files."""
    if "://" not in record_path:
        yield record_path
        return
    with tempfile.TemporaryDirectory(prefix="wfdb_") as scratch:
        name = os.path.basename(record_path)
        for source in fileio.glob(record_path + ".*"):
            fileio.copy(source, os.path.join(scratch, os.path.basename(source)))
        yield os.path.join(scratch, name)


class _RecordToExamples(beam.DoFn):
    """Runs ``record_fn`` on one record; failures go to the quarantine output."""

    def __init__(self, record_fn: str, record_fn_kwargs: dict[str, Any]):
        self._record_fn_path = record_fn
        self._kwargs = record_fn_kwargs
        self._read = Metrics.counter(METRIC_NAMESPACE, "records_read")
        self._quarantined = Metrics.counter(METRIC_NAMESPACE, "records_quarantined")
        self._examples = Metrics.counter(METRIC_NAMESPACE, "examples_written")

    def setup(self):
        self._record_fn = import_function(self._record_fn_path)

    def process(self, header_path: str):
        record_path = header_path[: -len(HEADER_SUFFIX)]
        try:
            with local_record(record_path) as path:
                examples = list(self._record_fn(path, **self._kwargs))
        except Exception as error:  # noqa: BLE001 - any failure of one record is quarantined
            self._quarantined.inc()
            yield beam.pvalue.TaggedOutput(
                QUARANTINE_TAG,
                json.dumps(
                    {
                        "record": record_path,
                        "error": f"{type(error).__name__}: {error}",
                        "where": traceback.format_exc(limit=-1).strip().splitlines()[-1],
                    }
                ),
            )
            return
        self._read.inc()
        self._examples.inc(len(examples))
        yield from examples


@beam.ptransform_fn
@beam.typehints.with_input_types(beam.Pipeline)
@beam.typehints.with_output_types(tf.train.Example)
def _WfdbToExample(pipeline, exec_properties: dict[str, Any], split_pattern: str):  # noqa: N802
    input_base = exec_properties[standard_component_specs.INPUT_BASE_KEY]
    headers = list_headers(input_base, split_pattern)
    if not headers:
        raise FileNotFoundError(
            f"No WFDB records (*.hea) under {os.path.join(input_base, split_pattern)}"
        )
    logging.info("WfdbExampleGen: %d records under %s", len(headers), input_base)
    kwargs = json.loads(exec_properties.get("record_fn_kwargs") or "{}")
    results = (
        pipeline
        | "ListRecords" >> beam.Create(headers)
        | "Distribute" >> beam.Reshuffle()
        | "RecordToExamples"
        >> beam.ParDo(_RecordToExamples(exec_properties["record_fn"], kwargs)).with_outputs(
            QUARANTINE_TAG, main="examples"
        )
    )
    pattern_id = hashlib.sha1(split_pattern.encode()).hexdigest()[:8]
    _ = results[QUARANTINE_TAG] | "WriteQuarantine" >> beam.io.WriteToText(
        os.path.join(exec_properties[QUARANTINE_URI_KEY], f"quarantined-{pattern_id}"),
        file_name_suffix=".jsonl",
    )
    return results.examples


def read_quarantine(uri: str) -> list[dict[str, str]]:
    entries = []
    for path in sorted(fileio.glob(os.path.join(uri, "quarantined-*.jsonl"))):
        with fileio.open(path) as handle:
            entries.extend(json.loads(line) for line in handle if line.strip())
    return entries


class Executor(BaseExampleGenExecutor):
    def GetInputSourceToExamplePTransform(self) -> beam.PTransform:  # noqa: N802
        return _WfdbToExample

    def Do(self, input_dict, output_dict, exec_properties):  # noqa: N802
        quarantine = artifact_utils.get_single_instance(output_dict["quarantine"])
        exec_properties = dict(exec_properties)
        exec_properties[QUARANTINE_URI_KEY] = quarantine.uri
        super().Do(input_dict, output_dict, exec_properties)

        entries = read_quarantine(quarantine.uri)
        report = {"records_quarantined": len(entries), "records": entries}
        with fileio.open(os.path.join(quarantine.uri, "report.json"), "w") as handle:
            handle.write(json.dumps(report, indent=2))
        quarantine.set_int_custom_property("records_quarantined", len(entries))
        for examples in output_dict[standard_component_specs.EXAMPLES_KEY]:
            examples.set_int_custom_property("records_quarantined", len(entries))
        if entries:
            logging.warning(
                "WfdbExampleGen quarantined %d record(s); first: %s (%s). Report: %s",
                len(entries),
                entries[0]["record"],
                entries[0]["error"],
                os.path.join(quarantine.uri, "report.json"),
            )
