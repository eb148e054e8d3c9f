/*
 * ECG front end of the zoo's ECG models, in integers (portable C99, no malloc, no float math).
 *
 * The model defines its front end in Python (for heart_arrhythmia: features.py, FIR band-pass,
 * z-score, clip; windows.py, resample_poly to the model rate); this file computes the same thing
 * on the device. Its numbers come from the model's generated <model>_frontend_tables.h (the
 * QuantizingPusher writes it into the model package and lists it in the manifest's "firmware"
 * block), which zoo_ecg_frontend.c includes through a define the build must set (there is no
 * default; firmware_tools sets it from the manifest):
 *
 *     -DZOO_ECG_FRONTEND_TABLES='"<model>_frontend_tables.h"'
 *
 * firmware_tools/frontends/ecg/reference.py is the bit-exact Python reference; tests prove the
 * two equal (host gcc and Cortex-M4 under QEMU) and measure both against the float front end.
 *
 * Units. Feed the resampler sensor counts whose zero is the signal's zero (an ADC offset shows
 * up at the window edges, as it would in the float front end). It emits "model units":
 * counts * 2^ZOO_ECG_SAMPLE_SHIFT (zoo_ecg_sample_shift()), at most |2^30 - 1|. A window is
 * zoo_ecg_window_samples() consecutive model-rate samples in model units.
 *
 * Typical loop:
 *
 *     static zoo_resampler_t rs;
 *     zoo_resampler_init(&rs, 250, zoo_ecg_model_rate_hz());
 *     n = zoo_resampler_process(&rs, adc, n_adc, buf + fill, cap - fill);   // as samples arrive
 *     ... when a window is full:
 *     zoo_ecg_window_to_input(buf, zoo_ecg_window_samples(), INPUT_SCALE, INPUT_ZERO_POINT,
 *                             model_input);
 */
#ifndef ZOO_ECG_FRONTEND_H_
#define ZOO_ECG_FRONTEND_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Return codes (0 is success). */
enum {
  ZOO_ECG_OK = 0,
  ZOO_ECG_ERR_NULL = -1,   /* a required pointer is NULL */
  ZOO_ECG_ERR_RATE = -2,   /* no table for this in -> out rate */
  ZOO_ECG_ERR_LENGTH = -3, /* n is not the model's window length */
  ZOO_ECG_ERR_SCALE = -4,  /* input_scale not a normal float32 in [2^-30, 2^7) */
  ZOO_ECG_ERR_RANGE = -5,  /* a window sample has magnitude above 2^30 - 1 */
};

/* Capacity of a resampler's sample history; the tables header checks that it suffices. */
#ifndef ZOO_RESAMPLER_MAX_HISTORY
#define ZOO_RESAMPLER_MAX_HISTORY 256
#endif

/* One sensor rate's polyphase filter (in the generated tables): out = in * up / down, filter
 * of 2 * half_len + 1 taps, `history` taps per phase stored at taps_offset. */
typedef struct zoo_resampler_design {
  uint32_t in_rate_hz;
  uint32_t up;
  uint32_t down;
  uint32_t half_len;
  uint32_t history;
  uint32_t taps_offset;
} zoo_resampler_design_t;

/* Streaming rational resampler (sensor rate -> model rate); zero-initialised history, so a
 * stream starts as scipy's resample_poly starts a record. Output m is emitted as soon as the
 * input it needs last has arrived (half_len / up input samples of latency). */
typedef struct zoo_resampler {
  const zoo_resampler_design_t *design; /* NULL until init succeeds */
  const int32_t *taps;
  int32_t position; /* half_len + m * down - up * inputs_seen, for the next output m */
  uint32_t newest;  /* history index of the newest sample */
  uint32_t dropped; /* outputs lost because out_cap was too small (should stay 0) */
  int32_t history[ZOO_RESAMPLER_MAX_HISTORY];
} zoo_resampler_t;

/* 0 ok; ZOO_ECG_ERR_RATE when out_rate_hz is not the model rate or in_rate_hz has no table. */
int zoo_resampler_init(zoo_resampler_t *r, uint32_t in_rate_hz, uint32_t out_rate_hz);

/* Forgets the history: the next sample starts a new stream. */
void zoo_resampler_reset(zoo_resampler_t *r);

/* Consumes all n_in samples and writes the outputs they complete (returns how many). Outputs
 * beyond out_cap are counted in r->dropped and lost: size out_cap with
 * zoo_resampler_max_output(). An uninitialised resampler consumes nothing and returns 0. */
size_t zoo_resampler_process(zoo_resampler_t *r, const int32_t *in, size_t n_in, int32_t *out,
                             size_t out_cap);

/* The most outputs n_in more samples can produce: ceil(n_in * up / down). */
size_t zoo_resampler_max_output(const zoo_resampler_t *r, size_t n_in);

/* One window at the model rate -> the model's int8 input (band-pass, z-score with the tables'
 * standard-deviation floor, clip, quantise with the model's input scale and zero point).
 * 0 ok, or ZOO_ECG_ERR_*; not reentrant (one static scratch window). */
int zoo_ecg_window_to_input(const int32_t *window, size_t n, float input_scale,
                            int32_t input_zero_point, int8_t *out);

/* Same, with the standard-deviation floor in model units (Q16) for a sensor whose gain differs
 * from the tables' nominal one (see zoo_ecg_std_floor_q16). */
int zoo_ecg_window_to_input_floor(const int32_t *window, size_t n, uint32_t std_floor_q16,
                                  float input_scale, int32_t input_zero_point, int8_t *out);

/* The tables' floor rescaled to a sensor with counts_per_mv ADC counts per millivolt. */
uint32_t zoo_ecg_std_floor_q16(uint32_t counts_per_mv);

/* Facts from the compiled tables. */
uint32_t zoo_ecg_model_rate_hz(void);
uint32_t zoo_ecg_window_samples(void);
uint32_t zoo_ecg_sample_shift(void);
/* The sensor gain (ADC counts per mV) the tables assume when a sensor's is unknown; the quality
 * gate's thresholds take (counts per mV) << zoo_ecg_sample_shift() model units per mV. */
uint32_t zoo_ecg_nominal_counts_per_mv(void);

#ifdef __cplusplus
}
#endif

#endif /* ZOO_ECG_FRONTEND_H_ */
