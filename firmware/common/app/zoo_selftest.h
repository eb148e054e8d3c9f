/*
 * Boot-time self-test: run the Pusher's golden inputs (g_<model>_golden_inputs, named by the
 * app's zoo_app_config.h) through the model and require the exact int8 outputs the
 * tflite-micro interpreter gave on the host. zoo_model_init must have succeeded.
 */
#ifndef ZOO_SELFTEST_H_
#define ZOO_SELFTEST_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    uint32_t vectors;        /* golden vectors run */
    uint32_t bit_exact;      /* vectors whose every output byte matched */
    uint32_t max_abs_diff;   /* over all outputs of all vectors (int8 steps) */
    int32_t first_mismatch;  /* index of the first differing vector, -1 if none */
} zoo_selftest_result_t;

/* Runs every golden vector; prints a line only for a vector whose Invoke failed. For an app
 * whose self-test checks more (a front end) and prints its own result line. */
zoo_selftest_result_t zoo_selftest_golden(void);
/* zoo_selftest_golden, then one result line:
 *   <tag>: selftest PASS|FAIL: B/N golden vectors bit-exact, max |diff| D, first mismatch F */
zoo_selftest_result_t zoo_selftest_run(void);

#ifdef __cplusplus
}
#endif
#endif /* ZOO_SELFTEST_H_ */
