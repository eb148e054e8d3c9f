/*
 * The int8 network behind a C API: TensorFlow Lite Micro (with neuralSPOT's CMSIS-NN kernels)
 * runs the model array from MRAM with its tensor arena in TCM. Everything the app needs to
 * agree on with the model (arena size, shapes, quantization, ops) comes from the generated
 * heart_arrhythmia_model.h.
 */
#ifndef HA_MODEL_H_
#define HA_MODEL_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    HA_MODEL_OK = 0,
    HA_MODEL_SCHEMA_MISMATCH = -1,  /* flatbuffer schema version is not the one TFLM reads */
    HA_MODEL_OP_NOT_ADDED = -2,     /* the op resolver refused an op */
    HA_MODEL_ALLOCATION_FAILED = -3, /* the arena is too small for this TFLM build */
    HA_MODEL_IO_MISMATCH = -4,      /* tensors differ from heart_arrhythmia_model.h */
    HA_MODEL_INVOKE_FAILED = -5,
} ha_model_status_t;

/* Map the model, register its ops, allocate the arena, check its I/O against the header. */
ha_model_status_t ha_model_init(void);
/* HEART_ARRHYTHMIA_INPUT_SIZE int8 values to fill before ha_model_invoke(). */
int8_t *ha_model_input(void);
/* HEART_ARRHYTHMIA_OUTPUT_SIZE int8 class scores after ha_model_invoke(). */
const int8_t *ha_model_output(void);
ha_model_status_t ha_model_invoke(void);
/* Arena bytes TFLM actually used (after ha_model_init). */
uint32_t ha_model_arena_used_bytes(void);

#ifdef __cplusplus
}
#endif
#endif /* HA_MODEL_H_ */
