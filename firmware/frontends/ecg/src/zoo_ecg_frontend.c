/*
 * ECG front end in integers; see zoo_ecg_frontend.h for the API and
 * firmware_tools/frontends/ecg/reference.py for the reference this file matches bit for bit.
 *
 * Ranges that keep every step exact (N = window samples, L = ceil(log2 N), Y = 30 - L):
 *   window samples |x| <= 2^30 - 1, so FIR pair sums x[a] + x[b] fit int32;
 *   FIR accumulator |acc| <= max|x| * sum|taps| < 2^62 (the generator checks sum|taps|);
 *   y = round(acc / 2^s) with s chosen so |y| <= 2^Y, hence sum(y), sum(y^2) and
 *   D = N * sum(y^2) - sum(y)^2 = N^2 var(y) all fit int64, and |N*y - sum(y)| <= 2^31;
 *   z / input_scale = (N*y - sum y) / (sqrt(D) * scale) = (N*y - sum y) * M / 2^sh with M a
 *   31-bit multiplier, so the product stays below 2^62.
 */
#include "zoo_ecg_frontend.h"

#include "zoo_fixed_point.h"

/* The model's generated tables. There is no default: the build names them, as firmware_tools
 * does from the package manifest's "firmware" block. */
#ifndef ZOO_ECG_FRONTEND_TABLES
#error "ZOO_ECG_FRONTEND_TABLES is not defined: set it to the model's generated tables header (-DZOO_ECG_FRONTEND_TABLES=\"<model>_frontend_tables.h\"), as firmware_tools does from the package manifest"
#else
#include ZOO_ECG_FRONTEND_TABLES
#if ZOO_ECG_TABLES_FORMAT != 1
#error "front-end tables were generated for another version of zoo_ecg_frontend.c"
#endif
#endif

#define ZOO_ECG_MAX_SAMPLE 1073741823 /* 2^30 - 1 */
#define ZOO_ECG_SCALE_MIN_EXP (-30)   /* accepted input_scale: [2^-30, 2^7) */
#define ZOO_ECG_SCALE_MAX_EXP 7
#define ZOO_ECG_FIR_HALF (ZOO_ECG_FIR_TAPS / 2u)

/* ---- resampler --------------------------------------------------------------------------- */

int zoo_resampler_init(zoo_resampler_t *r, uint32_t in_rate_hz, uint32_t out_rate_hz) {
  if (r == NULL) return ZOO_ECG_ERR_NULL;
  r->design = NULL;
  r->taps = NULL;
  if (out_rate_hz != ZOO_ECG_MODEL_RATE_HZ) return ZOO_ECG_ERR_RATE;
  for (uint32_t i = 0; i < ZOO_ECG_RESAMPLER_COUNT; ++i) {
    if (zoo_ecg_resamplers[i].in_rate_hz == in_rate_hz) {
      r->design = &zoo_ecg_resamplers[i];
      r->taps = &zoo_ecg_resampler_taps[zoo_ecg_resamplers[i].taps_offset];
      zoo_resampler_reset(r);
      return ZOO_ECG_OK;
    }
  }
  return ZOO_ECG_ERR_RATE;
}

void zoo_resampler_reset(zoo_resampler_t *r) {
  if (r == NULL || r->design == NULL) return;
  for (uint32_t i = 0; i < ZOO_RESAMPLER_MAX_HISTORY; ++i) r->history[i] = 0;
  r->position = (int32_t)r->design->half_len;
  r->newest = r->design->history - 1u;
  r->dropped = 0;
}

size_t zoo_resampler_max_output(const zoo_resampler_t *r, size_t n_in) {
  if (r == NULL || r->design == NULL) return 0;
  uint64_t up = r->design->up, down = r->design->down;
  return (size_t)(((uint64_t)n_in * up + down - 1u) / down);
}

/* Output for `phase`: its taps against the history, oldest sample first. */
static int32_t resample_one(const zoo_resampler_t *r, uint32_t phase) {
  const uint32_t history = r->design->history;
  const int32_t *taps = r->taps + phase * history;
  const uint32_t oldest = r->newest + 1u == history ? 0u : r->newest + 1u;
  const uint32_t first = history - oldest; /* samples from `oldest` to the end of the buffer */
  int64_t acc = 0;
  for (uint32_t k = 0; k < first; ++k) acc += (int64_t)taps[k] * r->history[oldest + k];
  for (uint32_t k = first; k < history; ++k) acc += (int64_t)taps[k] * r->history[k - first];
  int64_t out = zoo_fx_round_shift_s64(acc, ZOO_ECG_RESAMPLER_FRAC_BITS - ZOO_ECG_SAMPLE_SHIFT);
  return (int32_t)zoo_fx_clamp_s64(out, -ZOO_ECG_MAX_SAMPLE, ZOO_ECG_MAX_SAMPLE);
}

size_t zoo_resampler_process(zoo_resampler_t *r, const int32_t *in, size_t n_in, int32_t *out,
                             size_t out_cap) {
  if (r == NULL || r->design == NULL || (in == NULL && n_in > 0)) return 0;
  const int32_t up = (int32_t)r->design->up, down = (int32_t)r->design->down;
  size_t produced = 0;
  for (size_t i = 0; i < n_in; ++i) {
    r->newest = r->newest + 1u == r->design->history ? 0u : r->newest + 1u;
    r->history[r->newest] = in[i];
    r->position -= up;
    /* position >= -up here, so the output's newest input is the sample just stored. */
    while (r->position < 0) {
      int32_t value = resample_one(r, (uint32_t)(r->position + up));
      if (out != NULL && produced < out_cap) {
        out[produced++] = value;
      } else {
        r->dropped++;
      }
      r->position += down;
    }
  }
  return produced;
}

/* ---- window -> int8 input ---------------------------------------------------------------- */

static int32_t s_filtered[ZOO_ECG_WINDOW_SAMPLES];

/* "same" convolution at an interior sample n (every tap inside the window): tap k pairs
 * x[n + half - k] with x[n - half + k]; the pair sum fits int32 since |x| < 2^30. */
static int64_t fir_interior(const int32_t *x, int32_t n) {
  const int32_t half = (int32_t)ZOO_ECG_FIR_HALF;
  const int32_t *ahead = x + n + half, *behind = x + n - half;
  int64_t acc = (int64_t)zoo_ecg_fir_half[half] * x[n];
  for (int32_t k = 0; k < half; ++k) acc += (int64_t)zoo_ecg_fir_half[k] * (ahead[-k] + behind[k]);
  return acc;
}

/* The same near the window's ends, where samples outside it are zero ("same" zero padding). */
static int64_t fir_edge(const int32_t *x, int32_t n) {
  const int32_t half = (int32_t)ZOO_ECG_FIR_HALF, last = (int32_t)ZOO_ECG_WINDOW_SAMPLES - 1;
  int64_t acc = (int64_t)zoo_ecg_fir_half[half] * x[n];
  for (int32_t k = 0; k < half; ++k) {
    int32_t ahead = n + half - k, behind = n - half + k;
    int32_t a = ahead <= last ? x[ahead] : 0;
    int32_t b = behind >= 0 ? x[behind] : 0;
    acc += (int64_t)zoo_ecg_fir_half[k] * (a + b);
  }
  return acc;
}

/* Normalised value: mantissa in [2^30, 2^31) times 2^-exponent. */
typedef struct {
  uint64_t mantissa;
  int exponent;
} norm_t;

static int norm_greater(norm_t a, norm_t b) {
  return a.exponent < b.exponent || (a.exponent == b.exponent && a.mantissa > b.mantissa);
}

int zoo_ecg_window_to_input(const int32_t *window, size_t n, float input_scale,
                            int32_t input_zero_point, int8_t *out) {
  return zoo_ecg_window_to_input_floor(window, n, ZOO_ECG_STD_FLOOR_Q16, input_scale,
                                       input_zero_point, out);
}

int zoo_ecg_window_to_input_floor(const int32_t *window, size_t n, uint32_t std_floor_q16,
                                  float input_scale, int32_t input_zero_point, int8_t *out) {
  const int64_t count = (int64_t)ZOO_ECG_WINDOW_SAMPLES;
  if (window == NULL || out == NULL) return ZOO_ECG_ERR_NULL;
  if (n != ZOO_ECG_WINDOW_SAMPLES) return ZOO_ECG_ERR_LENGTH;
  uint32_t scale_mantissa;
  int32_t scale_exponent;
  if (zoo_fx_float32_parts(input_scale, &scale_mantissa, &scale_exponent) != 0 ||
      scale_exponent + 23 < ZOO_ECG_SCALE_MIN_EXP || scale_exponent + 23 >= ZOO_ECG_SCALE_MAX_EXP)
    return ZOO_ECG_ERR_SCALE;

  uint64_t peak = 0;
  for (size_t i = 0; i < n; ++i) {
    uint64_t magnitude = zoo_fx_abs_u64(window[i]);
    if (magnitude > ZOO_ECG_MAX_SAMPLE) return ZOO_ECG_ERR_RANGE;
    if (magnitude > peak) peak = magnitude;
  }

  /* Band-pass, rescaled by a power of two so that |y| <= 2^Y_BITS. */
  int shift = zoo_fx_bit_length_u64(peak * ZOO_ECG_FIR_ABS_SUM) - ZOO_ECG_Y_BITS;
  if (shift < 0) shift = 0;
  const int32_t half = (int32_t)ZOO_ECG_FIR_HALF, last = (int32_t)ZOO_ECG_WINDOW_SAMPLES - 1;
  int64_t sum_y = 0, sum_yy = 0;
  for (int32_t i = 0; i <= last; ++i) {
    int64_t acc = (i < half || i > last - half) ? fir_edge(window, i) : fir_interior(window, i);
    int64_t y = zoo_fx_round_shift_s64(acc, shift);
    s_filtered[i] = (int32_t)y;
    sum_y += y;
    sum_yy += y * y;
  }
  int64_t d = count * sum_yy - sum_y * sum_y;

  /* N * std as a normalised value: isqrt(D << 2e) = sqrt(D) * 2^e; or the floor when larger. */
  int have_denominator = 0;
  norm_t denominator = {0, 0};
  if (d > 0) {
    int top = zoo_fx_bit_length_u64((uint64_t)d) - 1;
    int even = (60 - top) % 2 == 0 ? 60 - top : 61 - top;
    denominator.mantissa = zoo_fx_isqrt_u64((uint64_t)d << even);
    denominator.exponent = even / 2;
    have_denominator = 1;
  }
  if (std_floor_q16 > 0u) {
    int k;
    norm_t floor_value;
    floor_value.mantissa = zoo_fx_normalize_u64((uint64_t)count * std_floor_q16, 30, &k);
    floor_value.exponent = k - ZOO_ECG_FIR_FRAC_BITS + 16 + shift;
    if (!have_denominator || norm_greater(floor_value, denominator)) {
      denominator = floor_value;
      have_denominator = 1;
    }
  }

  /* Clip bound round(clip / scale), then z / scale = (N*y - sum y) * M / 2^sh. */
  uint64_t clip_num = (uint64_t)ZOO_ECG_CLIP_NUM << (-ZOO_ECG_CLIP_SHIFT - scale_exponent);
  int64_t clip_q = (int64_t)((2u * clip_num + scale_mantissa) / (2u * (uint64_t)scale_mantissa));
  uint32_t multiplier = 0;
  int mult_shift = 0;
  if (have_denominator) {
    uint64_t den = (denominator.mantissa * scale_mantissa) >> 24;
    multiplier = (uint32_t)(((uint64_t)1 << 60) / den);
    mult_shift = 84 + scale_exponent - denominator.exponent;
  }
  for (int32_t i = 0; i <= last; ++i) {
    int64_t value = 0;
    if (have_denominator) {
      int64_t centred = count * s_filtered[i] - sum_y;
      value = zoo_fx_mul_shift_round(centred, multiplier, mult_shift, clip_q);
    }
    out[i] = (int8_t)zoo_fx_clamp_s64(value + input_zero_point, -128, 127);
  }
  return ZOO_ECG_OK;
}

uint32_t zoo_ecg_std_floor_q16(uint32_t counts_per_mv) {
  uint64_t nominal = ZOO_ECG_NOMINAL_COUNTS_PER_MV;
  uint64_t value = ((uint64_t)ZOO_ECG_STD_FLOOR_Q16 * counts_per_mv + nominal / 2u) / nominal;
  return value > UINT32_MAX ? UINT32_MAX : (uint32_t)value;
}

uint32_t zoo_ecg_model_rate_hz(void) { return ZOO_ECG_MODEL_RATE_HZ; }
uint32_t zoo_ecg_window_samples(void) { return ZOO_ECG_WINDOW_SAMPLES; }
uint32_t zoo_ecg_sample_shift(void) { return ZOO_ECG_SAMPLE_SHIFT; }
uint32_t zoo_ecg_nominal_counts_per_mv(void) { return ZOO_ECG_NOMINAL_COUNTS_PER_MV; }
