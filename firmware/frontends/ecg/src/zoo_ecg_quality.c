/* Signal-quality gate (see zoo_ecg_quality.h); mirrors modules/heart_arrhythmia/quality.py. */
#include "zoo_ecg_quality.h"

int32_t zoo_ecg_quality_thresholds(zoo_quality_thresholds_t *t, int32_t units_per_mv) {
  if (t == NULL || units_per_mv <= 0) {
    return ZOO_QUALITY_ERR_ARG;
  }
  t->flat = (int64_t)ZOO_QUALITY_FLAT_UV * units_per_mv / 1000;
  t->amplitude_max = (int64_t)ZOO_QUALITY_AMPLITUDE_MAX_UV * units_per_mv / 1000;
  return 0;
}

static void sort_ascending(int64_t *v, size_t n) {
  for (size_t i = 1; i < n; i++) {
    int64_t key = v[i];
    size_t j = i;
    while (j > 0 && v[j - 1] > key) {
      v[j] = v[j - 1];
      j--;
    }
    v[j] = key;
  }
}

static int64_t abs64(int64_t v) { return v < 0 ? -v : v; }

/* Samples in runs of >= PLATEAU_MIN_RUN nearly equal samples lying at the window's extremes. */
static size_t plateau_samples(const int32_t *x, size_t n, int64_t hi, int64_t lo) {
  size_t total = 0, run = 0;
  for (size_t i = 0; i < n; i++) {
    const int64_t v = x[i];
    const int at_extreme = v >= hi - ZOO_QUALITY_PLATEAU_TOL_UNITS ||
                           v <= lo + ZOO_QUALITY_PLATEAU_TOL_UNITS;
    if (at_extreme && run > 0 && abs64(v - (int64_t)x[i - 1]) <= ZOO_QUALITY_PLATEAU_TOL_UNITS) {
      run++;
      continue;
    }
    if (run >= ZOO_QUALITY_PLATEAU_MIN_RUN) {
      total += run;
    }
    run = at_extreme ? 1u : 0u;
  }
  if (run >= ZOO_QUALITY_PLATEAU_MIN_RUN) {
    total += run;
  }
  return total;
}

zoo_quality_t zoo_ecg_quality_assess(const int32_t *x, size_t n, const zoo_quality_thresholds_t *t) {
  int64_t ranges[ZOO_QUALITY_MAX_SEGMENTS];
  int64_t peaks[ZOO_QUALITY_MAX_SEGMENTS];
  const size_t n_seg = n / ZOO_QUALITY_SEGMENT_SAMPLES;
  if (x == NULL || t == NULL || n < 2 || n_seg == 0 ||
      n > ZOO_QUALITY_MAX_SEGMENTS * ZOO_QUALITY_SLOPE_SEGMENT_SAMPLES) {
    return ZOO_QUALITY_ERR_ARG;
  }

  /* Flat line: 2 s segments that barely move. */
  int64_t hi = x[0], lo = x[0];
  size_t flat = 0;
  for (size_t s = 0; s < n_seg; s++) {
    int64_t smax = x[s * ZOO_QUALITY_SEGMENT_SAMPLES], smin = smax;
    for (size_t i = 1; i < ZOO_QUALITY_SEGMENT_SAMPLES; i++) {
      const int64_t v = x[s * ZOO_QUALITY_SEGMENT_SAMPLES + i];
      smax = v > smax ? v : smax;
      smin = v < smin ? v : smin;
    }
    ranges[s] = smax - smin;
    flat += ranges[s] < t->flat ? 1u : 0u;
  }
  if (flat >= ZOO_QUALITY_FLAT_SEGMENTS) {
    return ZOO_QUALITY_FLAT;
  }

  /* Saturation: long plateaus at the window's own extremes. */
  for (size_t i = 1; i < n; i++) {
    hi = x[i] > hi ? x[i] : hi;
    lo = x[i] < lo ? x[i] : lo;
  }
  if ((int64_t)plateau_samples(x, n, hi, lo) * 1000 >=
      (int64_t)ZOO_QUALITY_SATURATED_PER_MILLE * (int64_t)n) {
    return ZOO_QUALITY_SATURATED;
  }

  /* Implausible amplitude: median 2 s peak-to-peak. */
  sort_ascending(ranges, n_seg);
  if (ranges[n_seg / 2] > t->amplitude_max) {
    return ZOO_QUALITY_AMPLITUDE;
  }

  /* Mostly noise: median per-second steepest slope against the mean absolute slope. */
  const size_t n_d = n - 1;
  const size_t n_slope = n_d / ZOO_QUALITY_SLOPE_SEGMENT_SAMPLES;
  int64_t sum = 0;
  for (size_t i = 0; i < n_d; i++) {
    const int64_t d = abs64((int64_t)x[i + 1] - (int64_t)x[i]);
    sum += d;
    const size_t s = i / ZOO_QUALITY_SLOPE_SEGMENT_SAMPLES;
    if (s < n_slope) {
      if (i % ZOO_QUALITY_SLOPE_SEGMENT_SAMPLES == 0 || d > peaks[s]) {
        peaks[s] = d;
      }
    }
  }
  if (n_slope == 0) {
    return ZOO_QUALITY_ERR_ARG;
  }
  sort_ascending(peaks, n_slope);
  const int64_t peak = peaks[(n_slope - 1) / 2];
  if ((int64_t)ZOO_QUALITY_NOISE_PEAK_DEN * peak * (int64_t)n_d <
      (int64_t)ZOO_QUALITY_NOISE_PEAK_NUM * sum) {
    return ZOO_QUALITY_NOISE;
  }
  return ZOO_QUALITY_READABLE;
}
