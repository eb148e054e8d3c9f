/* Declarations for the compile-only check, not neuralSPOT's header (see README.md):
 * ns-utils/includes-api/ns_timer.h. */
#ifndef NS_TIMER
#define NS_TIMER

#include "ns_core.h"

#ifdef __cplusplus
extern "C" {
#endif

extern const ns_core_api_t ns_timer_V1_0_0;

struct ns_timer_config;
typedef void (*ns_timer_callback_cb)(struct ns_timer_config *);

typedef enum {
    NS_TIMER_COUNTER = 0,
    NS_TIMER_INTERRUPT = 1,
    NS_TIMER_USB = 3,
    NS_TIMER_TEMPCO = 4
} ns_timers_e;

typedef struct ns_timer_config {
    const ns_core_api_t *api;
    ns_timers_e timer;
    bool enableInterrupt;
    uint32_t periodInMicroseconds;
    ns_timer_callback_cb callback;
} ns_timer_config_t;

extern uint32_t ns_timer_init(ns_timer_config_t *cfg);
extern uint32_t ns_us_ticker_read(ns_timer_config_t *cfg);

#ifdef __cplusplus
}
#endif
#endif
