/*
 * Single-producer (an interrupt), single-consumer (the main loop) ring of PCM chunks between an
 * audio callback and the front end. The producer writes whole chunks; indices are 32-bit words
 * (atomic on the Cortex-M4), each written by one side only.
 */
#ifndef KWS_RING_H_
#define KWS_RING_H_

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "kws_config.h"

typedef struct {
    int16_t chunks[KWS_RING_CHUNKS][KWS_CHUNK_SAMPLES];
    volatile uint32_t written; /* chunks produced (producer only) */
    volatile uint32_t read;    /* chunks consumed (consumer only) */
    volatile uint32_t dropped; /* samples dropped because the ring was full (producer only) */
} kws_ring_t;

/* The producer's next free chunk, or NULL when the ring is full (the chunk is then dropped). */
static inline int16_t *kws_ring_claim(kws_ring_t *ring) {
    if (ring->written - ring->read >= KWS_RING_CHUNKS) {
        ring->dropped += KWS_CHUNK_SAMPLES;
        return NULL;
    }
    return ring->chunks[ring->written % KWS_RING_CHUNKS];
}

static inline void kws_ring_commit(kws_ring_t *ring) { ring->written = ring->written + 1u; }

/* Copies whole chunks (oldest first) while they fit in cap; returns the samples copied. */
static inline size_t kws_ring_drain(kws_ring_t *ring, int16_t *out, size_t cap) {
    size_t n = 0;
    while (ring->read != ring->written && cap - n >= KWS_CHUNK_SAMPLES) {
        memcpy(&out[n], ring->chunks[ring->read % KWS_RING_CHUNKS],
               sizeof ring->chunks[0]);
        n += KWS_CHUNK_SAMPLES;
        ring->read = ring->read + 1u;
    }
    return n;
}

#endif /* KWS_RING_H_ */
