/*
 * Post-processing of a classifier's int8 scores over consecutive windows (portable C99, no
 * malloc, integers only; firmware_tools/postprocess.py is the bit-exact Python reference).
 *
 * zoo_rhythm_tracker:
 *   - smoothed class: argmax over classes of the sum of (score - zero point) over the last
 *     `smoothing_windows` windows (the argmax of the mean dequantised score, since the output
 *     scale is positive; ties go to the lower class index);
 *   - burden: per class, the share of all windows seen whose own top class it was, in permille
 *     rounded to nearest (the per-window rhythm `modelzoo predict` reports; AF burden for AFIB).
 */
#ifndef ZOO_POSTPROCESS_H_
#define ZOO_POSTPROCESS_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef ZOO_TRACKER_MAX_CLASSES
#define ZOO_TRACKER_MAX_CLASSES 8
#endif
#ifndef ZOO_TRACKER_MAX_WINDOWS
#define ZOO_TRACKER_MAX_WINDOWS 16
#endif

/* zoo_rhythm_tracker_update's answer when it rejects its input (nothing is recorded). */
#define ZOO_TRACKER_INVALID UINT32_MAX

typedef struct zoo_rhythm_tracker {
  uint32_t num_classes;       /* clamped to [1, ZOO_TRACKER_MAX_CLASSES] */
  uint32_t smoothing_windows; /* clamped to [1, ZOO_TRACKER_MAX_WINDOWS] */
  uint32_t filled;            /* windows in the smoothing ring */
  uint32_t next;              /* ring slot the next window goes to */
  uint32_t windows_seen;
  uint32_t smoothed_class;
  int32_t sums[ZOO_TRACKER_MAX_CLASSES];
  uint32_t top_counts[ZOO_TRACKER_MAX_CLASSES];
  int16_t ring[ZOO_TRACKER_MAX_WINDOWS][ZOO_TRACKER_MAX_CLASSES];
} zoo_rhythm_tracker_t;

void zoo_rhythm_tracker_init(zoo_rhythm_tracker_t *t, uint32_t num_classes,
                             uint32_t smoothing_windows);

/* Adds one window's num_classes int8 scores; returns the smoothed class, or
 * ZOO_TRACKER_INVALID (and records nothing) for a NULL pointer, out_scale that is not a
 * positive normal float or out_zero_point outside [-128, 127]. */
uint32_t zoo_rhythm_tracker_update(zoo_rhythm_tracker_t *t, const int8_t *scores, float out_scale,
                                   int32_t out_zero_point);

/* Share of windows seen whose own top class was class_index, in permille (0 before any). */
uint32_t zoo_rhythm_tracker_burden_permille(const zoo_rhythm_tracker_t *t, uint32_t class_index);

uint32_t zoo_rhythm_tracker_windows_seen(const zoo_rhythm_tracker_t *t);

#ifdef __cplusplus
}
#endif

#endif /* ZOO_POSTPROCESS_H_ */
