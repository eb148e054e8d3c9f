"""The zoo's models: the one place that picks a model.

Every command (``modelzoo run|predict|data|models|firmware|kfp``), the TFX DSL file
(``pipelines/local_runner.py``), the Kubeflow compiler, the Kubernetes job and the images look a
model up here by its CLI name. Adding a model adds one entry (its ``SPEC``) to ``_SPECS``.
"""

from __future__ import annotations

from modules.heart_arrhythmia import SPEC as HEART_ARRHYTHMIA
from modules.keyword_spotting import SPEC as KEYWORD_SPOTTING
from modules.spec import ModelSpec

_SPECS: tuple[ModelSpec, ...] = (HEART_ARRHYTHMIA, KEYWORD_SPOTTING)

# What `make run`, the TFX DSL file and the images run when no model is named.
DEFAULT_MODEL = HEART_ARRHYTHMIA.cli_name

MODELS: dict[str, ModelSpec] = {spec.cli_name: spec for spec in _SPECS}
MODELS_BY_NAME: dict[str, ModelSpec] = {spec.model_name: spec for spec in _SPECS}


class UnknownModelError(KeyError):
    def __str__(self) -> str:
        return self.args[0]


def get(name: str) -> ModelSpec:
    """The spec for a CLI name (``heart-arrhythmia``) or model name (``heart_arrhythmia``)."""
    spec = MODELS.get(name) or MODELS_BY_NAME.get(name)
    if spec is None:
        raise UnknownModelError(f"unknown model {name!r}; known models: {', '.join(MODELS)}")
    return spec
