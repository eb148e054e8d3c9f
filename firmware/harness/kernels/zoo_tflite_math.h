/*
 * TFLite's int8 kernel arithmetic, as the reference kernels of TensorFlow Lite Micro compute it
 * (gemmlowp fixed point, double rounding: TFLite's default build). The front ends' own integer
 * helpers are firmware/common's zoo_fixed_point.h; the one rule both use, a rounding right shift
 * with ties away from zero, is that header's zoo_fx_round_shift_s64.
 *
 * Test-only: these exist so the QEMU harness can prove a model's int8 outputs bit for bit; on the
 * device TFLM/CMSIS-NN run the network. Written from the arithmetic's definition:
 *
 *   SaturatingRoundingDoublingHighMul(a, b) = round-half-away((a * b) / 2^31), saturating INT32_MAX
 *       for a = b = INT32_MIN;
 *   RoundingDivideByPOT(x, e) = x / 2^e rounded to nearest, ties away from zero;
 *   MultiplyByQuantizedMultiplier(x, m, s) = RoundingDivideByPOT(SRDHM(x * 2^max(s,0), m), max(-s,0))
 *       with m a Q0.31 multiplier in [2^30, 2^31) and s its power-of-two exponent;
 *   fixed-point numbers Q(i).(31-i) multiply with SRDHM (integer bits add up).
 */
#ifndef ZOO_TFLITE_MATH_H_
#define ZOO_TFLITE_MATH_H_

#include <stdint.h>

#include "zoo_fixed_point.h"

static inline int32_t zoo_min_i32(int32_t a, int32_t b) { return a < b ? a : b; }
static inline int32_t zoo_max_i32(int32_t a, int32_t b) { return a > b ? a : b; }
static inline int32_t zoo_clamp_i32(int32_t x, int32_t lo, int32_t hi) {
  return zoo_min_i32(zoo_max_i32(x, lo), hi);
}

/* x * 2^shift for shift >= 0, wrapping like the int32 multiply TFLite does. */
static inline int32_t zoo_shl_wrap(int32_t x, int shift) {
  return (int32_t)((uint32_t)x << shift);
}

static inline int32_t zoo_srdhm(int32_t a, int32_t b) {
  if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
  int64_t ab = (int64_t)a * (int64_t)b;
  int64_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
  return (int32_t)((ab + nudge) / ((int64_t)1 << 31)); /* C division truncates toward zero */
}

/* RoundingDivideByPOT, exponent in [0, 31]: firmware/common's rounding shift on an int32. */
static inline int32_t zoo_rounding_divide_by_pot(int32_t x, int exponent) {
  return (int32_t)zoo_fx_round_shift_s64(x, exponent);
}

static inline int32_t zoo_multiply_by_quantized_multiplier(int32_t x, int32_t multiplier,
                                                           int shift) {
  int left = shift > 0 ? shift : 0;
  int right = shift > 0 ? 0 : -shift;
  return zoo_rounding_divide_by_pot(zoo_srdhm(zoo_shl_wrap(x, left), multiplier), right);
}

/* x * 2^exponent with saturation, exponent >= 0 (gemmlowp SaturatingRoundingMultiplyByPOT). */
static inline int32_t zoo_saturating_shl(int32_t x, int exponent) {
  if (exponent == 0) return x;
  int32_t threshold = (int32_t)((1u << (31 - exponent)) - 1u);
  if (x > threshold) return INT32_MAX;
  if (x < -threshold) return INT32_MIN;
  return zoo_shl_wrap(x, exponent);
}

/* Moves a raw fixed-point value from `from_bits` to `to_bits` integer bits (gemmlowp Rescale). */
static inline int32_t zoo_rescale(int32_t raw, int from_bits, int to_bits) {
  int exponent = from_bits - to_bits;
  return exponent >= 0 ? zoo_saturating_shl(raw, exponent)
                       : zoo_rounding_divide_by_pot(raw, -exponent);
}

/* round-half-away(a + b) / 2 (gemmlowp RoundingHalfSum). */
static inline int32_t zoo_rounding_half_sum(int32_t a, int32_t b) {
  int64_t sum = (int64_t)a + (int64_t)b;
  return (int32_t)((sum + (sum >= 0 ? 1 : -1)) / 2);
}

/* Q0.31 constant for a real value v in (-1, 1): round(v * 2^31). */
#define ZOO_Q31_ONE INT32_MAX

/* exp(a) for a in [-1/4, 0), a and result in Q0.31: Taylor series around -1/8. */
static inline int32_t zoo_exp_on_interval_quarter(int32_t a) {
  const int32_t exp_minus_one_eighth = 1895147668; /* round(exp(-1/8) * 2^31) */
  const int32_t one_third = 715827883;             /* round(1/3 * 2^31) */
  int32_t x = a + (1 << 28);                       /* x = a + 1/8 */
  int32_t x2 = zoo_srdhm(x, x);
  int32_t x3 = zoo_srdhm(x2, x);
  int32_t x4 = zoo_srdhm(x2, x2);
  int32_t x4_over_4 = zoo_rounding_divide_by_pot(x4, 2);
  int32_t poly = zoo_rounding_divide_by_pot(zoo_srdhm(x4_over_4 + x3, one_third) + x2, 1);
  return exp_minus_one_eighth + zoo_srdhm(exp_minus_one_eighth, x + poly);
}

/*
 * exp(a) for a <= 0 given in Q(integer_bits).(31-integer_bits); result in Q0.31.
 * exp(a) = exp(a mod 1/4 - 1/4) * prod over the set bits of the rest of exp(-2^k).
 */
static inline int32_t zoo_exp_on_negative_values(int32_t a, int integer_bits) {
  /* round(exp(-2^k) * 2^31) for k = -2 .. 4 */
  static const int32_t kExpMinusPow2[7] = {1672461947, 1302514674, 790015084, 290630308,
                                           39332535,   720401,     242};
  const int fractional_bits = 31 - integer_bits;
  const int32_t one_quarter = (int32_t)1 << (fractional_bits - 2);
  const int32_t mask = one_quarter - 1;
  int32_t a_mod_quarter_minus_quarter = (a & mask) - one_quarter;
  int32_t result =
      zoo_exp_on_interval_quarter(zoo_rescale(a_mod_quarter_minus_quarter, integer_bits, 0));
  int32_t remainder = a_mod_quarter_minus_quarter - a;
  for (int k = -2; k <= 4; ++k) {
    if (integer_bits > k) {
      int shift = fractional_bits + k;
      if (remainder & ((int32_t)1 << shift)) result = zoo_srdhm(result, kExpMinusPow2[k + 2]);
    }
  }
  if (integer_bits > 5) {
    int32_t clamp = -((int32_t)1 << (36 - integer_bits)); /* -32 */
    if (a < clamp) result = 0;
  }
  if (a == 0) result = ZOO_Q31_ONE;
  return result;
}

/* 1 / (1 + a) for a in [0, 1), Q0.31 in and out: three Newton-Raphson steps in Q2.29. */
static inline int32_t zoo_one_over_one_plus_x(int32_t a) {
  const int32_t c48_over_17 = 1515870810;      /* round(48/17 * 2^29) */
  const int32_t cneg32_over_17 = -1010580540;  /* round(-32/17 * 2^29) */
  const int32_t one_q2 = (int32_t)1 << 29;
  int32_t half_denominator = zoo_rounding_half_sum(a, ZOO_Q31_ONE);
  int32_t x = c48_over_17 + zoo_srdhm(half_denominator, cneg32_over_17);
  for (int i = 0; i < 3; ++i) {
    int32_t half_denominator_times_x = zoo_srdhm(half_denominator, x);
    int32_t one_minus = one_q2 - half_denominator_times_x;
    x = x + zoo_rescale(zoo_srdhm(x, one_minus), 4, 2);
  }
  return zoo_rescale(x, 1, 0); /* x/2 as Q1.30, then to Q0.31 */
}

/* Logistic of a Q(integer_bits) value; result Q0.31 (gemmlowp logistic). */
static inline int32_t zoo_logistic(int32_t a, int integer_bits) {
  if (a == 0) return (int32_t)1 << 30; /* one half */
  int32_t abs_a = a > 0 ? a : (int32_t)(0u - (uint32_t)a);
  int32_t positive =
      zoo_one_over_one_plus_x(zoo_exp_on_negative_values((int32_t)(0u - (uint32_t)abs_a),
                                                         integer_bits));
  return a > 0 ? positive : ZOO_Q31_ONE - positive;
}

static inline int zoo_count_leading_zeros(uint32_t x) { return x ? __builtin_clz(x) : 32; }

#endif /* ZOO_TFLITE_MATH_H_ */
