"""Where things live on disk, overridable by environment for CI, notebooks and clusters.

``MODELZOO_HOME`` (default ``./outputs``) holds pipeline roots, ML Metadata and pushed models;
``MODELZOO_DATA`` (default ``./data``) holds data sets.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from modules.spec import ModelSpec

# The Pusher (components/quantizing_pusher) writes <models_dir>/<model>/<version>/manifest.json.
MANIFEST_NAME = "manifest.json"


def home() -> Path:
    return Path(os.environ.get("MODELZOO_HOME", "outputs")).absolute()


def data_home() -> Path:
    return Path(os.environ.get("MODELZOO_DATA", "data")).absolute()


def pipeline_root(pipeline_name: str) -> str:
    return str(home() / "pipelines" / pipeline_name)


def metadata_path(pipeline_name: str) -> str:
    return str(home() / "metadata" / pipeline_name / "metadata.db")


def models_dir() -> str:
    """Push destination: ``<models_dir>/<model_name>/<version>/``."""
    return str(home() / "models")


def data_dir(spec: ModelSpec) -> Path:
    """A model's data home: ``$MODELZOO_DATA/<model_name>`` (its data sub-commands write here)."""
    return data_home() / spec.model_name


def default_data_dir(spec: ModelSpec) -> Path:
    """Where a model's pipeline reads by default: its embedded (synthetic) data set."""
    return data_home() / spec.default_data_dir


class NoPushedModelError(RuntimeError):
    pass


def pushed_versions(model_name: str, models: str | Path | None = None) -> list[Path]:
    """Version directories holding a manifest, oldest first."""
    root = Path(models or models_dir()) / model_name
    if not root.is_dir():
        return []
    versions = [p for p in root.iterdir() if p.is_dir() and (p / MANIFEST_NAME).is_file()]
    return sorted(versions, key=lambda p: int(p.name) if p.name.isdigit() else -1)


def latest_version(model_name: str, models: str | Path | None = None) -> Path:
    """The newest pushed version directory; NoPushedModelError when there is none."""
    versions = pushed_versions(model_name, models)
    if not versions:
        root = Path(models or models_dir()) / model_name
        raise NoPushedModelError(f"no pushed {model_name} model under {root}")
    return versions[-1]


def load_manifest(version_dir: Path) -> dict:
    return json.loads((Path(version_dir) / MANIFEST_NAME).read_text())
