/*
 * The app's int8 network behind a C API: TensorFlow Lite Micro (with neuralSPOT's CMSIS-NN
 * kernels) runs the model array from MRAM with its tensor arena in TCM. Everything the glue
 * needs to agree on with the model (array, arena size, shapes, quantization, ops) comes from
 * the model package's generated <model>_model.h, named by the app's zoo_app_config.h
 * (zoo_app.h). One model per app: the interpreter is a single static instance.
 */
#ifndef ZOO_MODEL_H_
#define ZOO_MODEL_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    ZOO_MODEL_OK = 0,
    ZOO_MODEL_SCHEMA_MISMATCH = -1,   /* flatbuffer schema version is not the one TFLM reads */
    ZOO_MODEL_OP_NOT_ADDED = -2,      /* the op resolver refused an op */
    ZOO_MODEL_ALLOCATION_FAILED = -3, /* the arena is too small for this TFLM build */
    ZOO_MODEL_IO_MISMATCH = -4,       /* tensors differ from <model>_model.h */
    ZOO_MODEL_INVOKE_FAILED = -5,
} zoo_model_status_t;

/* Map the model, register its ops, allocate the arena, check its I/O against the header. */
zoo_model_status_t zoo_model_init(void);
/* <PREFIX>_INPUT_SIZE int8 values to fill before zoo_model_invoke(). */
int8_t *zoo_model_input(void);
/* <PREFIX>_OUTPUT_SIZE int8 scores after zoo_model_invoke(). */
const int8_t *zoo_model_output(void);
zoo_model_status_t zoo_model_invoke(void);
/* Arena bytes TFLM actually used (after zoo_model_init). */
uint32_t zoo_model_arena_used_bytes(void);

#ifdef __cplusplus
}
#endif
#endif /* ZOO_MODEL_H_ */
