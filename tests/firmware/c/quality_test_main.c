/*
 * Test driver for the ECG quality gate (firmware/frontends/ecg), host gcc and Cortex-M4 QEMU.
 *   assess UNITS_PER_MV IN OUT N   IN: int32 windows of N samples; OUT: one int32 verdict each
 *   count UNITS_PER_MV IN N        like assess, instructions of each call counted (QEMU only)
 *   args                           prints the verdicts for bad arguments
 * Exit status: 0, or 2 for bad usage / files.
 */
#include <stdio.h>
#include <stdlib.h>

#include "zoo_ecg_quality.h"

#ifdef ZOO_QEMU_HARNESS
#include "harness.h"
#else
static void harness_count_begin(void) {}
static void harness_count_end(void) {}
#endif

#define WINDOW_MAX 3200

static int32_t s_window[WINDOW_MAX];

int main(int argc, char **argv) {
  zoo_quality_thresholds_t t;
  if (argc >= 2 && argv[1][0] == 'a' && argv[1][1] == 'r') {
    int32_t one[ZOO_QUALITY_SEGMENT_SAMPLES] = {0};
    (void)zoo_ecg_quality_thresholds(&t, 51200);
    printf("%d %d %d %d\n", (int)zoo_ecg_quality_thresholds(NULL, 1),
           (int)zoo_ecg_quality_thresholds(&t, 0), (int)zoo_ecg_quality_assess(NULL, 10, &t),
           (int)zoo_ecg_quality_assess(one, 10, &t));
    return 0;
  }
  const int count = argc == 5 && argv[1][0] == 'c';
  if (argc != 6 && !count) {
    printf("usage: assess UNITS_PER_MV IN OUT N | count UNITS_PER_MV IN N\n");
    return 2;
  }
  const int32_t units = (int32_t)strtol(argv[2], NULL, 10);
  const size_t n = (size_t)strtoul(argv[count ? 4 : 5], NULL, 10);
  if (n == 0 || n > WINDOW_MAX || zoo_ecg_quality_thresholds(&t, units) != 0) {
    printf("bad arguments\n");
    return 2;
  }
  FILE *in = fopen(argv[3], "rb");
  FILE *out = count ? NULL : fopen(argv[4], "wb");
  if (in == NULL || (out == NULL && !count)) {
    printf("cannot open files\n");
    return 2;
  }
  size_t windows = 0;
  while (fread(s_window, sizeof(int32_t), n, in) == n) {
    harness_count_begin();
    const int32_t verdict = (int32_t)zoo_ecg_quality_assess(s_window, n, &t);
    harness_count_end();
    if (out != NULL) {
      fwrite(&verdict, sizeof verdict, 1, out);
    }
    windows++;
  }
  fclose(in);
  if (out != NULL) {
    fclose(out);
  }
  printf("windows %u\n", (unsigned)windows);
  return 0;
}
