/* Harness self-test: argv, stdout, host files through semihosting, exit status, counting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

int main(int argc, char **argv) {
  if (argc < 4) return 2;
  unsigned loops = (unsigned)atoi(argv[1]);
  printf("hello from %s: %d args\n", argv[0], argc);

  FILE *in = fopen(argv[2], "rb");
  if (!in) return 3;
  char text[64] = {0};
  size_t n = fread(text, 1, sizeof text - 1, in);
  fclose(in);
  FILE *out = fopen(argv[3], "wb");
  if (!out) return 4;
  for (size_t i = 0; i < n; i++) fputc(text[i] ^ 0x20, out); /* swap letter case */
  fclose(out);

  volatile float x = 1.5f; /* the FPU must be enabled */
  x = x * x;
  printf("x*100=%d\n", (int)(x * 100.0f));

  harness_count_begin();
  __asm__ volatile("1: subs %0, %0, #1\n bne 1b\n" : "+r"(loops)::"cc"); /* 2 instructions */
  harness_count_end();
  if (n == 5 && memcmp(text, "exit!", 5) == 0) exit(42);
  return 7;
}
