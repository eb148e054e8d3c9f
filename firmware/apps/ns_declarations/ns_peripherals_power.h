/* Declarations for the compile-only check, not neuralSPOT's header (see README.md):
 * ns-peripherals/includes-api/ns_peripherals_power.h. */
#ifndef NS_POWER
#define NS_POWER

#include "ns_core.h"

#ifdef __cplusplus
extern "C" {
#endif

extern const ns_core_api_t ns_power_V1_0_0;

typedef enum {
    NS_POWER_MODE_NOT_SET = -1,
    NS_MINIMUM_PERF = 0,
    NS_MEDIUM_PERF = 1,
    NS_MAXIMUM_PERF = 2
} ns_power_mode_e;

typedef struct {
    const ns_core_api_t *api;
    ns_power_mode_e eAIPowerMode;
    bool bNeedAudAdc;
    bool bNeedSharedSRAM;
    bool bNeedCrypto;
    bool bNeedBluetooth;
    bool bNeedUSB;
    bool bNeedIOM;
    bool bNeedAlternativeUART;
    bool b128kTCM;
    bool bEnableTempCo;
    bool bNeedITM;
    bool bNeedXtal;
} ns_power_config_t;

extern const ns_power_config_t ns_development_default;
extern const ns_power_config_t ns_good_default;

extern uint32_t ns_power_config(const ns_power_config_t *);
extern void ns_deep_sleep(void);
uint32_t ns_set_performance_mode(ns_power_mode_e eAIPowerMode);

#ifdef __cplusplus
}
#endif
#endif
