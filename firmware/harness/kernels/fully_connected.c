/* FULLY_CONNECTED, int8 weights (zero point 0), per-tensor or per-channel requantization. */
#include "zoo_tflite_math.h"
#include "zoo_ref_kernels.h"

void zoo_fully_connected_s8(const zoo_fully_connected_params_t *p, const int8_t *input,
                            int8_t *output) {
  for (int32_t b = 0; b < p->batches; ++b) {
    const int8_t *in = input + b * p->accum_depth;
    for (int32_t oc = 0; oc < p->output_depth; ++oc) {
      const int8_t *w = p->weights + oc * p->accum_depth;
      int32_t acc = 0;
      for (int32_t d = 0; d < p->accum_depth; ++d) acc += w[d] * (in[d] + p->input_offset);
      if (p->bias) acc += p->bias[oc];
      const int32_t q = p->quant_channels > 1 ? oc : 0;
      acc = zoo_multiply_by_quantized_multiplier(acc, p->multiplier[q], p->shift[q]);
      acc += p->output_offset;
      output[b * p->output_depth + oc] = (int8_t)zoo_clamp_i32(acc, p->act_min, p->act_max);
    }
  }
}
