/*
 * TFLM glue for the app's model; see zoo_model.h (and zoo_app.h for what the app names).
 */
#include "zoo_model.h"

#include "ns_ambiqsuite_harness.h"
#include "tensorflow/lite/c/common.h"
#include "tensorflow/lite/micro/micro_interpreter.h"
#include "tensorflow/lite/micro/micro_mutable_op_resolver.h"
#include "tensorflow/lite/micro/system_setup.h"
#include "tensorflow/lite/schema/schema_generated.h"
#include "zoo_app.h"

/* The arena is ordinary zero-initialised data, which neuralSPOT's Apollo4 linker script places
 * in TCM (NS_PUT_IN_TCM says so explicitly where TCM is not the default); the model array is
 * const and stays in MRAM. size.json checks both placements from the linked image. */
NS_PUT_IN_TCM alignas(16) uint8_t zoo_tensor_arena[ZOO_APP_MACRO(_ARENA_SIZE)];

namespace {

tflite::MicroInterpreter *g_interpreter = nullptr;
TfLiteTensor *g_input = nullptr;
TfLiteTensor *g_output = nullptr;

bool matches_header(const TfLiteTensor *tensor, size_t bytes, float scale, int32_t zero_point) {
    return tensor != nullptr && tensor->type == kTfLiteInt8 && tensor->bytes == bytes &&
           tensor->params.scale == scale && tensor->params.zero_point == zero_point;
}

}  // namespace

extern "C" zoo_model_status_t zoo_model_init(void) {
    tflite::InitializeTarget();
    const tflite::Model *model = tflite::GetModel(ZOO_APP_SYMBOL(_model));
    if (model->version() != TFLITE_SCHEMA_VERSION) {
        ns_lp_printf(
            ZOO_APP_TAG ": model schema %u, TFLM reads %u\n", (unsigned)model->version(),
            (unsigned)TFLITE_SCHEMA_VERSION);
        return ZOO_MODEL_SCHEMA_MISMATCH;
    }

    static tflite::MicroMutableOpResolver<ZOO_APP_MACRO(_OP_COUNT)> resolver;
#define ZOO_ADD_OP(method)                                                                         \
    if (resolver.method() != kTfLiteOk) {                                                          \
        ns_lp_printf(ZOO_APP_TAG ": op resolver refused %s\n", #method);                           \
        return ZOO_MODEL_OP_NOT_ADDED;                                                             \
    }
    ZOO_APP_MACRO(_FOR_EACH_OP)(ZOO_ADD_OP)
#undef ZOO_ADD_OP

    static tflite::MicroInterpreter interpreter(
        model, resolver, zoo_tensor_arena, sizeof(zoo_tensor_arena));
    if (interpreter.AllocateTensors() != kTfLiteOk) {
        ns_lp_printf(ZOO_APP_TAG ": AllocateTensors failed in a %u-byte arena\n",
                     (unsigned)sizeof(zoo_tensor_arena));
        return ZOO_MODEL_ALLOCATION_FAILED;
    }
    g_interpreter = &interpreter;
    g_input = interpreter.input(0);
    g_output = interpreter.output(0);
    if (!matches_header(g_input, ZOO_APP_MACRO(_INPUT_SIZE), ZOO_APP_MACRO(_INPUT_SCALE),
                        ZOO_APP_MACRO(_INPUT_ZERO_POINT)) ||
        !matches_header(g_output, ZOO_APP_MACRO(_OUTPUT_SIZE), ZOO_APP_MACRO(_OUTPUT_SCALE),
                        ZOO_APP_MACRO(_OUTPUT_ZERO_POINT))) {
        ns_lp_printf(ZOO_APP_TAG ": model tensors differ from " ZOO_APP_MODEL_HEADER "\n");
        return ZOO_MODEL_IO_MISMATCH;
    }
    return ZOO_MODEL_OK;
}

extern "C" int8_t *zoo_model_input(void) { return g_input->data.int8; }

extern "C" const int8_t *zoo_model_output(void) { return g_output->data.int8; }

extern "C" zoo_model_status_t zoo_model_invoke(void) {
    return g_interpreter->Invoke() == kTfLiteOk ? ZOO_MODEL_OK : ZOO_MODEL_INVOKE_FAILED;
}

extern "C" uint32_t zoo_model_arena_used_bytes(void) {
    return (uint32_t)g_interpreter->arena_used_bytes();
}
