/* Declarations for the compile-only check, not TFLM's header (see ns_declarations/README.md).
 * Every Add*() method the QuantizingPusher can put in <MODEL>_FOR_EACH_OP
 * (model_analysis.OP_RESOLVER_METHODS; a test keeps the lists equal), declared without the
 * optional TFLMRegistration argument the apps never pass. */
#ifndef TENSORFLOW_LITE_MICRO_MICRO_MUTABLE_OP_RESOLVER_H_
#define TENSORFLOW_LITE_MICRO_MICRO_MUTABLE_OP_RESOLVER_H_

#include "tensorflow/lite/c/common.h"

namespace tflite {

class MicroOpResolver {
  public:
    virtual ~MicroOpResolver() {}
};

#define NS_DECLARED_RESOLVER_METHODS(X) \
  X(AddAbs) X(AddAdd) X(AddAddN) X(AddArgMax) X(AddArgMin) X(AddAssignVariable) \
  X(AddAveragePool2D) X(AddBatchMatMul) X(AddBatchToSpaceNd) X(AddBroadcastArgs) \
  X(AddBroadcastTo) X(AddCallOnce) X(AddCast) X(AddCeil) X(AddConcatenation) X(AddConv2D) \
  X(AddCos) X(AddCumSum) X(AddDepthToSpace) X(AddDepthwiseConv2D) X(AddDequantize) X(AddDiv) \
  X(AddElu) X(AddEmbeddingLookup) X(AddEqual) X(AddExp) X(AddExpandDims) X(AddFill) X(AddFloor) \
  X(AddFloorDiv) X(AddFloorMod) X(AddFullyConnected) X(AddGather) X(AddGatherNd) X(AddGreater) \
  X(AddGreaterEqual) X(AddHardSwish) X(AddIf) X(AddL2Normalization) X(AddL2Pool2D) \
  X(AddLeakyRelu) X(AddLess) X(AddLessEqual) X(AddLog) X(AddLogSoftmax) X(AddLogicalAnd) \
  X(AddLogicalNot) X(AddLogicalOr) X(AddLogistic) X(AddMaxPool2D) X(AddMaximum) X(AddMean) \
  X(AddMinimum) X(AddMirrorPad) X(AddMul) X(AddNeg) X(AddNotEqual) X(AddPack) X(AddPad) \
  X(AddPadV2) X(AddPrelu) X(AddQuantize) X(AddReadVariable) X(AddReduceMax) X(AddReduceMin) \
  X(AddRelu) X(AddRelu6) X(AddReshape) X(AddResizeBilinear) X(AddResizeNearestNeighbor) \
  X(AddRound) X(AddRsqrt) X(AddSelectV2) X(AddShape) X(AddSin) X(AddSlice) X(AddSoftmax) \
  X(AddSpaceToBatchNd) X(AddSpaceToDepth) X(AddSplit) X(AddSplitV) X(AddSqrt) X(AddSquare) \
  X(AddSquaredDifference) X(AddSqueeze) X(AddStridedSlice) X(AddSub) X(AddSum) X(AddSvdf) \
  X(AddTanh) X(AddTranspose) X(AddTransposeConv) X(AddUnidirectionalSequenceLSTM) X(AddUnpack) \
  X(AddVarHandle) X(AddWhile) X(AddZerosLike)

template <unsigned int tOpCount>
class MicroMutableOpResolver : public MicroOpResolver {
  public:
#define NS_DECLARE_RESOLVER_METHOD(name) TfLiteStatus name();
    NS_DECLARED_RESOLVER_METHODS(NS_DECLARE_RESOLVER_METHOD)
#undef NS_DECLARE_RESOLVER_METHOD
};

}  // namespace tflite

#endif
