/*
 * Host test driver for the keyword-spotting app's detector (firmware/apps/keyword_spotting/src/
 * kws_detector.c): reads int8 scores (windows x KEYWORD_SPOTTING_NUM_CLASSES) from a file and
 * prints one line per detection event that ends, "event LABEL SCORE_PERMILLE START_MS END_MS".
 *
 *   kws_detector_main SCORES HOP_MS WINDOW_MS
 */
#include <stdio.h>
#include <stdlib.h>

#include "keyword_spotting_model.h"
#include "kws_detector.h"

static void print_event(const kws_detection_t *e) {
    printf("event %s %d %u %u\n", g_keyword_spotting_labels[e->label],
           (int)(e->score * 1000.0 + 0.5), (unsigned)e->start_ms, (unsigned)e->end_ms);
}

int main(int argc, char **argv) {
    if (argc != 4) return 2;
    FILE *f = fopen(argv[1], "rb");
    if (f == NULL) return 2;
    static kws_detector_t d;
    kws_detector_init(&d, g_keyword_spotting_labels, KEYWORD_SPOTTING_OUTPUT_SCALE,
                      KEYWORD_SPOTTING_OUTPUT_ZERO_POINT, (uint32_t)atoi(argv[2]),
                      (uint32_t)atoi(argv[3]));
    int8_t scores[KEYWORD_SPOTTING_NUM_CLASSES];
    kws_detection_t event;
    while (fread(scores, 1, sizeof scores, f) == sizeof scores) {
        if (kws_detector_update(&d, scores, &event) & KWS_EVENT) print_event(&event);
    }
    fclose(f);
    return 0;
}
