/* ADD (with broadcasting) and LOGISTIC, int8. */
#include "zoo_tflite_math.h"
#include "zoo_ref_kernels.h"

static inline int32_t scale_down(int32_t x, int32_t multiplier, int32_t shift) {
  /* MultiplyByQuantizedMultiplierSmallerThanOneExp: shift <= 0 */
  return zoo_rounding_divide_by_pot(zoo_srdhm(x, multiplier), -shift);
}

void zoo_add_s8(const zoo_add_params_t *p, const int8_t *input1, const int8_t *input2,
                int8_t *output) {
  const int8_t *in2 = p->input2_const ? p->input2_const : input2;
  int32_t index[ZOO_MAX_RANK] = {0};
  int32_t total = 1;
  for (int32_t d = 0; d < ZOO_MAX_RANK; ++d) total *= p->out_dims[d];
  for (int32_t i = 0; i < total; ++i) {
    int32_t o1 = 0, o2 = 0;
    for (int32_t d = 0; d < ZOO_MAX_RANK; ++d) {
      o1 += index[d] * p->in1_strides[d];
      o2 += index[d] * p->in2_strides[d];
    }
    const int32_t a = zoo_shl_wrap(p->input1_offset + input1[o1], p->left_shift);
    const int32_t b = zoo_shl_wrap(p->input2_offset + in2[o2], p->left_shift);
    const int32_t sum = scale_down(a, p->input1_multiplier, p->input1_shift) +
                        scale_down(b, p->input2_multiplier, p->input2_shift);
    const int32_t value =
        scale_down(sum, p->output_multiplier, p->output_shift) + p->output_offset;
    output[i] = (int8_t)zoo_clamp_i32(value, p->act_min, p->act_max);
    for (int32_t d = ZOO_MAX_RANK - 1; d >= 0; --d) {
      if (++index[d] < p->out_dims[d]) break;
      index[d] = 0;
    }
  }
}

void zoo_logistic_s8(const zoo_logistic_params_t *p, const int8_t *input, int8_t *output) {
  enum { kInputIntegerBits = 4, kOutputIntegerBits = 8 };
  for (int32_t i = 0; i < p->size; ++i) {
    const int32_t x = input[i] - p->input_zero_point;
    int32_t value;
    if (x <= -p->input_range_radius) {
      value = INT8_MIN;
    } else if (x >= p->input_range_radius) {
      value = INT8_MAX;
    } else {
      int32_t x_q4 =
          zoo_multiply_by_quantized_multiplier(x, p->input_multiplier, p->input_left_shift);
      int32_t y_q0 = zoo_logistic(x_q4, kInputIntegerBits);
      value = zoo_rounding_divide_by_pot(y_q0, 31 - kOutputIntegerBits) + INT8_MIN;
      value = zoo_clamp_i32(value, INT8_MIN, INT8_MAX);
    }
    output[i] = (int8_t)value;
  }
}
