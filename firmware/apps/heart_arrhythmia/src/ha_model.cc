/*
 * TFLM glue for the heart-arrhythmia model; see ha_model.h.
 */
#include "ha_model.h"

#include "heart_arrhythmia_model.h"
#include "ns_ambiqsuite_harness.h"
#include "tensorflow/lite/c/common.h"
#include "tensorflow/lite/micro/micro_interpreter.h"
#include "tensorflow/lite/micro/micro_mutable_op_resolver.h"
#include "tensorflow/lite/micro/system_setup.h"
#include "tensorflow/lite/schema/schema_generated.h"

/* The arena is ordinary zero-initialised data, which neuralSPOT's Apollo4 linker script places
 * in TCM (NS_PUT_IN_TCM says so explicitly where TCM is not the default); the model array is
 * const and stays in MRAM. size.json checks both placements from the linked image. */
NS_PUT_IN_TCM alignas(16) uint8_t ha_tensor_arena[HEART_ARRHYTHMIA_ARENA_SIZE];

namespace {

tflite::MicroInterpreter *g_interpreter = nullptr;
TfLiteTensor *g_input = nullptr;
TfLiteTensor *g_output = nullptr;

bool matches_header(const TfLiteTensor *tensor, size_t bytes, float scale, int32_t zero_point) {
    return tensor != nullptr && tensor->type == kTfLiteInt8 && tensor->bytes == bytes &&
           tensor->params.scale == scale && tensor->params.zero_point == zero_point;
}

}  // namespace

extern "C" ha_model_status_t ha_model_init(void) {
    tflite::InitializeTarget();
    const tflite::Model *model = tflite::GetModel(g_heart_arrhythmia_model);
    if (model->version() != TFLITE_SCHEMA_VERSION) {
        ns_lp_printf(
            "ha: model schema %u, TFLM reads %u\n", (unsigned)model->version(),
            (unsigned)TFLITE_SCHEMA_VERSION);
        return HA_MODEL_SCHEMA_MISMATCH;
    }

    static tflite::MicroMutableOpResolver<HEART_ARRHYTHMIA_OP_COUNT> resolver;
#define HA_ADD_OP(method)                                                                          \
    if (resolver.method() != kTfLiteOk) {                                                          \
        ns_lp_printf("ha: op resolver refused %s\n", #method);                                     \
        return HA_MODEL_OP_NOT_ADDED;                                                              \
    }
    HEART_ARRHYTHMIA_FOR_EACH_OP(HA_ADD_OP)
#undef HA_ADD_OP

    static tflite::MicroInterpreter interpreter(
        model, resolver, ha_tensor_arena, sizeof(ha_tensor_arena));
    if (interpreter.AllocateTensors() != kTfLiteOk) {
        ns_lp_printf("ha: AllocateTensors failed in a %u-byte arena\n",
                     (unsigned)sizeof(ha_tensor_arena));
        return HA_MODEL_ALLOCATION_FAILED;
    }
    g_interpreter = &interpreter;
    g_input = interpreter.input(0);
    g_output = interpreter.output(0);
    if (!matches_header(g_input, HEART_ARRHYTHMIA_INPUT_SIZE, HEART_ARRHYTHMIA_INPUT_SCALE,
                        HEART_ARRHYTHMIA_INPUT_ZERO_POINT) ||
        !matches_header(g_output, HEART_ARRHYTHMIA_OUTPUT_SIZE, HEART_ARRHYTHMIA_OUTPUT_SCALE,
                        HEART_ARRHYTHMIA_OUTPUT_ZERO_POINT)) {
        ns_lp_printf("ha: model tensors differ from heart_arrhythmia_model.h\n");
        return HA_MODEL_IO_MISMATCH;
    }
    return HA_MODEL_OK;
}

extern "C" int8_t *ha_model_input(void) { return g_input->data.int8; }

extern "C" const int8_t *ha_model_output(void) { return g_output->data.int8; }

extern "C" ha_model_status_t ha_model_invoke(void) {
    return g_interpreter->Invoke() == kTfLiteOk ? HA_MODEL_OK : HA_MODEL_INVOKE_FAILED;
}

extern "C" uint32_t ha_model_arena_used_bytes(void) {
    return (uint32_t)g_interpreter->arena_used_bytes();
}
