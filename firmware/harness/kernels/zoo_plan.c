/* Kernel adapters for the op table, and the loop that runs it. */
#include "zoo_plan.h"

#include <string.h>

#include "zoo_ref_kernels.h"

#define IN(op, i) ((const int8_t *)(arena + (op)->input[i]))
#define OUT(op) ((int8_t *)(arena + (op)->output))

int zoo_op_conv_2d(const zoo_op_t *op, uint8_t *arena) {
  zoo_conv_2d_s8(op->params, IN(op, 0), OUT(op));
  return 0;
}

int zoo_op_depthwise_conv_2d(const zoo_op_t *op, uint8_t *arena) {
  zoo_depthwise_conv_2d_s8(op->params, IN(op, 0), OUT(op));
  return 0;
}

int zoo_op_fully_connected(const zoo_op_t *op, uint8_t *arena) {
  zoo_fully_connected_s8(op->params, IN(op, 0), OUT(op));
  return 0;
}

int zoo_op_average_pool_2d(const zoo_op_t *op, uint8_t *arena) {
  return zoo_average_pool_s8(op->params, IN(op, 0), OUT(op));
}

int zoo_op_max_pool_2d(const zoo_op_t *op, uint8_t *arena) {
  zoo_max_pool_s8(op->params, IN(op, 0), OUT(op));
  return 0;
}

int zoo_op_mean(const zoo_op_t *op, uint8_t *arena) {
  if (op->scratch < 0) return -1;
  zoo_mean_s8(op->params, IN(op, 0), OUT(op), (int32_t *)(void *)(arena + op->scratch));
  return 0;
}

int zoo_op_softmax(const zoo_op_t *op, uint8_t *arena) {
  zoo_softmax_s8(op->params, IN(op, 0), OUT(op));
  return 0;
}

int zoo_op_copy(const zoo_op_t *op, uint8_t *arena) {
  if ((const int8_t *)OUT(op) != IN(op, 0)) {
    memmove(OUT(op), IN(op, 0), (size_t) * (const int32_t *)op->params);
  }
  return 0;
}

int zoo_op_add(const zoo_op_t *op, uint8_t *arena) {
  zoo_add_s8(op->params, IN(op, 0), op->input[1] >= 0 ? IN(op, 1) : 0, OUT(op));
  return 0;
}

int zoo_op_logistic(const zoo_op_t *op, uint8_t *arena) {
  zoo_logistic_s8(op->params, IN(op, 0), OUT(op));
  return 0;
}

int zoo_plan_invoke(const zoo_plan_t *plan, uint8_t *arena) {
  for (int32_t i = 0; i < plan->op_count; ++i) {
    if (plan->ops[i].run(&plan->ops[i], arena) != 0) return -(1 + i);
  }
  return 0;
}
