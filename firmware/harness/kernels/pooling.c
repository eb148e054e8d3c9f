/* AVERAGE_POOL_2D and MAX_POOL_2D over the in-image part of each window (padding excluded). */
#include "zoo_tflite_math.h"
#include "zoo_ref_kernels.h"

static int pool_s8(const zoo_pool_params_t *p, const int8_t *input, int8_t *output, int average) {
  const zoo_shape4_t *in = &p->input, *out = &p->output;
  for (int32_t b = 0; b < out->n; ++b) {
    for (int32_t oy = 0; oy < out->h; ++oy) {
      const int32_t y0 = oy * p->stride_h - p->pad_h;
      const int32_t fy_start = zoo_max_i32(0, -y0), fy_end = zoo_min_i32(p->filter_h, in->h - y0);
      for (int32_t ox = 0; ox < out->w; ++ox) {
        const int32_t x0 = ox * p->stride_w - p->pad_w;
        const int32_t fx_start = zoo_max_i32(0, -x0);
        const int32_t fx_end = zoo_min_i32(p->filter_w, in->w - x0);
        for (int32_t c = 0; c < out->c; ++c) {
          int32_t sum = 0, count = 0, best = INT8_MIN;
          for (int32_t fy = fy_start; fy < fy_end; ++fy) {
            for (int32_t fx = fx_start; fx < fx_end; ++fx) {
              const int32_t v = input[zoo_offset4(in, b, y0 + fy, x0 + fx, c)];
              sum += v;
              best = zoo_max_i32(best, v);
              count++;
            }
          }
          int32_t value = best;
          if (average) {
            if (count == 0) return -1;
            /* division rounding half away from zero */
            value = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
          }
          value = zoo_clamp_i32(value, p->act_min, p->act_max);
          output[zoo_offset4(out, b, oy, ox, c)] = (int8_t)value;
        }
      }
    }
  }
  return 0;
}

int zoo_average_pool_s8(const zoo_pool_params_t *p, const int8_t *input, int8_t *output) {
  return pool_s8(p, input, output, 1);
}

void zoo_max_pool_s8(const zoo_pool_params_t *p, const int8_t *input, int8_t *output) {
  (void)pool_s8(p, input, output, 0);
}
