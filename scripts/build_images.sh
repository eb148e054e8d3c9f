#!/usr/bin/env bash
# `make image`: build the pipeline and firmware images and pin them.
#   IMAGE_REPO  registry and path (default ghcr.io/ambiq-modelzoo)
#   IMAGE_TAG   tag (default: the git short hash, with -dirty for uncommitted changes); never
#               "latest", which changes under a deployed or compiled pipeline
#   IMAGE_PUSH  1: push both images and pin them by digest instead of by tag
# The references built are written to kubernetes/components/images/kustomization.yaml: both
# overlays deploy them and `modelzoo kfp compile` puts the pipeline image into its specs.
# Commit that file. Where no Docker engine runs, say so (and how to build elsewhere) and exit 1
# rather than pretend.
set -euo pipefail
cd "$(dirname "$0")/.."
pins=kubernetes/components/images/kustomization.yaml
repo=${IMAGE_REPO:-ghcr.io/ambiq-modelzoo}
tag=${IMAGE_TAG:-}
if [ -z "$tag" ]; then
  if ! tag=$(git rev-parse --short HEAD 2>/dev/null); then
    echo "make image: not a git checkout: set IMAGE_TAG (e.g. IMAGE_TAG=0.1.0)" >&2
    exit 2
  fi
  # The pins file itself does not make a build dirty: writing it is this script's job.
  if [ -n "$(git status --porcelain --untracked-files=no -- . ":(exclude)$pins")" ]; then
    tag="$tag-dirty"
  fi
fi
if [ "$tag" = latest ]; then
  echo "make image: IMAGE_TAG=latest is refused: it changes under a deployed or compiled" \
    "pipeline; use a version (e.g. IMAGE_TAG=0.1.0) or leave it unset for the git hash" >&2
  exit 2
fi
if ! [[ $tag =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]]; then
  echo "make image: IMAGE_TAG=$tag is not a Docker tag (letters, digits, _ . -; 128 at most)" >&2
  exit 2
fi
builds=(
  "docker/pipeline.Dockerfile $repo/pipeline modelzoo-pipeline"
  "docker/firmware.Dockerfile $repo/firmware modelzoo-firmware"
)
if ! command -v docker >/dev/null 2>&1 || ! reason=$(docker info 2>&1 >/dev/null); then
  echo "make image: no Docker engine on this machine, so no image was built." >&2
  [ -n "${reason:-}" ] && echo "  docker info: $(echo "$reason" | tail -n1)" >&2
  echo "  On a machine with Docker (or BuildKit/kaniko in CI), from the repository root:" >&2
  for build in "${builds[@]}"; do
    set -- $build
    echo "    docker build -f $1 -t $2:$tag ." >&2
  done
  echo "  then pin what you built in $pins." >&2
  exit 1
fi

pinned=()
for build in "${builds[@]}"; do
  set -- $build
  echo "Building $2:$tag from $1"
  docker build -f "$1" -t "$2:$tag" .
  if [ "${IMAGE_PUSH:-0}" = 1 ]; then
    docker push "$2:$tag"
    digest=$(docker inspect --format '{{index .RepoDigests 0}}' "$2:$tag")
    pinned+=("$3 $2 digest ${digest#*@}")
  else
    pinned+=("$3 $2 newTag $tag")
  fi
done

{
  sed -n '/^apiVersion:/q;p' "$pins"  # the file's own comment
  echo "apiVersion: kustomize.config.k8s.io/v1alpha1"
  echo "kind: Component"
  echo "images:"
  for pin in "${pinned[@]}"; do
    set -- $pin
    printf '  - name: %s\n    newName: %s\n    %s: "%s"\n' "$1" "$2" "$3" "$4"
  done
} >"$pins.new"
mv "$pins.new" "$pins"
echo "Pinned in $pins:"
grep -E 'newName|newTag|digest' "$pins"
[ "${IMAGE_PUSH:-0}" = 1 ] || echo "Push both images (or rerun with IMAGE_PUSH=1 to pin digests), then commit $pins."
