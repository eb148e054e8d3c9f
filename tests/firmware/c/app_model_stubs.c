/*
 * Stand-ins for the model (firmware/common/app's zoo_model.h), the front end and
 * firmware/common's rhythm tracker, so test_app_host.py can check the app's own logic with
 * predictable numbers. Every stub prints what the app asked of it ("stub: ...").
 *
 * Compile-time knobs:
 *   STUB_WINDOW_SAMPLES=n  the front-end tables' window length (default 1000)
 *   STUB_CORRUPT_GOLDEN=v  the model gets golden vector v wrong
 *   STUB_UNREADABLE_WINDOW=k  the quality gate refuses window k (flat line), -1: none
 */
#include <stdio.h>
#include <string.h>

#include "heart_arrhythmia_golden.h"
#include "heart_arrhythmia_model.h"
#include "zoo_ecg_frontend.h"
#include "zoo_ecg_quality.h"
#include "zoo_model.h"
#include "zoo_postprocess.h"

#ifndef STUB_WINDOW_SAMPLES
#define STUB_WINDOW_SAMPLES 1000
#endif
#ifndef STUB_UNREADABLE_WINDOW
#define STUB_UNREADABLE_WINDOW -1
#endif
#ifndef STUB_CORRUPT_GOLDEN
#define STUB_CORRUPT_GOLDEN -1
#endif

/* Front end: 100 Hz tables with STUB_WINDOW_SAMPLES windows; the resampler keeps
 * every (in/out)-th sample and prints the first inputs it is given. */
#define STUB_MODEL_RATE_HZ 100u
static uint32_t g_decimation, g_phase, g_inputs_shown;
uint32_t zoo_ecg_model_rate_hz(void) { return STUB_MODEL_RATE_HZ; }
uint32_t zoo_ecg_window_samples(void) { return STUB_WINDOW_SAMPLES; }
uint32_t zoo_ecg_sample_shift(void) { return 8; }
uint32_t zoo_ecg_std_floor_q16(uint32_t counts_per_mv) { return 7u * counts_per_mv; }
uint32_t zoo_ecg_nominal_counts_per_mv(void) { return 200u; }

/* Quality gate: window STUB_UNREADABLE_WINDOW is a flat line, every other one is readable. */
static int32_t g_gate_calls;
int32_t zoo_ecg_quality_thresholds(zoo_quality_thresholds_t *t, int32_t units_per_mv) {
    printf("stub: quality gate at %d units per mV\n", (int)units_per_mv);
    t->flat = units_per_mv / 20;
    t->amplitude_max = 10 * (int64_t)units_per_mv;
    return 0;
}
zoo_quality_t zoo_ecg_quality_assess(const int32_t *x, size_t n, const zoo_quality_thresholds_t *t) {
    (void)x, (void)n, (void)t;
    return g_gate_calls++ == STUB_UNREADABLE_WINDOW ? ZOO_QUALITY_FLAT : ZOO_QUALITY_READABLE;
}
int zoo_resampler_init(zoo_resampler_t *r, uint32_t in_rate_hz, uint32_t out_rate_hz) {
    (void)r;
    printf("stub: resampler %u -> %u Hz\n", (unsigned)in_rate_hz, (unsigned)out_rate_hz);
    if (out_rate_hz != STUB_MODEL_RATE_HZ || in_rate_hz % out_rate_hz) {
        return ZOO_ECG_ERR_RATE;
    }
    g_decimation = in_rate_hz / out_rate_hz;
    return ZOO_ECG_OK;
}
size_t zoo_resampler_max_output(const zoo_resampler_t *r, size_t n_in) {
    (void)r;
    return (n_in + g_decimation - 1) / g_decimation;
}
size_t zoo_resampler_process(zoo_resampler_t *r, const int32_t *in, size_t n_in, int32_t *out,
                             size_t out_cap) {
    size_t n = 0;
    (void)r;
    for (size_t i = 0; i < n_in; i++) {
        if (g_inputs_shown < 4) {
            printf("stub: resampler input %d\n", (int)in[i]);
            g_inputs_shown++;
        }
        if (g_phase++ % g_decimation == 0 && n < out_cap) {
            out[n++] = in[i];
        }
    }
    return n;
}
int zoo_ecg_window_to_input_floor(const int32_t *window, size_t n, uint32_t std_floor_q16,
                                  float scale, int32_t zero_point, int8_t *out) {
    (void)scale, (void)zero_point;
    for (size_t i = 0; i < n; i++) {
        out[i] = (int8_t)(window[i] & 0x3F);
    }
    printf("stub: front end on %u samples, std floor %u\n", (unsigned)n, (unsigned)std_floor_q16);
    return ZOO_ECG_OK;
}
int zoo_ecg_window_to_input(const int32_t *window, size_t n, float scale, int32_t zero_point,
                            int8_t *out) {
    return zoo_ecg_window_to_input_floor(window, n, 0, scale, zero_point, out);
}

/* Rhythm tracker: no smoothing, burden = share of windows in the class. */
static uint32_t g_windows, g_class_windows[HEART_ARRHYTHMIA_NUM_CLASSES];
void zoo_rhythm_tracker_init(zoo_rhythm_tracker_t *t, uint32_t classes, uint32_t smoothing) {
    (void)t;
    printf("stub: tracker %u classes, %u windows\n", (unsigned)classes, (unsigned)smoothing);
}
uint32_t zoo_rhythm_tracker_update(zoo_rhythm_tracker_t *t, const int8_t *scores, float scale,
                                   int32_t zero_point) {
    uint32_t best = 0;
    (void)t, (void)scale, (void)zero_point;
    for (uint32_t i = 1; i < HEART_ARRHYTHMIA_NUM_CLASSES; i++) {
        best = scores[i] > scores[best] ? i : best;
    }
    g_windows++;
    g_class_windows[best]++;
    return best;
}
uint32_t zoo_rhythm_tracker_burden_permille(const zoo_rhythm_tracker_t *t, uint32_t c) {
    (void)t;
    return g_windows ? (uint32_t)((1000u * g_class_windows[c] + g_windows / 2) / g_windows) : 0;
}

/* Model: golden inputs give their golden outputs; window k gives class k mod NUM_CLASSES. */
static int8_t g_input[HEART_ARRHYTHMIA_INPUT_SIZE];
static int8_t g_output[HEART_ARRHYTHMIA_OUTPUT_SIZE];
static uint32_t g_live_invokes;
zoo_model_status_t zoo_model_init(void) { return ZOO_MODEL_OK; }
int8_t *zoo_model_input(void) { return g_input; }
const int8_t *zoo_model_output(void) { return g_output; }
uint32_t zoo_model_arena_used_bytes(void) { return 1234; }
zoo_model_status_t zoo_model_invoke(void) {
    for (int v = 0; v < HEART_ARRHYTHMIA_GOLDEN_COUNT; v++) {
        if (memcmp(g_input, g_heart_arrhythmia_golden_inputs[v], sizeof(g_input)) == 0) {
            memcpy(g_output, g_heart_arrhythmia_golden_outputs[v], sizeof(g_output));
            if (v == STUB_CORRUPT_GOLDEN) {
                g_output[0] = (int8_t)(g_output[0] ^ 0x04);
            }
            return ZOO_MODEL_OK;
        }
    }
    for (int i = 0; i < HEART_ARRHYTHMIA_OUTPUT_SIZE; i++) {
        g_output[i] = -128;
    }
    g_output[g_live_invokes++ % HEART_ARRHYTHMIA_OUTPUT_SIZE] = 127;
    printf("stub: model invoked\n");
    return ZOO_MODEL_OK;
}
