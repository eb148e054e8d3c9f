# neuralSPOT module for the heart-arrhythmia app.
#
# `modelzoo firmware build heart-arrhythmia` stages this directory into a neuralSPOT checkout as
# apps/modelzoo/heart_arrhythmia/ with firmware/common as common/, the front end the model
# package's manifest declares (ecg) as frontend/ with zoo_frontend.mk, and the model package as
# model/, then runs
#   make PLATFORM=apollo4p_evb EXAMPLE=modelzoo/heart_arrhythmia [ZOO_... settings below]
# from the neuralSPOT root. `make deploy` / `make view` with the same EXAMPLE flash it and show
# SWO output (docs/firmware.md).

local_app_name := heart_arrhythmia
# $(subdirectory) names the makefile read last, so keep this directory before including more.
zoo_app_dir := $(subdirectory)

# App settings (src/ha_config.h; variants.json lists the combinations the compile-only check
# builds; ZOO_PROFILE and ZOO_PRINT are read in common/app/zoo_app.mk):
#   ZOO_ECG_SOURCE=auto|max86150|replay  auto: the MAX86150 when it answers on I2C, else replay
#   ZOO_PROFILE=0|1                      1: development power preset, inference timing, GPIO states
#   ZOO_PRINT=uart|itm                   where results are printed
ZOO_ECG_SOURCE ?= auto
zoo_ecg_source_define_auto := ZOO_ECG_AUTO
zoo_ecg_source_define_max86150 := ZOO_ECG_MAX86150
zoo_ecg_source_define_replay := ZOO_ECG_REPLAY
ifeq ($(zoo_ecg_source_define_$(ZOO_ECG_SOURCE)),)
$(error ZOO_ECG_SOURCE=$(ZOO_ECG_SOURCE): use auto, max86150 or replay)
endif
DEFINES += ZOO_ECG_SOURCE=$(zoo_ecg_source_define_$(ZOO_ECG_SOURCE))

# Sources, includes, front end, ZOO_PROFILE / ZOO_PRINT and the image: shared by every app.
include $(zoo_app_dir)/common/app/zoo_app.mk
