# Sourced by the job scripts. MODEL (ConfigMap modelzoo-settings, set by the overlay) must name
# a model of the zoo's registry (modules/registry.py); otherwise one line that lists the known
# models, and exit 2 before any work. Sets model_dir: the model's directory under data/ and
# models/ (the spec's model_name: CLI name some-model -> some_model).
model_dir=$(python - "${MODEL:-}" <<'PY'
import sys

from modules.registry import MODELS

name = sys.argv[1]
if name not in MODELS:
    sys.exit(
        f"error: MODEL={name!r} (ConfigMap modelzoo-settings) is not a model of the zoo; "
        f"known models: {', '.join(MODELS)}"
    )
print(MODELS[name].model_name)
PY
) || exit 2
