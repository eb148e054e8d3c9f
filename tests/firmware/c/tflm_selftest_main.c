/*
 * QEMU program for tests/firmware/test_app_with_neuralspot_tflm.py: the shared TFLM glue
 * (firmware/common/app/zoo_model.cc) and boot self-test (zoo_selftest.c), configured by the
 * heart-arrhythmia app's zoo_app_config.h, linked with neuralSPOT's prebuilt TFLM.
 * Exit status 0 only when every golden vector is bit-exact.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "zoo_model.h"
#include "zoo_selftest.h"

/* neuralSPOT's printing and TFLM's debug-log hooks, which the harness sends to semihosting. */
void ns_lp_printf(const char *format, ...) {
    va_list args;
    va_start(args, format);
    vprintf(format, args);
    va_end(args);
}

void DebugLog(const char *format, va_list args) { vprintf(format, args); }

int DebugVsnprintf(char *buffer, size_t size, const char *format, va_list args) {
    return vsnprintf(buffer, size, format, args);
}

int main(void) {
    zoo_model_status_t status = zoo_model_init();
    if (status != ZOO_MODEL_OK) {
        printf("ha: model init failed (%d)\n", (int)status);
        return 2;
    }
    printf("ha: arena used %u bytes\n", (unsigned)zoo_model_arena_used_bytes());
    zoo_selftest_result_t result = zoo_selftest_run();
    return result.bit_exact == result.vectors ? 0 : 1;
}
