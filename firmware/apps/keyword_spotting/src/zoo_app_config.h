/*
 * What the shared app glue (firmware/common/app: zoo_model, zoo_power, zoo_selftest) needs to
 * know about this app; see zoo_app.h there. The self-test's result line is the app's own
 * (kws_selftest.c: it also checks the audio front end).
 */
#ifndef ZOO_APP_CONFIG_H_
#define ZOO_APP_CONFIG_H_

#include "keyword_spotting_golden.h"
#include "keyword_spotting_model.h"
#include "kws_config.h"

#define ZOO_APP_TAG "kws"
#define ZOO_APP_MODEL keyword_spotting
#define ZOO_APP_MODEL_MACROS KEYWORD_SPOTTING

#endif /* ZOO_APP_CONFIG_H_ */
