/*
 * Boot-time self-test: run the Pusher's golden inputs through the model and require the exact
 * int8 outputs the tflite-micro interpreter gave on the host.
 */
#ifndef HA_SELFTEST_H_
#define HA_SELFTEST_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    uint32_t vectors;
    uint32_t bit_exact;      /* vectors whose every output byte matched */
    uint32_t max_abs_diff;   /* over all outputs of all vectors */
    int32_t first_mismatch;  /* index of the first differing vector, -1 if none */
} ha_selftest_result_t;

/* Runs every golden vector (ha_model_init must have succeeded) and prints one result line. */
ha_selftest_result_t ha_selftest_run(void);

#ifdef __cplusplus
}
#endif
#endif /* HA_SELFTEST_H_ */
