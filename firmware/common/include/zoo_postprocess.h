/*
 * INTERIM: contract 4's post-processing API as declared in the firmware issue, written by the
 * fw-app branch so the app's compile-only check has the declarations before fw-frontend's
 * implementation lands. fw-frontend's header replaces this file (take theirs on merge); the
 * struct members below are placeholders, the function signatures are the contract's.
 */
#ifndef ZOO_POSTPROCESS_H_
#define ZOO_POSTPROCESS_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Window smoothing + burden. */
typedef struct zoo_rhythm_tracker {
    uint32_t num_classes;
    uint32_t smoothing_windows;
    uint32_t windows;
} zoo_rhythm_tracker_t;

void zoo_rhythm_tracker_init(
    zoo_rhythm_tracker_t *t, uint32_t num_classes, uint32_t smoothing_windows);
/* Returns the smoothed class. */
uint32_t zoo_rhythm_tracker_update(
    zoo_rhythm_tracker_t *t, const int8_t *scores, float out_scale, int32_t out_zero_point);
uint32_t zoo_rhythm_tracker_burden_permille(const zoo_rhythm_tracker_t *t, uint32_t class_index);

#ifdef __cplusplus
}
#endif
#endif /* ZOO_POSTPROCESS_H_ */
