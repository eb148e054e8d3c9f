/*
 * Audio front end of the zoo's speech models: int16 PCM -> log-mel (q8.7) -> the int8 model input.
 *
 * Portable C99, no malloc, no neuralSPOT includes. The model defines its front end in Python
 * (modules/audio/frontend.py: FrontendConfig, log_mel_q7, to_model_input); this file computes the
 * same thing on the device, bit for bit:
 *
 *   - framing: PCM arrives in chunks of any size; every ZOO_AUDIO_HOP_LENGTH samples a frame of the
 *     last ZOO_AUDIO_FFT_LENGTH samples is complete (frame i covers samples [i*HOP, i*HOP + FFT)
 *     since the last reset, as log_mel_q7 frames a clip);
 *   - log-mel per frame: CMSIS-DSP's own arm_mfcc_q15, initialised with the model's tables and an
 *     identity DCT (the Python side calls the same function through the cmsisdsp package);
 *   - a ring of the last ZOO_AUDIO_N_FRAMES log-mel rows, so a full window (1 s) is ready after
 *     every hop once the first N_FRAMES frames are in;
 *   - the model-input mapping: q8.7 -> int8 with a 31-bit multiplier and shift computed in
 *     integers from the model's float32 input scale (as requantize_multiplier does in float64),
 *     rounded half away from zero, plus the zero point, saturated.
 *
 * Its numbers come from the model's generated <model>_frontend_tables.h (the QuantizingPusher
 * writes it into the model package and lists it in the manifest's "firmware" block), which
 * zoo_audio_frontend.c includes through a define the build must set (no default; firmware_tools
 * sets it from the manifest):
 *
 *     -DZOO_AUDIO_FRONTEND_TABLES='"<model>_frontend_tables.h"'
 *
 * CMSIS-DSP: tests and the compile-only check compile its C sources from the cmsisdsp 1.10.3 sdist
 * with -D__GNUC_PYTHON__ -DARM_MATH_LOOPUNROLL, as the Python extension builds them; the
 * neuralSPOT build links neuralSPOT's own CMSIS-DSP (firmware/apps/keyword_spotting/README.md).
 *
 * One stream per image: the state (about 11 KB: pending samples, one frame of scratch, CMSIS-DSP's
 * temporary buffer and the log-mel ring) is static in zoo_audio_frontend.c; not reentrant.
 *
 * Typical loop (16 kHz PCM, e.g. from neuralSPOT's PDM callback):
 *
 *     zoo_audio_init();
 *     n_new = zoo_audio_push(pcm, n);                 // as samples arrive; computes frames
 *     if (n_new && zoo_audio_window_ready())           // every hop (or every k frames)
 *         zoo_audio_window_to_input(INPUT_SCALE, INPUT_ZERO_POINT, model_input);
 */
#ifndef ZOO_AUDIO_FRONTEND_H_
#define ZOO_AUDIO_FRONTEND_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Return codes (0 is success). */
enum {
  ZOO_AUDIO_OK = 0,
  ZOO_AUDIO_ERR_NULL = -1,      /* a required pointer is NULL */
  ZOO_AUDIO_ERR_INIT = -2,      /* zoo_audio_init not called, or arm_mfcc_init_q15 failed */
  ZOO_AUDIO_ERR_SCALE = -3,     /* input scale not a positive normal float32 in range */
  ZOO_AUDIO_ERR_NOT_READY = -4, /* fewer than N_FRAMES frames since the last reset */
  ZOO_AUDIO_ERR_DSP = -5,       /* arm_mfcc_q15 returned an error */
  ZOO_AUDIO_ERR_SELFTEST = -6,  /* the tables' self-test frame gave other log-mel values */
};

/* The tables' constants (so callers need not include the tables header). */
uint32_t zoo_audio_sample_rate_hz(void);
/* The model's window in samples (1 s); its frames are N_FRAMES. */
uint32_t zoo_audio_clip_samples(void);
uint32_t zoo_audio_fft_length(void);
uint32_t zoo_audio_hop_length(void);
uint32_t zoo_audio_n_mels(void);
uint32_t zoo_audio_n_frames(void);
/* N_FRAMES * N_MELS: the model input's length. */
uint32_t zoo_audio_window_values(void);
/* The model the tables were generated for. */
const char *zoo_audio_tables_model(void);

/* Initialise CMSIS-DSP's MFCC instance with the tables and reset the stream. */
int zoo_audio_init(void);
/* Forget buffered samples and frames (the next sample starts frame 0). */
void zoo_audio_reset(void);

/* Log-mel (q8.7) of one frame of FFT_LENGTH samples into N_MELS values; frame is not modified.
 * Independent of the stream (shares its scratch buffers: not from an interrupt). */
int zoo_audio_log_mel_frame(const int16_t *frame, int16_t *log_mel_q8_7);

/* Feed n PCM samples (any n, any chunking); computes every frame they complete and returns how
 * many (0 when pcm is NULL or zoo_audio_init failed). */
size_t zoo_audio_push(const int16_t *pcm, size_t n);
/* Frames computed since the last reset. */
uint32_t zoo_audio_frames(void);
/* 1 when the ring holds a full window (N_FRAMES frames since the last reset). */
int zoo_audio_window_ready(void);
/* The newest frame's log-mel (N_MELS values), NULL before the first frame. */
const int16_t *zoo_audio_latest_frame(void);
/* The last N_FRAMES rows, oldest first, as N_FRAMES * N_MELS q8.7 values. */
int zoo_audio_window_log_mel(int16_t *out);
/* The last N_FRAMES rows -> the model's int8 input (N_FRAMES * N_MELS values, row-major). */
int zoo_audio_window_to_input(float input_scale, int32_t input_zero_point, int8_t *out);

/* 1 / (128 * input_scale) as multiplier / 2^shift, multiplier in [2^30, 2^31), shift in [1, 62]:
 * exactly modules.audio.frontend.requantize_multiplier(1 / (128 * scale)) (float64 division,
 * frexp, round half to even), computed in integers from the float32's bits. */
int zoo_audio_requantize(float input_scale, int32_t *multiplier, int *shift);
/* q8.7 values -> int8: round_half_away(q * multiplier / 2^shift) + zero point, saturated. */
int zoo_audio_to_model_input(const int16_t *log_mel_q8_7, size_t n, float input_scale,
                             int32_t input_zero_point, int8_t *out);

/* Runs the tables' self-test frame through zoo_audio_log_mel_frame and compares with the
 * log-mel the Python front end stored in the tables: 0 when equal, ZOO_AUDIO_ERR_SELFTEST (and
 * *mismatches, if not NULL, the number of differing values) otherwise. Catches a CMSIS-DSP build
 * (e.g. the device's) whose arithmetic differs from the one the model was trained with. */
int zoo_audio_selftest(uint32_t *mismatches);

#ifdef __cplusplus
}
#endif

#endif /* ZOO_AUDIO_FRONTEND_H_ */
