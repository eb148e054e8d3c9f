/*
 * Compile-time settings of the keyword-spotting app. module.mk turns make variables
 * (ZOO_AUDIO_SOURCE=..., ZOO_PROFILE=1, ZOO_PRINT=itm) into these defines (ZOO_PROFILE and
 * ZOO_PRINT_ITM, shared by every app, are defaulted in common/app/zoo_app.h); see README.md.
 * The detector's settings (hop, smoothing, thresholds, refractory time) are not here: they come
 * from the model package's manifest through the generated kws_streaming.h.
 */
#ifndef KWS_CONFIG_H_
#define KWS_CONFIG_H_

/* Where audio comes from: PDM, a PDM microphone through neuralSPOT's ns-audio (the EVB's VoS
 * mic board); REPLAY, a synthetic signal generated in the image, paced by a timer (boards
 * without a microphone). */
#define ZOO_AUDIO_PDM 1
#define ZOO_AUDIO_REPLAY 2
#ifndef ZOO_AUDIO_SOURCE
#define ZOO_AUDIO_SOURCE ZOO_AUDIO_PDM
#endif

/* 1: also print every window's smoothed top class (debugging; one line per 100 ms). */
#ifndef ZOO_PRINT_WINDOWS
#define ZOO_PRINT_WINDOWS 0
#endif

/* Samples per audio callback (one front-end hop: 20 ms at 16 kHz) and the capture ring
 * between the callback and the main loop (a few hops, so one slow inference drops nothing). */
#define KWS_CHUNK_SAMPLES 320
#define KWS_RING_CHUNKS 8

#endif /* KWS_CONFIG_H_ */
