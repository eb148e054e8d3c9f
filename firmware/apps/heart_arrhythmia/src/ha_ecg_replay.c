/*
 * ECG source that replays the built-in record (ha_replay_ecg.c) in a loop. Each read returns
 * one wake-up period's worth of samples, as a sensor FIFO drained at that period would.
 */
#include "ha_config.h"
#include "ha_ecg_source.h"
#include "ha_replay_ecg.h"

#define HA_REPLAY_PER_WAKE ((uint32_t)((uint64_t)HA_REPLAY_RATE_HZ * ZOO_WAKE_PERIOD_US / 1000000u))

#if HA_REPLAY_RATE_HZ * ZOO_WAKE_PERIOD_US / 1000000 > HA_MAX_SAMPLES_PER_WAKE
#error "the replay would deliver more samples per wake-up than the app buffers"
#endif

static uint32_t g_position;

static int replay_start(void) {
    g_position = 0;
    return 0;
}

static size_t replay_read(int32_t *out, size_t cap) {
    size_t n = HA_REPLAY_PER_WAKE < cap ? HA_REPLAY_PER_WAKE : cap;
    for (size_t i = 0; i < n; i++) {
        out[i] = g_ha_replay_ecg[g_position];
        g_position = (g_position + 1u) % HA_REPLAY_SAMPLES;
    }
    return n;
}

const ha_ecg_source_t ha_ecg_replay = {
    .name = "replay",
    .rate_hz = HA_REPLAY_RATE_HZ,
    .counts_per_mv = HA_REPLAY_COUNTS_PER_MV,
    .start = replay_start,
    .read = replay_read,
};
