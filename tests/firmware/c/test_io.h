/*
 * File and number helpers shared by the test programs in tests/firmware/c/ (host gcc and the
 * QEMU harness alike): open a file or exit 2 with its name, and a float32 from its hex bits (so
 * Python passes exact values on the command line).
 */
#ifndef ZOO_TEST_IO_H_
#define ZOO_TEST_IO_H_

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline float float_from_bits(const char *text) {
  uint32_t word = (uint32_t)strtoul(text, NULL, 16);
  float value;
  memcpy(&value, &word, sizeof value);
  return value;
}

static inline FILE *open_or_die(const char *path, const char *mode) {
  FILE *f = fopen(path, mode);
  if (f == NULL) {
    printf("cannot open %s\n", path);
    exit(2);
  }
  return f;
}

#endif /* ZOO_TEST_IO_H_ */
