/*
 * Power policy: low-power mode (96 MHz) with unused peripherals off between windows,
 * high-performance mode (192 MHz) only while a window is classified, deep sleep otherwise.
 */
#ifndef HA_POWER_H_
#define HA_POWER_H_

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Apply the power preset (ZOO_PROFILE picks the development one); need_i2c keeps the IOMs on. */
uint32_t ha_power_init(bool need_i2c);
/* Enter/leave high-performance mode around one inference (and mark it on the monitor GPIOs). */
void ha_power_begin_inference(void);
void ha_power_end_inference(void);
/* Microseconds since ha_power_begin_inference (profiling builds), else 0. */
uint32_t ha_power_inference_us(void);

#ifdef __cplusplus
}
#endif
#endif /* HA_POWER_H_ */
