/*
 * Signal-quality gate of the ECG front end: decides, before the classifier runs, whether a
 * window at the model rate is readable ECG. A flat line (lead off), a clipped signal, an
 * implausibly large one or mostly noise is UNREADABLE and must never be reported as a rhythm.
 *
 * The C twin of modules/heart_arrhythmia/quality.py, bit for bit: integer arithmetic only, on
 * the window in "model units" (sensor counts << sample shift, what zoo_resampler_process emits).
 * The constants below must equal the Python module's (a test reads them from this header).
 */
#ifndef ZOO_ECG_QUALITY_H_
#define ZOO_ECG_QUALITY_H_

#include <stddef.h>
#include <stdint.h>

#define ZOO_QUALITY_SEGMENT_SAMPLES 200       /* flat and amplitude checks: 2 s at 100 Hz */
#define ZOO_QUALITY_SLOPE_SEGMENT_SAMPLES 100 /* noise check: 1 s at 100 Hz */
#define ZOO_QUALITY_FLAT_UV 50
#define ZOO_QUALITY_FLAT_SEGMENTS 2
#define ZOO_QUALITY_AMPLITUDE_MAX_UV 10000
#define ZOO_QUALITY_PLATEAU_TOL_UNITS 2
#define ZOO_QUALITY_PLATEAU_MIN_RUN 8
#define ZOO_QUALITY_SATURATED_PER_MILLE 80
#define ZOO_QUALITY_NOISE_PEAK_NUM 15
#define ZOO_QUALITY_NOISE_PEAK_DEN 4
#define ZOO_QUALITY_MAX_SEGMENTS 32

/* Verdicts (quality.REASON_CODES order after READABLE); negative: bad arguments. */
typedef enum {
  ZOO_QUALITY_READABLE = 0,
  ZOO_QUALITY_FLAT = 1,
  ZOO_QUALITY_SATURATED = 2,
  ZOO_QUALITY_AMPLITUDE = 3,
  ZOO_QUALITY_NOISE = 4,
  ZOO_QUALITY_ERR_ARG = -1
} zoo_quality_t;

typedef struct {
  int64_t flat;          /* 2 s peak-to-peak below this is flat, model units */
  int64_t amplitude_max; /* median 2 s peak-to-peak above this is implausible */
} zoo_quality_thresholds_t;

/* Thresholds for a sensor gain of units_per_mv model units per mV (counts/mV << shift). */
int32_t zoo_ecg_quality_thresholds(zoo_quality_thresholds_t *t, int32_t units_per_mv);

/* The verdict for one window of n samples (n <= ZOO_QUALITY_MAX_SEGMENTS seconds at 100 Hz). */
zoo_quality_t zoo_ecg_quality_assess(const int32_t *x, size_t n, const zoo_quality_thresholds_t *t);

#endif /* ZOO_ECG_QUALITY_H_ */
