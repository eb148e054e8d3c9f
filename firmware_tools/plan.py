"""Turns an int8 .tflite into a C op table ("plan") for the harness's reference kernels.

The QEMU harness proves a model bit for bit without TFLM's C++ by running this plan: every op
becomes a kernel call whose multipliers and shifts are computed exactly as the kernel's Prepare
step in tflite-micro computes them (firmware_tools.plan_ops), weights and biases are read in
place from the model's flatbuffer array (the bytes the device ships, so the harness image has the
device's flash footprint), and activations live at offsets in one static arena planned greedily
over tensor lifetimes.

Test-only: on the device TFLM/CMSIS-NN interpret the model array itself.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from tflite_micro.tensorflow.lite.micro.python import schema_py_generated as schema

from components.quantizing_pusher.c_package import c_identifier
from components.quantizing_pusher.model_analysis import _op_name, parse
from firmware_tools.plan_ops import PLANNERS, SUPPORTED_OPS, Emitter
from firmware_tools.tflite_model import (
    Tensor,
    UnsupportedModelError,
    read_tensors,
)

ARENA_ALIGNMENT = 16


@dataclass
class PlannedOp:
    builtin: str
    adapter: str  # zoo_plan.h function that runs it
    params_c: str  # C initializer of the kernel's params struct ("{...}"), or a byte count
    params_type: str  # C type of params_c
    inputs: list[int]  # activation tensor indices (arena), at most 2
    output: int
    scratch_bytes: int = 0
    arrays: list[str] = field(default_factory=list)  # C definitions the params refer to


@dataclass
class Plan:
    ident: str
    model_len: int
    model_sha256: str
    ops: list[PlannedOp]
    input_tensor: Tensor
    output_tensor: Tensor
    tensor_offsets: dict[int, int]  # activation tensor -> arena offset
    scratch_offsets: dict[int, int]  # op index -> arena offset
    arena_bytes: int
    copied_constant_bytes: int  # constants copied out of the model array for alignment


def _align(value: int) -> int:
    return (value + ARENA_ALIGNMENT - 1) // ARENA_ALIGNMENT * ARENA_ALIGNMENT


def plan_arena(buffers: list[tuple[int, int, int]]) -> tuple[list[int], int]:
    """Greedy first-fit over (bytes, first_use, last_use): largest first, lowest free offset.

    Returns each buffer's offset (input order) and the arena size, both 16-byte aligned.
    """
    offsets = [0] * len(buffers)
    placed: list[tuple[int, int, int, int]] = []  # offset, size, first, last
    for i in sorted(range(len(buffers)), key=lambda i: -buffers[i][0]):
        size, first, last = buffers[i]
        live = sorted((o, s) for o, s, f, lst in placed if not (lst < first or last < f))
        offset = 0
        for o, s in live:
            if offset + size <= o:
                break
            offset = max(offset, _align(o + s))
        offsets[i] = offset
        placed.append((offset, _align(size), first, last))
    arena = max((o + s for o, s, _, _ in placed), default=0)
    return offsets, _align(arena)


def build_plan(model_bytes: bytes, model_name: str) -> Plan:
    """Plan for ``model_bytes`` (one subgraph, int8 input/output); raises UnsupportedModelError."""
    model = parse(model_bytes)
    ident = c_identifier(model_name)
    if len(model.subgraphs) != 1:
        raise UnsupportedModelError(f"{model_name}: {len(model.subgraphs)} subgraphs (need 1)")
    graph = model.subgraphs[0]
    tensors = read_tensors(model, model_bytes)
    names = [_op_name(model, op) for op in graph.operators or []]
    unsupported = sorted({n for n in names if n not in SUPPORTED_OPS})
    if unsupported:
        raise UnsupportedModelError(
            f"{model_name}: the reference kernels do not implement op(s) {unsupported} "
            f"(supported: {sorted(SUPPORTED_OPS)})"
        )
    if len(graph.inputs) != 1 or len(graph.outputs) != 1:
        raise UnsupportedModelError(f"{model_name}: needs one input and one output tensor")
    input_t, output_t = tensors[graph.inputs[0]], tensors[graph.outputs[0]]
    for role, tensor in (("input", input_t), ("output", output_t)):
        if tensor.dtype != schema.TensorType.INT8:
            raise UnsupportedModelError(f"{model_name}: {role} {tensor.name!r} is not int8")

    ops, lifetimes, copied = [], {input_t.index: [0, 0]}, 0
    for index, (name, op) in enumerate(zip(names, graph.operators, strict=True)):
        inputs, output = [int(i) for i in op.inputs], int(op.outputs[0])
        emit = Emitter(ident, index)
        params, ctype = PLANNERS[name](name, op.builtinOptions, emit, tensors, inputs, output)
        activations = [i for i in inputs if i >= 0 and tensors[i].data is None][:2]
        for i in [*activations, output]:
            if tensors[i].dtype != schema.TensorType.INT8:
                raise UnsupportedModelError(f"{name}: tensor {tensors[i].name!r} is not int8")
            lifetimes.setdefault(i, [index, index])[1] = index
        scratch = 4 * tensors[output].elements if name == "MEAN" else 0
        ops.append(
            PlannedOp(
                name, SUPPORTED_OPS[name], params, ctype, activations, output, scratch, emit.arrays
            )
        )
        copied += emit.copied_bytes
    lifetimes.setdefault(output_t.index, [0, 0])[1] = len(ops)

    keys = list(lifetimes)
    buffers = [(tensors[k].elements, *lifetimes[k]) for k in keys]
    scratch_ops = [i for i, op in enumerate(ops) if op.scratch_bytes]
    buffers += [(ops[i].scratch_bytes, i, i) for i in scratch_ops]
    offsets, arena = plan_arena(buffers)
    return Plan(
        ident=ident,
        model_len=len(model_bytes),
        model_sha256=hashlib.sha256(model_bytes).hexdigest(),
        ops=ops,
        input_tensor=input_t,
        output_tensor=output_t,
        tensor_offsets=dict(zip(keys, offsets[: len(keys)], strict=True)),
        scratch_offsets=dict(zip(scratch_ops, offsets[len(keys) :], strict=True)),
        arena_bytes=arena,
        copied_constant_bytes=copied,
    )


# ---- C rendering ------------------------------------------------------------------------------


def render_plan_header(plan: Plan) -> str:
    p, guard = plan.ident.upper(), f"{plan.ident.upper()}_PLAN_H_"
    return (
        "/* Generated by firmware_tools.plan (test-only harness plan). DO NOT EDIT. */\n"
        f"#ifndef {guard}\n#define {guard}\n\n"
        '#include "zoo_plan.h"\n\n'
        f"#define {p}_PLAN_ARENA_BYTES {plan.arena_bytes}\n"
        f"#define {p}_PLAN_OP_COUNT {len(plan.ops)}\n"
        f"extern const zoo_plan_t g_{plan.ident}_plan;\n\n"
        f"#endif /* {guard} */\n"
    )


def render_plan_source(plan: Plan) -> str:
    p = plan.ident.upper()
    lines = [
        "/*",
        " * Generated by firmware_tools.plan (test-only harness plan). DO NOT EDIT.",
        f" * model sha256: {plan.model_sha256}",
        " */",
        f'#include "{plan.ident}_plan.h"',
        f'#include "{plan.ident}_model.h"',
        "",
        f"#if {p}_MODEL_BYTES != {plan.model_len}",
        f'#error "{plan.ident}_plan.c was generated for a different {plan.ident}_model.c"',
        "#endif",
        "",
    ]
    for i, op in enumerate(plan.ops):
        lines.append(f"/* op {i}: {op.builtin} */")
        lines += op.arrays
        lines.append(f"static const {op.params_type} s_op{i}_params = {op.params_c};")
    lines += ["", "static const zoo_op_t s_ops[] = {"]
    for i, op in enumerate(plan.ops):
        ins = [plan.tensor_offsets[t] for t in op.inputs] + [-1] * (2 - len(op.inputs))
        scratch = plan.scratch_offsets.get(i, -1)
        lines.append(
            f"  {{{op.adapter}, &s_op{i}_params, {{{ins[0]}, {ins[1]}}}, "
            f"{plan.tensor_offsets[op.output]}, {scratch}}}, /* {op.builtin} */"
        )
    lines += [
        "};",
        "",
        f"const zoo_plan_t g_{plan.ident}_plan = {{",
        f"  s_ops, {len(plan.ops)}, {plan.arena_bytes},",
        f"  {plan.tensor_offsets[plan.input_tensor.index]}, {plan.input_tensor.elements},",
        f"  {plan.tensor_offsets[plan.output_tensor.index]}, {plan.output_tensor.elements},",
        "};",
        "",
    ]
    return "\n".join(lines)


def write_plan(model_bytes: bytes, model_name: str, out_dir: Path) -> tuple[Plan, list[Path]]:
    """Write ``<ident>_plan.h`` and ``<ident>_plan.c`` into ``out_dir``."""
    plan = build_plan(model_bytes, model_name)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for suffix, text in (("h", render_plan_header(plan)), ("c", render_plan_source(plan))):
        path = out_dir / f"{plan.ident}_plan.{suffix}"
        path.write_text(text, encoding="ascii")
        paths.append(path)
    return plan, paths
