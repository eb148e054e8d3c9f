#!/usr/bin/env bash
# `make image`: build the pipeline and firmware images where a Docker engine runs; where none
# does, say so plainly (and how to build elsewhere) and exit 1 rather than pretend.
#   IMAGE_REPO (default ghcr.io/ambiq-modelzoo), IMAGE_TAG (default: git short hash)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=${IMAGE_REPO:-ghcr.io/ambiq-modelzoo}
tag=${IMAGE_TAG:-$(git rev-parse --short HEAD 2>/dev/null || echo dev)}
builds=(
  "docker/pipeline.Dockerfile $repo/pipeline:$tag"
  "docker/firmware.Dockerfile $repo/firmware:$tag"
)
if ! command -v docker >/dev/null 2>&1 || ! reason=$(docker info 2>&1 >/dev/null); then
  echo "make image: no Docker engine on this machine, so no image was built." >&2
  [ -n "${reason:-}" ] && echo "  docker info: $(echo "$reason" | tail -n1)" >&2
  echo "  On a machine with Docker (or BuildKit/kaniko in CI), from the repository root:" >&2
  for build in "${builds[@]}"; do
    set -- $build
    echo "    docker build -f $1 -t $2 ." >&2
  done
  exit 1
fi
for build in "${builds[@]}"; do
  set -- $build
  echo "Building $2 from $1"
  docker build -f "$1" -t "$2" .
done
echo "Built: $repo/pipeline:$tag $repo/firmware:$tag (push them, then set the tag in kubernetes/)"
