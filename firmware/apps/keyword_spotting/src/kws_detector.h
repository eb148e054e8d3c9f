/*
 * Keyword detection from the model's posteriors, one window at a time: the rule of
 * modules/keyword_spotting/streaming.py (detect) on the device.
 *
 * Posteriors (int8, dequantised with the output scale and zero point) are averaged over the
 * last KWS_SMOOTHING windows (fewer at the start); a keyword (a class whose label does not start
 * with '_') is detected where its smoothed posterior is the highest keyword's and reaches
 * KWS_THRESHOLD, at least KWS_REFRACTORY_MS after the previous detection started; it lasts
 * while its smoothed posterior stays at or above KWS_RELEASE. When it ends, the event reports
 * the peak score and the span where the detecting windows overlap, as streaming.detect does.
 * The settings come from the model package's manifest ("streaming" block, kws_streaming.h).
 */
#ifndef KWS_DETECTOR_H_
#define KWS_DETECTOR_H_

#include <stdint.h>

#include "keyword_spotting_model.h"
#include "kws_streaming.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    int32_t label; /* class index */
    double score;  /* peak smoothed posterior */
    uint32_t start_ms, end_ms; /* since the first window's start */
} kws_detection_t;

typedef struct {
    const char *const *labels;
    float scale;
    int32_t zero_point;
    uint32_t hop_ms, window_ms;
    int16_t history[KWS_SMOOTHING][KEYWORD_SPOTTING_NUM_CLASSES]; /* q - zero point */
    uint32_t windows;      /* windows seen */
    int32_t active;        /* class of the running detection, -1 if none */
    uint32_t first_window; /* of the running detection */
    double peak;
    int64_t last_start;    /* window of the last detection's start; -1: none yet */
    /* Double precision, as streaming.detect: sum * scale is exact (scale 2^-8), the division by
     * the window count rounds once, and the comparisons with THRESHOLD / RELEASE then decide
     * exactly as the Python does (a few operations per 100 ms hop). */
    double smoothed[KEYWORD_SPOTTING_NUM_CLASSES];
} kws_detector_t;

/* What kws_detector_update found (bit flags). */
enum { KWS_ONSET = 1, KWS_EVENT = 2 };

/* hop_ms: time between windows; window_ms: a window's length. */
void kws_detector_init(kws_detector_t *d, const char *const *labels, float scale,
                       int32_t zero_point, uint32_t hop_ms, uint32_t window_ms);
/* One window's int8 scores. Returns KWS_EVENT when a detection ended (then *event holds it)
 * and/or KWS_ONSET when one started (d->active, d->peak). */
int kws_detector_update(kws_detector_t *d, const int8_t *scores, kws_detection_t *event);

#ifdef __cplusplus
}
#endif
#endif /* KWS_DETECTOR_H_ */
