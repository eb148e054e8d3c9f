/* Declarations for the compile-only check, not TFLM's header (see ns_declarations/README.md):
 * the two things the apps use from the flatbuffer schema. */
#ifndef FLATBUFFERS_GENERATED_SCHEMA_TFLITE_H_
#define FLATBUFFERS_GENERATED_SCHEMA_TFLITE_H_

#include <cstdint>

namespace tflite {

struct Model {
    uint32_t version() const;
};

const Model *GetModel(const void *buf);

}  // namespace tflite

#endif
