/*
 * Where the app's ECG comes from. Every source delivers raw sensor-rate samples as int32
 * counts; the resampler and front end downstream do not care which source it is.
 */
#ifndef HA_ECG_SOURCE_H_
#define HA_ECG_SOURCE_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    const char *name;
    uint32_t rate_hz;
    /* Sensor counts per millivolt (sets the front end's standard-deviation floor in mV);
     * 0 when unknown: the front end then assumes its tables' nominal gain. */
    uint32_t counts_per_mv;
    /* Configure and start the source; 0 when it is there and running. */
    int (*start)(void);
    /* Copy the samples gathered since the last call (oldest first, at most cap) into out. */
    size_t (*read)(int32_t *out, size_t cap);
} ha_ecg_source_t;

/* The MAX86150's ECG channel over I2C (neuralSPOT's ns-i2c and MAX86150 driver). */
extern const ha_ecg_source_t ha_ecg_max86150;
/* The synthetic record built into the image (ha_replay_ecg.c), paced by the wake-up timer. */
extern const ha_ecg_source_t ha_ecg_replay;

#ifdef __cplusplus
}
#endif
#endif /* HA_ECG_SOURCE_H_ */
