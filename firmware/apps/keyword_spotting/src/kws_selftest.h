/*
 * Boot self-test: the audio front end on the tables' self-test frame (the log-mel the Python
 * front end computed for it) and the model on the package's golden vectors (the outputs the
 * tflite-micro interpreter gave). Both must be bit-exact; the result line says PASS or FAIL.
 */
#ifndef KWS_SELFTEST_H_
#define KWS_SELFTEST_H_

#include <stdint.h>

#include "zoo_selftest.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    zoo_selftest_result_t golden; /* the model on the golden vectors (firmware/common/app) */
    uint32_t frontend_mismatches; /* log-mel values of the self-test frame that differed */
    int frontend_status;          /* zoo_audio_selftest's return code */
} kws_selftest_result_t;

/* Runs both checks (needs zoo_audio_init and zoo_model_init first) and prints one line. */
kws_selftest_result_t kws_selftest_run(void);

#ifdef __cplusplus
}
#endif
#endif /* KWS_SELFTEST_H_ */
