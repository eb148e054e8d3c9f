/*
 * Front-end and golden-vector self-test; see kws_selftest.h.
 */
#include "kws_selftest.h"

#include "ns_ambiqsuite_harness.h"
#include "zoo_audio_frontend.h"

kws_selftest_result_t kws_selftest_run(void) {
    kws_selftest_result_t result;
    result.frontend_status = zoo_audio_selftest(&result.frontend_mismatches);
    result.golden = zoo_selftest_golden();
    int pass = result.golden.bit_exact == result.golden.vectors &&
               result.frontend_status == ZOO_AUDIO_OK;
    ns_lp_printf(
        "kws: selftest %s: front end %d (%u/%u log-mel values differ), %u/%u golden vectors "
        "bit-exact, max |diff| %u, first mismatch %d\n",
        pass ? "PASS" : "FAIL", result.frontend_status, (unsigned)result.frontend_mismatches,
        (unsigned)zoo_audio_n_mels(), (unsigned)result.golden.bit_exact,
        (unsigned)result.golden.vectors, (unsigned)result.golden.max_abs_diff,
        (int)result.golden.first_mismatch);
    return result;
}
