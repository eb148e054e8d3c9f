/* Declarations for the compile-only check, not neuralSPOT's header (see README.md):
 * ns-harness/includes-api/ns_ambiqsuite_harness.h, Apollo4 branch. */
#ifndef NS_AMBIQSUITE_HARNESS_H
#define NS_AMBIQSUITE_HARNESS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* AmbiqSuite functions behind neuralSPOT's macros. */
extern uint32_t am_hal_interrupt_master_enable(void);
extern void am_hal_delay_us(uint32_t ui32us);

#define ns_interrupt_master_enable am_hal_interrupt_master_enable
#define ns_delay_us am_hal_delay_us
/* TCM is the default data placement on Apollo4, so the macro is empty there. */
#define NS_PUT_IN_TCM

extern void ns_itm_printf_enable(void);
extern void ns_uart_printf_enable(void);
/* The format attribute is ours: it lets -Wformat check the apps' format strings. */
extern void ns_lp_printf(const char *format, ...) __attribute__((format(printf, 1, 2)));

#ifdef __cplusplus
}
#endif
#endif
