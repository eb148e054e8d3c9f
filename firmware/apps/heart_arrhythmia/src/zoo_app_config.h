/*
 * What the shared app glue (firmware/common/app: zoo_model, zoo_power, zoo_selftest) needs to
 * know about this app; see zoo_app.h there.
 */
#ifndef ZOO_APP_CONFIG_H_
#define ZOO_APP_CONFIG_H_

#include "ha_config.h"
#include "heart_arrhythmia_golden.h"
#include "heart_arrhythmia_model.h"

#define ZOO_APP_TAG "ha"
#define ZOO_APP_MODEL heart_arrhythmia
#define ZOO_APP_MODEL_MACROS HEART_ARRHYTHMIA

#endif /* ZOO_APP_CONFIG_H_ */
