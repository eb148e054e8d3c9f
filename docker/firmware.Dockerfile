# The firmware build job: Arm GNU toolchain + the project, running
#   modelzoo firmware build MODEL --version-dir DIR --neuralspot-root $NEURALSPOT_ROOT --out DIR
# neuralSPOT is not in the image by default (its licence and size are the user's call): mount
# it at /opt/neuralspot (PVC) or let an initContainer clone a pinned tag there
# (kubernetes/components). Kubeflow's NeuralspotBuild step mounts nothing: bake a tag in with
#   docker build -f docker/firmware.Dockerfile --build-arg NEURALSPOT_REF=v1.3.0 -t IMAGE .
#   docker build -f docker/firmware.Dockerfile -t IMAGE .      (or: make image)
FROM python:3.10-slim-bookworm

RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib \
      binutils-arm-none-eabi make cmake \
      git ca-certificates \
 && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    TF_USE_LEGACY_KERAS=1 \
    TF_CPP_MIN_LOG_LEVEL=2 \
    MPLCONFIGDIR=/tmp/matplotlib \
    MODELZOO_HOME=/var/lib/modelzoo \
    NEURALSPOT_ROOT=/opt/neuralspot

WORKDIR /opt/modelzoo
COPY requirements.lock ./
RUN python -m pip install --no-cache-dir uv==0.13.8 \
 && uv pip install --system --no-cache --compile-bytecode -r requirements.lock
COPY pyproject.toml README.md ./
COPY modelzoo ./modelzoo
COPY pipelines ./pipelines
COPY components ./components
COPY modules ./modules
COPY firmware_tools ./firmware_tools
COPY firmware ./firmware
# Editable, so that firmware_tools finds firmware/ (apps, front ends) beside it. Smoke test: the
# toolchain runs and the CLI starts with every model of the registry.
RUN uv pip install --system --no-cache --compile-bytecode --no-deps -e . \
 && python -m compileall -q . \
 && arm-none-eabi-gcc --version >/dev/null \
 && modelzoo models >/dev/null

ARG NEURALSPOT_REF=
RUN if [ -n "$NEURALSPOT_REF" ]; then \
      git clone --depth 1 --branch "$NEURALSPOT_REF" https://github.com/AmbiqAI/neuralSPOT.git \
        /opt/neuralspot; \
    fi

RUN useradd --uid 10001 --gid 0 --home-dir /home/modelzoo --create-home modelzoo \
 && mkdir -p /var/lib/modelzoo /opt/neuralspot && chown 10001:0 /var/lib/modelzoo /opt/neuralspot
USER 10001
ENV HOME=/home/modelzoo

ENTRYPOINT ["modelzoo"]
CMD ["firmware", "build", "--help"]
