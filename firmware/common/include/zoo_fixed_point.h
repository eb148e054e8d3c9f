/*
 * Fixed-point helpers shared by the zoo's front ends (ECG today; audio framing / log-mel next).
 *
 * Portable C99, integers only: every helper gives the same bits on any compiler and target, and
 * firmware_tools/fixed_point.py mirrors each one so the Python references reproduce the C
 * exactly. Negative values are never right-shifted (implementation-defined in C) nor
 * left-shifted (undefined): helpers work on magnitudes and restore the sign.
 *
 * Names start with zoo_fx_. The QEMU harness's test-only int8 kernels keep TFLite's own
 * arithmetic (SRDHM, MultiplyByQuantizedMultiplier, ...) in firmware/harness/kernels/
 * zoo_tflite_math.h, which builds its rounding shift on zoo_fx_round_shift_s64.
 */
#ifndef ZOO_FIXED_POINT_H_
#define ZOO_FIXED_POINT_H_

#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

static inline int64_t zoo_fx_clamp_s64(int64_t x, int64_t lo, int64_t hi) {
  return x < lo ? lo : (x > hi ? hi : x);
}

static inline int32_t zoo_fx_sat_s32(int64_t x) {
  return (int32_t)zoo_fx_clamp_s64(x, INT32_MIN, INT32_MAX);
}

static inline int16_t zoo_fx_sat_s16(int32_t x) {
  return (int16_t)(x < INT16_MIN ? INT16_MIN : (x > INT16_MAX ? INT16_MAX : x));
}

static inline int32_t zoo_fx_add_sat_s32(int32_t a, int32_t b) {
  return zoo_fx_sat_s32((int64_t)a + (int64_t)b);
}

static inline uint64_t zoo_fx_abs_u64(int64_t x) {
  return x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;
}

/* x / 2^shift rounded to nearest, ties away from zero (TFLite's rounding); shift in [0, 63]. */
static inline int64_t zoo_fx_round_shift_s64(int64_t x, int shift) {
  if (shift <= 0) return x;
  uint64_t magnitude = (zoo_fx_abs_u64(x) + ((uint64_t)1 << (shift - 1))) >> shift;
  return x < 0 ? -(int64_t)magnitude : (int64_t)magnitude;
}

/* Number of bits needed for x (0 for 0): the position of the highest set bit plus one. */
static inline int zoo_fx_bit_length_u64(uint64_t x) {
  int bits = 0;
  while (x >> bits) {
    bits++;
    if (bits == 64) break;
  }
  return bits;
}

/* Shifts positive x so that its highest set bit lands on top_bit; *shift receives the left
 * shift applied (negative: a truncating right shift). */
static inline uint64_t zoo_fx_normalize_u64(uint64_t x, int top_bit, int *shift) {
  int k = top_bit - (zoo_fx_bit_length_u64(x) - 1);
  *shift = k;
  return k >= 0 ? x << k : x >> -k;
}

/* floor(sqrt(x)), bit by bit (no division, no float). */
static inline uint64_t zoo_fx_isqrt_u64(uint64_t x) {
  uint64_t root = 0;
  uint64_t bit = (uint64_t)1 << 62;
  while (bit > x) bit >>= 2;
  while (bit != 0) {
    if (x >= root + bit) {
      x -= root + bit;
      root = (root >> 1) + bit;
    } else {
      root >>= 1;
    }
    bit >>= 2;
  }
  return root;
}

/* A positive normal float32 as mantissa * 2^exponent, mantissa in [2^23, 2^24), read from its
 * bits (no float arithmetic, so no compiler can change the result). Returns 0, or -1 for zero,
 * negative, subnormal, infinite or NaN values. */
static inline int zoo_fx_float32_parts(float value, uint32_t *mantissa, int32_t *exponent) {
  uint32_t bits;
  memcpy(&bits, &value, sizeof bits);
  uint32_t biased = (bits >> 23) & 0xFFu;
  if ((bits >> 31) != 0u || biased == 0u || biased == 0xFFu) return -1;
  *mantissa = (bits & 0x7FFFFFu) | 0x800000u;
  *exponent = (int32_t)biased - 127 - 23;
  return 0;
}

/* round(x * multiplier / 2^shift), ties away from zero, clamped to [-limit, limit].
 * |x| * multiplier must fit in 62 bits; shift < 0 is a left shift that saturates at limit. */
static inline int64_t zoo_fx_mul_shift_round(int64_t x, uint32_t multiplier, int shift,
                                             int64_t limit) {
  int64_t product = x * (int64_t)multiplier;
  int64_t value;
  if (shift >= 64) {
    value = 0;
  } else if (shift > 0) {
    value = zoo_fx_round_shift_s64(product, shift);
  } else {
    uint64_t cap = ((uint64_t)limit >> -shift) + 1u;
    uint64_t magnitude = zoo_fx_abs_u64(product);
    if (magnitude > cap) magnitude = cap;
    magnitude <<= -shift;
    value = product < 0 ? -(int64_t)magnitude : (int64_t)magnitude;
  }
  return zoo_fx_clamp_s64(value, -limit, limit);
}

#ifdef __cplusplus
}
#endif

#endif /* ZOO_FIXED_POINT_H_ */
