"""Models that do not fit Apollo4 fail the link with one line naming the model and the overflow."""

import re

import numpy as np
import pytest

from firmware_tools.model_image import ModelDoesNotFitError, build_model_image
from tests.firmware.synthetic_models import ModelBuilder, options, write_package

MRAM_BYTES, TCM_BYTES = 1_998_848, 384 * 1024


def _overflow(message: str, region: str) -> int:
    match = re.search(rf"{region} \([\d,]+ B: [^)]*\) overflowed by ([\d,]+) bytes", message)
    assert match, message
    return int(match.group(1).replace(",", ""))


def test_model_array_larger_than_mram_fails_the_link(toolchain, tmp_path):
    builder = ModelBuilder()
    x = builder.activation([1, 1024], 0.05, 0)
    w = builder.weights([2100, 1024], 0.01)  # 2.15 MB of int8 weights
    y = builder.activation([1, 2100], 2.0, 0)
    builder.op("FULLY_CONNECTED", [x, w], [y], options("FullyConnectedOptionsT"))
    model = builder.build([x], [y])
    inputs = np.zeros((1, 1, 1024), np.int8)
    package, _ = write_package(tmp_path / "pkg", "oversize_weights", model, inputs)
    with pytest.raises(ModelDoesNotFitError) as error:
        build_model_image(package, tmp_path / "build")
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith("oversize_weights does not fit Apollo4: MRAM")
    overflow = _overflow(message, "MRAM")
    # the model array alone is over by len(model) - MRAM; code and golden vectors add a little
    assert len(model) - MRAM_BYTES < overflow < len(model) - MRAM_BYTES + 64 * 1024
    assert "TCM" not in message


def test_arena_larger_than_tcm_fails_the_link(toolchain, tmp_path):
    builder = ModelBuilder()
    x = builder.activation([1, 320, 320, 4], 0.05, 0)  # 400 KiB input alone exceeds TCM
    y = builder.activation([1, 160, 160, 4], 0.05, 0)
    pool = options("Pool2DOptionsT", padding=1, strideH=2, strideW=2, filterHeight=2, filterWidth=2)
    builder.op("MAX_POOL_2D", [x], [y], pool)
    model = builder.build([x], [y])
    inputs = np.zeros((1, 1, 320, 320, 4), np.int8)
    package, _ = write_package(tmp_path / "pkg", "oversize_arena", model, inputs)
    with pytest.raises(ModelDoesNotFitError) as error:
        build_model_image(package, tmp_path / "build")
    message = str(error.value)
    assert message.startswith("oversize_arena does not fit Apollo4: TCM")
    arena = 320 * 320 * 4 + 160 * 160 * 4
    assert arena - TCM_BYTES < _overflow(message, "TCM") < arena - TCM_BYTES + 64 * 1024
