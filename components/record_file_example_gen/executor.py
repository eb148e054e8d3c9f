"""Beam executor of RecordFileExampleGen: read record files in parallel, quarantine bad ones.

One corrupt file must never kill the job or lose the rest of the data: each failure is counted
(Beam metric ``record_file_example_gen/records_quarantined``), written to the quarantine artifact
with the file and the error, and skipped.

Files under a remote data root (``gs://...``: Kubeflow pods mount no volumes) are copied to a
local temporary directory first, with the files that share their stem, since record readers
(wfdb, soundfile) open local files.
"""

from __future__ import annotations

import contextlib
import fnmatch
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
METRIC_NAMESPACE = "record_file_example_gen"
REPORT_NAME = "report.json"


def import_function(dotted_path: str):
    """``'package.module.function'`` -> the function (the ExampleGen's ``record_fn``)."""
    module_name, _, attr = dotted_path.rpartition(".")
    if not module_name:
        raise ValueError(f"record_fn must be 'module.function', got {dotted_path!r}")
    return getattr(importlib.import_module(module_name), attr)


def _walk_files(directory: str):
    for root, _, names in fileio.walk(directory):
        root = root.decode() if isinstance(root, bytes) else root
        for name in names:
            name = name.decode() if isinstance(name, bytes) else name
            yield os.path.join(root, name)


def list_record_files(input_base: str, split_pattern: str, file_pattern: str) -> list[str]:
    """Files named like ``file_pattern`` at or below what ``<input_base>/<split_pattern>`` matches
    (a directory is searched recursively), sorted."""
    found = set()
    for match in fileio.glob(os.path.join(input_base, split_pattern)):
        match = match.rstrip("/")
        candidates = _walk_files(match) if fileio.isdir(match) else [match]
        found.update(c for c in candidates if fnmatch.fnmatch(os.path.basename(c), file_pattern))
    return sorted(found)


@contextlib.contextmanager
def local_record_file(path: str):
    """``path`` on local disk: itself, or a temporary copy with the files sharing its stem."""
    if "://" not in path:
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="record_") as scratch:
        stem = os.path.splitext(path)[0]
        for source in set(fileio.glob(stem + ".*")) | {path}:
            fileio.copy(source, os.path.join(scratch, os.path.basename(source)))
        yield os.path.join(scratch, os.path.basename(path))


class _RecordToExamples(beam.DoFn):
    """Runs ``record_fn`` on one file; failures go to the quarantine output."""

    def __init__(self, record_fn: str, record_fn_kwargs: dict[str, Any]):
        self._record_fn_path = record_fn
        self._kwargs = record_fn_kwargs
        self._read = Metrics.counter(METRIC_NAMESPACE, "records_read")
        self._quarantined = Metrics.counter(METRIC_NAMESPACE, "records_quarantined")
        self._examples = Metrics.counter(METRIC_NAMESPACE, "examples_written")

    def setup(self):
        self._record_fn = import_function(self._record_fn_path)

    def process(self, path: str):
        try:
            with local_record_file(path) as local:
                examples = list(self._record_fn(local, **self._kwargs))
        except Exception as error:  # noqa: BLE001 - any failure of one file is quarantined
            self._quarantined.inc()
            yield beam.pvalue.TaggedOutput(
                QUARANTINE_TAG,
                json.dumps(
                    {
                        "record": path,
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
def _RecordFilesToExample(pipeline, exec_properties: dict[str, Any], split_pattern: str):  # noqa: N802
    input_base = exec_properties[standard_component_specs.INPUT_BASE_KEY]
    file_pattern = exec_properties["file_pattern"]
    files = list_record_files(input_base, split_pattern, file_pattern)
    if not files:
        raise FileNotFoundError(
            f"No record files ({file_pattern}) at or below "
            f"{os.path.join(input_base, split_pattern)}"
        )
    logging.info("RecordFileExampleGen: %d files under %s", len(files), input_base)
    kwargs = json.loads(exec_properties.get("record_fn_kwargs") or "{}")
    results = (
        pipeline
        | "ListRecordFiles" >> beam.Create(files)
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
        return _RecordFilesToExample

    def Do(self, input_dict, output_dict, exec_properties):  # noqa: N802
        quarantine = artifact_utils.get_single_instance(output_dict["quarantine"])
        exec_properties = dict(exec_properties)
        exec_properties[QUARANTINE_URI_KEY] = quarantine.uri
        super().Do(input_dict, output_dict, exec_properties)

        entries = read_quarantine(quarantine.uri)
        report = {"records_quarantined": len(entries), "records": entries}
        with fileio.open(os.path.join(quarantine.uri, REPORT_NAME), "w") as handle:
            handle.write(json.dumps(report, indent=2))
        quarantine.set_int_custom_property("records_quarantined", len(entries))
        for examples in output_dict[standard_component_specs.EXAMPLES_KEY]:
            examples.set_int_custom_property("records_quarantined", len(entries))
        if entries:
            logging.warning(
                "RecordFileExampleGen quarantined %d file(s); first: %s (%s). Report: %s",
                len(entries),
                entries[0]["record"],
                entries[0]["error"],
                os.path.join(quarantine.uri, REPORT_NAME),
            )
