/*
 * Power policy every app shares: low-power mode (96 MHz) with unused peripherals off while the
 * app waits for and prepares its input, high-performance mode (192 MHz) only while a window is
 * classified, deep sleep otherwise (the app's main loop calls ns_deep_sleep). ZOO_PROFILE=1
 * (zoo_app.h) picks neuralSPOT's development preset, times each inference with ns_timer and
 * drives ns_energy_monitor's GPIO states for a power analyser.
 */
#ifndef ZOO_POWER_H_
#define ZOO_POWER_H_

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Boot: neuralSPOT's core, the power preset (zoo_power_init), the print channel (ITM or UART,
 * ZOO_PRINT_ITM) and interrupts. A failing step prints "<tag>: core init failed" or "<tag>:
 * power config failed" and stops in ns_core_fail_loop. */
void zoo_power_boot(bool need_iom);
/* Apply the power preset (ZOO_PROFILE picks the development one, ZOO_PRINT_ITM keeps the ITM
 * on); need_iom keeps the IO masters on (an I2C/SPI sensor), the app-specific setting.
 * Returns ns_power_config's (or ns_timer_init's) status. */
uint32_t zoo_power_init(bool need_iom);
/* Enter/leave high-performance mode around one inference (and mark it on the monitor GPIOs). */
void zoo_power_begin_inference(void);
void zoo_power_end_inference(void);
/* Microseconds since zoo_power_begin_inference (profiling builds), else 0. */
uint32_t zoo_power_inference_us(void);

#ifdef __cplusplus
}
#endif
#endif /* ZOO_POWER_H_ */
