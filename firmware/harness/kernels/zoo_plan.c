/* Executes a zoo_plan_t op table with the reference kernels. */
#include "zoo_plan.h"

#include <string.h>

#include "zoo_ref_kernels.h"

static int run_op(const zoo_op_t *op, uint8_t *arena) {
  const int8_t *in0 = op->input[0] >= 0 ? (const int8_t *)(arena + op->input[0]) : 0;
  const int8_t *in1 = op->input[1] >= 0 ? (const int8_t *)(arena + op->input[1]) : 0;
  int8_t *out = (int8_t *)(arena + op->output);
  int32_t *scratch = op->scratch >= 0 ? (int32_t *)(void *)(arena + op->scratch) : 0;
  switch (op->type) {
    case ZOO_OP_CONV_2D:
      zoo_conv_2d_s8(op->params, in0, out);
      return 0;
    case ZOO_OP_DEPTHWISE_CONV_2D:
      zoo_depthwise_conv_2d_s8(op->params, in0, out);
      return 0;
    case ZOO_OP_FULLY_CONNECTED:
      zoo_fully_connected_s8(op->params, in0, out);
      return 0;
    case ZOO_OP_AVERAGE_POOL_2D:
      return zoo_average_pool_s8(op->params, in0, out);
    case ZOO_OP_MAX_POOL_2D:
      zoo_max_pool_s8(op->params, in0, out);
      return 0;
    case ZOO_OP_MEAN:
      if (!scratch) return -1;
      zoo_mean_s8(op->params, in0, out, scratch);
      return 0;
    case ZOO_OP_SOFTMAX:
      zoo_softmax_s8(op->params, in0, out);
      return 0;
    case ZOO_OP_COPY:
      if ((const int8_t *)out != in0) memmove(out, in0, (size_t) * (const int32_t *)op->params);
      return 0;
    case ZOO_OP_ADD:
      zoo_add_s8(op->params, in0, in1, out);
      return 0;
    case ZOO_OP_LOGISTIC:
      zoo_logistic_s8(op->params, in0, out);
      return 0;
    default:
      return -1;
  }
}

int zoo_plan_invoke(const zoo_plan_t *plan, uint8_t *arena) {
  for (int32_t i = 0; i < plan->op_count; ++i) {
    if (run_op(&plan->ops[i], arena) != 0) return -(1 + i);
  }
  return 0;
}
