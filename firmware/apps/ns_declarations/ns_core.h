/* Declarations for the compile-only check, not neuralSPOT's header (see README.md):
 * ns-core/includes-api/ns_core.h as the apps use it. */
#ifndef NS_CORE
#define NS_CORE

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    uint16_t major;
    uint16_t minor;
    uint16_t revision;
} ns_semver_t;

typedef struct {
    uint32_t apiId;
    ns_semver_t version;
} ns_core_api_t;

extern const ns_core_api_t ns_core_V1_0_0;

#define NS_STATUS_SUCCESS 0
#define NS_STATUS_FAILURE -1

typedef struct {
    const ns_core_api_t *api;
} ns_core_config_t;

extern uint32_t ns_core_init(ns_core_config_t *c);
extern void ns_core_fail_loop();

#include "ns_ambiqsuite_harness.h"

#define NS_TRY(func, msg)                                                                          \
    if (func) {                                                                                    \
        ns_lp_printf(msg);                                                                         \
        ns_core_fail_loop();                                                                       \
    }

#ifdef __cplusplus
}
#endif
#endif
