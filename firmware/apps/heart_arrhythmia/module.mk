# neuralSPOT module for the heart-arrhythmia app.
#
# `modelzoo firmware build heart-arrhythmia` stages this directory into a neuralSPOT checkout as
# apps/modelzoo/heart_arrhythmia/ with firmware/common as common/ and the model package as
# model/, then runs
#   make PLATFORM=apollo4p_evb EXAMPLE=modelzoo/heart_arrhythmia [ZOO_... settings below]
# from the neuralSPOT root. `make deploy` / `make view` with the same EXAMPLE flash it and show
# SWO output (docs/firmware.md).

local_app_name := heart_arrhythmia
local_src := $(wildcard $(subdirectory)/src/*.c)
local_src += $(wildcard $(subdirectory)/src/*.cc)
local_src += $(wildcard $(subdirectory)/common/src/*.c)
local_src += $(wildcard $(subdirectory)/model/*.c)
local_bin := $(BINDIR)/$(subdirectory)

includes_api += $(subdirectory)/src
includes_api += $(subdirectory)/common/include
includes_api += $(subdirectory)/model

# App settings (src/ha_config.h):
#   ZOO_ECG_SOURCE=auto|max86150|replay  auto: the MAX86150 when it answers on I2C, else replay
#   ZOO_PROFILE=0|1                      1: development power preset, inference timing, GPIO states
#   ZOO_PRINT=uart|itm                   where results are printed
ZOO_ECG_SOURCE ?= auto
ZOO_PROFILE ?= 0
ZOO_PRINT ?= uart
zoo_ecg_source_define_auto := ZOO_ECG_AUTO
zoo_ecg_source_define_max86150 := ZOO_ECG_MAX86150
zoo_ecg_source_define_replay := ZOO_ECG_REPLAY
ifeq ($(zoo_ecg_source_define_$(ZOO_ECG_SOURCE)),)
$(error ZOO_ECG_SOURCE=$(ZOO_ECG_SOURCE): use auto, max86150 or replay)
endif
ifeq ($(filter uart itm,$(ZOO_PRINT)),)
$(error ZOO_PRINT=$(ZOO_PRINT): use uart or itm)
endif
DEFINES += ZOO_ECG_SOURCE=$(zoo_ecg_source_define_$(ZOO_ECG_SOURCE))
DEFINES += ZOO_PROFILE=$(ZOO_PROFILE)
DEFINES += ZOO_PRINT_ITM=$(if $(filter itm,$(ZOO_PRINT)),1,0)

bindirs  += $(local_bin)
examples += $(local_bin)/$(local_app_name).axf
examples += $(local_bin)/$(local_app_name).bin
$(eval $(call make-axf, $(local_bin)/$(local_app_name), $(local_src)))
