/*
 * TFLM glue for the keyword-spotting model; see kws_model.h.
 */
#include "kws_model.h"

#include "keyword_spotting_model.h"
#include "ns_ambiqsuite_harness.h"
#include "tensorflow/lite/c/common.h"
#include "tensorflow/lite/micro/micro_interpreter.h"
#include "tensorflow/lite/micro/micro_mutable_op_resolver.h"
#include "tensorflow/lite/micro/system_setup.h"
#include "tensorflow/lite/schema/schema_generated.h"

/* The arena is ordinary zero-initialised data, which neuralSPOT's Apollo4 linker script places
 * in TCM (NS_PUT_IN_TCM says so explicitly where TCM is not the default); the model array is
 * const and stays in MRAM. size.json checks both placements from the linked image. */
NS_PUT_IN_TCM alignas(16) uint8_t kws_tensor_arena[KEYWORD_SPOTTING_ARENA_SIZE];

namespace {

tflite::MicroInterpreter *g_interpreter = nullptr;
TfLiteTensor *g_input = nullptr;
TfLiteTensor *g_output = nullptr;

bool matches_header(const TfLiteTensor *tensor, size_t bytes, float scale, int32_t zero_point) {
    return tensor != nullptr && tensor->type == kTfLiteInt8 && tensor->bytes == bytes &&
           tensor->params.scale == scale && tensor->params.zero_point == zero_point;
}

}  // namespace

extern "C" kws_model_status_t kws_model_init(void) {
    tflite::InitializeTarget();
    const tflite::Model *model = tflite::GetModel(g_keyword_spotting_model);
    if (model->version() != TFLITE_SCHEMA_VERSION) {
        ns_lp_printf(
            "kws: model schema %u, TFLM reads %u\n", (unsigned)model->version(),
            (unsigned)TFLITE_SCHEMA_VERSION);
        return KWS_MODEL_SCHEMA_MISMATCH;
    }

    static tflite::MicroMutableOpResolver<KEYWORD_SPOTTING_OP_COUNT> resolver;
#define KWS_ADD_OP(method)                                                                          \
    if (resolver.method() != kTfLiteOk) {                                                          \
        ns_lp_printf("kws: op resolver refused %s\n", #method);                                     \
        return KWS_MODEL_OP_NOT_ADDED;                                                              \
    }
    KEYWORD_SPOTTING_FOR_EACH_OP(KWS_ADD_OP)
#undef KWS_ADD_OP

    static tflite::MicroInterpreter interpreter(
        model, resolver, kws_tensor_arena, sizeof(kws_tensor_arena));
    if (interpreter.AllocateTensors() != kTfLiteOk) {
        ns_lp_printf("kws: AllocateTensors failed in a %u-byte arena\n",
                     (unsigned)sizeof(kws_tensor_arena));
        return KWS_MODEL_ALLOCATION_FAILED;
    }
    g_interpreter = &interpreter;
    g_input = interpreter.input(0);
    g_output = interpreter.output(0);
    if (!matches_header(g_input, KEYWORD_SPOTTING_INPUT_SIZE, KEYWORD_SPOTTING_INPUT_SCALE,
                        KEYWORD_SPOTTING_INPUT_ZERO_POINT) ||
        !matches_header(g_output, KEYWORD_SPOTTING_OUTPUT_SIZE, KEYWORD_SPOTTING_OUTPUT_SCALE,
                        KEYWORD_SPOTTING_OUTPUT_ZERO_POINT)) {
        ns_lp_printf("kws: model tensors differ from keyword_spotting_model.h\n");
        return KWS_MODEL_IO_MISMATCH;
    }
    return KWS_MODEL_OK;
}

extern "C" int8_t *kws_model_input(void) { return g_input->data.int8; }

extern "C" const int8_t *kws_model_output(void) { return g_output->data.int8; }

extern "C" kws_model_status_t kws_model_invoke(void) {
    return g_interpreter->Invoke() == kTfLiteOk ? KWS_MODEL_OK : KWS_MODEL_INVOKE_FAILED;
}

extern "C" uint32_t kws_model_arena_used_bytes(void) {
    return (uint32_t)g_interpreter->arena_used_bytes();
}
