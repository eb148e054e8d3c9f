/* CONV_2D and DEPTHWISE_CONV_2D, int8 per-channel (see zoo_ref_kernels.h). */
#include "zoo_ref_kernels.h"
#include "zoo_tflite_math.h"

static inline int8_t requantize(const zoo_conv_params_t *p, int32_t acc, int32_t channel) {
  if (p->bias) acc += p->bias[channel];
  acc = zoo_multiply_by_quantized_multiplier(acc, p->multiplier[channel], p->shift[channel]);
  acc += p->output_offset;
  return (int8_t)zoo_clamp_i32(acc, p->act_min, p->act_max);
}

/*
 * Accumulator of output pixel (b, oy, ox) for one output channel: over the filter window, the
 * products of `depth` consecutive input channels from `in_c0` with the weights at `weights`
 * (the channel's weight at filter position (0, 0); positions are filter.c apart, as in both
 * filter layouts). Window taps in the padding contribute nothing.
 */
static inline int32_t window_sum(const zoo_conv_params_t *p, const int8_t *input, int32_t b,
                                 int32_t oy, int32_t ox, int32_t in_c0, const int8_t *weights,
                                 int32_t depth) {
  const zoo_shape4_t *in = &p->input, *f = &p->filter;
  const int32_t in_y0 = oy * p->stride_h - p->pad_h, in_x0 = ox * p->stride_w - p->pad_w;
  int32_t acc = 0;
  for (int32_t fy = 0; fy < f->h; ++fy) {
    const int32_t iy = in_y0 + p->dilation_h * fy;
    if (iy < 0 || iy >= in->h) continue;
    for (int32_t fx = 0; fx < f->w; ++fx) {
      const int32_t ix = in_x0 + p->dilation_w * fx;
      if (ix < 0 || ix >= in->w) continue;
      const int8_t *in_px = input + zoo_offset4(in, b, iy, ix, in_c0);
      const int8_t *w = weights + (fy * f->w + fx) * f->c;
      for (int32_t i = 0; i < depth; ++i) acc += w[i] * (in_px[i] + p->input_offset);
    }
  }
  return acc;
}

void zoo_conv_2d_s8(const zoo_conv_params_t *p, const int8_t *input, int8_t *output) {
  const zoo_shape4_t *in = &p->input, *f = &p->filter, *out = &p->output;
  const int32_t groups = in->c / f->c;
  const int32_t filters_per_group = out->c / groups;
  for (int32_t b = 0; b < out->n; ++b) {
    for (int32_t oy = 0; oy < out->h; ++oy) {
      for (int32_t ox = 0; ox < out->w; ++ox) {
        for (int32_t oc = 0; oc < out->c; ++oc) {
          const int32_t in_c0 = (oc / filters_per_group) * f->c;
          const int8_t *weights = p->filter_data + zoo_offset4(f, oc, 0, 0, 0);
          const int32_t acc = window_sum(p, input, b, oy, ox, in_c0, weights, f->c);
          output[zoo_offset4(out, b, oy, ox, oc)] = requantize(p, acc, oc);
        }
      }
    }
  }
}

void zoo_depthwise_conv_2d_s8(const zoo_conv_params_t *p, const int8_t *input, int8_t *output) {
  const zoo_shape4_t *in = &p->input, *out = &p->output;
  for (int32_t b = 0; b < out->n; ++b) {
    for (int32_t oy = 0; oy < out->h; ++oy) {
      for (int32_t ox = 0; ox < out->w; ++ox) {
        for (int32_t ic = 0; ic < in->c; ++ic) {
          for (int32_t m = 0; m < p->depth_multiplier; ++m) {
            const int32_t oc = ic * p->depth_multiplier + m;
            const int32_t acc = window_sum(p, input, b, oy, ox, ic, p->filter_data + oc, 1);
            output[zoo_offset4(out, b, oy, ox, oc)] = requantize(p, acc, oc);
          }
        }
      }
    }
  }
}
