"""QuantizingPusher end to end on a tiny 3-class model, plus its pieces in isolation."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import tensorflow as tf  # noqa: E402
from tflite_micro.python.tflite_micro import runtime  # noqa: E402
from tfx.dsl.components.base import base_executor  # noqa: E402
from tfx.proto.orchestration import pipeline_pb2  # noqa: E402
from tfx.types import channel, standard_artifact_utils, standard_artifacts  # noqa: E402

from components.quantizing_pusher import (  # noqa: E402
    builder,
    c_package,
    conversion,
    core_model,
    data,
    device_model,
    firmware_tables,
    metrics,
    model_analysis,
    tflm,
)
from components.quantizing_pusher import executor as qp_executor  # noqa: E402
from components.quantizing_pusher.component import QuantizingPusher  # noqa: E402

WINDOW = 200
CLASSES = ["NORMAL", "AFIB", "AFL"]
FEATURE = "ecg_xf"
LABEL = "label_xf"
MODEL_NAME = "tiny_ecg"
EXTRA = {"sample_rate_hz": 100, "window_s": 2}
TABLES_FN = f"{__name__}.write_test_tables"
FRONTEND = "ecg"  # any front-end name: the Pusher records it, firmware tooling resolves it


def write_test_tables(out_dir: str, model_name: str) -> list[str]:
    """A model's firmware_tables_fn: one header that names the model and its directory."""
    path = os.path.join(out_dir, f"{model_name}_frontend_tables.h")
    with open(path, "w") as handle:
        handle.write(f"/* {model_name} tables, written into {os.path.basename(out_dir)}/ */\n")
    return [path]


# ----------------------------------------------------------------------------- fixtures


def _signals(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Class k: a sinusoid of frequency k+1 cycles per 40 samples plus an offset, in noise."""
    labels = rng.integers(0, len(CLASSES), n)
    t = np.arange(WINDOW)
    phase = rng.uniform(0, 2 * np.pi, (n, 1))
    x = np.sin(2 * np.pi * (labels[:, None] + 1) * t / 40 + phase) + 0.4 * labels[:, None]
    x += 0.3 * rng.standard_normal((n, WINDOW))
    return x.astype(np.float32), labels.astype(np.int64)


def _write_split(root: str, split: str, x: np.ndarray, y: np.ndarray | None) -> None:
    split_dir = os.path.join(root, f"Split-{split}")
    os.makedirs(split_dir)
    path = os.path.join(split_dir, "transformed_examples-00000-of-00001.gz")
    with tf.io.TFRecordWriter(path, options="GZIP") as writer:
        for i, features in enumerate(x):
            feature = {FEATURE: tf.train.Feature(float_list=tf.train.FloatList(value=features))}
            if y is not None:
                label = y[i] if y.ndim == 1 else 0
                feature[LABEL] = tf.train.Feature(int64_list=tf.train.Int64List(value=[label]))
            example = tf.train.Example(features=tf.train.Features(feature=feature))
            writer.write(example.SerializeToString())


def _examples_artifact(uri: str) -> standard_artifacts.Examples:
    examples = standard_artifacts.Examples()
    examples.uri = uri
    examples.split_names = standard_artifact_utils.encode_split_names(["train", "eval"])
    return examples


def _tiny_classifier() -> tf.keras.Model:
    inputs = tf.keras.Input((WINDOW,))
    x = tf.keras.layers.Reshape((WINDOW, 1, 1))(inputs)
    x = tf.keras.layers.Conv2D(8, (5, 1), strides=(2, 1), activation="relu")(x)
    x = tf.keras.layers.DepthwiseConv2D((3, 1), activation="relu")(x)
    x = tf.keras.layers.MaxPooling2D((2, 1))(x)
    x = tf.keras.layers.GlobalAveragePooling2D()(x)
    outputs = tf.keras.layers.Dense(len(CLASSES), activation="softmax")(x)
    return tf.keras.Model(inputs, outputs)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> dict:
    """Trained core model + transformed examples, shared by every test in the module."""
    root = str(tmp_path_factory.mktemp("qp"))
    rng = np.random.default_rng(0)
    tf.keras.utils.set_random_seed(0)
    x_train, y_train = _signals(rng, 600)
    x_eval, y_eval = _signals(rng, 240)

    model = _tiny_classifier()
    model.compile(tf.keras.optimizers.Adam(0.02), "sparse_categorical_crossentropy", ["acc"])
    model.fit(x_train, y_train, epochs=12, batch_size=32, verbose=0)

    model_uri = os.path.join(root, "Trainer", "model", "7")
    serving_dir = os.path.join(model_uri, "Format-Serving")
    core_dir = core_model.export_core_model(model, serving_dir)

    examples_uri = os.path.join(root, "Transform", "transformed_examples", "5")
    _write_split(examples_uri, "train", x_train, y_train)
    _write_split(examples_uri, "eval", x_eval, y_eval)
    return {
        "root": root,
        "keras_model": model,
        "model_uri": model_uri,
        "core_dir": core_dir,
        "examples_uri": examples_uri,
    }


def _artifacts(workspace: dict, name: str, blessed: int | None = 1) -> dict:
    model = standard_artifacts.Model()
    model.uri = workspace["model_uri"]
    inputs = {
        qp_executor.MODEL_KEY: [model],
        qp_executor.EXAMPLES_KEY: [_examples_artifact(workspace["examples_uri"])],
    }
    if blessed is not None:
        blessing = standard_artifacts.ModelBlessing()
        blessing.uri = os.path.join(workspace["root"], name, "blessing")
        blessing.set_int_custom_property("blessed", blessed)
        inputs[qp_executor.MODEL_BLESSING_KEY] = [blessing]
    pushed = standard_artifacts.PushedModel()
    pushed.uri = os.path.join(workspace["root"], name, "pushed_model")
    return {"inputs": inputs, "outputs": {qp_executor.PUSHED_MODEL_KEY: [pushed]}}


def _exec_properties(destination: str) -> dict:
    return {
        qp_executor.MODEL_NAME_KEY: MODEL_NAME,
        qp_executor.PUSH_DESTINATION_KEY: destination,
        qp_executor.FEATURE_KEY_KEY: FEATURE,
        qp_executor.LABEL_KEY_KEY: LABEL,
        qp_executor.CLASS_NAMES_KEY: json.dumps(CLASSES),
        qp_executor.NUM_REPRESENTATIVE_KEY: 100,
        qp_executor.MAX_EVAL_EXAMPLES_KEY: 200,
        qp_executor.NUM_GOLDEN_KEY: 8,
        qp_executor.EXTRA_MANIFEST_KEY: json.dumps(EXTRA),
        qp_executor.FIRMWARE_FRONTEND_KEY: FRONTEND,
        qp_executor.FIRMWARE_TABLES_FN_KEY: TABLES_FN,
    }


def _executor() -> qp_executor.Executor:
    context = base_executor.BaseExecutor.Context(
        pipeline_info=pipeline_pb2.PipelineInfo(id="unit_test_pipeline"),
        pipeline_run_id="run-42",
    )
    return qp_executor.Executor(context)


@pytest.fixture(scope="module")
def pushed(workspace) -> dict:
    """One successful push; most tests only inspect its output."""
    destination = os.path.join(workspace["root"], "serving")
    artifacts = _artifacts(workspace, "ok")
    _executor().Do(artifacts["inputs"], artifacts["outputs"], _exec_properties(destination))
    pushed_model = artifacts["outputs"][qp_executor.PUSHED_MODEL_KEY][0]
    version = pushed_model.get_string_custom_property("pushed_version")
    version_dir = os.path.join(destination, MODEL_NAME, version)
    with open(os.path.join(version_dir, "manifest.json")) as handle:
        manifest = json.load(handle)
    return {
        "destination": destination,
        "artifact": pushed_model,
        "version": version,
        "dir": version_dir,
        "manifest": manifest,
    }


# ----------------------------------------------------------------------------- end to end


def test_push_marks_artifact_and_writes_layout(pushed):
    artifact = pushed["artifact"]
    assert artifact.get_int_custom_property("pushed") == 1
    assert artifact.get_string_custom_property("pushed_destination") == pushed["dir"]
    assert pushed["version"].isdigit()
    with open(os.path.join(pushed["destination"], MODEL_NAME, "latest")) as handle:
        assert handle.read().strip() == pushed["version"]
    expected = {
        "manifest.json",
        f"{MODEL_NAME}_int8.tflite",
        f"{MODEL_NAME}_float.tflite",
        f"c/{MODEL_NAME}_model.h",
        f"c/{MODEL_NAME}_model.c",
        f"c/{MODEL_NAME}_golden.h",
        f"c/{MODEL_NAME}_golden.c",
        f"c/{MODEL_NAME}_frontend_tables.h",
    }
    found = {
        os.path.relpath(os.path.join(d, f), pushed["dir"])
        for d, _, files in os.walk(pushed["dir"])
        for f in files
    }
    assert found == expected
    # Archived under the PushedModel artifact like tfx's Pusher does.
    assert os.path.exists(os.path.join(artifact.uri, "manifest.json"))
    # No staging leftovers beside the version.
    assert sorted(os.listdir(os.path.join(pushed["destination"], MODEL_NAME))) == sorted(
        [pushed["version"], "latest"]
    )


def test_manifest_fields(pushed, workspace):
    m = pushed["manifest"]
    assert m["model_name"] == MODEL_NAME and m["version"] == pushed["version"]
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", m["created"])
    with open(os.path.join(pushed["dir"], m["tflite_path"]), "rb") as handle:
        blob = handle.read()
    assert m["tflite_bytes"] == len(blob)
    import hashlib

    assert m["tflite_sha256"] == hashlib.sha256(blob).hexdigest()
    files = {entry["path"]: entry for entry in m["files"]}
    assert "manifest.json" not in files and f"c/{MODEL_NAME}_model.c" in files
    for rel, entry in files.items():
        with open(os.path.join(pushed["dir"], rel), "rb") as handle:
            content = handle.read()
        assert entry["bytes"] == len(content)
        assert entry["sha256"] == hashlib.sha256(content).hexdigest()

    assert isinstance(m["arena_bytes"], int) and m["arena_bytes"] % 16 == 0
    assert m["arena"]["header_bytes"] > m["arena_bytes"]
    assert m["arena"]["header_bytes"] % 16 == 0
    assert "64-bit" in m["arena"]["method"]
    assert m["arena"]["allocations"]["total_bytes"] <= m["arena"]["header_bytes"]

    assert m["params"] == workspace["keras_model"].count_params()
    assert m["macs"] == _expected_macs(workspace["keras_model"])
    assert m["ops"] == sorted(
        [
            "CONV_2D",
            "DEPTHWISE_CONV_2D",
            "FULLY_CONNECTED",
            "MAX_POOL_2D",
            "MEAN",
            "RESHAPE",
            "SOFTMAX",
        ]
    )
    assert m["op_resolver"]["count"] == len(m["ops"])
    assert "AddDepthwiseConv2D" in m["op_resolver"]["methods"]

    for key in ("input", "output"):
        tensor = m[key]
        assert tensor["dtype"] == "int8"
        assert isinstance(tensor["scale"], float) and tensor["scale"] > 0
        assert isinstance(tensor["zero_point"], int)
    assert m["input"]["shape"] == [1, WINDOW]
    assert m["output"]["shape"] == [1, len(CLASSES)]
    assert m["class_names"] == CLASSES

    assert m["parity"] == {
        "examples": 8,
        "identical": True,
        "differing_outputs": 0,
        "max_abs_diff": 0,
        "tolerance": 0,
        "compared": "tf.lite reference kernels on the .tflite vs tflite-micro Python "
        "interpreter on the device flatbuffer",
        "arena_bytes": m["arena"]["header_bytes"],
    }
    assert m["calibration"]["examples"] == 100 and m["calibration"]["split_examples"] == 600
    assert m["pipeline"]["pipeline_name"] == "unit_test_pipeline"
    assert m["pipeline"]["pipeline_run_id"] == "run-42"
    assert m["pipeline"]["model_artifact_uri"] == workspace["model_uri"]
    assert re.fullmatch(r"[0-9a-f]{64}", m["data_fingerprint"]["sha256"])
    assert set(m["data_fingerprint"]["splits"]) == {"train", "eval"}
    assert m["code_version"]["package_version"] not in ("", None)
    assert m["code_version"]["git_describe"]
    assert m["conversion"]["signature"] == core_model.MICRO_SIGNATURE_KEY
    for key, value in EXTRA.items():
        assert m[key] == value
    assert m["firmware"] == {
        "frontend": FRONTEND,
        "tables": [f"c/{MODEL_NAME}_frontend_tables.h"],
        "tables_fn": TABLES_FN,
    }
    assert _read(os.path.join(pushed["dir"], "c", f"{MODEL_NAME}_frontend_tables.h")) == (
        f"/* {MODEL_NAME} tables, written into c/ */\n"
    )


def _expected_macs(model: tf.keras.Model) -> int:
    macs = 0
    for layer in model.layers:
        out = int(np.prod(layer.output_shape[1:]))
        if isinstance(layer, tf.keras.layers.DepthwiseConv2D):
            kh, kw = layer.kernel_size
            macs += out * kh * kw
        elif isinstance(layer, tf.keras.layers.Conv2D):
            kh, kw = layer.kernel_size
            macs += out * kh * kw * layer.input_shape[-1]
        elif isinstance(layer, tf.keras.layers.Dense):
            macs += out * layer.input_shape[-1]
    return macs


def test_int8_metrics_track_float(pushed):
    m = pushed["manifest"]["metrics"]
    assert m["examples"] == 200 and m["split_examples"] == 240
    for kind in ("float", "int8"):
        result = m[kind]
        assert set(result["per_class"]) == set(CLASSES)
        assert np.array(result["confusion_matrix"]).sum() == 200
        assert 0.0 <= result["macro_f1"] <= 1.0
    assert m["float"]["accuracy"] > 0.9, m["float"]
    assert abs(m["int8"]["accuracy"] - m["float"]["accuracy"]) <= 0.05
    assert abs(m["int8_vs_float_macro_f1_delta"]) <= 0.05
    assert m["int8_vs_float_macro_f1_delta"] == pytest.approx(
        m["int8"]["macro_f1"] - m["float"]["macro_f1"]
    )
    assert m["int8_vs_float_outputs"]["argmax_agreement"] >= 0.95


# ----------------------------------------------------------------------------- C package


def _c_array(text: str, name: str) -> list[int]:
    match = re.search(rf"{name}(?:\[[^\]]*\])+ = \{{(.*?)\n\}};", text, re.S)
    assert match, name
    return [int(v, 0) for v in re.findall(r"-?(?:0x[0-9a-f]+|\d+)", match.group(1))]


def _defines(header: str) -> dict[str, str]:
    return dict(re.findall(r"^#define (\w+) (.+?)(?: /\*.*)?$", header, re.M))


def _read(path: str) -> str:
    with open(path) as handle:
        return handle.read()


def test_c_sources_match_model_and_tflm(pushed):
    c_dir = os.path.join(pushed["dir"], "c")
    m = pushed["manifest"]
    with open(os.path.join(pushed["dir"], m["tflite_path"]), "rb") as handle:
        blob = handle.read()
    model_c = _read(os.path.join(c_dir, f"{MODEL_NAME}_model.c"))
    device = device_model.for_device(blob)
    assert bytes(_c_array(model_c, f"g_{MODEL_NAME}_model")) == device
    assert m["device_model"]["bytes"] == len(device)
    assert m["device_model"]["sha256"] == hashlib.sha256(device).hexdigest()
    assert m["tflite_sha256"] in model_c
    data_lines = [line for line in model_c.splitlines() if line.startswith("  0x")]
    assert all(line.count("0x") == 12 for line in data_lines[:-1])

    header = _defines(_read(os.path.join(c_dir, f"{MODEL_NAME}_model.h")))
    prefix = MODEL_NAME.upper()
    assert int(header[f"{prefix}_ARENA_SIZE"]) == m["arena"]["header_bytes"]
    assert int(header[f"{prefix}_ARENA_SIZE_MEASURED"]) == m["arena_bytes"]
    assert int(header[f"{prefix}_MODEL_BYTES"]) == len(device)
    assert int(header[f"{prefix}_INPUT_SIZE"]) == WINDOW
    assert int(header[f"{prefix}_NUM_CLASSES"]) == len(CLASSES)
    assert np.float32(float(header[f"{prefix}_INPUT_SCALE"].rstrip("f"))) == np.float32(
        m["input"]["scale"]
    )
    assert int(header[f"{prefix}_OUTPUT_ZERO_POINT"].strip("()")) == m["output"]["zero_point"]
    assert int(header[f"{prefix}_OP_COUNT"]) == len(m["ops"])

    golden_c = _read(os.path.join(c_dir, f"{MODEL_NAME}_golden.c"))
    inputs = np.array(_c_array(golden_c, f"g_{MODEL_NAME}_golden_inputs"), np.int8)
    outputs = np.array(_c_array(golden_c, f"g_{MODEL_NAME}_golden_outputs"), np.int8)
    inputs = inputs.reshape(8, 1, WINDOW)
    outputs = outputs.reshape(8, len(CLASSES))
    interpreter = runtime.Interpreter.from_bytes(blob, arena_size=m["arena"]["header_bytes"])
    for example, expected in zip(inputs, outputs, strict=True):
        interpreter.set_input(example, 0)
        interpreter.invoke()
        np.testing.assert_array_equal(interpreter.get_output(0).ravel(), expected)


_CXX_CHECK = """
#include "{name}_model.h"
#include "{name}_golden.h"
struct Resolver {{ int n; }};
#define COUNT_OP(method) ++r.n;
int count_ops() {{ Resolver r = {{0}}; {P}_FOR_EACH_OP(COUNT_OP) return r.n; }}
static_assert({P}_OP_COUNT == 7, "op count");
int main() {{
  return count_ops() == {P}_OP_COUNT && g_{name}_model_len == {P}_MODEL_BYTES ? 0 : 1;
}}
"""

_C_CHECK = """
#include <stdint.h>
#include <string.h>
#include "{name}_model.h"
#include "{name}_golden.h"
int main(void) {{
  if (((uintptr_t)g_{name}_model) % 16 != 0) return 1;
  if (g_{name}_model_len != {P}_MODEL_BYTES) return 2;
  if (strcmp(g_{name}_labels[1], "AFIB") != 0) return 3;
  if (sizeof(g_{name}_golden_inputs[0]) != {P}_INPUT_SIZE) return 4;
  if (sizeof(g_{name}_golden_outputs[0]) != {P}_OUTPUT_SIZE) return 5;
  return 0;
}}
"""


@pytest.mark.parametrize(
    "compiler,flags",
    [
        ("gcc", ["-std=c99", "-Wall", "-Wextra", "-Werror"]),
        ("gcc", ["-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic"]),
        ("g++", ["-std=c++11", "-x", "c++", "-Wall", "-Wextra", "-Werror"]),
    ],
)
def test_c_package_compiles_and_runs(pushed, tmp_path, compiler, flags):
    if shutil.which(compiler) is None:
        pytest.skip(f"{compiler} not installed")
    c_dir = os.path.join(pushed["dir"], "c")
    check = _CXX_CHECK if compiler == "g++" else _C_CHECK
    main = tmp_path / "check.c"
    main.write_text(check.format(name=MODEL_NAME, P=MODEL_NAME.upper()))
    sources = [os.path.join(c_dir, f"{MODEL_NAME}_{part}.c") for part in ("model", "golden")]
    binary = tmp_path / "check"
    cmd = [compiler, *flags, "-I", c_dir, *sources, str(main), "-o", str(binary)]
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    assert subprocess.run([str(binary)], check=False).returncode == 0


# ----------------------------------------------------------------------------- veto paths


def test_not_blessed_pushes_nothing(workspace):
    destination = os.path.join(workspace["root"], "serving-unblessed")
    artifacts = _artifacts(workspace, "unblessed", blessed=0)
    _executor().Do(artifacts["inputs"], artifacts["outputs"], _exec_properties(destination))
    pushed_model = artifacts["outputs"][qp_executor.PUSHED_MODEL_KEY][0]
    assert pushed_model.get_int_custom_property("pushed") == 0
    assert not os.path.exists(destination)


def _off_by_one_tflm(monkeypatch) -> None:
    """Make the tflite-micro runner flip the lowest bit of the first output value."""
    real_run = tflm.run_tflm

    def off_by_one(model, inputs, arena_size):
        outputs, allocations = real_run(model, inputs, arena_size)
        outputs = outputs.copy()
        outputs.reshape(-1)[0] = np.int8(outputs.reshape(-1)[0] ^ 1)
        return outputs, allocations

    monkeypatch.setattr(tflm, "run_tflm", off_by_one)


def test_parity_failure_pushes_nothing(workspace, monkeypatch):
    _off_by_one_tflm(monkeypatch)
    monkeypatch.setattr(tflm, "measure_arena", lambda model: 8192)
    destination = os.path.join(workspace["root"], "serving-parity")
    artifacts = _artifacts(workspace, "parity")
    with pytest.raises(tflm.ParityError, match=r"1 of 24 int8 outputs.*max abs difference 1"):
        _executor().Do(artifacts["inputs"], artifacts["outputs"], _exec_properties(destination))
    pushed_model = artifacts["outputs"][qp_executor.PUSHED_MODEL_KEY][0]
    assert not pushed_model.has_custom_property("pushed")
    assert not os.path.exists(os.path.join(destination, MODEL_NAME))


def test_parity_tolerance_accepts_small_differences(pushed, monkeypatch):
    _off_by_one_tflm(monkeypatch)
    with open(os.path.join(pushed["dir"], f"{MODEL_NAME}_int8.tflite"), "rb") as handle:
        blob = handle.read()
    golden = np.zeros((2, 1, WINDOW), np.int8)
    arena = pushed["manifest"]["arena"]["header_bytes"]
    with pytest.raises(tflm.ParityError, match="1 of 6 int8 outputs"):
        tflm.check_parity(blob, golden, arena)
    result = tflm.check_parity(blob, golden, arena, tolerance=1)
    assert (result.differing_outputs, result.max_abs_diff) == (1, 1)


_CRASHING_WORKER = """
import os, signal, sys
sys.path.insert(0, {worker_dir!r})
import _tflm_worker as worker
real_probe = worker._probe
def probe(model, arena):
    if arena < {limit}:
        os.kill(os.getpid(), signal.SIGSEGV)
    return real_probe(model, arena)
worker._probe = probe
sys.exit(worker.main(sys.argv))
"""


def test_arena_bisection_survives_worker_crashes(pushed, tmp_path, monkeypatch):
    """Tiny arenas can segfault TFLM; such probes count as failures, not as errors."""
    with open(os.path.join(pushed["dir"], f"{MODEL_NAME}_int8.tflite"), "rb") as handle:
        blob = handle.read()
    measured = pushed["manifest"]["arena_bytes"]
    script = tmp_path / "crashing_worker.py"
    script.write_text(
        _CRASHING_WORKER.format(worker_dir=os.path.dirname(tflm._WORKER), limit=measured * 3 // 4)
    )
    monkeypatch.setattr(tflm, "_WORKER", str(script))
    assert tflm.measure_arena(blob) == measured


def test_unknown_op_fails_loudly(pushed, monkeypatch):
    with open(os.path.join(pushed["dir"], f"{MODEL_NAME}_int8.tflite"), "rb") as handle:
        blob = handle.read()
    monkeypatch.delitem(model_analysis.OP_RESOLVER_METHODS, "SOFTMAX")
    with pytest.raises(model_analysis.UnsupportedOpError, match="SOFTMAX"):
        model_analysis.analyze(blob)
    with pytest.raises(model_analysis.UnsupportedOpError, match=r"CUSTOM:Foo"):
        model_analysis.resolver_methods(["CONV_2D", "CUSTOM:Foo"])


def test_missing_core_model_is_explained(workspace, tmp_path):
    artifacts = _artifacts(workspace, "nocore")
    artifacts["inputs"][qp_executor.MODEL_KEY][0].uri = str(tmp_path)
    with pytest.raises(FileNotFoundError, match="export_core_model"):
        _executor().Do(
            artifacts["inputs"], artifacts["outputs"], _exec_properties(str(tmp_path / "s"))
        )


def test_bad_firmware_tables_fn_is_named_before_conversion(workspace, tmp_path, monkeypatch):
    def no_conversion(*args, **kwargs):
        raise AssertionError("converted a model whose tables function cannot run")

    monkeypatch.setattr(conversion, "convert", no_conversion)
    for dotted, match in (
        ("not a name", "must be 'module.function'"),
        ("tests.no_such_module.fn", "cannot be imported"),
        (f"{__name__}.no_such_fn", "cannot be imported"),
        (f"{__name__}.TABLES_FN", "not callable"),
    ):
        properties = _exec_properties(str(tmp_path / "s"))
        properties[qp_executor.FIRMWARE_TABLES_FN_KEY] = dotted
        artifacts = _artifacts(workspace, "badtables")
        with pytest.raises(ValueError, match=match):
            _executor().Do(artifacts["inputs"], artifacts["outputs"], properties)
    assert not (tmp_path / "s").exists()


def write_tables_elsewhere(out_dir: str, model_name: str) -> list[str]:
    return [os.path.join(os.path.dirname(out_dir), "stray.h")]


def test_tables_fn_must_write_into_the_c_directory(tmp_path):
    with pytest.raises(ValueError, match="not a file it wrote in"):
        firmware_tables.write(f"{__name__}.write_tables_elsewhere", str(tmp_path), "m")
    written = firmware_tables.write(TABLES_FN, str(tmp_path), "m")
    assert written == [str(tmp_path / "m_frontend_tables.h")]


def test_extra_manifest_cannot_override_pusher_keys():
    with pytest.raises(ValueError, match="arena_bytes"):
        qp_executor.parse_extra_manifest({"extra_manifest": json.dumps({"arena_bytes": 1})})


# ----------------------------------------------------------------------------- non-classifier


def test_regression_model_builds_without_classes(workspace, tmp_path):
    """De-noise style model: any float output, no labels, no class metrics."""
    inputs = tf.keras.Input((WINDOW,))
    hidden = tf.keras.layers.Dense(16, activation="tanh")(inputs)
    outputs = tf.keras.layers.Dense(WINDOW)(hidden)
    model = tf.keras.Model(inputs, outputs)
    core_dir = core_model.export_core_model(model, str(tmp_path / "model" / "Format-Serving"))
    examples = _examples_artifact(workspace["examples_uri"])
    spec = builder.BuildSpec(
        core_dir=core_dir,
        out_dir=str(tmp_path / "out"),
        model_name="tiny-denoise",
        version="1",
        feature_key=FEATURE,
        label_key="",
        class_names=[],
        representative_files=data.split_files(examples, "train"),
        eval_files=data.split_files(examples, "eval"),
        num_representative=50,
        max_eval_examples=40,
        num_golden=2,
    )
    manifest = builder.build(spec)
    assert manifest["class_names"] == []
    assert "float" not in manifest["metrics"]
    assert manifest["metrics"]["int8_vs_float_outputs"]["examples"] == 40
    assert manifest["output"]["shape"] == [1, WINDOW]
    # No firmware_frontend: the package says so, and firmware builds compile no front end.
    assert manifest["firmware"] == {"frontend": None, "tables": [], "tables_fn": None}
    header = _read(str(tmp_path / "out" / "c" / "tiny_denoise_model.h"))
    assert "#define TINY_DENOISE_NUM_CLASSES 0" in header
    assert "labels" not in _read(str(tmp_path / "out" / "c" / "tiny_denoise_model.c"))


def test_export_core_model_handles_qat_and_pruning(tmp_path):
    """QAT wrappers convert; pruning wrappers are stripped instead of shipped as ops."""
    import tensorflow_model_optimization as tfmot

    def base() -> tf.keras.Model:
        inputs = tf.keras.Input((WINDOW,))
        x = tf.keras.layers.Reshape((WINDOW, 1, 1))(inputs)
        x = tf.keras.layers.Conv2D(4, (5, 1), strides=(4, 1), activation="relu")(x)
        x = tf.keras.layers.Flatten()(x)
        return tf.keras.Model(inputs, tf.keras.layers.Dense(3, activation="softmax")(x))

    rep = np.random.default_rng(1).standard_normal((20, WINDOW)).astype(np.float32)
    wrapped = {
        "qat": tfmot.quantization.keras.quantize_model(base()),
        "pruned": tfmot.sparsity.keras.prune_low_magnitude(base()),
    }
    for name, model in wrapped.items():
        core_dir = core_model.export_core_model(model, str(tmp_path / name / "Format-Serving"))
        assert core_dir == core_model.core_model_path(str(tmp_path / name))
        converted = conversion.convert(core_dir, core_model.MICRO_SIGNATURE_KEY, rep)
        ops = model_analysis.analyze(converted.int8).ops
        assert set(ops) <= {"CONV_2D", "FULLY_CONNECTED", "RESHAPE", "SOFTMAX"}, (name, ops)


def test_int8_model_ships_without_names_and_computes_the_same(tmp_path):
    """The converter's tensor names and signature table are stripped from the int8 model (flash
    the MCU never reads); the stripped flatbuffer computes exactly what the converter's did."""
    inputs = tf.keras.Input((WINDOW,))
    x = tf.keras.layers.Reshape((WINDOW, 1, 1))(inputs)
    x = tf.keras.layers.Conv2D(4, (5, 1), strides=(4, 1), activation="relu")(x)
    x = tf.keras.layers.Flatten()(x)
    model = tf.keras.Model(inputs, tf.keras.layers.Dense(3, activation="softmax")(x))
    rep = np.random.default_rng(2).standard_normal((20, WINDOW)).astype(np.float32)
    core_dir = core_model.export_core_model(model, str(tmp_path / "Format-Serving"))
    named = conversion.int8_converter(core_dir, core_model.MICRO_SIGNATURE_KEY, rep).convert()
    stripped = conversion.convert(core_dir, core_model.MICRO_SIGNATURE_KEY, rep).int8
    assert len(stripped) < len(named)

    def run(flatbuffer: bytes) -> tuple[np.ndarray, list[str]]:
        interpreter = tf.lite.Interpreter(model_content=flatbuffer)
        interpreter.allocate_tensors()
        (inp,), (out,) = interpreter.get_input_details(), interpreter.get_output_details()
        values = np.random.default_rng(3).integers(-128, 128, (8, WINDOW), dtype=np.int8)
        outputs = []
        for row in values:
            interpreter.set_tensor(inp["index"], row[np.newaxis])
            interpreter.invoke()
            outputs.append(interpreter.get_tensor(out["index"]).copy())
        return np.array(outputs), [t["name"] for t in interpreter.get_tensor_details()]

    (named_out, named_names), (stripped_out, stripped_names) = run(named), run(stripped)
    np.testing.assert_array_equal(stripped_out, named_out)
    assert any(named_names) and not any(stripped_names)
    assert tf.lite.Interpreter(model_content=stripped).get_signature_list() == {}
    analysis = model_analysis.analyze(stripped)  # what the manifest records
    assert analysis.input.name == analysis.output.name == ""


def test_device_flatbuffer_drops_what_tflm_never_reads_and_computes_the_same(pushed):
    """The C array's flatbuffer has no metadata, no conv / depthwise bias quantization and one
    zero point per all-zero per-channel array, is smaller, and tflite-micro computes bit for bit
    what it computes from the shipped .tflite."""
    from tensorflow.lite.python import schema_py_generated as schema
    from tensorflow.lite.tools import flatbuffer_utils

    with open(os.path.join(pushed["dir"], pushed["manifest"]["tflite_path"]), "rb") as handle:
        host = handle.read()
    device = device_model.for_device(host)
    assert len(device) < len(host)

    def bias_quantization(flatbuffer: bytes) -> tuple[dict[str, bool], object]:
        model = flatbuffer_utils.convert_bytearray_to_object(bytearray(flatbuffer))
        names = {v: k for k, v in vars(schema.BuiltinOperator).items() if not k.startswith("_")}
        graph = model.subgraphs[0]
        found = {}
        for op in graph.operators:
            code = model.operatorCodes[op.opcodeIndex]
            name = names[max(code.builtinCode, code.deprecatedBuiltinCode)]
            if len(op.inputs) > 2 and op.inputs[2] >= 0:
                found[name] = graph.tensors[op.inputs[2]].quantization is not None
        return found, model.metadata

    (host_bias, host_meta), (device_bias, device_meta) = map(bias_quantization, (host, device))
    assert host_bias == {"CONV_2D": True, "DEPTHWISE_CONV_2D": True, "FULLY_CONNECTED": True}
    assert device_bias == {"CONV_2D": False, "DEPTHWISE_CONV_2D": False, "FULLY_CONNECTED": True}
    assert host_meta and device_meta is None

    def zero_point_lengths(flatbuffer: bytes) -> list[tuple[int, int]]:
        """(scales, zero points) of every per-channel quantized tensor."""
        graph = flatbuffer_utils.convert_bytearray_to_object(bytearray(flatbuffer)).subgraphs[0]
        quantized = [t.quantization for t in graph.tensors if t.quantization is not None]
        return [
            (len(q.scale), len(q.zeroPoint))
            for q in quantized
            if q.scale is not None and len(q.scale) > 1
        ]

    host_zero_points, device_zero_points = map(zero_point_lengths, (host, device))
    assert host_zero_points and all(s == z for s, z in host_zero_points)
    assert device_zero_points and all(s > 1 and z == 1 for s, z in device_zero_points)
    inputs = np.random.default_rng(5).integers(-128, 128, (16, 1, WINDOW), dtype=np.int8)
    arena = pushed["manifest"]["arena"]["header_bytes"]
    np.testing.assert_array_equal(
        tflm.run_tflm(device, inputs, arena)[0], tflm.run_tflm(host, inputs, arena)[0]
    )


# ----------------------------------------------------------------------------- pieces


def test_classification_metrics_by_hand():
    result = metrics.classification_metrics(
        np.array([0, 0, 1, 1, 2, 2]), np.array([0, 1, 1, 1, 0, 0]), ["a", "b", "c"]
    )
    assert result["confusion_matrix"] == [[1, 1, 0], [0, 2, 0], [2, 0, 0]]
    assert result["accuracy"] == pytest.approx(0.5)
    assert result["per_class"]["a"]["precision"] == pytest.approx(1 / 3)
    assert result["per_class"]["a"]["recall"] == pytest.approx(0.5)
    assert result["per_class"]["b"]["f1"] == pytest.approx(0.8)
    assert result["per_class"]["c"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 2}
    assert result["macro_f1"] == pytest.approx((0.4 + 0.8 + 0.0) / 3)
    with pytest.raises(ValueError):
        metrics.classification_metrics(np.array([3]), np.array([0]), ["a", "b", "c"])


def test_c_helpers():
    assert c_package.c_identifier("heart-arrhythmia") == "heart_arrhythmia"
    assert c_package.c_identifier("2stage") == "m_2stage"
    literal = c_package._c_float(0.00390625)
    assert literal.endswith("f") and np.float32(float(literal[:-1])) == np.float32(0.00390625)
    assert c_package._c_string('a"b\\c?é') == '"a\\"b\\\\c\\077\\303\\251"'


def test_data_fingerprint_tracks_content(workspace, tmp_path):
    copy = tmp_path / "examples"
    shutil.copytree(workspace["examples_uri"], copy)
    examples = _examples_artifact(str(copy))
    first = data.fingerprint(examples, ["train", "eval"])
    assert first == data.fingerprint(examples, ["eval", "train"])
    path = copy / "Split-eval" / "transformed_examples-00000-of-00001.gz"
    blob = bytearray(path.read_bytes())
    blob[-1] ^= 0xFF
    path.write_bytes(bytes(blob))
    assert data.fingerprint(examples, ["train", "eval"])["sha256"] != first["sha256"]


def test_component_wiring():
    model = channel.Channel(type=standard_artifacts.Model)
    examples = channel.Channel(type=standard_artifacts.Examples)
    blessing = channel.Channel(type=standard_artifacts.ModelBlessing)
    pusher = QuantizingPusher(
        model=model,
        examples=examples,
        model_blessing=blessing,
        model_name=MODEL_NAME,
        push_destination="/tmp/serving",
        feature_key=FEATURE,
        label_key=LABEL,
        class_names=CLASSES,
        extra_manifest=EXTRA,
    )
    assert pusher.inputs["model"] is model
    assert pusher.inputs["examples"] is examples
    assert pusher.inputs["model_blessing"] is blessing
    assert pusher.outputs["pushed_model"].type == standard_artifacts.PushedModel
    props = pusher.exec_properties
    assert json.loads(props["class_names"]) == CLASSES
    assert json.loads(props["extra_manifest"]) == EXTRA
    assert props["representative_split"] == "train" and props["eval_split"] == "eval"
    assert props["num_representative"] == 300 and props["max_eval_examples"] == 2000
    assert props["num_golden"] == 16 and props["parity_tolerance"] == 0
    assert props["firmware_frontend"] == "" and props["firmware_tables_fn"] == ""
    assert pusher.executor_spec.executor_class is qp_executor.Executor
    import components.quantizing_pusher as package

    assert package.QuantizingPusher is QuantizingPusher

    common = dict(
        model=model,
        examples=examples,
        push_destination="/tmp/s",
        feature_key=FEATURE,
        label_key=LABEL,
    )
    for bad, match in (
        ({"model_name": "a/b", "class_names": CLASSES}, "model_name"),
        ({"model_name": "m", "class_names": ["A", "A"]}, "duplicates"),
        ({"model_name": "m", "class_names": CLASSES, "num_golden": 0}, "num_golden"),
        ({"model_name": "m", "class_names": CLASSES, "extra_manifest": {"ops": []}}, "ops"),
        ({"model_name": "m", "class_names": CLASSES, "firmware_tables_fn": "f"}, "module.func"),
        ({"model_name": "m", "class_names": CLASSES, "firmware_frontend": "E C G"}, "front-end"),
        (
            {"model_name": "m", "class_names": CLASSES, "firmware_tables_fn": TABLES_FN},
            "needs firmware_frontend",
        ),
    ):
        with pytest.raises(ValueError, match=match):
            QuantizingPusher(**common, **bad)

    with pytest.raises(TypeError):
        QuantizingPusher(
            model=examples,  # wrong artifact type
            examples=examples,
            model_name=MODEL_NAME,
            push_destination="/tmp/serving",
            feature_key=FEATURE,
            label_key=LABEL,
            class_names=CLASSES,
        )


@pytest.mark.parametrize("level, shown", [("3", False), ("0", True)])
def test_converter_native_logs_follow_the_log_level(workspace, capfd, monkeypatch, level, shown):
    """The converter's C++ lines bypass Python logging; quiet runs must not print them."""
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", level)
    representative = np.zeros((4, WINDOW), np.float32)
    signature = core_model.MICRO_SIGNATURE_KEY
    capfd.readouterr()
    conversion.convert(workspace["core_dir"], signature, representative)
    assert ("fully_quantize" in capfd.readouterr().err) is shown
