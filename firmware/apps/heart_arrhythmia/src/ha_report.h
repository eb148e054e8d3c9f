/*
 * One result line per classified window, over UART or ITM/SWO (whichever ns_lp_printf uses):
 *   ha: window=7 rhythm=AFIB smoothed=AFIB p=NORMAL:0.031,AFIB:0.952,AFL:0.017 af_burden=42.8%
 * plus truth=<rhythm> when replaying the built-in record and inference_us=<n> in profiling
 * builds. Probabilities are the dequantized softmax outputs; af_burden is the share of
 * classified windows so far whose smoothed rhythm was AFIB. A window the signal-quality gate
 * refuses is one line without scores, and is not classified:
 *   ha: window=8 rhythm=UNREADABLE reason=flat line or lead off
 */
#ifndef HA_REPORT_H_
#define HA_REPORT_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    uint32_t window;
    const int8_t *scores;  /* HEART_ARRHYTHMIA_OUTPUT_SIZE int8 outputs */
    uint32_t smoothed;     /* class index from the rhythm tracker */
    int32_t af_burden_permille; /* -1 when the model has no AFIB class */
    int32_t truth;         /* class index of the replayed record, -1 for live ECG */
    uint32_t inference_us; /* 0 when not measured */
} ha_window_result_t;

/* Index of label `name` in the model's labels, or -1. */
int32_t ha_label_index(const char *name);
/* Index of the largest score. */
uint32_t ha_top_class(const int8_t *scores);
void ha_report_window(const ha_window_result_t *result);
/* A window the quality gate refused: verdict is a zoo_quality_t (ZOO_QUALITY_FLAT ...), truth
 * the replayed record's class index or -1. */
void ha_report_unreadable(uint32_t window, int32_t verdict, int32_t truth);
/* The gate's reason for a verdict, as the Python twin words it (quality.REASONS). */
const char *ha_unreadable_reason(int32_t verdict);

#ifdef __cplusplus
}
#endif
#endif /* HA_REPORT_H_ */
