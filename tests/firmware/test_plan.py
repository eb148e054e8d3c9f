"""The .tflite -> C plan generator: TFLite's multiplier arithmetic, arena planning, clear errors."""

import numpy as np
import pytest

from firmware_tools.plan import build_plan, plan_arena
from firmware_tools.tflite_model import UnsupportedModelError, quantize_multiplier
from tests.firmware.synthetic_models import ModelBuilder


@pytest.mark.parametrize(
    ("real", "expected"),
    [
        (0.5, (1 << 30, 0)),
        (1.0, (1 << 30, 1)),
        (0.75, (3 << 29, 0)),
        (3.0, (3 << 29, 2)),
        (1 - 2.0**-40, (1 << 30, 1)),  # rounds up to 2^31: halved, exponent + 1
        (2.0**-40, (0, 0)),  # below 2^-31: flushed to zero
        (0.0, (0, 0)),
    ],
)
def test_quantize_multiplier_follows_tflite(real, expected):
    assert quantize_multiplier(real) == expected


def test_quantize_multiplier_represents_the_value():
    for real in np.random.default_rng(3).uniform(1e-6, 10, 200):
        multiplier, shift = quantize_multiplier(real)
        assert 1 << 30 <= multiplier < 1 << 31
        assert abs(multiplier * 2.0 ** (shift - 31) - real) <= real * 2.0**-30


def test_arena_shares_memory_only_between_disjoint_lifetimes():
    buffers = [(1000, 0, 1), (500, 1, 2), (800, 2, 3), (300, 0, 3)]
    offsets, size = plan_arena(buffers)
    for i, (size_i, first_i, last_i) in enumerate(buffers):
        for j, (size_j, first_j, last_j) in enumerate(buffers[:i]):
            if not (last_i < first_j or last_j < first_i):
                a, b = (offsets[i], offsets[i] + size_i), (offsets[j], offsets[j] + size_j)
                assert a[1] <= b[0] or b[1] <= a[0], (i, j, offsets)
    assert all(o % 16 == 0 for o in offsets)
    assert size < sum(s for s, _, _ in buffers)  # buffers 0 and 2 reuse the same bytes
    assert size % 16 == 0


def test_unsupported_op_is_named():
    builder = ModelBuilder()
    x = builder.activation([1, 8], 0.05, 0)
    y = builder.activation([1, 8], 1 / 128, 0)
    builder.op("TANH", [x], [y])
    with pytest.raises(UnsupportedModelError, match=r"tiny_tanh: .*op\(s\) \['TANH'\]"):
        build_plan(builder.build([x], [y]), "tiny_tanh")


def test_float_input_is_refused():
    builder = ModelBuilder()
    x = builder.tensor([1, 8], dtype=0)  # FLOAT32
    y = builder.tensor([8], dtype=0)
    builder.op("SQUEEZE", [x], [y])
    with pytest.raises(UnsupportedModelError, match="float_in: input 't0' is not int8"):
        build_plan(builder.build([x], [y]), "float_in")
