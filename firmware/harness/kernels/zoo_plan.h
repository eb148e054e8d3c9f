/*
 * A model as an op table over a static arena: what modelzoo.firmware.plan generates from a
 * .tflite and the QEMU harness executes with the reference kernels (test-only; on the device
 * TFLM runs the model array instead).
 *
 * Every tensor that is not a constant lives at a byte offset in one arena; offsets come from a
 * greedy first-fit plan over tensor lifetimes. Weights and biases are read in place from the
 * model's flatbuffer array (the very bytes the device ships) unless they had to be copied for
 * alignment; multipliers and shifts are precomputed per op.
 */
#ifndef ZOO_PLAN_H_
#define ZOO_PLAN_H_

#include <stdint.h>

#include "zoo_ref_kernels.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  ZOO_OP_CONV_2D = 1,
  ZOO_OP_DEPTHWISE_CONV_2D,
  ZOO_OP_FULLY_CONNECTED,
  ZOO_OP_AVERAGE_POOL_2D,
  ZOO_OP_MAX_POOL_2D,
  ZOO_OP_MEAN,
  ZOO_OP_SOFTMAX,
  ZOO_OP_COPY, /* RESHAPE, SQUEEZE, EXPAND_DIMS: the bytes do not change */
  ZOO_OP_ADD,
  ZOO_OP_LOGISTIC,
} zoo_op_type_t;

typedef struct {
  int32_t type;       /* zoo_op_type_t */
  const void *params; /* the kernel's params struct; for ZOO_OP_COPY a const int32_t byte count */
  int32_t input[2];   /* arena byte offsets, -1 when unused */
  int32_t output;     /* arena byte offset */
  int32_t scratch;    /* arena byte offset of an int32 scratch buffer, -1 when none */
} zoo_op_t;

typedef struct {
  const zoo_op_t *ops;
  int32_t op_count;
  int32_t arena_bytes;
  int32_t input_offset, input_bytes;   /* the model input's place in the arena */
  int32_t output_offset, output_bytes; /* the model output's */
} zoo_plan_t;

/* Runs every op in order on `arena` (16-byte aligned, plan->arena_bytes long). 0 on success,
 * otherwise -(1 + index of the op that failed). */
int zoo_plan_invoke(const zoo_plan_t *plan, uint8_t *arena);

#ifdef __cplusplus
}
#endif

#endif /* ZOO_PLAN_H_ */
