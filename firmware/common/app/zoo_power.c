/*
 * Power policy; see zoo_power.h.
 */
#include "zoo_power.h"

#include "ns_ambiqsuite_harness.h"
#include "ns_core.h"
#include "ns_energy_monitor.h"
#include "ns_peripherals_power.h"
#include "ns_timer.h"
#include "zoo_app.h"

#if ZOO_PROFILE
static ns_timer_config_t g_stopwatch = {
    .api = &ns_timer_V1_0_0,
    .timer = NS_TIMER_COUNTER,
    .enableInterrupt = false,
};
static uint32_t g_inference_start_us;
#endif

uint32_t zoo_power_init(bool need_iom) {
#if ZOO_PROFILE
    ns_power_config_t config = ns_development_default;
#else
    ns_power_config_t config = ns_good_default;
#endif
    config.eAIPowerMode = NS_MINIMUM_PERF;
    config.bNeedIOM = need_iom;
    config.bNeedITM = ZOO_PRINT_ITM;
    uint32_t status = ns_power_config(&config);
#if ZOO_PROFILE
    ns_init_power_monitor_state();
    if (status == NS_STATUS_SUCCESS) {
        status = ns_timer_init(&g_stopwatch);
    }
#endif
    return status;
}

void zoo_power_boot(bool need_iom) {
    ns_core_config_t core = {.api = &ns_core_V1_0_0};
    NS_TRY(ns_core_init(&core), ZOO_APP_TAG ": core init failed\n");
    NS_TRY(zoo_power_init(need_iom), ZOO_APP_TAG ": power config failed\n");
#if ZOO_PRINT_ITM
    ns_itm_printf_enable();
#else
    ns_uart_printf_enable();
#endif
    ns_interrupt_master_enable();
}

void zoo_power_begin_inference(void) {
    ns_set_performance_mode(NS_MAXIMUM_PERF);
#if ZOO_PROFILE
    ns_set_power_monitor_state(NS_INFERING);
    g_inference_start_us = ns_us_ticker_read(&g_stopwatch);
#endif
}

void zoo_power_end_inference(void) {
#if ZOO_PROFILE
    ns_set_power_monitor_state(NS_IDLE);
#endif
    ns_set_performance_mode(NS_MINIMUM_PERF);
}

uint32_t zoo_power_inference_us(void) {
#if ZOO_PROFILE
    return ns_us_ticker_read(&g_stopwatch) - g_inference_start_us;
#else
    return 0;
#endif
}
