/* CONV_2D and DEPTHWISE_CONV_2D, int8 per-channel (see zoo_ref_kernels.h). */
#include "zoo_fixedpoint.h"
#include "zoo_ref_kernels.h"

static inline int32_t offset4(const zoo_shape4_t *s, int32_t n, int32_t y, int32_t x, int32_t c) {
  return ((n * s->h + y) * s->w + x) * s->c + c;
}

static inline int8_t requantize(const zoo_conv_params_t *p, int32_t acc, int32_t channel) {
  if (p->bias) acc += p->bias[channel];
  acc = zoo_multiply_by_quantized_multiplier(acc, p->multiplier[channel], p->shift[channel]);
  acc += p->output_offset;
  return (int8_t)zoo_clamp_i32(acc, p->act_min, p->act_max);
}

void zoo_conv_2d_s8(const zoo_conv_params_t *p, const int8_t *input, int8_t *output) {
  const zoo_shape4_t *in = &p->input, *f = &p->filter, *out = &p->output;
  const int32_t groups = in->c / f->c;
  const int32_t filters_per_group = out->c / groups;
  for (int32_t b = 0; b < out->n; ++b) {
    for (int32_t oy = 0; oy < out->h; ++oy) {
      const int32_t in_y0 = oy * p->stride_h - p->pad_h;
      for (int32_t ox = 0; ox < out->w; ++ox) {
        const int32_t in_x0 = ox * p->stride_w - p->pad_w;
        for (int32_t oc = 0; oc < out->c; ++oc) {
          const int32_t group = oc / filters_per_group;
          int32_t acc = 0;
          for (int32_t fy = 0; fy < f->h; ++fy) {
            const int32_t iy = in_y0 + p->dilation_h * fy;
            if (iy < 0 || iy >= in->h) continue;
            for (int32_t fx = 0; fx < f->w; ++fx) {
              const int32_t ix = in_x0 + p->dilation_w * fx;
              if (ix < 0 || ix >= in->w) continue;
              const int8_t *in_px = input + offset4(in, b, iy, ix, group * f->c);
              const int8_t *w = p->filter_data + offset4(f, oc, fy, fx, 0);
              for (int32_t ic = 0; ic < f->c; ++ic) acc += w[ic] * (in_px[ic] + p->input_offset);
            }
          }
          output[offset4(out, b, oy, ox, oc)] = requantize(p, acc, oc);
        }
      }
    }
  }
}

void zoo_depthwise_conv_2d_s8(const zoo_conv_params_t *p, const int8_t *input, int8_t *output) {
  const zoo_shape4_t *in = &p->input, *f = &p->filter, *out = &p->output;
  for (int32_t b = 0; b < out->n; ++b) {
    for (int32_t oy = 0; oy < out->h; ++oy) {
      const int32_t in_y0 = oy * p->stride_h - p->pad_h;
      for (int32_t ox = 0; ox < out->w; ++ox) {
        const int32_t in_x0 = ox * p->stride_w - p->pad_w;
        for (int32_t ic = 0; ic < in->c; ++ic) {
          for (int32_t m = 0; m < p->depth_multiplier; ++m) {
            const int32_t oc = ic * p->depth_multiplier + m;
            int32_t acc = 0;
            for (int32_t fy = 0; fy < f->h; ++fy) {
              const int32_t iy = in_y0 + p->dilation_h * fy;
              if (iy < 0 || iy >= in->h) continue;
              for (int32_t fx = 0; fx < f->w; ++fx) {
                const int32_t ix = in_x0 + p->dilation_w * fx;
                if (ix < 0 || ix >= in->w) continue;
                acc += p->filter_data[offset4(f, 0, fy, fx, oc)] *
                       (input[offset4(in, b, iy, ix, ic)] + p->input_offset);
              }
            }
            output[offset4(out, b, oy, ox, oc)] = requantize(p, acc, oc);
          }
        }
      }
    }
  }
}
