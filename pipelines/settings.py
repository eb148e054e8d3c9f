"""Where things live on disk, overridable by environment for CI, notebooks and clusters.

``MODELZOO_HOME`` (default ``./outputs``) holds pipeline roots, ML Metadata and pushed models;
``MODELZOO_DATA`` (default ``./data``) holds data sets.
"""

from __future__ import annotations

import os
from pathlib import Path


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


def default_data_dir(model_name: str) -> Path:
    return data_home() / model_name / "synthetic"
