/*
 * Test driver for the ECG front end (firmware/frontends/ecg) and firmware/common's
 * post-processing, built with host gcc and for the Cortex-M4 QEMU harness alike. Files are little-endian int32 / int8 arrays (host files through
 * semihosting under QEMU); float parameters are passed as their float32 bits in hex so no
 * decimal parsing can change them.
 *
 *   record RATE IN OUT SCALE_BITS ZP STRIDE CHUNK   stream IN (int32 counts at RATE) through the
 *                                                   resampler in CHUNK-sample reads, cut windows
 *                                                   every STRIDE model samples -> int8 inputs
 *   resample RATE IN OUT CHUNK [CAP]                resampled int32; prints outputs / dropped
 *   windows IN OUT SCALE_BITS ZP [FLOOR_Q16]        int32 windows -> int8 inputs
 *   tracker IN OUT CLASSES SMOOTHING SCALE_BITS ZP  int8 scores -> int32 smoothed classes, then
 *                                                   the burden of every class, then windows seen
 *   init IN_RATE OUT_RATE                           prints zoo_resampler_init's code
 *   window_rc N SCALE_BITS VALUE                    prints zoo_ecg_window_to_input's code for N
 *                                                   samples of VALUE
 *   null                                            prints the codes for NULL arguments
 *   floor COUNTS_PER_MV                             prints zoo_ecg_std_floor_q16
 *   facts                                           prints rate, window, sample shift
 * Exit status: 0, or 2 for bad usage / files, 3 when a front-end call fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_io.h"
#include "zoo_ecg_frontend.h"
#include "zoo_postprocess.h"

#define CHUNK_MAX 4096
#define WINDOW_MAX 4096
#define RESAMPLED_MAX (2 * CHUNK_MAX)

static int32_t s_chunk[CHUNK_MAX];
static int32_t s_resampled[RESAMPLED_MAX];
static int32_t s_window[WINDOW_MAX];
static int8_t s_input[WINDOW_MAX];

static int run_record(char **argv) {
  zoo_resampler_t rs;
  uint32_t rate = (uint32_t)strtoul(argv[0], NULL, 10);
  float scale = float_from_bits(argv[3]);
  int32_t zp = (int32_t)strtol(argv[4], NULL, 10);
  size_t stride = (size_t)strtoul(argv[5], NULL, 10);
  size_t chunk = (size_t)strtoul(argv[6], NULL, 10);
  size_t window = zoo_ecg_window_samples();
  if (zoo_resampler_init(&rs, rate, zoo_ecg_model_rate_hz()) != ZOO_ECG_OK) return 3;
  if (chunk == 0 || chunk > CHUNK_MAX || stride == 0 || stride > window || window > WINDOW_MAX)
    return 2;
  FILE *in = open_or_die(argv[1], "rb");
  FILE *out = open_or_die(argv[2], "wb");
  size_t fill = 0, got, windows = 0;
  while ((got = fread(s_chunk, sizeof(int32_t), chunk, in)) > 0) {
    size_t bound = zoo_resampler_max_output(&rs, got);
    size_t n = zoo_resampler_process(&rs, s_chunk, got, s_resampled,
                                     bound < RESAMPLED_MAX ? bound : RESAMPLED_MAX);
    for (size_t i = 0; i < n; ++i) {
      s_window[fill++] = s_resampled[i];
      if (fill == window) {
        int rc = zoo_ecg_window_to_input(s_window, window, scale, zp, s_input);
        if (rc != ZOO_ECG_OK) return 3;
        fwrite(s_input, 1, window, out);
        windows++;
        memmove(s_window, s_window + stride, (window - stride) * sizeof(int32_t));
        fill = window - stride;
      }
    }
  }
  fclose(in);
  fclose(out);
  printf("windows %u dropped %u\n", (unsigned)windows, (unsigned)rs.dropped);
  return 0;
}

static int run_resample(int argc, char **argv) {
  zoo_resampler_t rs;
  uint32_t rate = (uint32_t)strtoul(argv[0], NULL, 10);
  size_t chunk = (size_t)strtoul(argv[3], NULL, 10);
  size_t cap = argc > 4 ? (size_t)strtoul(argv[4], NULL, 10) : RESAMPLED_MAX;
  if (zoo_resampler_init(&rs, rate, zoo_ecg_model_rate_hz()) != ZOO_ECG_OK) return 3;
  if (chunk == 0 || chunk > CHUNK_MAX || cap > RESAMPLED_MAX) return 2;
  FILE *in = open_or_die(argv[1], "rb");
  FILE *out = open_or_die(argv[2], "wb");
  size_t got, total = 0;
  while ((got = fread(s_chunk, sizeof(int32_t), chunk, in)) > 0) {
    size_t bound = zoo_resampler_max_output(&rs, got);
    size_t n = zoo_resampler_process(&rs, s_chunk, got, s_resampled, bound < cap ? bound : cap);
    fwrite(s_resampled, sizeof(int32_t), n, out);
    total += n;
  }
  fclose(in);
  fclose(out);
  printf("outputs %u dropped %u\n", (unsigned)total, (unsigned)rs.dropped);
  return 0;
}

static int run_windows(int argc, char **argv) {
  float scale = float_from_bits(argv[2]);
  int32_t zp = (int32_t)strtol(argv[3], NULL, 10);
  size_t window = zoo_ecg_window_samples();
  FILE *in = open_or_die(argv[0], "rb");
  FILE *out = open_or_die(argv[1], "wb");
  while (fread(s_window, sizeof(int32_t), window, in) == window) {
    int rc = argc > 4 ? zoo_ecg_window_to_input_floor(s_window, window,
                                                      (uint32_t)strtoul(argv[4], NULL, 10),
                                                      scale, zp, s_input)
                      : zoo_ecg_window_to_input(s_window, window, scale, zp, s_input);
    if (rc != ZOO_ECG_OK) return 3;
    fwrite(s_input, 1, window, out);
  }
  fclose(in);
  fclose(out);
  return 0;
}

static int run_tracker(char **argv) {
  static zoo_rhythm_tracker_t tracker;
  uint32_t classes = (uint32_t)strtoul(argv[2], NULL, 10);
  uint32_t smoothing = (uint32_t)strtoul(argv[3], NULL, 10);
  float scale = float_from_bits(argv[4]);
  int32_t zp = (int32_t)strtol(argv[5], NULL, 10);
  int8_t scores[ZOO_TRACKER_MAX_CLASSES];
  if (classes == 0 || classes > ZOO_TRACKER_MAX_CLASSES) return 2;
  zoo_rhythm_tracker_init(&tracker, classes, smoothing);
  FILE *in = open_or_die(argv[0], "rb");
  FILE *out = open_or_die(argv[1], "wb");
  while (fread(scores, 1, classes, in) == classes) {
    uint32_t smoothed = zoo_rhythm_tracker_update(&tracker, scores, scale, zp);
    fwrite(&smoothed, sizeof smoothed, 1, out);
  }
  for (uint32_t c = 0; c < classes; ++c) {
    uint32_t burden = zoo_rhythm_tracker_burden_permille(&tracker, c);
    fwrite(&burden, sizeof burden, 1, out);
  }
  uint32_t seen = zoo_rhythm_tracker_windows_seen(&tracker);
  fwrite(&seen, sizeof seen, 1, out);
  fclose(in);
  fclose(out);
  return 0;
}

static int run_null(void) {
  zoo_resampler_t rs;
  int32_t sample = 0, window[1] = {0};
  int8_t input[1];
  printf("init %d\n", zoo_resampler_init(NULL, 250, 100));
  printf("window %d\n", zoo_ecg_window_to_input(NULL, 1, 0.05f, 0, input));
  printf("out %d\n", zoo_ecg_window_to_input(window, 1, 0.05f, 0, NULL));
  memset(&rs, 0, sizeof rs);
  printf("uninit %u\n", (unsigned)zoo_resampler_process(&rs, &sample, 1, &sample, 1));
  printf("tracker %lu\n", (unsigned long)zoo_rhythm_tracker_update(NULL, input, 1.0f, 0));
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  const char *mode = argv[1];
  int rest = argc - 2;
  char **args = argv + 2;
  if (strcmp(mode, "record") == 0 && rest == 7) return run_record(args);
  if (strcmp(mode, "resample") == 0 && (rest == 4 || rest == 5)) return run_resample(rest, args);
  if (strcmp(mode, "windows") == 0 && (rest == 4 || rest == 5)) return run_windows(rest, args);
  if (strcmp(mode, "tracker") == 0 && rest == 6) return run_tracker(args);
  if (strcmp(mode, "init") == 0 && rest == 2) {
    zoo_resampler_t rs;
    printf("rc %d\n", zoo_resampler_init(&rs, (uint32_t)strtoul(args[0], NULL, 10),
                                         (uint32_t)strtoul(args[1], NULL, 10)));
    return 0;
  }
  if (strcmp(mode, "window_rc") == 0 && rest == 3) {
    size_t n = (size_t)strtoul(args[0], NULL, 10);
    int32_t value = (int32_t)strtol(args[2], NULL, 10);
    if (n > WINDOW_MAX) return 2;
    for (size_t i = 0; i < n; ++i) s_window[i] = value;
    printf("rc %d\n", zoo_ecg_window_to_input(s_window, n, float_from_bits(args[1]), 0, s_input));
    return 0;
  }
  if (strcmp(mode, "null") == 0) return run_null();
  if (strcmp(mode, "floor") == 0 && rest == 1) {
    printf("floor %lu\n", (unsigned long)zoo_ecg_std_floor_q16((uint32_t)strtoul(args[0], NULL, 10)));
    return 0;
  }
  if (strcmp(mode, "facts") == 0) {
    printf("rate %lu window %lu shift %lu\n", (unsigned long)zoo_ecg_model_rate_hz(),
           (unsigned long)zoo_ecg_window_samples(), (unsigned long)zoo_ecg_sample_shift());
    return 0;
  }
  printf("usage: see the comment at the top of common_test_main.c\n");
  return 2;
}
