/*
 * Instruction count of the audio front end (zoo_audio_frontend.h) for one model window, under
 * QEMU: built by benchmarks/firmware.py for a package whose manifest declares the "audio" front
 * end (firmware_tools/frontends/audio/bench.py gives the defines). Each mode counts one region:
 *
 *   frontend.elf frames  one window's audio (zoo_audio_clip_samples(), 1 s) streamed through
 *                        zoo_audio_push in hop-sized chunks (as the PDM callback delivers it):
 *                        N_FRAMES log-mel frames, each one arm_mfcc_q15 call
 *   frontend.elf input   zoo_audio_window_to_input: the window's log-mel -> the int8 model input
 *
 * The input is deterministic: a gliding tone in integer noise (the counts hardly depend on it,
 * except that a frame whose peak is already full scale skips one scaling pass).
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "zoo_audio_frontend.h"

#define BENCH_MAX_SAMPLES 32000
static int16_t s_pcm[BENCH_MAX_SAMPLES];
static int8_t s_input[8192];

static void synthesize(uint32_t n) {
  uint32_t noise = 1u;
  uint32_t phase = 0;
  for (uint32_t i = 0; i < n; ++i) {
    noise = noise * 1664525u + 1013904223u;
    phase += 0x01000000u + (i << 6); /* a slow chirp in Q32 cycles per sample */
    int32_t saw = (int32_t)(phase >> 20) - 2048; /* +-2048 sawtooth */
    s_pcm[i] = (int16_t)(saw * 4 + ((int32_t)(noise >> 24) - 128));
  }
}

static int run_frames(void) {
  uint32_t n = zoo_audio_clip_samples();
  uint32_t hop = zoo_audio_hop_length();
  if (n > BENCH_MAX_SAMPLES) return 2;
  synthesize(n);
  size_t frames = 0;
  harness_count_begin();
  for (uint32_t at = 0; at < n; at += hop) {
    frames += zoo_audio_push(&s_pcm[at], n - at < hop ? n - at : hop);
  }
  harness_count_end();
  printf("frames %u ready %d\n", (unsigned)frames, zoo_audio_window_ready());
  return zoo_audio_window_ready() ? 0 : 2;
}

static int run_input(void) {
  uint32_t n = zoo_audio_clip_samples();
  if (n > BENCH_MAX_SAMPLES) return 2;
  synthesize(n);
  zoo_audio_push(s_pcm, n);
  if (zoo_audio_window_values() > sizeof s_input) return 2;
  harness_count_begin();
  int status = zoo_audio_window_to_input(ZOO_INPUT_SCALE, ZOO_INPUT_ZERO_POINT, s_input);
  harness_count_end();
  printf("window_to_input status %d\n", status);
  return status == 0 ? 0 : 2;
}

int main(int argc, char **argv) {
  if (zoo_audio_init() != ZOO_AUDIO_OK) {
    printf("zoo_audio_init failed\n");
    return 2;
  }
  if (argc == 2 && strcmp(argv[1], "frames") == 0) return run_frames();
  if (argc == 2 && strcmp(argv[1], "input") == 0) return run_input();
  printf("usage: %s frames|input\n", argv[0]);
  return 2;
}
