"""benchmarks/firmware.py: per-package flash/RAM/instruction numbers, and the front-end hook."""

import importlib.util

import pytest

from firmware_tools.package import read_package
from firmware_tools.paths import MODELS_DIR, REPO_ROOT

# A stand-in for fw-frontend's firmware/common with the contract's signatures: nearest-sample
# decimation and a plain quantiser. It only exercises the benchmark's build-and-count plumbing.
STUB_HEADER = """
#include <stddef.h>
#include <stdint.h>
typedef struct zoo_resampler { uint32_t in_rate, out_rate, phase; } zoo_resampler_t;
int zoo_resampler_init(zoo_resampler_t *r, uint32_t in_rate_hz, uint32_t out_rate_hz);
size_t zoo_resampler_process(zoo_resampler_t *r, const int32_t *in, size_t n_in, int32_t *out,
                             size_t out_cap);
int zoo_ecg_window_to_input(const int32_t *window, size_t n, float input_scale,
                            int32_t input_zero_point, int8_t *out);
"""
STUB_SOURCE = """
#include "zoo_ecg_frontend.h"
int zoo_resampler_init(zoo_resampler_t *r, uint32_t in_rate_hz, uint32_t out_rate_hz) {
  r->in_rate = in_rate_hz; r->out_rate = out_rate_hz; r->phase = 0;
  return out_rate_hz <= in_rate_hz ? 0 : -1;
}
size_t zoo_resampler_process(zoo_resampler_t *r, const int32_t *in, size_t n_in, int32_t *out,
                             size_t out_cap) {
  size_t produced = 0;
  for (size_t i = 0; i < n_in; ++i) {
    r->phase += r->out_rate;
    if (r->phase >= r->in_rate && produced < out_cap) {
      r->phase -= r->in_rate;
      out[produced++] = in[i];
    }
  }
  return produced;
}
int zoo_ecg_window_to_input(const int32_t *window, size_t n, float input_scale,
                            int32_t input_zero_point, int8_t *out) {
  for (size_t i = 0; i < n; ++i) {
    int32_t q = (int32_t)((float)window[i] / 1000.0f / input_scale) + input_zero_point;
    out[i] = (int8_t)(q > 127 ? 127 : q < -128 ? -128 : q);
  }
  return 0;
}
"""


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location(
        "firmware_bench", REPO_ROOT / "benchmarks" / "firmware.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_package_gets_an_entry(toolchain, bench):
    results = bench.benchmark(MODELS_DIR)
    names = sorted(read_package(p).model_name for p in MODELS_DIR.iterdir() if p.is_dir())
    assert sorted(e["model"] for e in results["models"]) == names
    for entry in results["models"]:
        package = read_package(MODELS_DIR / entry["model"])
        assert entry["golden_vectors_bit_exact"] is True
        assert entry["flash_bytes"]["model_array"] == package.tflite.stat().st_size
        assert entry["flash_bytes"]["model_total"] < entry["flash_bytes"]["harness_image_mram"]
        assert entry["ram_bytes"]["tensor_arena_tflm"] == package.manifest["arena_bytes"]
        assert entry["instructions_per_inference"] > entry["macs"]  # at least one per MAC
        assert entry["energy_per_inference"]["estimate"] is True
        assert entry["energy_per_inference"]["uJ"] > 0
    assert "CMSIS-NN" in results["caveats"][0]


def test_frontend_is_counted_when_common_provides_it(toolchain, bench, tmp_path, monkeypatch):
    common = tmp_path / "common"
    (common / "include").mkdir(parents=True)
    (common / "src").mkdir()
    (common / "include" / "zoo_ecg_frontend.h").write_text(STUB_HEADER)
    (common / "src" / "stub_frontend.c").write_text(STUB_SOURCE)
    monkeypatch.setattr(bench, "COMMON_DIR", common)
    monkeypatch.setattr(bench, "FRONTEND_HEADER", common / "include" / "zoo_ecg_frontend.h")
    package = read_package(MODELS_DIR / "heart_arrhythmia")
    entry = bench.frontend_entry(package, tmp_path / "build")
    window = package.manifest["window_samples"]
    sensor_samples = window * bench.FRONTEND_SENSOR_RATE_HZ // package.manifest["sample_rate_hz"]
    assert entry["instructions_resample_per_window"] > sensor_samples  # a few per input sample
    assert entry["instructions_window_to_input"] > window
    assert entry["instructions_per_window"] == (
        entry["instructions_resample_per_window"] + entry["instructions_window_to_input"]
    )


def test_no_frontend_entry_without_common(toolchain, bench, tmp_path, monkeypatch):
    monkeypatch.setattr(bench, "FRONTEND_HEADER", tmp_path / "absent.h")
    package = read_package(MODELS_DIR / "heart_arrhythmia")
    assert bench.frontend_entry(package, tmp_path) is None
