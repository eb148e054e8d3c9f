/*
 * Audio front end: streaming framer, CMSIS-DSP arm_mfcc_q15 log-mel, model-input mapping.
 * See zoo_audio_frontend.h; modules/audio/frontend.py is the Python definition it equals.
 */
#include "zoo_audio_frontend.h"

#include <string.h>

#include "zoo_fixed_point.h"

/* CMSIS-DSP's headers are not -Wconversion clean; the front end's own code below is. */
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#endif
#include "arm_math.h"
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

/* The model's generated tables. There is no default: the build names them, as firmware_tools
 * does from the package manifest's "firmware" block. */
#ifndef ZOO_AUDIO_FRONTEND_TABLES
#error "ZOO_AUDIO_FRONTEND_TABLES is not defined: set it to the model's generated tables header (-DZOO_AUDIO_FRONTEND_TABLES=\"<model>_frontend_tables.h\"), as firmware_tools does from the package manifest"
#else
#include ZOO_AUDIO_FRONTEND_TABLES
#if ZOO_AUDIO_TABLES_FORMAT != 1
#error "front-end tables were generated for another version of zoo_audio_frontend.c"
#endif
#endif

#if ZOO_AUDIO_HOP_LENGTH > ZOO_AUDIO_FFT_LENGTH || ZOO_AUDIO_HOP_LENGTH < 1
#error "the tables' hop must be between 1 and the FFT length"
#endif
#if ZOO_AUDIO_N_FRAMES < 1 || ZOO_AUDIO_N_MELS < 1
#error "the tables describe an empty window"
#endif

/* arm_mfcc_init_<N>_q15 links only the N-point FFT's tables (the generic arm_mfcc_init_q15
 * links every length's); it fills the instance exactly as the generic one does for N. */
#define ZOO_AUDIO_CAT3_(a, b, c) a##b##c
#define ZOO_AUDIO_CAT3(a, b, c) ZOO_AUDIO_CAT3_(a, b, c)
#define ZOO_AUDIO_MFCC_INIT ZOO_AUDIO_CAT3(arm_mfcc_init_, ZOO_AUDIO_FFT_LENGTH, _q15)

#define ZOO_AUDIO_OVERLAP (ZOO_AUDIO_FFT_LENGTH - ZOO_AUDIO_HOP_LENGTH)

static arm_mfcc_instance_q15 s_mfcc;
static int s_ready; /* zoo_audio_init succeeded */
/* The newest samples of the frame being filled: s_pending[0 .. s_filled). */
static int16_t s_pending[ZOO_AUDIO_FFT_LENGTH];
static uint32_t s_filled;
/* arm_mfcc_q15 normalises and windows its input in place, so it works on a copy; its
 * temporary buffer is 2 * FFT_LENGTH q31 (the complex spectrum). */
static q15_t s_frame[ZOO_AUDIO_FFT_LENGTH];
static q31_t s_tmp[2 * ZOO_AUDIO_FFT_LENGTH];
/* Log-mel ring: row (s_frames - 1) % N_FRAMES is the newest. */
static int16_t s_rows[ZOO_AUDIO_N_FRAMES][ZOO_AUDIO_N_MELS];
static uint32_t s_frames;

uint32_t zoo_audio_sample_rate_hz(void) { return ZOO_AUDIO_SAMPLE_RATE_HZ; }
uint32_t zoo_audio_clip_samples(void) { return ZOO_AUDIO_CLIP_SAMPLES; }
uint32_t zoo_audio_fft_length(void) { return ZOO_AUDIO_FFT_LENGTH; }
uint32_t zoo_audio_hop_length(void) { return ZOO_AUDIO_HOP_LENGTH; }
uint32_t zoo_audio_n_mels(void) { return ZOO_AUDIO_N_MELS; }
uint32_t zoo_audio_n_frames(void) { return ZOO_AUDIO_N_FRAMES; }
uint32_t zoo_audio_window_values(void) { return ZOO_AUDIO_N_FRAMES * ZOO_AUDIO_N_MELS; }
const char *zoo_audio_tables_model(void) { return ZOO_AUDIO_TABLES_MODEL; }

void zoo_audio_reset(void) {
  s_filled = 0;
  s_frames = 0;
}

int zoo_audio_init(void) {
  zoo_audio_reset();
  arm_status status =
      ZOO_AUDIO_MFCC_INIT(&s_mfcc, ZOO_AUDIO_N_MELS, ZOO_AUDIO_N_MELS, zoo_audio_dct_q15,
                          zoo_audio_filter_pos, zoo_audio_filter_lengths,
                          zoo_audio_filter_coefs_q15, zoo_audio_window_q15);
  s_ready = status == ARM_MATH_SUCCESS;
  return s_ready ? ZOO_AUDIO_OK : ZOO_AUDIO_ERR_INIT;
}

/* s_frame -> out (N_MELS values); s_frame is overwritten. */
static int log_mel_of_scratch(int16_t *out) {
  arm_status status = arm_mfcc_q15(&s_mfcc, s_frame, out, s_tmp);
  return status == ARM_MATH_SUCCESS ? ZOO_AUDIO_OK : ZOO_AUDIO_ERR_DSP;
}

int zoo_audio_log_mel_frame(const int16_t *frame, int16_t *log_mel_q8_7) {
  if (frame == NULL || log_mel_q8_7 == NULL) return ZOO_AUDIO_ERR_NULL;
  if (!s_ready) return ZOO_AUDIO_ERR_INIT;
  memcpy(s_frame, frame, sizeof s_frame);
  return log_mel_of_scratch(log_mel_q8_7);
}

size_t zoo_audio_push(const int16_t *pcm, size_t n) {
  if (pcm == NULL || !s_ready) return 0;
  size_t completed = 0;
  while (n > 0) {
    size_t room = (size_t)(ZOO_AUDIO_FFT_LENGTH - s_filled);
    size_t take = n < room ? n : room;
    memcpy(&s_pending[s_filled], pcm, take * sizeof pcm[0]);
    s_filled += (uint32_t)take;
    pcm += take;
    n -= take;
    if (s_filled < ZOO_AUDIO_FFT_LENGTH) break;
    /* A frame is complete: compute it into the ring, keep its last OVERLAP samples. */
    memcpy(s_frame, s_pending, sizeof s_frame);
    int16_t *row = s_rows[s_frames % ZOO_AUDIO_N_FRAMES];
    if (log_mel_of_scratch(row) != ZOO_AUDIO_OK) {
      /* Cannot happen with valid tables (arm_divide_q15 divides by a non-zero peak);
       * keep the stream's timing with the floor value rather than stale numbers. */
      for (uint32_t m = 0; m < ZOO_AUDIO_N_MELS; ++m) row[m] = INT16_MIN;
    }
    s_frames++;
    completed++;
    memmove(s_pending, &s_pending[ZOO_AUDIO_HOP_LENGTH], ZOO_AUDIO_OVERLAP * sizeof s_pending[0]);
    s_filled = ZOO_AUDIO_OVERLAP;
  }
  return completed;
}

uint32_t zoo_audio_frames(void) { return s_frames; }

int zoo_audio_window_ready(void) { return s_frames >= ZOO_AUDIO_N_FRAMES; }

const int16_t *zoo_audio_latest_frame(void) {
  return s_frames ? s_rows[(s_frames - 1u) % ZOO_AUDIO_N_FRAMES] : NULL;
}

int zoo_audio_window_log_mel(int16_t *out) {
  if (out == NULL) return ZOO_AUDIO_ERR_NULL;
  if (!zoo_audio_window_ready()) return ZOO_AUDIO_ERR_NOT_READY;
  uint32_t oldest = s_frames % ZOO_AUDIO_N_FRAMES;
  for (uint32_t i = 0; i < ZOO_AUDIO_N_FRAMES; ++i) {
    memcpy(&out[i * ZOO_AUDIO_N_MELS], s_rows[(oldest + i) % ZOO_AUDIO_N_FRAMES],
           sizeof s_rows[0]);
  }
  return ZOO_AUDIO_OK;
}

/* ---- model input ---------------------------------------------------------------------- */

int zoo_audio_requantize(float input_scale, int32_t *multiplier, int *shift) {
  if (multiplier == NULL || shift == NULL) return ZOO_AUDIO_ERR_NULL;
  uint32_t sm;
  int32_t se;
  if (zoo_fx_float32_parts(input_scale, &sm, &se) != 0) return ZOO_AUDIO_ERR_SCALE;
  /* real = 1 / (128 * sm * 2^se) = 2^(-7 - se) / sm. float64 division rounds it to 53 bits:
   * q = round_half_even(2^p / sm) in [2^52, 2^53) (p = 76, or 75 when sm = 2^23, where the
   * quotient is exact), real = q * 2^(-p - 7 - se). Long division, one quotient bit a step. */
  int p = sm == (1u << 23) ? 75 : 76;
  uint64_t q = 0;
  uint64_t rem = 0;
  for (int bit = p; bit >= 0; --bit) {
    rem = (rem << 1) | (bit == p ? 1u : 0u);
    q <<= 1;
    if (rem >= sm) {
      rem -= sm;
      q |= 1u;
    }
  }
  if (2u * rem > sm || (2u * rem == sm && (q & 1u))) q++;
  if (q == ((uint64_t)1 << 53)) {
    q >>= 1;
    p--;
  }
  /* frexp: real = (q / 2^53) * 2^e, e = 53 - p - 7 - se; multiplier = round_half_even(q / 2^22)
   * (Python's round), shift = 31 - e. */
  int32_t e = 53 - p - 7 - se;
  uint64_t m = q >> 22;
  uint64_t frac = q & ((1u << 22) - 1u);
  if (frac > (1u << 21) || (frac == (1u << 21) && (m & 1u))) m++;
  int32_t s = 31 - e;
  if (m == ((uint64_t)1 << 31)) {
    m >>= 1;
    s--;
  }
  if (s < 1 || s > 62) return ZOO_AUDIO_ERR_SCALE;
  *multiplier = (int32_t)m;
  *shift = (int)s;
  return ZOO_AUDIO_OK;
}

static void map_to_input(const int16_t *values, size_t n, int32_t multiplier, int shift,
                         int32_t zero_point, int8_t *out) {
  for (size_t i = 0; i < n; ++i) {
    int64_t scaled = zoo_fx_round_shift_s64((int64_t)values[i] * multiplier, shift);
    out[i] = (int8_t)zoo_fx_clamp_s64(scaled + zero_point, INT8_MIN, INT8_MAX);
  }
}

int zoo_audio_to_model_input(const int16_t *log_mel_q8_7, size_t n, float input_scale,
                             int32_t input_zero_point, int8_t *out) {
  if (log_mel_q8_7 == NULL || out == NULL) return ZOO_AUDIO_ERR_NULL;
  int32_t multiplier;
  int shift;
  int status = zoo_audio_requantize(input_scale, &multiplier, &shift);
  if (status != ZOO_AUDIO_OK) return status;
  map_to_input(log_mel_q8_7, n, multiplier, shift, input_zero_point, out);
  return ZOO_AUDIO_OK;
}

int zoo_audio_window_to_input(float input_scale, int32_t input_zero_point, int8_t *out) {
  if (out == NULL) return ZOO_AUDIO_ERR_NULL;
  if (!zoo_audio_window_ready()) return ZOO_AUDIO_ERR_NOT_READY;
  int32_t multiplier;
  int shift;
  int status = zoo_audio_requantize(input_scale, &multiplier, &shift);
  if (status != ZOO_AUDIO_OK) return status;
  uint32_t oldest = s_frames % ZOO_AUDIO_N_FRAMES;
  for (uint32_t i = 0; i < ZOO_AUDIO_N_FRAMES; ++i) {
    map_to_input(s_rows[(oldest + i) % ZOO_AUDIO_N_FRAMES], ZOO_AUDIO_N_MELS, multiplier, shift,
                 input_zero_point, &out[i * ZOO_AUDIO_N_MELS]);
  }
  return ZOO_AUDIO_OK;
}

/* ---- self-test ------------------------------------------------------------------------ */

int zoo_audio_selftest(uint32_t *mismatches) {
  if (!s_ready) return ZOO_AUDIO_ERR_INIT;
  uint32_t state = ZOO_AUDIO_SELFTEST_SEED;
  for (uint32_t n = 0; n < ZOO_AUDIO_FFT_LENGTH; ++n) {
    state = state * 1664525u + 1013904223u;
    s_frame[n] = (q15_t)((int32_t)(state >> 18) - 8192);
  }
  int16_t out[ZOO_AUDIO_N_MELS];
  int status = log_mel_of_scratch(out);
  uint32_t differ = 0;
  for (uint32_t m = 0; m < ZOO_AUDIO_N_MELS; ++m) differ += out[m] != zoo_audio_selftest_log_mel[m];
  if (mismatches != NULL) *mismatches = status == ZOO_AUDIO_OK ? differ : ZOO_AUDIO_N_MELS;
  if (status != ZOO_AUDIO_OK) return status;
  return differ ? ZOO_AUDIO_ERR_SELFTEST : ZOO_AUDIO_OK;
}
