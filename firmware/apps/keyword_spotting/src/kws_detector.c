/*
 * Posterior smoothing and keyword detection; see kws_detector.h.
 */
#include "kws_detector.h"

#include <stddef.h>

#if KWS_SMOOTHING < 1
#error "KWS_SMOOTHING must be at least 1"
#endif

void kws_detector_init(kws_detector_t *d, const char *const *labels, float scale,
                       int32_t zero_point, uint32_t hop_ms, uint32_t window_ms) {
    d->labels = labels;
    d->scale = scale;
    d->zero_point = zero_point;
    d->hop_ms = hop_ms;
    d->window_ms = window_ms;
    d->windows = 0;
    d->active = -1;
    d->first_window = 0;
    d->peak = 0.0f;
    d->last_start = -1;
}

static void finish(const kws_detector_t *d, uint32_t last, kws_detection_t *event) {
    uint32_t lag = (KWS_SMOOTHING - 1u) * d->hop_ms;
    uint32_t last_ms = last * d->hop_ms;
    uint32_t start = last_ms > lag ? last_ms - lag : 0u;
    uint32_t end = d->first_window * d->hop_ms + d->window_ms;
    if (end < start) { /* a long run: the windows share no common span */
        start = d->first_window * d->hop_ms;
        end = last_ms + d->window_ms;
    }
    event->label = d->active;
    event->score = d->peak;
    event->start_ms = start;
    event->end_ms = end;
}

int kws_detector_update(kws_detector_t *d, const int8_t *scores, kws_detection_t *event) {
    uint32_t w = d->windows++;
    int16_t *slot = d->history[w % KWS_SMOOTHING];
    for (uint32_t c = 0; c < KEYWORD_SPOTTING_NUM_CLASSES; c++) {
        slot[c] = (int16_t)(scores[c] - d->zero_point);
    }
    uint32_t count = d->windows < KWS_SMOOTHING ? d->windows : KWS_SMOOTHING;
    for (uint32_t c = 0; c < KEYWORD_SPOTTING_NUM_CLASSES; c++) {
        int32_t sum = 0;
        for (uint32_t k = 0; k < count; k++) {
            sum += d->history[k][c];
        }
        d->smoothed[c] = (double)sum * (double)d->scale / (double)count;
    }

    int found = 0;
    if (d->active >= 0) {
        double value = d->smoothed[d->active];
        if (value >= KWS_RELEASE) {
            d->peak = value > d->peak ? value : d->peak;
            return 0;
        }
        finish(d, w - 1u, event);
        found |= KWS_EVENT;
        d->active = -1;
    }
    int32_t best = -1;
    for (uint32_t c = 0; c < KEYWORD_SPOTTING_NUM_CLASSES; c++) {
        if (d->labels[c][0] == '_') {
            continue; /* _silence_, _unknown_: not keywords */
        }
        if (best < 0 || d->smoothed[c] > d->smoothed[best]) {
            best = (int32_t)c;
        }
    }
    int refractory_over =
        d->last_start < 0 || (uint64_t)(w - (uint32_t)d->last_start) * d->hop_ms >= KWS_REFRACTORY_MS;
    if (best >= 0 && d->smoothed[best] >= KWS_THRESHOLD && refractory_over) {
        d->active = best;
        d->first_window = w;
        d->peak = d->smoothed[best];
        d->last_start = (int64_t)w;
        found |= KWS_ONSET;
    }
    return found;
}
