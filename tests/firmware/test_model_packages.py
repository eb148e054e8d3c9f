"""Every committed model package, bit for bit in QEMU against the tflite-micro interpreter.

Parametrized over ``firmware/models/*/``, so a model appears here as soon as its package is
synced: the harness image (reference kernels + plan + the package's model array) must reproduce
the package's golden outputs, and tflite-micro's outputs for extra inputs (uniform random int8,
and golden inputs scaled down and blended so the classifier is less sure).
"""

import numpy as np
import pytest

from firmware_tools.model_image import build_model_image, run_golden, run_inputs
from firmware_tools.package import read_package
from firmware_tools.paths import MODELS_DIR
from tests.firmware.synthetic_models import tflm_outputs

PACKAGES = sorted(p for p in MODELS_DIR.iterdir() if p.is_dir()) if MODELS_DIR.is_dir() else []


def extra_inputs(golden_inputs: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    uniform = rng.integers(-128, 128, (4, golden_inputs.shape[1]), dtype=np.int8)
    scaled = np.round(golden_inputs[:3].astype(np.float64) * 0.3)
    blended = np.round((golden_inputs[:3].astype(np.float64) + golden_inputs[-3:]) / 2)
    return np.concatenate([uniform, scaled.astype(np.int8), blended.astype(np.int8)])


@pytest.fixture(scope="module", params=PACKAGES, ids=[p.name for p in PACKAGES])
def image(request, toolchain, tmp_path_factory):
    package = read_package(request.param)
    return build_model_image(package, tmp_path_factory.mktemp(package.ident))


def test_packages_are_committed():
    assert PACKAGES, f"no model packages under {MODELS_DIR}"


def test_golden_vectors_bit_exact(image):
    run = run_golden(image)
    inputs, expected = image.package.golden_vectors()
    assert run.result.exit_code == 0 and run.mismatches == 0
    np.testing.assert_array_equal(run.outputs, expected)
    model = image.package.tflite.read_bytes()
    shape = image.plan.input_tensor.shape
    np.testing.assert_array_equal(
        tflm_outputs(model, inputs.reshape(-1, *shape)).reshape(expected.shape), expected
    )


def test_extra_inputs_match_tflite_micro(image):
    golden_inputs, _ = image.package.golden_vectors()
    inputs = extra_inputs(golden_inputs, np.random.default_rng(11))
    actual, result = run_inputs(image, inputs)
    model = image.package.tflite.read_bytes()
    expected = tflm_outputs(model, inputs.reshape(-1, *image.plan.input_tensor.shape))
    np.testing.assert_array_equal(actual, expected.reshape(actual.shape))
    assert f"inferences {len(inputs)}" in result.stdout
