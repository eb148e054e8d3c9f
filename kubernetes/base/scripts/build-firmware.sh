#!/bin/sh
# neuralSPOT firmware for MODEL's latest pushed version ($MODELZOO_HOME/models/<model>/latest,
# written by the Pusher) into $MODELZOO_HOME/firmware/<model>/<version>/. Before anything was
# pushed it says so and exits 0.
set -eu
. "$(dirname "$0")/model.sh"
models="$MODELZOO_HOME/models/$model_dir"
if [ ! -f "$models/latest" ]; then
  echo "no pushed $MODEL model under $models yet: nothing to build"
  exit 0
fi
version=$(cat "$models/latest")
exec modelzoo firmware build "$MODEL" --version-dir "$models/$version" \
  --platform "$FIRMWARE_PLATFORM" --out "$MODELZOO_HOME/firmware/$MODEL/$version"
