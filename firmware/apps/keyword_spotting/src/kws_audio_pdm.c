/*
 * PDM microphone through neuralSPOT's ns-audio: 16 kHz mono, DMA into a ping-pong buffer, one
 * callback (interrupt context) per KWS_CHUNK_SAMPLES samples, which converts the DMA words to
 * int16 PCM straight into the capture ring. The main loop sleeps until a chunk is there.
 */
#include <stdbool.h>

#include "kws_audio_source.h"
#include "kws_config.h"
#include "kws_ring.h"
#include "ns_audio.h"

#define KWS_PDM_RATE_HZ 16000

static kws_ring_t g_ring;
static int16_t g_overflow[KWS_CHUNK_SAMPLES]; /* where a chunk goes when the ring is full */
/* DMA target: two chunks (ping-pong) of 32-bit PDM words, plus the driver's slack. */
static uint32_t g_dma[2 * KWS_CHUNK_SAMPLES + 3] __attribute__((aligned(16)));

static void on_audio(ns_audio_config_t *config, uint16_t bytes_collected) {
    (void)bytes_collected;
    int16_t *chunk = kws_ring_claim(&g_ring);
    ns_audio_getPCM_v2(config, chunk != NULL ? chunk : g_overflow);
    if (chunk != NULL) {
        kws_ring_commit(&g_ring);
    }
}

static ns_pdm_cfg_t g_pdm = {
    .clock = NS_CLKSEL_HFRC,
    .clock_freq = NS_AUDIO_PDM_CLK_750KHZ,
    .mic = NS_AUDIO_PDM_MICBOARD_0,
    .numBytes = 4,
    .left_gain = AM_HAL_PDM_GAIN_P105DB,
    .right_gain = AM_HAL_PDM_GAIN_P105DB,
};

static ns_audio_config_t g_audio = {
    .api = &ns_audio_V2_1_0,
    .eAudioApiMode = NS_AUDIO_API_CALLBACK,
    .callback = on_audio,
    .audioBuffer = (void *)g_overflow,
    .eAudioSource = NS_AUDIO_SOURCE_PDM,
    .sampleBuffer = g_dma,
    .workingBuffer = NULL,
    .numChannels = 1,
    .numSamples = KWS_CHUNK_SAMPLES,
    .sampleRate = KWS_PDM_RATE_HZ,
    .pdm_config = &g_pdm,
    .audioSystemHandle = NULL,
    .bufferHandle = NULL,
};

static int pdm_start(void) {
    g_ring.written = g_ring.read = g_ring.dropped = 0;
    if (ns_audio_init(&g_audio) != NS_STATUS_SUCCESS) {
        return -1;
    }
    return ns_start_audio(&g_audio) == NS_STATUS_SUCCESS ? 0 : -1;
}

static size_t pdm_read(int16_t *out, size_t cap) { return kws_ring_drain(&g_ring, out, cap); }

static uint32_t pdm_dropped(void) { return g_ring.dropped; }

const kws_audio_source_t kws_audio_pdm = {
    .name = "PDM microphone",
    .rate_hz = KWS_PDM_RATE_HZ,
    .start = pdm_start,
    .read = pdm_read,
    .dropped = pdm_dropped,
};
