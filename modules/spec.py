"""What a model in the zoo declares about itself, and the contract its predict code keeps.

Every model's package (``modules/<model>/__init__.py``) holds one :class:`ModelSpec`; the
registry (``modules/registry.py``) lists them and is the only place that picks a model. The
spec names code by dotted path (``"package.module:attribute"``), so listing the models imports
neither TensorFlow nor TFX: ``modelzoo --help`` stays fast, and the spec can name the model's
pipeline module (a layer above ``modules``) without importing it.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol


class InputError(Exception):
    """One input a model cannot use (a record, a file, a data directory).

    ``str(error)`` is the one line a user sees: the file and the problem, e.g.
    ``"data/x.wav: not a WAV file"``. Batch commands report it and go on with the rest.
    """


class Prediction(Protocol):
    """What a model's predictor returns for one input."""

    def to_json(self) -> dict[str, Any]:
        """The machine-readable result (``modelzoo predict --json``)."""

    def render(self, console) -> None:
        """Print the human-readable result on a rich ``Console``."""


class Predictor(Protocol):
    """A loaded model package that predicts one input at a time."""

    def inputs(self, paths: list[str]) -> list[str]:
        """The inputs that ``paths`` (as typed) stand for, e.g. a directory's files."""

    def predict(self, path: str) -> Prediction:
        """Raises :class:`InputError` for an input it cannot use."""


def resolve(dotted: str) -> Any:
    """``"package.module:attribute"`` (or ``"package.module"``) -> the object."""
    module_name, _, attribute = dotted.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, attribute) if attribute else module


@dataclass(frozen=True)
class ModelSpec:
    """One model's entry in the registry. Code is named by dotted path (see :func:`resolve`)."""

    cli_name: str  # as typed on the command line: "heart-arrhythmia"
    model_name: str  # on disk and in C identifiers: "heart_arrhythmia"
    summary: str  # one line for `modelzoo models`
    pipeline: str  # module in pipelines/ with PIPELINE_NAME and create_pipeline(**kwargs)
    # callable(data_dir: Path) -> typer.Typer: the data sub-commands (synth, download, inspect)
    data_cli: str
    write_default_data: str  # callable(out: Path) -> None: the embedded default data set
    predictor: str  # callable(version_dir: Path) -> Predictor
    frontend: str  # firmware front end (firmware/frontends/<name>/) the model's app builds
    benchmark: str  # script under benchmarks/ that writes benchmarks/results/<model>.json
    write_tiny_data: str  # callable(out: Path) -> None: a few records for the contract tests
    write_predict_inputs: str  # callable(out: Path) -> list[Path]: inputs predict must accept
    # `modelzoo run` options for the registry-contract test's tiny run, e.g. {"train_steps": 300,
    # "min_class_recall": 0.0}: it proves the plumbing (a run that pushes); quality floors and
    # targets are the benchmark's. A class missing from the evaluation split still fails.
    tiny_pipeline: Mapping[str, Any] = field(default_factory=dict)
    default_data: str = ""  # under $MODELZOO_DATA; default "<model_name>/synthetic"
    # Dotted path of a string that changes whenever write_default_data would write other data
    # (its generator's version): a default data set stamped otherwise is rewritten before a run
    # (pipelines/default_data.py). "" for none.
    default_data_version: str = ""
    # callable(data_dir: Path) -> object: seconds-fast checks before a run (an empty directory,
    # no labelled data, a missing class); raises InputError with one line. "" for none.
    check_data: str = ""
    # callable(package_dir: Path) -> Path: rewrites the firmware app's settings generated from
    # the package manifest (e.g. the KWS app's kws_streaming.h); sync_firmware (`modelzoo
    # firmware sync`, the KWS benchmark) runs it after copying the package. "" for none.
    write_app_settings: str = ""

    @property
    def default_data_dir(self) -> Path:
        """The embedded default data set's directory, relative to $MODELZOO_DATA."""
        return Path(self.default_data or f"{self.model_name}/synthetic")

    def sync_firmware(self, package) -> tuple[Path, Path | None]:
        """Copy a verified package into ``firmware/models/`` and rewrite the app settings its
        manifest generates (``write_app_settings``): the one way a package reaches the tree, so
        the app never lags it. Returns the package directory and the settings file (or None).
        ValueError when the manifest cannot give the settings (the package is copied already).
        """
        from firmware_tools.sync import sync

        dest = sync(package)
        settings = self.load("write_app_settings")(dest) if self.write_app_settings else None
        return dest, settings

    def load(self, attribute: str) -> Any:
        """The object one of the dotted-path fields names, e.g. ``spec.load("predictor")``."""
        return resolve(getattr(self, attribute))
