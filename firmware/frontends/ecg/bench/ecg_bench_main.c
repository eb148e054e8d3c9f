/*
 * Instruction count of the ECG front end (zoo_ecg_frontend.h) for one model window, under QEMU:
 * built by benchmarks/firmware.py for a package whose manifest declares the "ecg" front end
 * (firmware_tools/frontends/ecg/bench.py gives the defines). Each mode counts one region:
 *
 *   frontend.elf resample  ZOO_SENSOR_RATE_HZ -> ZOO_MODEL_RATE_HZ over one window's worth of
 *                          sensor samples (in chunks of 1/10 s, as a sensor FIFO delivers them)
 *   frontend.elf window    zoo_ecg_window_to_input on one window at the model rate
 *   frontend.elf quality   the signal-quality gate (zoo_ecg_quality_assess, zoo_ecg_quality.h)
 *                          on one window at the model rate, as the app runs it before the
 *                          front end: every window pays for it, refused or not
 *
 * The input is a deterministic synthetic beat train (a spike and a slow wave every 0.8 s plus a
 * drifting baseline); the counts hardly depend on the values.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "zoo_ecg_frontend.h"
#include "zoo_ecg_quality.h"

#define SENSOR_SAMPLES (ZOO_WINDOW_SAMPLES * ZOO_SENSOR_RATE_HZ / ZOO_MODEL_RATE_HZ)

static int32_t s_sensor[SENSOR_SAMPLES];
static int32_t s_window[ZOO_WINDOW_SAMPLES + 16];
static int8_t s_input[ZOO_WINDOW_SAMPLES];

static int32_t synthetic_ecg(int32_t n, int32_t rate_hz) {
  int32_t period = rate_hz * 4 / 5; /* 75 beats per minute */
  int32_t phase = n % period;
  int32_t baseline = (n / rate_hz) % 2 ? 40 : -40;
  int32_t spike = phase < rate_hz / 50 ? 1200 : 0;
  int32_t wave = phase > period / 3 && phase < period / 2 ? 250 : 0;
  return baseline + spike + wave;
}

static int run_resample(void) {
  static zoo_resampler_t resampler;
  if (zoo_resampler_init(&resampler, ZOO_SENSOR_RATE_HZ, ZOO_MODEL_RATE_HZ) != 0) {
    printf("resampler does not support %d -> %d Hz\n", ZOO_SENSOR_RATE_HZ, ZOO_MODEL_RATE_HZ);
    return 2;
  }
  for (int32_t i = 0; i < SENSOR_SAMPLES; ++i) s_sensor[i] = synthetic_ecg(i, ZOO_SENSOR_RATE_HZ);
  const int32_t chunk = ZOO_SENSOR_RATE_HZ / 10;
  size_t produced = 0;
  harness_count_begin();
  for (int32_t start = 0; start < SENSOR_SAMPLES; start += chunk) {
    int32_t n = SENSOR_SAMPLES - start < chunk ? SENSOR_SAMPLES - start : chunk;
    produced += zoo_resampler_process(&resampler, s_sensor + start, (size_t)n, s_window + produced,
                                      sizeof s_window / sizeof s_window[0] - produced);
  }
  harness_count_end();
  printf("resampled %d -> %d samples\n", SENSOR_SAMPLES, (int)produced);
  return 0;
}

static int run_window(void) {
  for (int32_t i = 0; i < ZOO_WINDOW_SAMPLES; ++i) s_window[i] = synthetic_ecg(i, ZOO_MODEL_RATE_HZ);
  harness_count_begin();
  int status = zoo_ecg_window_to_input(s_window, ZOO_WINDOW_SAMPLES, ZOO_INPUT_SCALE,
                                       ZOO_INPUT_ZERO_POINT, s_input);
  harness_count_end();
  printf("window_to_input status %d\n", status);
  return status == 0 ? 0 : 2;
}

static int run_quality(void) {
  /* Model units at the tables' nominal sensor gain, as the app uses for an uncalibrated sensor;
   * the synthetic counts are scaled so that the spike is ~1.5 mV there. */
  int32_t units_per_mv = (int32_t)(zoo_ecg_nominal_counts_per_mv() << zoo_ecg_sample_shift());
  int32_t scale = (int32_t)zoo_ecg_nominal_counts_per_mv() * 3 / 2;
  for (int32_t i = 0; i < ZOO_WINDOW_SAMPLES; ++i) {
    /* plus a small triangular ripple: the beat train's flat stretches would be plateaus at the
     * window's extremes (saturation), and the count is meant for a readable window */
    int32_t phase = i % 20;
    int32_t ripple = (phase < 10 ? phase : 20 - phase) * 2 - 10;
    int32_t counts = (synthetic_ecg(i, ZOO_MODEL_RATE_HZ) + ripple) * scale / 1200;
    s_window[i] = counts * (int32_t)(1u << zoo_ecg_sample_shift());
  }
  zoo_quality_thresholds_t thresholds;
  harness_count_begin();
  int32_t status = zoo_ecg_quality_thresholds(&thresholds, units_per_mv);
  zoo_quality_t verdict = zoo_ecg_quality_assess(s_window, ZOO_WINDOW_SAMPLES, &thresholds);
  harness_count_end();
  printf("quality thresholds %d verdict %d\n", (int)status, (int)verdict);
  return status == 0 && verdict == ZOO_QUALITY_READABLE ? 0 : 2;
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "resample") == 0) return run_resample();
  if (argc == 2 && strcmp(argv[1], "window") == 0) return run_window();
  if (argc == 2 && strcmp(argv[1], "quality") == 0) return run_quality();
  printf("usage: %s resample|window|quality\n", argv[0]);
  return 2;
}
