/* Declarations for the compile-only check, not TFLM's header (see ns_declarations/README.md):
 * tensorflow/lite/c/common.h as TFLM builds it (TF_LITE_STATIC_MEMORY tensor layout). */
#ifndef TENSORFLOW_LITE_C_COMMON_H_
#define TENSORFLOW_LITE_C_COMMON_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum TfLiteStatus {
    kTfLiteOk = 0,
    kTfLiteError = 1,
} TfLiteStatus;

typedef enum {
    kTfLiteNoType = 0,
    kTfLiteFloat32 = 1,
    kTfLiteInt32 = 2,
    kTfLiteUInt8 = 3,
    kTfLiteInt64 = 4,
    kTfLiteString = 5,
    kTfLiteBool = 6,
    kTfLiteInt16 = 7,
    kTfLiteComplex64 = 8,
    kTfLiteInt8 = 9,
} TfLiteType;

typedef struct TfLiteIntArray {
    int size;
    int data[];
} TfLiteIntArray;

typedef struct TfLiteQuantizationParams {
    float scale;
    int32_t zero_point;
} TfLiteQuantizationParams;

typedef struct TfLiteQuantization {
    int type;
    void *params;
} TfLiteQuantization;

typedef union TfLitePtrUnion {
    int32_t *i32;
    uint8_t *uint8;
    int16_t *i16;
    int8_t *int8;
    float *f;
    void *data;
} TfLitePtrUnion;

typedef struct TfLiteTensor {
    TfLiteQuantization quantization;
    TfLiteQuantizationParams params;
    TfLitePtrUnion data;
    TfLiteIntArray *dims;
    size_t bytes;
    TfLiteType type;
    int allocation_type;
    bool is_variable;
} TfLiteTensor;

#ifdef __cplusplus
}
#endif
#endif
