/*
 * Instruction count of the ECG front end under the QEMU harness (firmware/harness), one counted
 * region per run (modelzoo.firmware.common_build.count_frontend_instructions drives it):
 *
 *   frontend_bench.elf window IN SCALE_BITS ZP   IN: one window of int32 model-rate samples;
 *                                                counts zoo_ecg_window_to_input
 *   frontend_bench.elf resample RATE IN          IN: int32 sensor samples at RATE Hz; counts
 *                                                zoo_resampler_process over all of them
 * Prints "rc <code> outputs <n>"; exits 0, or 2 on bad usage / files, 3 on a front-end error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "zoo_ecg_frontend.h"

#define SAMPLES_MAX 16384

static int32_t s_in[SAMPLES_MAX];
static int32_t s_out[SAMPLES_MAX];
static int8_t s_input[SAMPLES_MAX];

static size_t read_samples(const char *path) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return 0;
  size_t n = fread(s_in, sizeof(int32_t), SAMPLES_MAX, f);
  fclose(f);
  return n;
}

int main(int argc, char **argv) {
  if (argc == 5 && strcmp(argv[1], "window") == 0) {
    size_t n = read_samples(argv[2]);
    uint32_t bits = (uint32_t)strtoul(argv[3], NULL, 16);
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    if (n != zoo_ecg_window_samples()) return 2;
    harness_count_begin();
    int rc = zoo_ecg_window_to_input(s_in, n, scale, (int32_t)strtol(argv[4], NULL, 10), s_input);
    harness_count_end();
    printf("rc %d outputs %u\n", rc, (unsigned)n);
    return rc == ZOO_ECG_OK ? 0 : 3;
  }
  if (argc == 4 && strcmp(argv[1], "resample") == 0) {
    static zoo_resampler_t rs;
    size_t n = read_samples(argv[3]);
    int rc = zoo_resampler_init(&rs, (uint32_t)strtoul(argv[2], NULL, 10), zoo_ecg_model_rate_hz());
    if (n == 0) return 2;
    if (rc != ZOO_ECG_OK || zoo_resampler_max_output(&rs, n) > SAMPLES_MAX) return 3;
    harness_count_begin();
    size_t outputs = zoo_resampler_process(&rs, s_in, n, s_out, SAMPLES_MAX);
    harness_count_end();
    printf("rc %d outputs %u\n", rc, (unsigned)outputs);
    return 0;
  }
  printf("usage: frontend_bench.elf window IN SCALE_BITS ZP | resample RATE IN\n");
  return 2;
}
