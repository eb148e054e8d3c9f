"""The zoo's models and their pushed versions on disk."""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from pipelines import settings


@dataclass(frozen=True)
class ModelInfo:
    cli_name: str  # as typed on the command line
    model_name: str  # as used on disk and in C identifiers
    summary: str
    # Module with PIPELINE_NAME and create_pipeline(*, pipeline_root, data_root,
    # push_destination, beam_pipeline_args, spans, ...): what `modelzoo kfp compile all` loops over.
    pipeline_module: str

    def pipeline(self) -> ModuleType:
        return importlib.import_module(self.pipeline_module)


MODELS: dict[str, ModelInfo] = {
    "heart-arrhythmia": ModelInfo(
        "heart-arrhythmia",
        "heart_arrhythmia",
        "Single-lead ECG rhythm: NORMAL / AFIB / AFL (demonstration, not a medical device)",
        "pipelines.heart_arrhythmia",
    ),
}

MODELS_BY_NAME: dict[str, ModelInfo] = {info.model_name: info for info in MODELS.values()}


class NoPushedModelError(RuntimeError):
    pass


def pushed_versions(model_name: str, models_dir: str | None = None) -> list[Path]:
    """Version directories holding a manifest, oldest first."""
    root = Path(models_dir or settings.models_dir()) / model_name
    if not root.is_dir():
        return []
    versions = [p for p in root.iterdir() if p.is_dir() and (p / "manifest.json").is_file()]
    return sorted(versions, key=lambda p: int(p.name) if p.name.isdigit() else -1)


def latest_version(model_name: str, models_dir: str | None = None) -> Path:
    versions = pushed_versions(model_name, models_dir)
    if not versions:
        root = Path(models_dir or settings.models_dir()) / model_name
        raise NoPushedModelError(
            f"no pushed {model_name} model under {root}; run `modelzoo run "
            f"{model_name.replace('_', '-')}` first"
        )
    return versions[-1]


def load_manifest(version_dir: Path) -> dict:
    return json.loads((version_dir / "manifest.json").read_text())
