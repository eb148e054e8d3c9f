/*
 * The int8 network behind a C API: TensorFlow Lite Micro (with neuralSPOT's CMSIS-NN kernels)
 * runs the model array from MRAM with its tensor arena in TCM. Everything the app needs to
 * agree on with the model (arena size, shapes, quantization, ops) comes from the generated
 * keyword_spotting_model.h.
 */
#ifndef KWS_MODEL_H_
#define KWS_MODEL_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    KWS_MODEL_OK = 0,
    KWS_MODEL_SCHEMA_MISMATCH = -1,  /* flatbuffer schema version is not the one TFLM reads */
    KWS_MODEL_OP_NOT_ADDED = -2,     /* the op resolver refused an op */
    KWS_MODEL_ALLOCATION_FAILED = -3, /* the arena is too small for this TFLM build */
    KWS_MODEL_IO_MISMATCH = -4,      /* tensors differ from keyword_spotting_model.h */
    KWS_MODEL_INVOKE_FAILED = -5,
} kws_model_status_t;

/* Map the model, register its ops, allocate the arena, check its I/O against the header. */
kws_model_status_t kws_model_init(void);
/* KEYWORD_SPOTTING_INPUT_SIZE int8 values to fill before kws_model_invoke(). */
int8_t *kws_model_input(void);
/* KEYWORD_SPOTTING_OUTPUT_SIZE int8 class scores after kws_model_invoke(). */
const int8_t *kws_model_output(void);
kws_model_status_t kws_model_invoke(void);
/* Arena bytes TFLM actually used (after kws_model_init). */
uint32_t kws_model_arena_used_bytes(void);

#ifdef __cplusplus
}
#endif
#endif /* KWS_MODEL_H_ */
