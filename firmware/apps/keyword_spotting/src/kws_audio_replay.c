/*
 * Replay source for boards without a microphone: a timer interrupt every chunk period (20 ms)
 * generates the next chunk of a synthetic 16 kHz signal into the capture ring, so the app runs
 * exactly as with the PDM microphone (sleep, wake per chunk, front end, model, detector).
 *
 * The signal repeats every 3 s: 0.5 s of a gliding harmonic tone (a word stand-in, like the
 * test fixtures' clips) in faint integer noise. It exercises the whole chain; it is not speech,
 * so it should mostly score _unknown_ / _silence_.
 */
#include <stdbool.h>

#include "kws_audio_source.h"
#include "kws_config.h"
#include "kws_ring.h"
#include "ns_timer.h"

#define KWS_REPLAY_RATE_HZ 16000u
#define KWS_REPLAY_PERIOD_SAMPLES (3u * KWS_REPLAY_RATE_HZ)
#define KWS_REPLAY_TONE_SAMPLES (KWS_REPLAY_RATE_HZ / 2u)

static kws_ring_t g_ring;
static uint32_t g_position;
static uint32_t g_noise = 1u;
static uint32_t g_phase; /* Q32 fraction of a cycle */

/* sin(2 pi x / 256) * 2^14 for x in [0, 64]: a quarter wave, mirrored for the rest. */
static const int16_t k_quarter_sine[65] = {
    0,     402,   804,   1205,  1606,  2006,  2404,  2801,  3196,  3590,  3981,  4370,  4756,
    5139,  5520,  5897,  6270,  6639,  7005,  7366,  7723,  8076,  8423,  8765,  9102,  9434,
    9760,  10080, 10394, 10702, 11003, 11297, 11585, 11866, 12140, 12406, 12665, 12916, 13160,
    13395, 13623, 13842, 14053, 14256, 14449, 14635, 14811, 14978, 15137, 15286, 15426, 15557,
    15679, 15791, 15893, 15986, 16069, 16143, 16207, 16261, 16305, 16340, 16364, 16379, 16384,
};

static int32_t sine_q14(uint32_t phase) {
    uint32_t index = phase >> 24; /* 256 steps per cycle */
    uint32_t quadrant = index >> 6;
    uint32_t offset = index & 63u;
    int32_t value = (quadrant & 1u) ? k_quarter_sine[64u - offset] : k_quarter_sine[offset];
    return quadrant >= 2u ? -value : value;
}

static int16_t next_sample(void) {
    g_noise = g_noise * 1664525u + 1013904223u;
    int32_t value = (int32_t)(g_noise >> 25) - 64; /* faint noise, about -54 dBFS */
    uint32_t t = g_position % KWS_REPLAY_PERIOD_SAMPLES;
    if (t < KWS_REPLAY_TONE_SAMPLES) {
        /* 180 Hz rising to 200 Hz over the burst, three harmonics, triangular envelope */
        uint32_t hz = 180u + 20u * t / KWS_REPLAY_TONE_SAMPLES;
        g_phase += (uint32_t)(((uint64_t)hz << 32) / KWS_REPLAY_RATE_HZ);
        int32_t tone = sine_q14(g_phase) + sine_q14(2u * g_phase) / 2 + sine_q14(3u * g_phase) / 3;
        uint32_t half = KWS_REPLAY_TONE_SAMPLES / 2u;
        int32_t envelope = (int32_t)(t < half ? t : KWS_REPLAY_TONE_SAMPLES - t); /* 0 .. half */
        value += (int32_t)((int64_t)tone * envelope / (int32_t)half / 2);
    }
    g_position++;
    return (int16_t)value;
}

static void on_tick(ns_timer_config_t *timer) {
    (void)timer;
    int16_t *chunk = kws_ring_claim(&g_ring);
    if (chunk == NULL) {
        g_position += KWS_CHUNK_SAMPLES;
        return;
    }
    for (uint32_t i = 0; i < KWS_CHUNK_SAMPLES; i++) {
        chunk[i] = next_sample();
    }
    kws_ring_commit(&g_ring);
}

static ns_timer_config_t g_tick = {
    .api = &ns_timer_V1_0_0,
    .timer = NS_TIMER_INTERRUPT,
    .enableInterrupt = true,
    .periodInMicroseconds = 1000000u / KWS_REPLAY_RATE_HZ * KWS_CHUNK_SAMPLES,
    .callback = on_tick,
};

static int replay_start(void) {
    g_ring.written = g_ring.read = g_ring.dropped = 0;
    g_position = 0;
    return ns_timer_init(&g_tick) == NS_STATUS_SUCCESS ? 0 : -1;
}

static size_t replay_read(int16_t *out, size_t cap) { return kws_ring_drain(&g_ring, out, cap); }

static uint32_t replay_dropped(void) { return g_ring.dropped; }

const kws_audio_source_t kws_audio_replay = {
    .name = "replay (synthetic tone bursts)",
    .rate_hz = KWS_REPLAY_RATE_HZ,
    .start = replay_start,
    .read = replay_read,
    .dropped = replay_dropped,
};
