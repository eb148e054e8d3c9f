/* Declarations for the compile-only check, not TFLM's header (see ns_declarations/README.md):
 * the MicroInterpreter members the apps call. */
#ifndef TENSORFLOW_LITE_MICRO_MICRO_INTERPRETER_H_
#define TENSORFLOW_LITE_MICRO_MICRO_INTERPRETER_H_

#include <cstddef>
#include <cstdint>

#include "tensorflow/lite/c/common.h"
#include "tensorflow/lite/micro/micro_mutable_op_resolver.h"
#include "tensorflow/lite/schema/schema_generated.h"

#define TFLITE_SCHEMA_VERSION (3)

namespace tflite {

class MicroResourceVariables;
class MicroProfilerInterface;

class MicroInterpreter {
  public:
    MicroInterpreter(
        const Model *model, const MicroOpResolver &op_resolver, uint8_t *tensor_arena,
        size_t tensor_arena_size, MicroResourceVariables *resource_variables = nullptr,
        MicroProfilerInterface *profiler = nullptr, bool preserve_all_tensors = false);
    ~MicroInterpreter();

    TfLiteStatus AllocateTensors();
    TfLiteStatus Invoke();
    TfLiteTensor *input(size_t index);
    TfLiteTensor *output(size_t index);
    size_t arena_used_bytes() const;
};

}  // namespace tflite

#endif
