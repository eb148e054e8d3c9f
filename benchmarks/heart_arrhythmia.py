"""Heart-arrhythmia benchmark -> benchmarks/results/heart_arrhythmia.json.

1. Runs the default pipeline (synthetic default data, as ``make run`` does) and times it,
   unless ``--model-dir`` points at an already pushed version.
2. Scores the float and int8 models on held-out synthetic records made with seeds, noise
   settings and sampling rates never used in training (non-overlapping 10 s windows, labelled
   from annotations), and the int8 model on records from another simulator (physiokit, see
   ``physiokit_ecg.py``; skipped with a reason when it cannot be installed).
3. Records size (params, TFLite bytes, arena bytes, MACs) and host latency per window, and checks
   the issue's targets.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipelines.quiet import quiet_logs  # noqa: E402

quiet_logs()

import numpy as np  # noqa: E402

from modules.heart_arrhythmia import SPEC, config, features  # noqa: E402

# Held-out generator settings: seeds, fixed noise levels and sampling rates the training set
# never used (training: seed 0, per-record noise scales drawn from a range, 250/360 Hz).
HELD_OUT = [
    dict(seed=9001, noise_scale=0.5),
    dict(seed=9002, noise_scale=1.5, fs_choices=(128, 500)),
    dict(seed=9003, noise_scale=2.0),
]
PHYSIOKIT = [
    "uv",
    "run",
    "-q",
    "--no-project",
    "--python",
    "3.11",
    "--with",
    "physiokit==0.10.1",
    "--with",
    "wfdb",
]
TARGETS = {
    "afib_f1": 0.97,
    "afl_f1": 0.90,
    "max_params": 12_000,
    "max_int8_f1_drop": 0.01,
    "max_tflite_bytes": 32 * 1024,
    "max_arena_bytes": 16 * 1024,
    "max_make_run_seconds": 600,
}


def run_pipeline() -> tuple[Path, float]:
    from modules.heart_arrhythmia.synthesis import DEFAULT_DATASET, write_dataset
    from pipelines import local_runner, settings
    from pipelines.settings import latest_version

    data = settings.default_data_dir(SPEC)
    if not data.exists():
        write_dataset(data, DEFAULT_DATASET)
    start = time.perf_counter()
    local_runner.run(local_runner.build_local_pipeline(config.MODEL_NAME, data_root=str(data)))
    return latest_version(config.MODEL_NAME), time.perf_counter() - start


def labelled_windows(directory: Path) -> tuple[np.ndarray, np.ndarray]:
    """Conditioned, non-overlapping labelled windows of every record under ``directory``."""
    from modules.heart_arrhythmia.datasets import list_records, read_record
    from modules.heart_arrhythmia.windows import iter_windows

    xs, ys = [], []
    for path in list_records(directory):
        for window in iter_windows(read_record(path), stride_s=config.WINDOW_S):
            if window.label is not None:
                xs.append(window.samples)
                ys.append(config.CLASS_NAMES.index(window.label))
    return features.preprocess_window(np.stack(xs)), np.array(ys)


def held_out_windows(n_patients: int) -> tuple[np.ndarray, np.ndarray]:
    from modules.heart_arrhythmia.synthesis import SynthesisConfig, write_dataset

    xs, ys = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for index, settings in enumerate(HELD_OUT):
            out = Path(tmp) / f"set{index}"
            config_ = SynthesisConfig(n_patients=n_patients, record_minutes=4.0, **settings)
            write_dataset(out, config_, progress=False)
            x, y = labelled_windows(out)
            xs.append(x)
            ys.append(y)
    return np.concatenate(xs), np.concatenate(ys)


def other_simulator_score(classifier, records: int) -> dict:
    """int8 scores on physiokit ECG (NORMAL vs AFIB), or why they were skipped."""
    if records <= 0:
        return {"skipped": "--physiokit-records 0"}
    with tempfile.TemporaryDirectory() as tmp:
        script = REPO / "benchmarks" / "physiokit_ecg.py"
        command = [*PHYSIOKIT, str(script), tmp, "--records", str(records)]
        try:
            subprocess.run(command, check=True, capture_output=True, text=True, timeout=900)
        except (OSError, subprocess.SubprocessError) as error:
            return {"skipped": f"could not generate physiokit records: {error}"}
        x, y = labelled_windows(Path(tmp))
    predictions = classifier.predict(x).argmax(axis=1)
    f1 = per_class_f1(y, predictions)
    return {
        "generator": "physiokit 0.10.1 (SR and morphology presets -> NORMAL; AFIB)",
        "windows": int(len(y)),
        "accuracy": float(np.mean(predictions == y)),
        "f1": {"NORMAL": f1["NORMAL"], "AFIB": f1["AFIB"]},
    }


def per_class_f1(y_true: np.ndarray, y_pred: np.ndarray) -> dict[str, float]:
    """F1 per class, computed by the Pusher's metrics (the manifest's numbers use it too)."""
    from components.quantizing_pusher.metrics import classification_metrics

    per_class = classification_metrics(y_true, y_pred, config.CLASS_NAMES)["per_class"]
    return {name: scores["f1"] for name, scores in per_class.items()}


def float_predictions(model_artifact_uri: str, x: np.ndarray) -> np.ndarray:
    """Class ids from the float core model, run the way the Pusher's float metrics run it."""
    from components.quantizing_pusher.core_model import core_model_path
    from components.quantizing_pusher.evaluation import float_outputs, load_float_model

    _, signature, input_name, _ = load_float_model(core_model_path(model_artifact_uri))
    return float_outputs(signature, input_name, x).argmax(axis=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-dir", type=Path, help="a pushed version dir (skip the pipeline)")
    parser.add_argument("--patients", type=int, default=40, help="held-out patients per setting")
    parser.add_argument(
        "--physiokit-records",
        type=int,
        default=80,
        help="records from the other simulator (0 to skip)",
    )
    parser.add_argument(
        "--output", type=Path, default=REPO / "benchmarks" / "results" / "heart_arrhythmia.json"
    )
    args = parser.parse_args()

    wall = None
    if args.model_dir:
        version = args.model_dir
    else:
        version, wall = run_pipeline()
    manifest = json.loads((version / "manifest.json").read_text())

    from modules.heart_arrhythmia.inference import Int8Classifier

    x, y = held_out_windows(args.patients)
    classifier = Int8Classifier(version / manifest["tflite_path"])
    start = time.perf_counter()
    int8_pred = classifier.predict(x).argmax(axis=1)
    latency_ms = 1000 * (time.perf_counter() - start) / len(x)
    f1_int8 = per_class_f1(y, int8_pred)
    f1_float = per_class_f1(y, float_predictions(manifest["pipeline"]["model_artifact_uri"], x))

    result = {
        "model": config.MODEL_NAME,
        "version": version.name,
        "held_out": {
            "settings": HELD_OUT,
            "patients_per_setting": args.patients,
            "windows": int(len(y)),
            "windows_per_class": {n: int(np.sum(y == i)) for i, n in enumerate(config.CLASS_NAMES)},
        },
        "f1_float": f1_float,
        "f1_int8": f1_int8,
        "params": manifest["params"],
        "tflite_bytes": manifest["tflite_bytes"],
        "arena_bytes": manifest["arena_bytes"],
        "macs": manifest["macs"],
        "other_simulator_int8": other_simulator_score(classifier, args.physiokit_records),
        "host_latency_ms_per_window_int8": round(latency_ms, 3),
        "pipeline_wall_seconds": round(wall, 1) if wall else None,
        "cpu_count": os.cpu_count(),
    }
    result["targets"] = TARGETS
    result["meets_targets"] = {
        "afib_f1": f1_int8["AFIB"] >= TARGETS["afib_f1"],
        "afl_f1": f1_int8["AFL"] >= TARGETS["afl_f1"],
        "params": manifest["params"] <= TARGETS["max_params"],
        "int8_within_1_f1_point": all(
            f1_float[n] - f1_int8[n] <= TARGETS["max_int8_f1_drop"] for n in config.CLASS_NAMES
        ),
        "tflite_bytes": manifest["tflite_bytes"] <= TARGETS["max_tflite_bytes"],
        "arena_bytes": manifest["arena_bytes"] <= TARGETS["max_arena_bytes"],
        "pipeline_wall": wall is None or wall <= TARGETS["max_make_run_seconds"],
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
