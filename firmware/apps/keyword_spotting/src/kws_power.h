/*
 * Power policy: low-power mode (96 MHz) with unused peripherals off while audio is captured and
 * framed, high-performance mode (192 MHz) only while a window is classified, deep sleep
 * between audio chunks (the PDM DMA interrupt, or the replay timer, wakes the core).
 */
#ifndef KWS_POWER_H_
#define KWS_POWER_H_

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Apply the power preset (ZOO_PROFILE picks the development one). */
uint32_t kws_power_init(void);
/* Enter/leave high-performance mode around one inference (and mark it on the monitor GPIOs). */
void kws_power_begin_inference(void);
void kws_power_end_inference(void);
/* Microseconds since kws_power_begin_inference (profiling builds), else 0. */
uint32_t kws_power_inference_us(void);

#ifdef __cplusplus
}
#endif
#endif /* KWS_POWER_H_ */
