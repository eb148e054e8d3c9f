/*
 * QEMU program for tests/firmware/test_app_with_neuralspot_tflm.py: the app's TFLM glue
 * (ha_model.cc) and boot self-test (ha_selftest.c) linked with neuralSPOT's prebuilt TFLM.
 * Exit status 0 only when every golden vector is bit-exact.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "ha_model.h"
#include "ha_selftest.h"

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
    ha_model_status_t status = ha_model_init();
    if (status != HA_MODEL_OK) {
        printf("ha: model init failed (%d)\n", (int)status);
        return 2;
    }
    printf("ha: arena used %u bytes\n", (unsigned)ha_model_arena_used_bytes());
    ha_selftest_result_t result = ha_selftest_run();
    return result.bit_exact == result.vectors ? 0 : 1;
}
