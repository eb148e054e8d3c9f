/*
 * SOFTMAX, int8 in and out: exp of the scaled difference to the row maximum in fixed point
 * (Q5.26 in, Q0.31 out), sums in Q12.19, one reciprocal per row (TFLM reference integer softmax).
 */
#include "zoo_tflite_math.h"
#include "zoo_ref_kernels.h"

enum { kScaledDiffIntegerBits = 5, kAccumulationIntegerBits = 12 };

static inline int32_t scaled_exp(const zoo_softmax_params_t *p, int32_t diff) {
  /* MultiplyByQuantizedMultiplierGreaterThanOne */
  int32_t rescaled = zoo_srdhm(zoo_shl_wrap(diff, p->input_left_shift), p->input_multiplier);
  return zoo_exp_on_negative_values(rescaled, kScaledDiffIntegerBits);
}

void zoo_softmax_s8(const zoo_softmax_params_t *p, const int8_t *input, int8_t *output) {
  for (int32_t i = 0; i < p->outer; ++i) {
    const int8_t *in = input + i * p->depth;
    int8_t *out = output + i * p->depth;
    int32_t max_in_row = INT8_MIN;
    for (int32_t c = 0; c < p->depth; ++c) max_in_row = zoo_max_i32(max_in_row, in[c]);

    int32_t sum_of_exps = 0; /* Q12.19 */
    for (int32_t c = 0; c < p->depth; ++c) {
      int32_t diff = in[c] - max_in_row;
      if (diff >= p->diff_min) {
        sum_of_exps += zoo_rescale(scaled_exp(p, diff), 0, kAccumulationIntegerBits);
      }
    }

    /* reciprocal of the sum: 1 / (1 + x) for the sum normalised into [1, 2) */
    int headroom_plus_one = zoo_count_leading_zeros((uint32_t)sum_of_exps);
    int num_bits_over_unit = kAccumulationIntegerBits - headroom_plus_one;
    int32_t shifted_sum_minus_one =
        (int32_t)(((uint32_t)sum_of_exps << headroom_plus_one) - (1u << 31));
    int32_t shifted_scale = zoo_one_over_one_plus_x(shifted_sum_minus_one);
    int exponent = num_bits_over_unit + 31 - 8;

    for (int32_t c = 0; c < p->depth; ++c) {
      int32_t diff = in[c] - max_in_row;
      int32_t value = INT8_MIN;
      if (diff >= p->diff_min) {
        int32_t unsat =
            zoo_rounding_divide_by_pot(zoo_srdhm(shifted_scale, scaled_exp(p, diff)), exponent);
        value = zoo_clamp_i32(unsat + INT8_MIN, INT8_MIN, INT8_MAX);
      }
      out[c] = (int8_t)value;
    }
  }
}
