/*
 * Host-side stand-ins for neuralSPOT, the model and the front end, so the heart-arrhythmia
 * app's own C (main loop, ECG sources, self-test, report) runs as a native program in tests.
 * Every stub prints what the app asked of it ("stub: ...") so the test can check the order.
 *
 * Environment knobs:
 *   STUB_WAKES=n          exit(0) after n timer wake-ups
 *   STUB_SENSOR=1         a MAX86150 answers on I2C (else the app falls back to the replay)
 *   STUB_CORRUPT_GOLDEN=v the model gets golden vector v wrong
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ha_model.h"
#include "heart_arrhythmia_golden.h"
#include "heart_arrhythmia_model.h"
#include "ns_core.h"
#include "ns_energy_monitor.h"
#include "ns_i2c.h"
#include "ns_max86150_driver.h"
#include "ns_peripherals_power.h"
#include "ns_timer.h"
#include "zoo_ecg_frontend.h"
#include "zoo_postprocess.h"

static int env_int(const char *name, int fallback) {
    const char *value = getenv(name);
    return value ? atoi(value) : fallback;
}

/* ns-core, harness */
const ns_core_api_t ns_core_V1_0_0 = {0xCA0000, {1, 0, 0}};
uint32_t ns_core_init(ns_core_config_t *c) { return c->api == &ns_core_V1_0_0 ? 0 : 1; }
void ns_core_fail_loop() {
    printf("stub: fail loop\n");
    exit(3);
}
uint32_t am_hal_interrupt_master_enable(void) { return 0; }
void am_hal_delay_us(uint32_t us) { (void)us; }
void ns_itm_printf_enable(void) { printf("stub: print over itm\n"); }
void ns_uart_printf_enable(void) { printf("stub: print over uart\n"); }
void ns_lp_printf(const char *format, ...) {
    va_list args;
    va_start(args, format);
    vprintf(format, args);
    va_end(args);
}

/* power */
const ns_core_api_t ns_power_V1_0_0 = {0xCA0007, {1, 0, 0}};
const ns_power_config_t ns_development_default = {.api = &ns_power_V1_0_0, .bNeedITM = true};
const ns_power_config_t ns_good_default = {.api = &ns_power_V1_0_0};
uint32_t ns_power_config(const ns_power_config_t *c) {
    printf("stub: power config mode=%d iom=%d itm=%d\n", (int)c->eAIPowerMode, c->bNeedIOM,
           c->bNeedITM);
    return 0;
}
uint32_t ns_set_performance_mode(ns_power_mode_e mode) {
    printf("stub: perf %s\n", mode == NS_MAXIMUM_PERF ? "max" : "min");
    return 0;
}
void ns_init_power_monitor_state(void) {}
void ns_set_power_monitor_state(uint8_t state) { (void)state; }

/* timer: ns_deep_sleep "sleeps" until the wake-up timer fires */
const ns_core_api_t ns_timer_V1_0_0 = {0xCA0002, {1, 0, 0}};
static ns_timer_config_t *g_wake_timer;
static int g_wakes;
uint32_t ns_timer_init(ns_timer_config_t *cfg) {
    if (cfg->timer == NS_TIMER_INTERRUPT) {
        g_wake_timer = cfg;
        printf("stub: wake timer every %u us\n", (unsigned)cfg->periodInMicroseconds);
    }
    return 0;
}
uint32_t ns_us_ticker_read(ns_timer_config_t *cfg) {
    (void)cfg;
    return 0;
}
void ns_deep_sleep(void) {
    if (g_wakes++ == env_int("STUB_WAKES", 10)) {
        printf("stub: done after %d wake-ups\n", g_wakes - 1);
        exit(0);
    }
    printf("stub: sleep\n");
    g_wake_timer->callback(g_wake_timer);
}

/* I2C and the MAX86150 driver: raw 18-bit FIFO words, 12 per read */
const ns_core_api_t ns_i2c_V1_0_0 = {0xCA0004, {1, 0, 0}};
uint32_t ns_i2c_interface_init(ns_i2c_config_t *cfg, uint32_t speed) {
    printf("stub: i2c iom%d at %u Hz\n", cfg->iom, (unsigned)speed);
    return 0;
}
uint32_t ns_i2c_read(ns_i2c_config_t *cfg, const void *buf, uint32_t size, uint16_t addr) {
    (void)cfg, (void)buf, (void)size, (void)addr;
    return 0;
}
uint32_t ns_i2c_write(ns_i2c_config_t *cfg, const void *buf, uint32_t size, uint16_t addr) {
    (void)cfg, (void)buf, (void)size, (void)addr;
    return 0;
}
uint32_t ns_i2c_write_read(ns_i2c_config_t *cfg, uint16_t addr, const void *w, size_t nw, void *r,
                           size_t nr) {
    (void)cfg, (void)addr, (void)w, (void)nw, (void)r, (void)nr;
    return 0;
}
uint8_t max86150_get_part_id(const max86150_context_t *ctx) {
    printf("stub: max86150 part id read at 0x%02x\n", (unsigned)ctx->addr);
    return env_int("STUB_SENSOR", 0) ? 0x1E : 0x00;
}
void max86150_set_fifo_slots(const max86150_context_t *ctx, max86150_slot_type *slots) {
    (void)ctx;
    printf("stub: max86150 slots %d %d %d %d\n", slots[0], slots[1], slots[2], slots[3]);
}
uint32_t max86150_read_fifo_samples(const max86150_context_t *ctx, uint32_t *buffer,
                                    max86150_slot_type *slots, uint8_t n_slots) {
    static const uint32_t pattern[4] = {0x3FFFF, 0x20000, 0x1FFFF, 0x00001};
    (void)ctx, (void)slots, (void)n_slots;
    for (int i = 0; i < 12; i++) {
        buffer[i] = pattern[i % 4] | 0xFC0000u; /* bits above 18 must be ignored */
    }
    return 12;
}
void max86150_set_almost_full_rollover(const max86150_context_t *ctx, uint8_t v) {
    (void)ctx, (void)v;
}
void max86150_set_fifo_enable(const max86150_context_t *ctx, uint8_t v) { (void)ctx, (void)v; }
void max86150_powerup(const max86150_context_t *ctx) { (void)ctx; }
void max86150_shutdown(const max86150_context_t *ctx) { (void)ctx; }
void max86150_reset(const max86150_context_t *ctx) { (void)ctx; }
void max86150_set_ecg_sample_rate(const max86150_context_t *ctx, uint8_t v) {
    (void)ctx;
    printf("stub: max86150 ecg rate code %u\n", v);
}
void max86150_set_ecg_pga_gain(const max86150_context_t *ctx, uint8_t v) { (void)ctx, (void)v; }
void max86150_set_ecg_ia_gain(const max86150_context_t *ctx, uint8_t v) { (void)ctx, (void)v; }
void max86150_clear_fifo(const max86150_context_t *ctx) { (void)ctx; }

/* Front end: 100 Hz tables with STUB_WINDOW_SAMPLES (default 1000) windows; the resampler keeps
 * every (in/out)-th sample and prints the first inputs it is given. */
#define STUB_MODEL_RATE_HZ 100u
static uint32_t g_decimation, g_phase, g_inputs_shown;
uint32_t zoo_ecg_model_rate_hz(void) { return STUB_MODEL_RATE_HZ; }
uint32_t zoo_ecg_window_samples(void) { return (uint32_t)env_int("STUB_WINDOW_SAMPLES", 1000); }
uint32_t zoo_ecg_sample_shift(void) { return 8; }
uint32_t zoo_ecg_std_floor_q16(uint32_t counts_per_mv) { return 7u * counts_per_mv; }
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
ha_model_status_t ha_model_init(void) { return HA_MODEL_OK; }
int8_t *ha_model_input(void) { return g_input; }
const int8_t *ha_model_output(void) { return g_output; }
uint32_t ha_model_arena_used_bytes(void) { return 1234; }
ha_model_status_t ha_model_invoke(void) {
    for (int v = 0; v < HEART_ARRHYTHMIA_GOLDEN_COUNT; v++) {
        if (memcmp(g_input, g_heart_arrhythmia_golden_inputs[v], sizeof(g_input)) == 0) {
            memcpy(g_output, g_heart_arrhythmia_golden_outputs[v], sizeof(g_output));
            if (v == env_int("STUB_CORRUPT_GOLDEN", -1)) {
                g_output[0] = (int8_t)(g_output[0] ^ 0x04);
            }
            return HA_MODEL_OK;
        }
    }
    for (int i = 0; i < HEART_ARRHYTHMIA_OUTPUT_SIZE; i++) {
        g_output[i] = -128;
    }
    g_output[g_live_invokes++ % HEART_ARRHYTHMIA_OUTPUT_SIZE] = 127;
    printf("stub: model invoked\n");
    return HA_MODEL_OK;
}
