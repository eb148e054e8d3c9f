/*
 * A model as an op table over a static arena: what firmware_tools.plan generates from a
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

typedef struct zoo_op zoo_op_t;

/* One kernel adapter per op kind; returns 0 on success. Referring to them only through the
 * generated op table lets the linker drop the kernels a model does not use. */
typedef int (*zoo_op_fn)(const zoo_op_t *op, uint8_t *arena);

struct zoo_op {
  zoo_op_fn run;
  const void *params; /* the kernel's params struct; for zoo_op_copy a const int32_t byte count */
  int32_t input[2];   /* arena byte offsets, -1 when unused */
  int32_t output;     /* arena byte offset */
  int32_t scratch;    /* arena byte offset of an int32 scratch buffer, -1 when none */
};

int zoo_op_conv_2d(const zoo_op_t *op, uint8_t *arena);
int zoo_op_depthwise_conv_2d(const zoo_op_t *op, uint8_t *arena);
int zoo_op_fully_connected(const zoo_op_t *op, uint8_t *arena);
int zoo_op_average_pool_2d(const zoo_op_t *op, uint8_t *arena);
int zoo_op_max_pool_2d(const zoo_op_t *op, uint8_t *arena);
int zoo_op_mean(const zoo_op_t *op, uint8_t *arena);
int zoo_op_softmax(const zoo_op_t *op, uint8_t *arena);
int zoo_op_copy(const zoo_op_t *op, uint8_t *arena); /* RESHAPE, SQUEEZE, EXPAND_DIMS */
int zoo_op_add(const zoo_op_t *op, uint8_t *arena);
int zoo_op_logistic(const zoo_op_t *op, uint8_t *arena);

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
