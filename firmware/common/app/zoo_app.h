/*
 * What the shared app glue (zoo_model, zoo_power, zoo_selftest) knows of the app it is built
 * into: the app's own src/zoo_app_config.h, which includes the app's settings and its model
 * package's generated headers and defines
 *
 *   ZOO_APP_TAG           the string every printed line starts with ("ha", "kws")
 *   ZOO_APP_MODEL         the package's lower-case name (heart_arrhythmia): the arrays
 *                         g_<name>_model, g_<name>_golden_inputs, g_<name>_golden_outputs
 *   ZOO_APP_MODEL_MACROS  its upper-case prefix (HEART_ARRHYTHMIA): <PREFIX>_ARENA_SIZE,
 *                         _INPUT_SIZE/_SCALE/_ZERO_POINT, _OUTPUT_..., _OP_COUNT, _FOR_EACH_OP,
 *                         _GOLDEN_COUNT, _GOLDEN_INPUT_LEN, _GOLDEN_OUTPUT_LEN
 *
 * The QuantizingPusher derives every generated name from the model's name, so these three lines
 * are all a new app writes to reuse the glue. The settings every app shares are defaulted here
 * (module.mk sets them from make variables):
 *
 *   ZOO_PROFILE    1: neuralSPOT's development power preset, inference timing with ns_timer,
 *                  ns_energy_monitor GPIO states for a power analyser
 *   ZOO_PRINT_ITM  1: print over ITM/SWO (J-Link SWO viewer); 0: over the EVB's UART (lower power)
 */
#ifndef ZOO_APP_H_
#define ZOO_APP_H_

#include "zoo_app_config.h"

#if !defined(ZOO_APP_TAG) || !defined(ZOO_APP_MODEL) || !defined(ZOO_APP_MODEL_MACROS)
#error "zoo_app_config.h must define ZOO_APP_TAG, ZOO_APP_MODEL and ZOO_APP_MODEL_MACROS"
#endif
#ifndef ZOO_PROFILE
#define ZOO_PROFILE 0
#endif
#ifndef ZOO_PRINT_ITM
#define ZOO_PRINT_ITM 0
#endif

#define ZOO_APP_CAT_(a, b) a##b
#define ZOO_APP_CAT(a, b) ZOO_APP_CAT_(a, b)
#define ZOO_APP_CAT3_(a, b, c) a##b##c
#define ZOO_APP_CAT3(a, b, c) ZOO_APP_CAT3_(a, b, c)
#define ZOO_APP_STR_(x) #x
#define ZOO_APP_STR(x) ZOO_APP_STR_(x)

/* ZOO_APP_SYMBOL(_model) -> g_heart_arrhythmia_model */
#define ZOO_APP_SYMBOL(suffix) ZOO_APP_CAT3(g_, ZOO_APP_MODEL, suffix)
/* ZOO_APP_MACRO(_ARENA_SIZE) -> HEART_ARRHYTHMIA_ARENA_SIZE */
#define ZOO_APP_MACRO(suffix) ZOO_APP_CAT(ZOO_APP_MODEL_MACROS, suffix)
/* "heart_arrhythmia_model.h", for messages */
#define ZOO_APP_MODEL_HEADER ZOO_APP_STR(ZOO_APP_MODEL) "_model.h"

#endif /* ZOO_APP_H_ */
