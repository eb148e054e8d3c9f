/*
 * Where the app's audio comes from. Every source delivers 16 kHz mono int16 PCM; the front end
 * downstream does not care which source it is.
 */
#ifndef KWS_AUDIO_SOURCE_H_
#define KWS_AUDIO_SOURCE_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    const char *name;
    uint32_t rate_hz;
    /* Configure and start capture; 0 when it runs. */
    int (*start)(void);
    /* Copy the samples captured since the last call (oldest first, at most cap) into out. */
    size_t (*read)(int16_t *out, size_t cap);
    /* Samples lost because the main loop fell behind (since start). */
    uint32_t (*dropped)(void);
} kws_audio_source_t;

/* A PDM microphone through neuralSPOT's ns-audio (DMA, one callback per KWS_CHUNK_SAMPLES). */
extern const kws_audio_source_t kws_audio_pdm;
/* A synthetic signal (tone bursts in faint noise), generated chunk by chunk on a timer. */
extern const kws_audio_source_t kws_audio_replay;

#ifdef __cplusplus
}
#endif
#endif /* KWS_AUDIO_SOURCE_H_ */
