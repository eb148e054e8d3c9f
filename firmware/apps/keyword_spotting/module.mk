# neuralSPOT module for the keyword-spotting app.
#
# `modelzoo firmware build keyword-spotting` stages this directory into a neuralSPOT checkout as
# apps/modelzoo/keyword_spotting/ with firmware/common as common/, the front end the model
# package's manifest declares (audio) as frontend/ with zoo_frontend.mk, and the model package
# as model/, then runs
#   make PLATFORM=apollo4p_evb EXAMPLE=modelzoo/keyword_spotting [ZOO_... settings below]
# from the neuralSPOT root. `make deploy` / `make view` with the same EXAMPLE flash it and show
# SWO output (docs/firmware.md).
#
# CMSIS-DSP: the audio front end calls arm_mfcc_q15. neuralSPOT builds and links its own
# CMSIS-DSP (its extern/CMSIS tree, with the Cortex-M4's DSP instructions), so the staging
# leaves the zoo's copy of CMSIS-DSP's sources (the cmsisdsp sdist that the compile-only check
# and the QEMU tests use) out: zoo_frontend.mk lists only the front end's own C. The boot
# self-test compares neuralSPOT's arm_mfcc_q15 with the Python front end on one frame (README.md).

local_app_name := keyword_spotting
# $(subdirectory) names the makefile read last, so keep this directory before including more.
zoo_app_dir := $(subdirectory)

# App settings (src/kws_config.h; variants.json lists the combinations the compile-only check
# builds; ZOO_PROFILE and ZOO_PRINT are read in common/app/zoo_app.mk):
#   ZOO_AUDIO_SOURCE=pdm|replay   pdm: a PDM microphone (ns-audio); replay: built-in synthetic audio
#   ZOO_PROFILE=0|1               1: development power preset, inference timing, GPIO states
#   ZOO_PRINT=uart|itm            where results are printed
#   ZOO_PRINT_WINDOWS=0|1         1: one line per window (smoothed top class)
ZOO_AUDIO_SOURCE ?= pdm
ZOO_PRINT_WINDOWS ?= 0
zoo_audio_source_define_pdm := ZOO_AUDIO_PDM
zoo_audio_source_define_replay := ZOO_AUDIO_REPLAY
ifeq ($(zoo_audio_source_define_$(ZOO_AUDIO_SOURCE)),)
$(error ZOO_AUDIO_SOURCE=$(ZOO_AUDIO_SOURCE): use pdm or replay)
endif
DEFINES += ZOO_AUDIO_SOURCE=$(zoo_audio_source_define_$(ZOO_AUDIO_SOURCE))
DEFINES += ZOO_PRINT_WINDOWS=$(ZOO_PRINT_WINDOWS)

# Sources, includes, front end, ZOO_PROFILE / ZOO_PRINT and the image: shared by every app.
include $(zoo_app_dir)/common/app/zoo_app.mk
