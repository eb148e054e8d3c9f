"""A FAKE neuralSPOT checkout for the build-job tests: a test double, never a device build.

It has the layout ``modelzoo firmware build`` checks for and a small Makefile that speaks the
module.mk protocol of neuralSPOT's (``subdirectory``, ``includes_api``, ``DEFINES``,
``make-axf``, ``examples``, the ``build/<board>_<evb>/<toolchain>/`` output layout), so the app's
real module.mk is exercised. Instead of neuralSPOT's libraries it compiles against
``firmware/apps/ns_declarations`` and links with every SDK symbol left unresolved: the .axf has
real sections and sizes and would not run. Its version file says so, and size.json repeats it.
"""

from __future__ import annotations

import json
from pathlib import Path

from firmware_tools.compile_check import DECLARATIONS_DIR

FAKE_VERSION = "0.0.0-fake-test-double"

MAKEFILE = """\
# FAKE neuralSPOT Makefile (test double for modelzoo's build-job tests; not a device build).
PLATFORM ?= apollo4p_evb
EXAMPLE ?= all
TOOLCHAIN ?= arm-none-eabi
empty :=
space := $(empty) $(empty)
BOARD := $(firstword $(subst _, ,$(PLATFORM)))
EVB := $(subst $(space),_,$(wordlist 2,9,$(subst _, ,$(PLATFORM))))
BINDIR := build/$(BOARD)_$(EVB)/$(TOOLCHAIN)
CPU := -mthumb -mcpu=cortex-m4 -mfpu=fpv4-sp-d16 -mfloat-abi=hard
CFLAGS = $(CPU) -ffunction-sections -fdata-sections -O2 -Wall \\
         $(addprefix -D,$(DEFINES)) $(addprefix -I,$(includes_api))
LFLAGS := $(CPU) -nostartfiles --specs=nano.specs -T fake_apollo4.ld -Wl,--gc-sections \\
          -Wl,--entry,main -Wl,--unresolved-symbols=ignore-all

includes_api := {declarations}
DEFINES :=
examples :=
bindirs :=
include make/helpers.mk

.PHONY: all
all:
	@echo "FAKE neuralSPOT test double: images built here are not device builds"
include apps/$(EXAMPLE)/module.mk
all: $(examples)

$(BINDIR)/%.o: %.c
	@mkdir -p $(@D)
	arm-none-eabi-gcc -c $(CFLAGS) -std=c99 $< -o $@
$(BINDIR)/%.o: %.cc
	@mkdir -p $(@D)
	arm-none-eabi-g++ -c $(CFLAGS) -fno-exceptions -fno-rtti -fno-use-cxa-atexit $< -o $@
%.bin: %.axf
	arm-none-eabi-objcopy -Obinary $< $@
"""

HELPERS_MK = """\
# FAKE neuralSPOT make helpers (test double).
subdirectory = $(patsubst %/module.mk,%,$(word $(words $(MAKEFILE_LIST)),$(MAKEFILE_LIST)))
source-to-object = $(addprefix $(BINDIR)/,$(patsubst %.c,%.o,$(filter %.c,$1))) \\
                   $(addprefix $(BINDIR)/,$(patsubst %.cc,%.o,$(filter %.cc,$1)))
define make-axf
$1.axf: $(call source-to-object,$2)
\t@mkdir -p $$(@D)
\tarm-none-eabi-g++ $(LFLAGS) -o $$@ $$^ -Wl,-Map,$$(patsubst %.axf,%.map,$$@)
endef
"""

# Apollo4 Plus memory map as neuralSPOT's linker script declares it.
LINKER_SCRIPT = """\
/* FAKE neuralSPOT linker script (test double): Apollo4 Plus regions, minimal sections. */
MEMORY
{
    MCU_MRAM    (rx) : ORIGIN = 0x00018000, LENGTH = 1998848
    MCU_TCM     (rw) : ORIGIN = 0x10000000, LENGTH = 393216
    SHARED_SRAM (rw) : ORIGIN = 0x10060000, LENGTH = 1048576
}
SECTIONS
{
    .text : { *(.text*) *(.rodata*) } > MCU_MRAM
    .ARM.exidx : { *(.ARM.exidx*) } > MCU_MRAM
    .data : { *(.data*) } > MCU_TCM AT > MCU_MRAM
    .bss (NOLOAD) : { *(.bss*) *(COMMON) } > MCU_TCM
}
"""


# neuralSPOT's per-platform table (tools/ns_platform.yaml), two entries.
PLATFORMS = """\
# FAKE (test double)
apollo4p_evb:
  name: apollo4p_evb
  core: cortex-m4
  as_version: R4.5.0
  tflm_version: helia_rt_v1_6_0
apollo510_evb:
  name: apollo510_evb
  core: cortex-m55
  as_version: R5.3.0
  tflm_version: helia_rt_v1_6_0
"""


def make_fake_neuralspot(root: Path) -> Path:
    """Write the fake checkout under ``root``; returns ``root``."""
    (root / "make").mkdir(parents=True)
    (root / "neuralspot" / "ns-core").mkdir(parents=True)
    (root / "apps").mkdir()
    (root / "Makefile").write_text(MAKEFILE.replace("{declarations}", str(DECLARATIONS_DIR)))
    (root / "make" / "helpers.mk").write_text(HELPERS_MK)
    (root / "make" / "neuralspot_config.mk").write_text("# FAKE (test double)\n")
    (root / "fake_apollo4.ld").write_text(LINKER_SCRIPT)
    (root / ".release-please-manifest.json").write_text(json.dumps({".": FAKE_VERSION}))
    (root / "tools").mkdir()
    (root / "tools" / "ns_platform.yaml").write_text(PLATFORMS)
    return root
