#!/usr/bin/env bash
# Unpack CMSIS-DSP's C sources (the cmsisdsp 1.10.3 sdist, the release the Python front end is
# built from) into ~/.cache/ambiq-modelzoo/cmsisdsp-1.10.3/ with pip download (nothing is
# fetched when it is there; MODELZOO_CMSIS_DSP_DIR points the builds at a copy elsewhere).
# The audio front end's host/QEMU builds and the compile-only check compile arm_mfcc_q15 and the
# few functions it calls from there (firmware_tools/frontends/audio/cmsis_dsp.py); without them
# those builds say so in one line and the tests that need them skip.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-.venv/bin/python}"
[ -x "$python" ] || python=python3
exec "$python" -m firmware_tools.frontends.audio.cmsis_dsp
