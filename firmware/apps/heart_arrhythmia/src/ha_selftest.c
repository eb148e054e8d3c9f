/*
 * Golden-vector self-test; see ha_selftest.h.
 */
#include "ha_selftest.h"

#include <string.h>

#include "ha_model.h"
#include "heart_arrhythmia_golden.h"
#include "heart_arrhythmia_model.h"
#include "ns_ambiqsuite_harness.h"

#if HEART_ARRHYTHMIA_GOLDEN_INPUT_LEN != HEART_ARRHYTHMIA_INPUT_SIZE
#error "golden inputs and model input differ in length: regenerate the model package"
#endif
#if HEART_ARRHYTHMIA_GOLDEN_OUTPUT_LEN != HEART_ARRHYTHMIA_OUTPUT_SIZE
#error "golden outputs and model output differ in length: regenerate the model package"
#endif

ha_selftest_result_t ha_selftest_run(void) {
    ha_selftest_result_t result = {HEART_ARRHYTHMIA_GOLDEN_COUNT, 0, 0, -1};
    for (uint32_t v = 0; v < HEART_ARRHYTHMIA_GOLDEN_COUNT; v++) {
        memcpy(ha_model_input(), g_heart_arrhythmia_golden_inputs[v],
               HEART_ARRHYTHMIA_GOLDEN_INPUT_LEN);
        if (ha_model_invoke() != HA_MODEL_OK) {
            ns_lp_printf("ha: selftest vector %u: Invoke failed\n", (unsigned)v);
            if (result.first_mismatch < 0) {
                result.first_mismatch = (int32_t)v;
            }
            continue;
        }
        const int8_t *out = ha_model_output();
        uint32_t worst = 0;
        for (uint32_t i = 0; i < HEART_ARRHYTHMIA_GOLDEN_OUTPUT_LEN; i++) {
            int32_t diff = (int32_t)out[i] - (int32_t)g_heart_arrhythmia_golden_outputs[v][i];
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
    ns_lp_printf(
        "ha: selftest %s: %u/%u golden vectors bit-exact, max |diff| %u, first mismatch %d\n",
        result.bit_exact == result.vectors ? "PASS" : "FAIL", (unsigned)result.bit_exact,
        (unsigned)result.vectors, (unsigned)result.max_abs_diff, (int)result.first_mismatch);
    return result;
}
