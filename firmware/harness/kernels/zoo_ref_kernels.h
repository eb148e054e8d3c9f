/*
 * Test-only reference int8 kernels for the ops the zoo's models use, following TFLite's int8
 * quantization spec (per-channel conv/depthwise weights with zero point 0, per-tensor
 * activations, int32 bias) and the arithmetic of TFLM's reference kernels, so that the QEMU harness
 * can prove a model's outputs bit for bit against the tflite-micro interpreter.
 *
 * Every multiplier/shift here was computed ahead of time by firmware_tools.plan exactly as the
 * kernels' Prepare step does (QuantizeMultiplier from double precision), so the kernels only do
 * integer arithmetic. Tensors are NHWC, row-major; offsets are "-zero_point" for inputs and
 * "+zero_point" for outputs as in TFLM. Not for the device: TFLM/CMSIS-NN run the network there.
 */
#ifndef ZOO_REF_KERNELS_H_
#define ZOO_REF_KERNELS_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t n, h, w, c;
} zoo_shape4_t;

/* Index of element (n, y, x, c) of an NHWC tensor of shape s. */
static inline int32_t zoo_offset4(const zoo_shape4_t *s, int32_t n, int32_t y, int32_t x,
                                  int32_t c) {
  return ((n * s->h + y) * s->w + x) * s->c + c;
}

/* CONV_2D (filter [out_c][kh][kw][in_c / groups]) and DEPTHWISE_CONV_2D (filter [1][kh][kw][out_c]). */
typedef struct {
  zoo_shape4_t input, filter, output;
  int16_t stride_h, stride_w, dilation_h, dilation_w, pad_h, pad_w, depth_multiplier;
  int32_t input_offset, output_offset, act_min, act_max;
  const int8_t *filter_data;
  const int32_t *bias; /* NULL: no bias */
  const int32_t *multiplier, *shift; /* per output channel */
} zoo_conv_params_t;

void zoo_conv_2d_s8(const zoo_conv_params_t *p, const int8_t *input, int8_t *output);
void zoo_depthwise_conv_2d_s8(const zoo_conv_params_t *p, const int8_t *input, int8_t *output);

/* FULLY_CONNECTED: weights [output_depth][accum_depth]; per-tensor (channels == 1) or per-channel. */
typedef struct {
  int32_t batches, accum_depth, output_depth;
  int32_t input_offset, output_offset, act_min, act_max;
  const int8_t *weights;
  const int32_t *bias;
  const int32_t *multiplier, *shift;
  int32_t quant_channels; /* 1 (per-tensor) or output_depth */
} zoo_fully_connected_params_t;

void zoo_fully_connected_s8(const zoo_fully_connected_params_t *p, const int8_t *input,
                            int8_t *output);

/* AVERAGE_POOL_2D / MAX_POOL_2D (input and output share scale and zero point). */
typedef struct {
  zoo_shape4_t input, output;
  int16_t filter_h, filter_w, stride_h, stride_w, pad_h, pad_w;
  int32_t act_min, act_max;
} zoo_pool_params_t;

int zoo_average_pool_s8(const zoo_pool_params_t *p, const int8_t *input, int8_t *output);
void zoo_max_pool_s8(const zoo_pool_params_t *p, const int8_t *input, int8_t *output);

/* MEAN over any set of axes of a tensor of rank <= 5 (TFLM's QuantizedMeanOrSum). */
#define ZOO_MAX_RANK 5
typedef struct {
  int32_t rank;
  int32_t dims[ZOO_MAX_RANK];
  uint8_t reduced[ZOO_MAX_RANK];   /* 1 for each axis averaged over */
  int32_t num_reduced_elements;    /* product of the reduced dims */
  int32_t output_elements;
  int32_t input_zero_point, output_zero_point;
  int32_t multiplier, shift;       /* already divided by num_reduced_elements as TFLM does */
} zoo_mean_params_t;

void zoo_mean_s8(const zoo_mean_params_t *p, const int8_t *input, int8_t *output,
                 int32_t *scratch /* output_elements */);

/* SOFTMAX over the last axis; output scale 1/256, zero point -128. */
typedef struct {
  int32_t outer, depth;
  int32_t input_multiplier, input_left_shift, diff_min;
} zoo_softmax_params_t;

void zoo_softmax_s8(const zoo_softmax_params_t *p, const int8_t *input, int8_t *output);

/* ADD with broadcasting (shapes right-aligned to rank 5). */
typedef struct {
  int32_t out_dims[ZOO_MAX_RANK];
  int32_t in1_strides[ZOO_MAX_RANK], in2_strides[ZOO_MAX_RANK]; /* 0 along broadcast axes */
  int32_t input1_offset, input2_offset, output_offset;
  int32_t left_shift;
  int32_t input1_multiplier, input1_shift, input2_multiplier, input2_shift;
  int32_t output_multiplier, output_shift;
  int32_t act_min, act_max;
  const int8_t *input2_const; /* non-NULL when the second operand is a constant */
} zoo_add_params_t;

void zoo_add_s8(const zoo_add_params_t *p, const int8_t *input1, const int8_t *input2,
                int8_t *output);

/* LOGISTIC; output scale 1/256, zero point -128. */
typedef struct {
  int32_t size;
  int32_t input_zero_point, input_range_radius, input_multiplier, input_left_shift;
} zoo_logistic_params_t;

void zoo_logistic_s8(const zoo_logistic_params_t *p, const int8_t *input, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* ZOO_REF_KERNELS_H_ */
