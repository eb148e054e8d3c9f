/*
 * Result lines; see ha_report.h. Integers only: ns_lp_printf's formatter need not do floats.
 */
#include "ha_report.h"

#include <string.h>

#include "heart_arrhythmia_model.h"
#include "ns_ambiqsuite_harness.h"
#include "zoo_ecg_quality.h"

#if HEART_ARRHYTHMIA_NUM_CLASSES < 1 || HEART_ARRHYTHMIA_NUM_CLASSES != HEART_ARRHYTHMIA_OUTPUT_SIZE
#error "the app expects a classifier with one output per class label"
#endif

int32_t ha_label_index(const char *name) {
    for (int32_t i = 0; i < HEART_ARRHYTHMIA_NUM_CLASSES; i++) {
        if (strcmp(g_heart_arrhythmia_labels[i], name) == 0) {
            return i;
        }
    }
    return -1;
}

uint32_t ha_top_class(const int8_t *scores) {
    uint32_t best = 0;
    for (uint32_t i = 1; i < HEART_ARRHYTHMIA_NUM_CLASSES; i++) {
        best = scores[i] > scores[best] ? i : best;
    }
    return best;
}

static uint32_t probability_permille(int8_t score) {
    float p = HEART_ARRHYTHMIA_OUTPUT_SCALE * (float)((int32_t)score - HEART_ARRHYTHMIA_OUTPUT_ZERO_POINT);
    return p <= 0.0f ? 0u : (uint32_t)(p * 1000.0f + 0.5f);
}

static const char *label(uint32_t index) {
    return index < HEART_ARRHYTHMIA_NUM_CLASSES ? g_heart_arrhythmia_labels[index] : "?";
}

void ha_report_window(const ha_window_result_t *r) {
    ns_lp_printf("ha: window=%u rhythm=%s smoothed=%s p=", (unsigned)r->window,
                 label(ha_top_class(r->scores)), label(r->smoothed));
    for (uint32_t i = 0; i < HEART_ARRHYTHMIA_NUM_CLASSES; i++) {
        uint32_t permille = probability_permille(r->scores[i]);
        ns_lp_printf("%s%s:%u.%03u", i ? "," : "", g_heart_arrhythmia_labels[i],
                     (unsigned)(permille / 1000u), (unsigned)(permille % 1000u));
    }
    if (r->af_burden_permille >= 0) {
        ns_lp_printf(" af_burden=%u.%u%%", (unsigned)(r->af_burden_permille / 10),
                     (unsigned)(r->af_burden_permille % 10));
    }
    if (r->truth >= 0) {
        ns_lp_printf(" truth=%s", label((uint32_t)r->truth));
    }
    if (r->inference_us) {
        ns_lp_printf(" inference_us=%u", (unsigned)r->inference_us);
    }
    ns_lp_printf("\n");
}

const char *ha_unreadable_reason(int32_t verdict) {
    switch (verdict) {
        case ZOO_QUALITY_FLAT:
            return "flat line or lead off";
        case ZOO_QUALITY_SATURATED:
            return "saturated (clipped at the recorder's limit)";
        case ZOO_QUALITY_AMPLITUDE:
            return "implausible amplitude";
        case ZOO_QUALITY_NOISE:
            return "mostly noise";
        default:
            return "quality gate error";
    }
}

void ha_report_unreadable(uint32_t window, int32_t verdict, int32_t truth) {
    ns_lp_printf("ha: window=%u rhythm=UNREADABLE reason=%s", (unsigned)window,
                 ha_unreadable_reason(verdict));
    if (truth >= 0) {
        ns_lp_printf(" truth=%s", label((uint32_t)truth));
    }
    ns_lp_printf("\n");
}
