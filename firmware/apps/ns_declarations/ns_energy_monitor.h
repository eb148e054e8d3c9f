/* Declarations for the compile-only check, not neuralSPOT's header (see README.md):
 * ns-utils/includes-api/ns_energy_monitor.h (GPIO state lines for a power analyser). */
#ifndef NS_ENERGY_MON
#define NS_ENERGY_MON

#include "ns_core.h"

#ifdef __cplusplus
extern "C" {
#endif

#define NS_IDLE 0
#define NS_DATA_COLLECTION 1
#define NS_FEATURE_EXTRACTION 2
#define NS_INFERING 3

extern void ns_init_power_monitor_state(void);
extern void ns_set_power_monitor_state(uint8_t state);

#ifdef __cplusplus
}
#endif
#endif
