#!/bin/sh
# The retraining CronJob's first step: TFX's LocalDagRunner runs MODEL's pipeline on the newest
# data span under $MODELZOO_DATA/<model>/ (span-N/), with ML Metadata on modelzoo-home so the
# Evaluator's baseline is the last blessed model.
set -eu
. "$(dirname "$0")/model.sh"
exec modelzoo run "$MODEL" --data "$MODELZOO_DATA/$model_dir" --beam-workers "$BEAM_WORKERS"
