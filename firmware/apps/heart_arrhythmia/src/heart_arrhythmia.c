/*
 * Heart-arrhythmia monitor for Apollo4 (neuralSPOT app).
 *
 * Boot: core and power setup, TFLM model init, golden-vector self-test, ECG source selection.
 * Then, forever: deep sleep until the wake-up timer fires; drain the ECG source (MAX86150
 * FIFO or the built-in replay); resample to the model rate into a 10 s window; when the
 * window is full, switch to high-performance mode, run the signal-quality gate
 * (zoo_ecg_quality.h: flat line / lead off, saturation, implausible amplitude, mostly noise),
 * and only for a readable window the front end and the int8 model; switch back, smooth the
 * rhythm, update AF burden and print one result line. A window the gate refuses is reported
 * as rhythm=UNREADABLE with its reason: it is never classified and never counts as a rhythm.
 *
 * Demonstration model, not a medical device.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ha_config.h"
#include "ha_ecg_source.h"
#include "ha_replay_ecg.h"
#include "ha_report.h"
#include "heart_arrhythmia_model.h"
#include "ns_ambiqsuite_harness.h"
#include "ns_core.h"
#include "ns_peripherals_power.h"
#include "ns_timer.h"
#include "zoo_ecg_frontend.h"
#include "zoo_ecg_quality.h"
#include "zoo_model.h"
#include "zoo_postprocess.h"
#include "zoo_power.h"
#include "zoo_selftest.h"

/* The model's input is one window of the front end's model-rate samples (checked at boot
 * against the front-end tables); one wake-up's samples resample into at most this many. */
#define HA_WINDOW_SAMPLES HEART_ARRHYTHMIA_INPUT_SIZE
#define HA_RESAMPLED_CAP HA_MAX_SAMPLES_PER_WAKE

static int32_t g_raw[HA_MAX_SAMPLES_PER_WAKE];
static int32_t g_resampled[HA_RESAMPLED_CAP];
static int32_t g_window[HA_WINDOW_SAMPLES];
static zoo_resampler_t g_resampler;
static zoo_rhythm_tracker_t g_tracker;
static uint32_t g_std_floor_q16; /* 0: the front-end tables' nominal gain */
static zoo_quality_thresholds_t g_quality; /* the gate's thresholds at the sensor's gain */
static volatile bool g_wake;

static void on_wake_timer(ns_timer_config_t *timer) {
    (void)timer;
    g_wake = true;
}

static ns_timer_config_t g_wake_timer = {
    .api = &ns_timer_V1_0_0,
    .timer = NS_TIMER_INTERRUPT,
    .enableInterrupt = true,
    .periodInMicroseconds = ZOO_WAKE_PERIOD_US,
    .callback = on_wake_timer,
};

static const ha_ecg_source_t *start_ecg_source(void) {
#if ZOO_ECG_SOURCE != ZOO_ECG_REPLAY
    if (ha_ecg_max86150.start() == 0) {
        return &ha_ecg_max86150;
    }
#if ZOO_ECG_SOURCE == ZOO_ECG_MAX86150
    return NULL;
#else
    ns_lp_printf("ha: no MAX86150 on IOM%d, replaying the built-in ECG\n", ZOO_MAX86150_IOM);
#endif
#endif
    ha_ecg_replay.start();
    return &ha_ecg_replay;
}

static void classify_window(uint32_t index, bool replay, int32_t af_index) {
    zoo_power_begin_inference();
    zoo_quality_t verdict = zoo_ecg_quality_assess(g_window, HA_WINDOW_SAMPLES, &g_quality);
    if (verdict != ZOO_QUALITY_READABLE) {
        zoo_power_end_inference();
        int32_t truth = -1;
        if (replay) {
            uint8_t t = g_ha_replay_truth[index % HA_REPLAY_WINDOWS];
            truth = t < HEART_ARRHYTHMIA_NUM_CLASSES ? (int32_t)t : -1;
        }
        ha_report_unreadable(index, (int32_t)verdict, truth);
        return;
    }
    int front_end =
        g_std_floor_q16
            ? zoo_ecg_window_to_input_floor(g_window, HA_WINDOW_SAMPLES, g_std_floor_q16,
                                            HEART_ARRHYTHMIA_INPUT_SCALE,
                                            HEART_ARRHYTHMIA_INPUT_ZERO_POINT, zoo_model_input())
            : zoo_ecg_window_to_input(g_window, HA_WINDOW_SAMPLES, HEART_ARRHYTHMIA_INPUT_SCALE,
                                      HEART_ARRHYTHMIA_INPUT_ZERO_POINT, zoo_model_input());
    zoo_model_status_t status = front_end == 0 ? zoo_model_invoke() : ZOO_MODEL_INVOKE_FAILED;
    uint32_t inference_us = zoo_power_inference_us();
    zoo_power_end_inference();
    if (status != ZOO_MODEL_OK) {
        ns_lp_printf("ha: window=%u failed (front end %d, model %d)\n", (unsigned)index,
                     front_end, (int)status);
        return;
    }
    const int8_t *scores = zoo_model_output();
    ha_window_result_t result = {
        .window = index,
        .scores = scores,
        .smoothed = zoo_rhythm_tracker_update(&g_tracker, scores, HEART_ARRHYTHMIA_OUTPUT_SCALE,
                                              HEART_ARRHYTHMIA_OUTPUT_ZERO_POINT),
        .af_burden_permille =
            af_index >= 0 ? (int32_t)zoo_rhythm_tracker_burden_permille(&g_tracker, af_index)
                          : -1,
        .truth = -1,
        .inference_us = inference_us,
    };
    if (replay) {
        uint8_t truth = g_ha_replay_truth[index % HA_REPLAY_WINDOWS];
        result.truth = truth < HEART_ARRHYTHMIA_NUM_CLASSES ? (int32_t)truth : -1;
    }
    ha_report_window(&result);
}

int main(void) {
    zoo_power_boot(ZOO_ECG_SOURCE != ZOO_ECG_REPLAY);
    ns_lp_printf("ha: heart arrhythmia monitor (demonstration model, not a medical device)\n");

    NS_TRY(zoo_model_init(), "ha: model init failed\n");
    ns_lp_printf("ha: model %u bytes in MRAM, arena %u of %u bytes used in TCM\n",
                 (unsigned)HEART_ARRHYTHMIA_MODEL_BYTES, (unsigned)zoo_model_arena_used_bytes(),
                 (unsigned)HEART_ARRHYTHMIA_ARENA_SIZE);
    zoo_power_begin_inference();
    zoo_selftest_run();
    zoo_power_end_inference();

    const ha_ecg_source_t *source = start_ecg_source();
    NS_TRY(source == NULL, "ha: MAX86150 not found (build with ZOO_ECG_SOURCE=auto to replay)\n");
    NS_TRY(zoo_ecg_window_samples() != HA_WINDOW_SAMPLES,
           "ha: front-end tables and model disagree on the window length\n");
    NS_TRY(zoo_resampler_init(&g_resampler, source->rate_hz, zoo_ecg_model_rate_hz()),
           "ha: the front-end tables have no resampler for this sensor rate\n");
    NS_TRY(zoo_resampler_max_output(&g_resampler, HA_MAX_SAMPLES_PER_WAKE) > HA_RESAMPLED_CAP,
           "ha: sensor rate below the model rate: enlarge HA_RESAMPLED_CAP\n");
    g_std_floor_q16 = source->counts_per_mv ? zoo_ecg_std_floor_q16(source->counts_per_mv) : 0;
    uint32_t counts_per_mv =
        source->counts_per_mv ? source->counts_per_mv : zoo_ecg_nominal_counts_per_mv();
    NS_TRY(zoo_ecg_quality_thresholds(&g_quality,
                                      (int32_t)(counts_per_mv << zoo_ecg_sample_shift())) != 0,
           "ha: the sensor gain is out of the quality gate's range\n");
    zoo_rhythm_tracker_init(&g_tracker, HEART_ARRHYTHMIA_NUM_CLASSES, ZOO_SMOOTHING_WINDOWS);
    int32_t af_index = ha_label_index("AFIB");
    bool replay = source == &ha_ecg_replay;
    ns_lp_printf("ha: ECG from %s at %u Hz -> %u Hz, %u-sample windows\n", source->name,
                 (unsigned)source->rate_hz, (unsigned)zoo_ecg_model_rate_hz(),
                 (unsigned)HA_WINDOW_SAMPLES);
    NS_TRY(ns_timer_init(&g_wake_timer), "ha: wake-up timer init failed\n");

    uint32_t filled = 0;
    uint32_t windows = 0;
    while (1) {
        if (!g_wake) {
            ns_deep_sleep(); /* until the wake-up timer (or any other interrupt) fires */
            continue;
        }
        g_wake = false;
        size_t n = source->read(g_raw, HA_MAX_SAMPLES_PER_WAKE);
        size_t m = zoo_resampler_process(&g_resampler, g_raw, n, g_resampled, HA_RESAMPLED_CAP);
        for (size_t i = 0; i < m; i++) {
            g_window[filled++] = g_resampled[i];
            if (filled == HA_WINDOW_SAMPLES) {
                classify_window(windows++, replay, af_index);
                filled = 0;
            }
        }
    }
}
