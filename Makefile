# Two commands: `make run` (install what is missing, run the default pipeline) and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

export TF_USE_LEGACY_KERAS := 1
export TF_CPP_MIN_LOG_LEVEL := 3
export PYTHONWARNINGS := ignore::FutureWarning,ignore::DeprecationWarning

.PHONY: help venv run test test-fast lint format lock benchmark image clean \
	firmware-deps firmware-test firmware-benchmark

help:
	@echo "make run        install (first time) and run the default model's pipeline end to end (MODEL=...)"
	@echo "make test       install (first time), check the import layers, run the test suite"
	@echo "make test-fast  tests without whole-pipeline runs"
	@echo "make benchmark  held-out benchmark -> benchmarks/results/heart_arrhythmia.json"
	@echo "make firmware-test       install the Arm toolchain + QEMU if missing, run tests/firmware"
	@echo "make firmware-benchmark  flash/RAM/instructions per model -> benchmarks/results/firmware.json"
	@echo "make lint       ruff"
	@echo "make lock       re-resolve requirements.lock with uv"
	@echo "make image      build the pipeline and firmware images (needs a Docker engine)"

$(STAMP): requirements.lock pyproject.toml scripts/bootstrap.sh
	@scripts/bootstrap.sh
	@touch $@

venv: $(STAMP)

# MODEL=<name> runs another model (`modelzoo models` lists them); default: the registry's.
run: venv
	@scripts/audio_deps.sh >/dev/null || echo "text-to-speech engines missing: the keyword-spotting corpus needs them"
	@model="$${MODEL:-$$($(PY) -c 'from modules.registry import DEFAULT_MODEL; print(DEFAULT_MODEL)')}"; \
	echo "$(VENV)/bin/modelzoo run $$model"; $(VENV)/bin/modelzoo run "$$model"

# pytest exits 5 when it collects no tests (e.g. a -k filter that matches nothing): say so, pass.
# The firmware toolchain is installed when possible; without it the firmware tests skip.
test: venv
	@scripts/firmware_deps.sh || echo "firmware toolchain missing: tests/firmware will skip"
	@out=$$($(VENV)/bin/lint-imports --no-cache 2>&1) || { echo "$$out"; exit 1; }; \
	echo "import layers (pyproject.toml [tool.importlinter]): contract kept"
	@scripts/audio_deps.sh || echo "text-to-speech engines missing: audio tests will skip"
	@PYTHON=$(PY) scripts/cmsis_dsp_sources.sh || echo "CMSIS-DSP sources missing: the audio front end's C tests will skip"
	@$(PY) -m pytest -q $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; exit 0; fi; exit $$rc

test-fast: venv
	$(PY) -m pytest -q -m "not slow" $(PYTEST_ARGS)

firmware-deps:
	@scripts/firmware_deps.sh

firmware-test: venv firmware-deps
	@PYTHON=$(PY) scripts/cmsis_dsp_sources.sh || echo "CMSIS-DSP sources missing: the audio front end's C tests will skip"
	$(PY) -m pytest -q tests/firmware $(PYTEST_ARGS)

firmware-benchmark: venv firmware-deps
	@PYTHON=$(PY) scripts/cmsis_dsp_sources.sh
	$(PY) benchmarks/firmware.py

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

format: venv
	$(VENV)/bin/ruff format .

lock:
	uv pip compile pyproject.toml --extra dev --python-version 3.10 -o requirements.lock

benchmark: venv
	$(PY) benchmarks/heart_arrhythmia.py

image:
	@scripts/build_images.sh

clean:
	rm -rf outputs .pytest_cache
