/*
 * Stand-ins for neuralSPOT (core, printing, power, timer, deep sleep, I2C, MAX86150 driver), so
 * the heart-arrhythmia app runs as an ordinary program: natively (test_app_host.py) or on QEMU's
 * Cortex-M4F (test_app_with_neuralspot_tflm.py). Every stub prints what the app asked of it
 * ("stub: ...") so the tests can check the order.
 *
 * Compile-time knobs:
 *   STUB_WAKES=n   exit(0) after n timer wake-ups (deep sleep returns through the wake-up timer)
 *   STUB_SENSOR=1  a MAX86150 answers on I2C (else the app falls back to the replay)
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "ns_core.h"
#include "ns_energy_monitor.h"
#include "ns_i2c.h"
#include "ns_max86150_driver.h"
#include "ns_peripherals_power.h"
#include "ns_timer.h"

#ifndef STUB_WAKES
#define STUB_WAKES 10
#endif
#ifndef STUB_SENSOR
#define STUB_SENSOR 0
#endif

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
    if (g_wakes++ == STUB_WAKES) {
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
    return STUB_SENSOR ? 0x1E : 0x00;
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

