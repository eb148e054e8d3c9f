/*
 * Keyword spotter for Apollo4 (neuralSPOT app).
 *
 * Boot: core and power setup, audio front end (CMSIS-DSP log-mel, the model's tables), TFLM
 * model init, self-test (front end on its tables' test frame, model on the golden vectors),
 * audio source (PDM microphone, or the built-in replay).
 * Then, forever: deep sleep until the audio callback has delivered a 20 ms chunk; push the
 * chunk through the streaming front end (one log-mel frame per 20 ms hop into a ring of one
 * window); every KWS_HOP_FRAMES frames (100 ms), once a full 1 s window is there, switch to
 * high-performance mode, map the window to the int8 input, run the model, switch back; smooth
 * the posteriors and print keyword detections.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keyword_spotting_model.h"
#include "kws_audio_source.h"
#include "kws_config.h"
#include "kws_detector.h"
#include "kws_selftest.h"
#include "kws_streaming.h"
#include "ns_ambiqsuite_harness.h"
#include "ns_core.h"
#include "ns_peripherals_power.h"
#include "zoo_app.h"
#include "zoo_audio_frontend.h"
#include "zoo_model.h"
#include "zoo_power.h"

/* One capture chunk (one 20 ms hop) per loop: one front-end frame, so windows stay on the
 * KWS_HOP_FRAMES grid that streaming.detect assumes. */
static int16_t g_pcm[KWS_CHUNK_SAMPLES];
static kws_detector_t g_detector;

static const kws_audio_source_t *audio_source(void) {
#if ZOO_AUDIO_SOURCE == ZOO_AUDIO_REPLAY
    return &kws_audio_replay;
#else
    return &kws_audio_pdm;
#endif
}

static uint32_t ms_of_frames(uint32_t frames) {
    return (uint32_t)((uint64_t)frames * zoo_audio_hop_length() * 1000u /
                      zoo_audio_sample_rate_hz());
}

static void classify_window(uint32_t window) {
    zoo_power_begin_inference();
    int front_end = zoo_audio_window_to_input(KEYWORD_SPOTTING_INPUT_SCALE,
                                              KEYWORD_SPOTTING_INPUT_ZERO_POINT,
                                              zoo_model_input());
    zoo_model_status_t status = front_end == ZOO_AUDIO_OK ? zoo_model_invoke()
                                                          : ZOO_MODEL_INVOKE_FAILED;
    uint32_t inference_us = zoo_power_inference_us();
    zoo_power_end_inference();
    if (status != ZOO_MODEL_OK) {
        ns_lp_printf("kws: window=%u failed (front end %d, model %d)\n", (unsigned)window,
                     front_end, (int)status);
        return;
    }
    kws_detection_t event;
    int found = kws_detector_update(&g_detector, zoo_model_output(), &event);
    if (found & KWS_EVENT) {
        ns_lp_printf("kws: detected %s score=%d%% span=%u..%u ms\n",
                     g_keyword_spotting_labels[event.label], (int)(event.score * 100.0 + 0.5),
                     (unsigned)event.start_ms, (unsigned)event.end_ms);
    }
    if (found & KWS_ONSET) {
        ns_lp_printf("kws: heard %s (%d%%) at %u ms\n", g_keyword_spotting_labels[g_detector.active],
                     (int)(g_detector.peak * 100.0f + 0.5f),
                     (unsigned)(window * g_detector.hop_ms));
    }
#if ZOO_PRINT_WINDOWS || ZOO_PROFILE
    uint32_t top = 0;
    for (uint32_t c = 1; c < KEYWORD_SPOTTING_NUM_CLASSES; c++) {
        top = g_detector.smoothed[c] > g_detector.smoothed[top] ? c : top;
    }
    ns_lp_printf("kws: window=%u top=%s (%d%%) inference_us=%u\n", (unsigned)window,
                 g_keyword_spotting_labels[top], (int)(g_detector.smoothed[top] * 100.0f + 0.5f),
                 (unsigned)inference_us);
#else
    (void)inference_us;
#endif
}

int main(void) {
    /* No I2C/SPI sensor (PDM has its own peripheral): the IO masters stay off. */
    zoo_power_boot(false);
    ns_lp_printf("kws: keyword spotting (front-end tables of %s)\n", zoo_audio_tables_model());

    NS_TRY(zoo_audio_init() != ZOO_AUDIO_OK, "kws: audio front end init failed\n");
    NS_TRY(zoo_audio_window_values() != KEYWORD_SPOTTING_INPUT_SIZE,
           "kws: front-end tables and model disagree on the window size\n");
    NS_TRY(zoo_model_init(), "kws: model init failed\n");
    ns_lp_printf("kws: model %u bytes in MRAM, arena %u of %u bytes used in TCM\n",
                 (unsigned)KEYWORD_SPOTTING_MODEL_BYTES, (unsigned)zoo_model_arena_used_bytes(),
                 (unsigned)KEYWORD_SPOTTING_ARENA_SIZE);
    zoo_power_begin_inference();
    kws_selftest_run();
    zoo_power_end_inference();

    const kws_audio_source_t *source = audio_source();
    NS_TRY(source->rate_hz != zoo_audio_sample_rate_hz(),
           "kws: audio source rate differs from the front end's\n");
    kws_detector_init(&g_detector, g_keyword_spotting_labels, KEYWORD_SPOTTING_OUTPUT_SCALE,
                      KEYWORD_SPOTTING_OUTPUT_ZERO_POINT, ms_of_frames(KWS_HOP_FRAMES),
                      zoo_audio_clip_samples() * 1000u / zoo_audio_sample_rate_hz());
    NS_TRY(source->start(), "kws: audio source failed to start\n");
    ns_lp_printf("kws: audio from %s at %u Hz; a window every %u ms, smoothing %u, "
                 "threshold %d%%\n",
                 source->name, (unsigned)source->rate_hz, (unsigned)g_detector.hop_ms,
                 (unsigned)KWS_SMOOTHING, (int)(KWS_THRESHOLD * 100.0 + 0.5));

    uint32_t since_window = 0;
    uint32_t windows = 0;
    uint32_t dropped_reported = 0;
    while (1) {
        size_t n = source->read(g_pcm, sizeof g_pcm / sizeof g_pcm[0]);
        if (n == 0) {
            ns_deep_sleep(); /* until the next audio chunk (or any other interrupt) */
            continue;
        }
        since_window += (uint32_t)zoo_audio_push(g_pcm, n);
        if (zoo_audio_window_ready() && since_window >= KWS_HOP_FRAMES) {
            since_window = 0;
            classify_window(windows++);
        }
        uint32_t dropped = source->dropped();
        if (dropped != dropped_reported) {
            ns_lp_printf("kws: %u samples dropped (main loop too slow)\n",
                         (unsigned)(dropped - dropped_reported));
            dropped_reported = dropped;
        }
    }
}
