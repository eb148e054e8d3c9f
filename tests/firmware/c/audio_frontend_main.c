/*
 * Test driver for the audio front end (firmware/frontends/audio) with CMSIS-DSP's C, built with
 * host gcc and for the Cortex-M4 QEMU harness alike. Files are little-endian int16 / int8 arrays
 * (host files through semihosting under QEMU); the input scale is passed as its float32 bits in
 * hex so no decimal parsing can change it.
 *
 *   stream IN OUT_MEL OUT_INPUT SCALE_BITS ZP CHUNKS...
 *       stream IN (int16 PCM) through zoo_audio_push in chunks of the given sizes (cycled);
 *       every frame's log-mel is appended to OUT_MEL (int16), and after the last sample the
 *       window's int8 model input (zoo_audio_window_to_input) is written to OUT_INPUT;
 *       prints "frames F ready R"
 *   requantize SCALE_BITS...   prints "MULTIPLIER SHIFT" (or "error CODE") per scale
 *   map IN OUT SCALE_BITS ZP    int16 q8.7 values -> int8 (zoo_audio_to_model_input)
 *   selftest                    prints "selftest RC mismatches N"
 *   facts                       prints the tables' constants
 * Exit status: 0, or 2 for bad usage / files, 3 when a front-end call fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_io.h"
#include "zoo_audio_frontend.h"

#define PCM_MAX 40000
#define CHUNKS_MAX 16

static int16_t s_pcm[PCM_MAX];
static int8_t s_input[PCM_MAX];
static int16_t s_values[PCM_MAX];
#define WINDOW_MAX 8192
static int16_t s_window[WINDOW_MAX];

static size_t read_int16(const char *path, int16_t *out, size_t cap) {
  FILE *f = open_or_die(path, "rb");
  size_t n = fread(out, sizeof out[0], cap, f);
  fclose(f);
  return n;
}

static int run_stream(int argc, char **argv) {
  if (argc < 6) return 2;
  size_t n = read_int16(argv[0], s_pcm, PCM_MAX);
  float scale = float_from_bits(argv[3]);
  int32_t zp = (int32_t)strtol(argv[4], NULL, 10);
  size_t chunks[CHUNKS_MAX];
  int n_chunks = argc - 5 < CHUNKS_MAX ? argc - 5 : CHUNKS_MAX;
  for (int i = 0; i < n_chunks; ++i) chunks[i] = (size_t)strtoul(argv[5 + i], NULL, 10);
  if (zoo_audio_init() != ZOO_AUDIO_OK) return 3;
  FILE *mel = open_or_die(argv[1], "wb");
  size_t at = 0;
  for (int c = 0; at < n; c = (c + 1) % n_chunks) {
    size_t take = chunks[c] < n - at ? chunks[c] : n - at;
    size_t made = zoo_audio_push(&s_pcm[at], take);
    uint32_t n_mels = zoo_audio_n_mels();
    uint32_t n_frames = zoo_audio_n_frames();
    if (made > n_frames || n_frames * n_mels > WINDOW_MAX) return 3; /* chunk too large */
    if (made > 0 && zoo_audio_window_ready()) {
      /* the window, oldest row first: the last `made` rows are the new frames */
      zoo_audio_window_log_mel(s_window);
      fwrite(&s_window[(n_frames - made) * n_mels], sizeof s_window[0], made * n_mels, mel);
    } else if (made > 0) {
      /* the ring has not wrapped yet: the new rows end at the newest one */
      fwrite(zoo_audio_latest_frame() - (made - 1) * n_mels, sizeof s_window[0], made * n_mels,
             mel);
    }
    at += take;
  }
  fclose(mel);
  int ready = zoo_audio_window_ready();
  printf("frames %u ready %d\n", (unsigned)zoo_audio_frames(), ready);
  if (ready) {
    int rc = zoo_audio_window_to_input(scale, zp, s_input);
    if (rc != ZOO_AUDIO_OK) {
      printf("window_to_input %d\n", rc);
      return 3;
    }
    FILE *out = open_or_die(argv[2], "wb");
    fwrite(s_input, 1, zoo_audio_window_values(), out);
    fclose(out);
  }
  return 0;
}

static int run_requantize(int argc, char **argv) {
  for (int i = 0; i < argc; ++i) {
    int32_t multiplier;
    int shift;
    int rc = zoo_audio_requantize(float_from_bits(argv[i]), &multiplier, &shift);
    if (rc == ZOO_AUDIO_OK) {
      printf("%ld %d\n", (long)multiplier, shift);
    } else {
      printf("error %d\n", rc);
    }
  }
  return 0;
}

static int run_map(int argc, char **argv) {
  if (argc != 4) return 2;
  size_t n = read_int16(argv[0], s_values, PCM_MAX);
  int rc = zoo_audio_to_model_input(s_values, n, float_from_bits(argv[2]),
                                    (int32_t)strtol(argv[3], NULL, 10), s_input);
  if (rc != ZOO_AUDIO_OK) {
    printf("map %d\n", rc);
    return 3;
  }
  FILE *out = open_or_die(argv[1], "wb");
  fwrite(s_input, 1, n, out);
  fclose(out);
  return 0;
}

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "stream") == 0) return run_stream(argc - 2, argv + 2);
  if (argc >= 2 && strcmp(argv[1], "requantize") == 0) return run_requantize(argc - 2, argv + 2);
  if (argc >= 2 && strcmp(argv[1], "map") == 0) return run_map(argc - 2, argv + 2);
  if (argc == 2 && strcmp(argv[1], "selftest") == 0) {
    if (zoo_audio_init() != ZOO_AUDIO_OK) return 3;
    uint32_t mismatches = 0;
    int rc = zoo_audio_selftest(&mismatches);
    printf("selftest %d mismatches %u\n", rc, (unsigned)mismatches);
    return 0;
  }
  if (argc == 2 && strcmp(argv[1], "facts") == 0) {
    printf("model %s rate %u fft %u hop %u mels %u frames %u\n", zoo_audio_tables_model(),
           (unsigned)zoo_audio_sample_rate_hz(), (unsigned)zoo_audio_fft_length(),
           (unsigned)zoo_audio_hop_length(), (unsigned)zoo_audio_n_mels(),
           (unsigned)zoo_audio_n_frames());
    return 0;
  }
  printf("usage: %s stream|requantize|map|selftest|facts ...\n", argv[0]);
  return 2;
}
