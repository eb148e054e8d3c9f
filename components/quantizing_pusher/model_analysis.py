"""Static facts about a .tflite model that the firmware and the model card need.

Reads the flatbuffer directly (tflite-micro's generated schema), so the numbers come
from the exact bytes that ship, not from the Keras model: ops for the
MicroMutableOpResolver, parameter count, MACs, and input/output quantization.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from tflite_micro.tensorflow.lite.micro.python import schema_py_generated as schema

# Builtin op -> MicroMutableOpResolver method (tflite-micro micro_mutable_op_resolver.h).
# Anything else fails loudly: firmware built from a guessed list would fail at runtime.
OP_RESOLVER_METHODS: dict[str, str] = {
    "ABS": "AddAbs",
    "ADD": "AddAdd",
    "ADD_N": "AddAddN",
    "ARG_MAX": "AddArgMax",
    "ARG_MIN": "AddArgMin",
    "ASSIGN_VARIABLE": "AddAssignVariable",
    "AVERAGE_POOL_2D": "AddAveragePool2D",
    "BATCH_MATMUL": "AddBatchMatMul",
    "BATCH_TO_SPACE_ND": "AddBatchToSpaceNd",
    "BROADCAST_ARGS": "AddBroadcastArgs",
    "BROADCAST_TO": "AddBroadcastTo",
    "CALL_ONCE": "AddCallOnce",
    "CAST": "AddCast",
    "CEIL": "AddCeil",
    "CONCATENATION": "AddConcatenation",
    "CONV_2D": "AddConv2D",
    "COS": "AddCos",
    "CUMSUM": "AddCumSum",
    "DEPTH_TO_SPACE": "AddDepthToSpace",
    "DEPTHWISE_CONV_2D": "AddDepthwiseConv2D",
    "DEQUANTIZE": "AddDequantize",
    "DIV": "AddDiv",
    "ELU": "AddElu",
    "EMBEDDING_LOOKUP": "AddEmbeddingLookup",
    "EQUAL": "AddEqual",
    "EXP": "AddExp",
    "EXPAND_DIMS": "AddExpandDims",
    "FILL": "AddFill",
    "FLOOR": "AddFloor",
    "FLOOR_DIV": "AddFloorDiv",
    "FLOOR_MOD": "AddFloorMod",
    "FULLY_CONNECTED": "AddFullyConnected",
    "GATHER": "AddGather",
    "GATHER_ND": "AddGatherNd",
    "GREATER": "AddGreater",
    "GREATER_EQUAL": "AddGreaterEqual",
    "HARD_SWISH": "AddHardSwish",
    "IF": "AddIf",
    "L2_NORMALIZATION": "AddL2Normalization",
    "L2_POOL_2D": "AddL2Pool2D",
    "LEAKY_RELU": "AddLeakyRelu",
    "LESS": "AddLess",
    "LESS_EQUAL": "AddLessEqual",
    "LOG": "AddLog",
    "LOG_SOFTMAX": "AddLogSoftmax",
    "LOGICAL_AND": "AddLogicalAnd",
    "LOGICAL_NOT": "AddLogicalNot",
    "LOGICAL_OR": "AddLogicalOr",
    "LOGISTIC": "AddLogistic",
    "MAX_POOL_2D": "AddMaxPool2D",
    "MAXIMUM": "AddMaximum",
    "MEAN": "AddMean",
    "MINIMUM": "AddMinimum",
    "MIRROR_PAD": "AddMirrorPad",
    "MUL": "AddMul",
    "NEG": "AddNeg",
    "NOT_EQUAL": "AddNotEqual",
    "PACK": "AddPack",
    "PAD": "AddPad",
    "PADV2": "AddPadV2",
    "PRELU": "AddPrelu",
    "QUANTIZE": "AddQuantize",
    "READ_VARIABLE": "AddReadVariable",
    "REDUCE_MAX": "AddReduceMax",
    "REDUCE_MIN": "AddReduceMin",
    "RELU": "AddRelu",
    "RELU6": "AddRelu6",
    "RESHAPE": "AddReshape",
    "RESIZE_BILINEAR": "AddResizeBilinear",
    "RESIZE_NEAREST_NEIGHBOR": "AddResizeNearestNeighbor",
    "ROUND": "AddRound",
    "RSQRT": "AddRsqrt",
    "SELECT_V2": "AddSelectV2",
    "SHAPE": "AddShape",
    "SIN": "AddSin",
    "SLICE": "AddSlice",
    "SOFTMAX": "AddSoftmax",
    "SPACE_TO_BATCH_ND": "AddSpaceToBatchNd",
    "SPACE_TO_DEPTH": "AddSpaceToDepth",
    "SPLIT": "AddSplit",
    "SPLIT_V": "AddSplitV",
    "SQRT": "AddSqrt",
    "SQUARE": "AddSquare",
    "SQUARED_DIFFERENCE": "AddSquaredDifference",
    "SQUEEZE": "AddSqueeze",
    "STRIDED_SLICE": "AddStridedSlice",
    "SUB": "AddSub",
    "SUM": "AddSum",
    "SVDF": "AddSvdf",
    "TANH": "AddTanh",
    "TRANSPOSE": "AddTranspose",
    "TRANSPOSE_CONV": "AddTransposeConv",
    "UNIDIRECTIONAL_SEQUENCE_LSTM": "AddUnidirectionalSequenceLSTM",
    "UNPACK": "AddUnpack",
    "VAR_HANDLE": "AddVarHandle",
    "WHILE": "AddWhile",
    "ZEROS_LIKE": "AddZerosLike",
}

_BUILTIN_NAMES = {
    code: name for name, code in vars(schema.BuiltinOperator).items() if not name.startswith("_")
}
_TYPE_NAMES = {
    code: name.lower() for name, code in vars(schema.TensorType).items() if not name.startswith("_")
}
_FLOAT_TYPES = {schema.TensorType.FLOAT32, schema.TensorType.FLOAT16}


class UnsupportedOpError(ValueError):
    """The model uses an op with no known tflite-micro resolver method."""


@dataclass(frozen=True)
class TensorInfo:
    name: str
    shape: list[int]
    dtype: str
    scale: float
    zero_point: int

    @property
    def elements(self) -> int:
        return int(np.prod(self.shape))

    def to_json(self) -> dict:
        return {**asdict(self), "elements": self.elements}


@dataclass(frozen=True)
class ModelAnalysis:
    ops: list[str]  # builtin op names, sorted
    resolver_methods: list[str]  # MicroMutableOpResolver methods, same order as ops
    params: int
    macs: int
    input: TensorInfo
    output: TensorInfo


def _op_name(model: schema.ModelT, op: schema.OperatorT) -> str:
    code = model.operatorCodes[op.opcodeIndex]
    builtin = max(code.builtinCode, code.deprecatedBuiltinCode)
    if builtin == schema.BuiltinOperator.CUSTOM:
        custom = code.customCode.decode() if isinstance(code.customCode, bytes) else code.customCode
        return f"CUSTOM:{custom}"
    return _BUILTIN_NAMES.get(builtin, f"BUILTIN_{builtin}")


def resolver_methods(op_names: list[str]) -> list[str]:
    """Resolver methods for ``op_names``; raises listing every op that has none."""
    unknown = sorted({name for name in op_names if name not in OP_RESOLVER_METHODS})
    if unknown:
        raise UnsupportedOpError(
            f"no tflite-micro MicroMutableOpResolver method known for op(s) {unknown}; "
            f"add them to OP_RESOLVER_METHODS (if TFLM supports them) or change the model"
        )
    return [OP_RESOLVER_METHODS[name] for name in op_names]


def _shape(tensor: schema.TensorT) -> list[int]:
    return [int(d) for d in tensor.shape] if tensor.shape is not None else []


def _is_constant(model: schema.ModelT, tensor: schema.TensorT) -> bool:
    if tensor.isVariable or tensor.buffer <= 0:
        return False
    buffer = model.buffers[tensor.buffer]
    has_data = buffer.data is not None and len(buffer.data) > 0
    return has_data or buffer.size > 0


def _has_quantization(tensor: schema.TensorT) -> bool:
    quant = tensor.quantization
    return quant is not None and quant.scale is not None and len(quant.scale) > 0


def _count_params(model: schema.ModelT) -> int:
    """Elements of constant weight/bias tensors, counted per tensor like Keras does.

    In a full-integer model weights and biases carry quantization parameters while the
    shape/axis/index constants (RESHAPE shape, MEAN axis, PAD paddings...) do not, which
    separates them without per-op bookkeeping. Leftover float constants count as weights.
    Tensors are not de-duplicated by buffer: the converter shares identical buffers (e.g.
    two all-zero biases), which saves flash but does not remove parameters.
    """
    return sum(
        int(np.prod(_shape(tensor)))
        for subgraph in model.subgraphs
        for tensor in subgraph.tensors
        if _is_constant(model, tensor)
        and (_has_quantization(tensor) or tensor.type in _FLOAT_TYPES)
    )


def _lstm_macs(tensors: list, inputs: list[int]) -> int:
    """Gates (input, forget, cell, output) times (input + recurrent) weights, per step."""
    batch_time = int(np.prod(_shape(tensors[inputs[0]])[:-1]))
    macs = 0
    for index in (1, 2, 3, 4, 5, 6, 7, 8):  # input_to_* and recurrent_to_* weights
        if index < len(inputs) and inputs[index] >= 0:
            macs += int(np.prod(_shape(tensors[inputs[index]])))
    if len(inputs) > 16 and inputs[16] >= 0:  # projection weights
        macs += int(np.prod(_shape(tensors[inputs[16]])))
    return batch_time * macs


def _op_macs(name: str, tensors: list, op: schema.OperatorT) -> int:
    """Multiply-accumulates of the compute-heavy ops; elementwise ops count as 0."""
    inputs = list(op.inputs) if op.inputs is not None else []
    outputs = list(op.outputs) if op.outputs is not None else []
    if not outputs:
        return 0
    out_elements = int(np.prod(_shape(tensors[outputs[0]])))
    if name == "CONV_2D":
        _, kh, kw, in_c = _shape(tensors[inputs[1]])
        return out_elements * kh * kw * in_c
    if name == "DEPTHWISE_CONV_2D":
        _, kh, kw, _ = _shape(tensors[inputs[1]])
        return out_elements * kh * kw
    if name == "FULLY_CONNECTED":
        return out_elements * _shape(tensors[inputs[1]])[-1]
    if name == "TRANSPOSE_CONV":
        out_c, kh, kw, _ = _shape(tensors[inputs[1]])
        return int(np.prod(_shape(tensors[inputs[2]]))) * kh * kw * out_c
    if name == "BATCH_MATMUL":
        return out_elements * _shape(tensors[inputs[0]])[-1]
    if name == "UNIDIRECTIONAL_SEQUENCE_LSTM":
        return _lstm_macs(tensors, inputs)
    return 0


def _tensor_info(tensor: schema.TensorT) -> TensorInfo:
    quant = tensor.quantization
    scale = float(quant.scale[0]) if _has_quantization(tensor) else 0.0
    zero_point = (
        int(quant.zeroPoint[0])
        if quant is not None and quant.zeroPoint is not None and len(quant.zeroPoint)
        else 0
    )
    # "" when the conversion stripped the names (conversion.strip_names)
    name = tensor.name.decode() if isinstance(tensor.name, bytes) else (tensor.name or "")
    return TensorInfo(
        name=name,
        shape=_shape(tensor),
        dtype=_TYPE_NAMES.get(tensor.type, str(tensor.type)),
        scale=scale,
        zero_point=zero_point,
    )


def parse(model_bytes: bytes) -> schema.ModelT:
    buffer = bytearray(model_bytes)
    return schema.ModelT.InitFromObj(schema.Model.GetRootAsModel(buffer, 0))


def op_names(model_bytes: bytes) -> list[str]:
    """Distinct op names over all subgraphs, in order of first use."""
    model = parse(model_bytes)
    names: list[str] = []
    for subgraph in model.subgraphs:
        for op in subgraph.operators or []:
            name = _op_name(model, op)
            if name not in names:
                names.append(name)
    return names


def analyze(model_bytes: bytes) -> ModelAnalysis:
    """Analyze a single-input, single-output .tflite model (raises on unmapped ops)."""
    model = parse(model_bytes)
    main = model.subgraphs[0]
    if len(main.inputs) != 1 or len(main.outputs) != 1:
        raise ValueError(
            f"expected one input and one output, got {len(main.inputs)} and {len(main.outputs)}"
        )
    names = sorted(op_names(model_bytes))
    methods = resolver_methods(names)
    macs = sum(
        _op_macs(_op_name(model, op), subgraph.tensors, op)
        for subgraph in model.subgraphs
        for op in subgraph.operators or []
    )
    return ModelAnalysis(
        ops=names,
        resolver_methods=methods,
        params=_count_params(model),
        macs=int(macs),
        input=_tensor_info(main.tensors[main.inputs[0]]),
        output=_tensor_info(main.tensors[main.outputs[0]]),
    )
