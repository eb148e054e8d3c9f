/*
 * Front-end and golden-vector self-test; see kws_selftest.h.
 */
#include "kws_selftest.h"

#include <string.h>

#include "keyword_spotting_golden.h"
#include "keyword_spotting_model.h"
#include "kws_model.h"
#include "ns_ambiqsuite_harness.h"
#include "zoo_audio_frontend.h"

#if KEYWORD_SPOTTING_GOLDEN_INPUT_LEN != KEYWORD_SPOTTING_INPUT_SIZE
#error "golden inputs and model input differ in length: regenerate the model package"
#endif
#if KEYWORD_SPOTTING_GOLDEN_OUTPUT_LEN != KEYWORD_SPOTTING_OUTPUT_SIZE
#error "golden outputs and model output differ in length: regenerate the model package"
#endif

kws_selftest_result_t kws_selftest_run(void) {
    kws_selftest_result_t result = {KEYWORD_SPOTTING_GOLDEN_COUNT, 0, 0, -1, 0, 0};
    result.frontend_status = zoo_audio_selftest(&result.frontend_mismatches);
    for (uint32_t v = 0; v < KEYWORD_SPOTTING_GOLDEN_COUNT; v++) {
        memcpy(kws_model_input(), g_keyword_spotting_golden_inputs[v],
               KEYWORD_SPOTTING_GOLDEN_INPUT_LEN);
        if (kws_model_invoke() != KWS_MODEL_OK) {
            ns_lp_printf("kws: selftest vector %u: Invoke failed\n", (unsigned)v);
            if (result.first_mismatch < 0) {
                result.first_mismatch = (int32_t)v;
            }
            continue;
        }
        const int8_t *out = kws_model_output();
        uint32_t worst = 0;
        for (uint32_t i = 0; i < KEYWORD_SPOTTING_GOLDEN_OUTPUT_LEN; i++) {
            int32_t diff = (int32_t)out[i] - (int32_t)g_keyword_spotting_golden_outputs[v][i];
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
    int pass = result.bit_exact == result.vectors && result.frontend_status == ZOO_AUDIO_OK;
    ns_lp_printf(
        "kws: selftest %s: front end %d (%u/%u log-mel values differ), %u/%u golden vectors "
        "bit-exact, max |diff| %u, first mismatch %d\n",
        pass ? "PASS" : "FAIL", result.frontend_status, (unsigned)result.frontend_mismatches,
        (unsigned)zoo_audio_n_mels(), (unsigned)result.bit_exact, (unsigned)result.vectors,
        (unsigned)result.max_abs_diff, (int)result.first_mismatch);
    return result;
}
