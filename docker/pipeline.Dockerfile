# The pipeline image: every TFX component of a Kubeflow run, the CronJob's LocalDagRunner, and
# the Beam SDK harness for Dataflow (--sdk_container_image) and Flink/Spark worker pools.
#
# Built on Beam's own Python 3.10 SDK image so /opt/apache/beam/boot (the entrypoint Dataflow
# and portable runners start) is there; the locked dependencies pin the same apache-beam.
#   docker build -f docker/pipeline.Dockerfile -t IMAGE .      (or: make image)
FROM apache/beam_python3.10_sdk:2.60.0

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    TF_USE_LEGACY_KERAS=1 \
    TF_CPP_MIN_LOG_LEVEL=2 \
    MPLCONFIGDIR=/tmp/matplotlib \
    MODELZOO_HOME=/var/lib/modelzoo \
    MODELZOO_DATA=/data

WORKDIR /opt/modelzoo
# --compile-bytecode: pods run with a read-only root filesystem and PYTHONDONTWRITEBYTECODE, so
# without .pyc files every Beam worker would compile TensorFlow/TFX from source on each start.
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
# Editable, so that code finds the checkout's data beside it (firmware_tools reads firmware/).
# Smoke test, for every model in the registry: the CLI starts and the pipeline module imports.
RUN uv pip install --system --no-cache --compile-bytecode --no-deps -e . \
 && python -m compileall -q . \
 && modelzoo models >/dev/null \
 && python -c "from modules.registry import MODELS; [m.load('pipeline') for m in MODELS.values()]"

# Non-root, numeric so Kubernetes can check runAsNonRoot; matches runAsUser in kubernetes/.
RUN useradd --uid 10001 --gid 0 --home-dir /home/modelzoo --create-home modelzoo \
 && mkdir -p /var/lib/modelzoo /data && chown 10001:0 /var/lib/modelzoo /data
USER 10001
ENV HOME=/home/modelzoo

# Beam's boot binary: Dataflow and worker pools (--worker_pool) start it. Kubeflow tasks set
# their own command (TFX's executor entrypoint); the CronJob runs `modelzoo run ...`.
ENTRYPOINT ["/opt/apache/beam/boot"]
