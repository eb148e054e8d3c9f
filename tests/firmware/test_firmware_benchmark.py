"""benchmarks/firmware.py: per-package flash/RAM/instruction numbers, and the front end's."""

import json
import shutil

import pytest

from firmware_tools.package import read_package
from firmware_tools.paths import MODELS_DIR
from tests.benchmarks.scripts import load_benchmark


@pytest.fixture(scope="module")
def bench():
    return load_benchmark("firmware")


def test_every_package_gets_an_entry(toolchain, bench):
    results = bench.benchmark(MODELS_DIR)
    names = sorted(read_package(p).model_name for p in MODELS_DIR.iterdir() if p.is_dir())
    assert sorted(e["model"] for e in results["models"]) == names
    for entry in results["models"]:
        package = read_package(MODELS_DIR / entry["model"])
        assert entry["golden_vectors_bit_exact"] is True
        assert entry["flash_bytes"]["model_array"] == len(package.device_model())
        assert entry["flash_bytes"]["model_total"] < entry["flash_bytes"]["harness_image_mram"]
        assert entry["ram_bytes"]["tensor_arena_tflm"] == package.manifest["arena_bytes"]
        assert entry["instructions_per_inference"] > entry["macs"]  # at least one per MAC
        assert entry["energy_per_inference"]["estimate"] is True
        assert entry["energy_per_inference"]["uJ"] > 0
        bench_spec = package.frontend.benchmark(package.manifest) if package.frontend else None
        assert ("frontend" in entry) == (bench_spec is not None)
        unavailable = entry.get("frontend", {}).get("skipped", "")
        if "scripts/cmsis_dsp_sources.sh" in unavailable:  # a missing download, not a failure
            pytest.skip(f"{entry['model']}: {unavailable}")
        if bench_spec is not None:
            counts = [entry["frontend"][key] for key in bench_spec.modes.values()]
            assert all(count > 0 for count in counts)
            assert entry["frontend"]["instructions_per_window"] == sum(counts)
    assert "CMSIS-NN" in results["caveats"][0]


def test_the_ecg_front_end_is_counted_per_window(toolchain, bench, tmp_path):
    package = read_package(MODELS_DIR / "heart_arrhythmia")
    entry = bench.frontend_entry(package, tmp_path)
    window = package.manifest["window_samples"]
    sensor_rate = 360  # firmware_tools/frontends/ecg/bench.py
    sensor_samples = window * sensor_rate // package.manifest["sample_rate_hz"]
    assert entry["instructions_resample_per_window"] > sensor_samples  # a few per input sample
    assert entry["instructions_window_to_input"] > window
    assert entry["instructions_quality_gate"] > window  # the gate is paid on every window
    assert "zoo_ecg_quality_assess" in entry["what"]
    assert f"zoo_resampler_process {sensor_rate} -> 100 Hz" in entry["what"]


def test_no_frontend_entry_for_a_package_that_declares_none(bench, tmp_path):
    copy = tmp_path / "package"
    shutil.copytree(MODELS_DIR / "heart_arrhythmia", copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["firmware"] = {"frontend": None, "tables": [], "tables_fn": None}
    (copy / "manifest.json").write_text(json.dumps(manifest))
    assert bench.frontend_entry(read_package(copy), tmp_path) is None


def test_the_audio_front_end_is_counted_per_frame_and_window(toolchain, bench, tmp_path):
    from firmware_tools.frontends import FrontendUnavailableError

    package = read_package(MODELS_DIR / "keyword_spotting")
    try:
        package.frontend_build()
    except FrontendUnavailableError as error:
        pytest.skip(str(error))
    entry = bench.frontend_entry(package, tmp_path)
    frames = 49  # 1 + (16000 - 512) // 320
    assert entry["instructions_per_frame"] == round(
        entry["instructions_log_mel_per_window"] / frames
    )
    assert entry["instructions_per_frame"] > 512  # at least one per sample of a 512-point frame
    assert entry["instructions_window_to_input"] > frames * 40  # one value at a time
    assert entry["instructions_per_window"] == (
        entry["instructions_log_mel_per_window"] + entry["instructions_window_to_input"]
    )
    assert "49 arm_mfcc_q15 log-mel frames" in entry["what"]
