/*
 * INTERIM: contract 4's ECG front-end API as declared in the firmware issue, written by the
 * fw-app branch so the app's compile-only check has the declarations before fw-frontend's
 * implementation lands. fw-frontend's header replaces this file (take theirs on merge); the
 * struct members below are placeholders, the function signatures are the contract's.
 */
#ifndef ZOO_ECG_FRONTEND_H_
#define ZOO_ECG_FRONTEND_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Streaming rational resampler: sensor rate -> model rate. */
typedef struct zoo_resampler {
    uint32_t in_rate_hz;
    uint32_t out_rate_hz;
    uint32_t phase;
} zoo_resampler_t;

/* 0 ok, < 0 unsupported ratio. */
int zoo_resampler_init(zoo_resampler_t *r, uint32_t in_rate_hz, uint32_t out_rate_hz);
size_t zoo_resampler_process(
    zoo_resampler_t *r, const int32_t *in, size_t n_in, int32_t *out, size_t out_cap);

/* One window at the model rate -> the model's int8 input; 0 ok. */
int zoo_ecg_window_to_input(
    const int32_t *window, size_t n, float input_scale, int32_t input_zero_point, int8_t *out);

#ifdef __cplusplus
}
#endif
#endif /* ZOO_ECG_FRONTEND_H_ */
