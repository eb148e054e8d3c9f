/* Declarations for the compile-only check, not TFLM's header (see ns_declarations/README.md). */
#ifndef TENSORFLOW_LITE_MICRO_SYSTEM_SETUP_H_
#define TENSORFLOW_LITE_MICRO_SYSTEM_SETUP_H_

namespace tflite {

void InitializeTarget();

}  // namespace tflite

#endif
