/*
 * Golden-vector self-test; see zoo_selftest.h.
 */
#include "zoo_selftest.h"

#include <string.h>

#include "ns_ambiqsuite_harness.h"
#include "zoo_app.h"
#include "zoo_model.h"

#define ZOO_GOLDEN_COUNT ZOO_APP_MACRO(_GOLDEN_COUNT)
#define ZOO_GOLDEN_INPUT_LEN ZOO_APP_MACRO(_GOLDEN_INPUT_LEN)
#define ZOO_GOLDEN_OUTPUT_LEN ZOO_APP_MACRO(_GOLDEN_OUTPUT_LEN)

#if ZOO_GOLDEN_INPUT_LEN != ZOO_APP_MACRO(_INPUT_SIZE)
#error "golden inputs and model input differ in length: regenerate the model package"
#endif
#if ZOO_GOLDEN_OUTPUT_LEN != ZOO_APP_MACRO(_OUTPUT_SIZE)
#error "golden outputs and model output differ in length: regenerate the model package"
#endif

zoo_selftest_result_t zoo_selftest_golden(void) {
    zoo_selftest_result_t result = {ZOO_GOLDEN_COUNT, 0, 0, -1};
    for (uint32_t v = 0; v < ZOO_GOLDEN_COUNT; v++) {
        memcpy(zoo_model_input(), ZOO_APP_SYMBOL(_golden_inputs)[v], ZOO_GOLDEN_INPUT_LEN);
        if (zoo_model_invoke() != ZOO_MODEL_OK) {
            ns_lp_printf(ZOO_APP_TAG ": selftest vector %u: Invoke failed\n", (unsigned)v);
            if (result.first_mismatch < 0) {
                result.first_mismatch = (int32_t)v;
            }
            continue;
        }
        const int8_t *out = zoo_model_output();
        uint32_t worst = 0;
        for (uint32_t i = 0; i < ZOO_GOLDEN_OUTPUT_LEN; i++) {
            int32_t diff = (int32_t)out[i] - (int32_t)ZOO_APP_SYMBOL(_golden_outputs)[v][i];
            uint32_t magnitude = (uint32_t)(diff < 0 ? -diff : diff);
            worst = magnitude > worst ? magnitude : worst;
        }
        if (worst == 0) {
            result.bit_exact++;
        } else if (result.first_mismatch < 0) {
            result.first_mismatch = (int32_t)v;
        }
        result.max_abs_diff = worst > result.max_abs_diff ? worst : result.max_abs_diff;
    }
    return result;
}

zoo_selftest_result_t zoo_selftest_run(void) {
    zoo_selftest_result_t result = zoo_selftest_golden();
    ns_lp_printf(
        ZOO_APP_TAG
        ": selftest %s: %u/%u golden vectors bit-exact, max |diff| %u, first mismatch %d\n",
        result.bit_exact == result.vectors ? "PASS" : "FAIL", (unsigned)result.bit_exact,
        (unsigned)result.vectors, (unsigned)result.max_abs_diff, (int)result.first_mismatch);
    return result;
}
