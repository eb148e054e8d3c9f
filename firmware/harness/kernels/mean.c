/* MEAN, int8: sum over the reduced axes in int32, then one requantization (TFLM QuantizedMeanOrSum). */
#include "zoo_tflite_math.h"
#include "zoo_ref_kernels.h"

void zoo_mean_s8(const zoo_mean_params_t *p, const int8_t *input, int8_t *output,
                 int32_t *scratch) {
  int32_t index[ZOO_MAX_RANK] = {0};
  int32_t total = 1;
  for (int32_t d = 0; d < p->rank; ++d) total *= p->dims[d];
  for (int32_t o = 0; o < p->output_elements; ++o) scratch[o] = 0;
  for (int32_t i = 0; i < total; ++i) {
    /* output position: the input index with reduced axes dropped, row-major */
    int32_t o = 0;
    for (int32_t d = 0; d < p->rank; ++d) {
      if (!p->reduced[d]) o = o * p->dims[d] + index[d];
    }
    scratch[o] += input[i];
    for (int32_t d = p->rank - 1; d >= 0; --d) { /* advance the row-major index */
      if (++index[d] < p->dims[d]) break;
      index[d] = 0;
    }
  }
  for (int32_t o = 0; o < p->output_elements; ++o) {
    int32_t shifted = scratch[o] - p->input_zero_point * p->num_reduced_elements;
    int32_t value = zoo_multiply_by_quantized_multiplier(shifted, p->multiplier, p->shift) +
                    p->output_zero_point;
    output[o] = (int8_t)zoo_clamp_i32(value, INT8_MIN, INT8_MAX);
  }
}
