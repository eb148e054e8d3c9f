/* Window smoothing and burden over a classifier's int8 scores; see zoo_postprocess.h. */
#include "zoo_postprocess.h"

#include <stddef.h>
#include <string.h>

#include "zoo_fixed_point.h"

static uint32_t clamp_u32(uint32_t x, uint32_t lo, uint32_t hi) {
  return x < lo ? lo : (x > hi ? hi : x);
}

void zoo_rhythm_tracker_init(zoo_rhythm_tracker_t *t, uint32_t num_classes,
                             uint32_t smoothing_windows) {
  if (t == NULL) return;
  memset(t, 0, sizeof *t);
  t->num_classes = clamp_u32(num_classes, 1u, ZOO_TRACKER_MAX_CLASSES);
  t->smoothing_windows = clamp_u32(smoothing_windows, 1u, ZOO_TRACKER_MAX_WINDOWS);
}

/* Lowest index of the largest value. */
static uint32_t argmax_s32(const int32_t *values, uint32_t n) {
  uint32_t best = 0;
  for (uint32_t c = 1; c < n; ++c) {
    if (values[c] > values[best]) best = c;
  }
  return best;
}

uint32_t zoo_rhythm_tracker_update(zoo_rhythm_tracker_t *t, const int8_t *scores, float out_scale,
                                   int32_t out_zero_point) {
  uint32_t mantissa;
  int32_t exponent;
  if (t == NULL || scores == NULL || out_zero_point < -128 || out_zero_point > 127 ||
      zoo_fx_float32_parts(out_scale, &mantissa, &exponent) != 0)
    return ZOO_TRACKER_INVALID;

  const uint32_t n = t->num_classes;
  int32_t centred[ZOO_TRACKER_MAX_CLASSES];
  for (uint32_t c = 0; c < n; ++c) centred[c] = (int32_t)scores[c] - out_zero_point;
  t->top_counts[argmax_s32(centred, n)]++;
  t->windows_seen++;

  int16_t *slot = t->ring[t->next];
  if (t->filled == t->smoothing_windows) {
    for (uint32_t c = 0; c < n; ++c) t->sums[c] -= slot[c];
  } else {
    t->filled++;
  }
  for (uint32_t c = 0; c < n; ++c) {
    slot[c] = (int16_t)centred[c];
    t->sums[c] += centred[c];
  }
  t->next = t->next + 1u == t->smoothing_windows ? 0u : t->next + 1u;
  t->smoothed_class = argmax_s32(t->sums, n);
  return t->smoothed_class;
}

uint32_t zoo_rhythm_tracker_burden_permille(const zoo_rhythm_tracker_t *t, uint32_t class_index) {
  if (t == NULL || t->windows_seen == 0u || class_index >= t->num_classes) return 0;
  uint64_t seen = t->windows_seen;
  return (uint32_t)(((uint64_t)t->top_counts[class_index] * 1000u + seen / 2u) / seen);
}

uint32_t zoo_rhythm_tracker_windows_seen(const zoo_rhythm_tracker_t *t) {
  return t == NULL ? 0u : t->windows_seen;
}
