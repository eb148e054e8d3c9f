"""Beam DirectRunner scaling -> benchmarks/results/beam_scaling.json.

Writes 20,000 one-minute synthetic records (ten times the default data set's 2,000, with its
generator settings otherwise) to a temporary directory, then runs the front of the
heart-arrhythmia pipeline (ExampleGen -> StatisticsGen -> SchemaGen -> ExampleValidator ->
AnomalyGate -> Transform: the same components as the full pipeline, cut before the Trainer) with
1 and with 2 DirectRunner workers (multi-processing), ``--repeats`` times each in ABBA order
(1, 2, 2, 1, ...) so that a change in machine load affects both alike. Component times come
from ML Metadata (execution start to finish); throughput is WFDB records per second through
ExampleGen + Transform, and the ratio uses each worker count's best run (the one least slowed
by other processes).

Target: 2 workers >= 1.6x the 1-worker throughput on 2 cores. Other processes on the machine
depress the ratio: the load average before and after each run is recorded with the result.

    python benchmarks/beam_scaling.py [--records 20000] [--workers 1 2] [--repeats 2]
                                      [--baseline-records 2000]

With ``--baseline-records`` it also runs a smaller set once per worker count: the time the
large set takes beyond it is per-record work alone (``marginal_records_per_second``), without
the fixed start-up of each component (worker processes importing TensorFlow, graph building).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipelines.quiet import quiet_logs  # noqa: E402

quiet_logs()

from modules.heart_arrhythmia.synthesis import DEFAULT_DATASET, write_dataset  # noqa: E402

RESULT = REPO / "benchmarks" / "results" / "beam_scaling.json"
TIMED = ("RecordFileExampleGen", "Transform")
TARGET_RATIO = 1.6


def front_pipeline(data_root: str, home: Path, workers: int):
    """The full pipeline's own data components, up to Transform."""
    from tfx import v1 as tfx

    from pipelines import beam, heart_arrhythmia

    return tfx.dsl.Pipeline(
        pipeline_name=f"beam-scaling-{workers}",
        pipeline_root=str(home / "root"),
        components=list(heart_arrhythmia.data_components(data_root)),
        enable_cache=False,
        metadata_connection_config=tfx.orchestration.metadata.sqlite_metadata_connection_config(
            str(home / "metadata.db")
        ),
        beam_pipeline_args=beam.BeamOptions(workers=workers).args(),
    )


def component_seconds(metadata_db: Path) -> tuple[dict[str, float], int]:
    """Seconds per component (from MLMD) and the number of examples ExampleGen wrote."""
    from ml_metadata.metadata_store import metadata_store
    from ml_metadata.proto import metadata_store_pb2

    config = metadata_store_pb2.ConnectionConfig()
    config.sqlite.filename_uri = str(metadata_db)
    store = metadata_store.MetadataStore(config)
    seconds = {}
    for execution in store.get_executions():
        [node] = [
            c for c in store.get_contexts_by_execution(execution.id) if c.type == "node"
        ]  # named "<pipeline>.<component id>"
        spent = execution.last_update_time_since_epoch - execution.create_time_since_epoch
        seconds[node.name.rsplit(".", 1)[-1]] = spent / 1000.0
    [examples] = [
        a
        for a in store.get_artifacts_by_type("Examples")
        if "records_quarantined" in a.custom_properties
    ]
    return seconds, count_examples(examples.uri)


def count_examples(uri: str) -> int:
    import tensorflow as tf

    files = tf.io.gfile.glob(os.path.join(uri, "Split-*", "*.gz"))
    return sum(1 for _ in tf.data.TFRecordDataset(files, compression_type="GZIP"))


def _cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def run_once(data_root: str, workers: int, scratch: Path) -> dict:
    from pipelines import local_runner

    home = scratch / f"workers-{workers}"
    shutil.rmtree(home, ignore_errors=True)
    load_before = os.getloadavg()
    cpu_before = _cpu_seconds()
    start = time.perf_counter()
    local_runner.run(front_pipeline(data_root, home, workers))
    wall = time.perf_counter() - start
    cpu = _cpu_seconds() - cpu_before
    seconds, examples = component_seconds(home / "metadata.db")
    return {
        "workers": workers,
        "wall_seconds": round(wall, 1),
        # CPU time of this process and its finished children (Beam's worker processes) per
        # second of wall time: how many of the machine's cores the run kept busy.
        "cores_busy": round(cpu / wall, 2),
        "component_seconds": {k: round(v, 1) for k, v in sorted(seconds.items())},
        "examples": examples,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }


def measure(data: Path, order: list[int], scratch: Path) -> tuple[list[dict], dict[int, dict]]:
    """Runs in ``order``; each worker count's best run (highest throughput)."""
    records = len((data / "RECORDS").read_text().split())
    runs, best = [], {}
    for workers in order:
        run = run_once(str(data), workers, scratch)
        timed = sum(run["component_seconds"][name] for name in TIMED)
        run["records"] = records
        run["examplegen_transform_seconds"] = round(timed, 1)
        run["records_per_second"] = round(records / timed, 2)
        runs.append(run)
        print(json.dumps(run))
        if run["records_per_second"] > best.get(workers, {}).get("records_per_second", 0):
            best[workers] = run
    return runs, best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--records", type=int, default=10 * DEFAULT_DATASET.n_patients, help="one-minute records"
    )
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeats", type=int, default=2, help="runs per worker count")
    parser.add_argument(
        "--baseline-records",
        type=int,
        default=DEFAULT_DATASET.n_patients,
        help="also run this smaller set once per worker count (0: skip) to separate fixed "
        "start-up costs from per-record work",
    )
    args = parser.parse_args()

    def dataset(records: int):
        return dataclasses.replace(DEFAULT_DATASET, n_patients=records, records_per_patient=1)

    scratch = Path(tempfile.mkdtemp(prefix="beam_scaling_"))
    started = time.perf_counter()
    write_dataset(scratch / "records", dataset(args.records), progress=False)
    synth_seconds = time.perf_counter() - started
    order = [w for r in range(args.repeats) for w in (args.workers[:: -1 if r % 2 else 1])]
    try:
        runs, best = measure(scratch / "records", order, scratch)
        baseline_runs, baseline = [], {}
        if args.baseline_records:
            write_dataset(scratch / "baseline", dataset(args.baseline_records), progress=False)
            baseline_runs, baseline = measure(scratch / "baseline", args.workers, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    ratio = None
    if 1 in best and 2 in best:
        ratio = best[2]["records_per_second"] / best[1]["records_per_second"]
    result = {
        "benchmark": "ExampleGen + Transform throughput, Beam DirectRunner multi-processing",
        "data": {
            "records": runs[0]["records"],
            "default_records": DEFAULT_DATASET.n_patients,
            "record_minutes": DEFAULT_DATASET.record_minutes,
            "baseline_records": args.baseline_records,
            "synthesis_seconds": round(synth_seconds, 1),
        },
        "benchmark_seconds": round(time.perf_counter() - started, 1),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "runs": runs,
        "best_records_per_second": {w: r["records_per_second"] for w, r in sorted(best.items())},
        "speedup_2_vs_1": round(ratio, 3) if ratio else None,
        "target_speedup": TARGET_RATIO,
        "meets_target": bool(ratio and ratio >= TARGET_RATIO),
    }
    if baseline:
        # Per-record work alone: the extra records of the large set over the extra seconds.
        marginal = {
            w: (best[w]["records"] - baseline[w]["records"])
            / (
                best[w]["examplegen_transform_seconds"]
                - baseline[w]["examplegen_transform_seconds"]
            )
            for w in sorted(best)
            if w in baseline
        }
        result["baseline_runs"] = baseline_runs
        result["marginal_records_per_second"] = {w: round(v, 2) for w, v in marginal.items()}
        if 1 in marginal and 2 in marginal:
            result["marginal_speedup_2_vs_1"] = round(marginal[2] / marginal[1], 3)
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, indent=2) + "\n")
    print(f"speedup {result['speedup_2_vs_1']} (target {TARGET_RATIO}) -> {RESULT}")


if __name__ == "__main__":
    main()
