"""Quiet logs by default: TF, absl, Beam and google-api warnings drown what users need."""

from __future__ import annotations

import logging
import os
import warnings


def quiet_logs(verbose: bool = False) -> None:
    """Call before importing TensorFlow where possible; ``verbose`` keeps INFO logs."""
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1" if verbose else "3")
    os.environ.setdefault("GRPC_VERBOSITY", "ERROR")
    if not verbose:
        for category in (FutureWarning, DeprecationWarning, UserWarning):
            warnings.filterwarnings("ignore", category=category)
        # Beam's multi-processing workers and TFX's subprocesses are new interpreters: they
        # inherit the filters only through the environment.
        os.environ.setdefault(
            "PYTHONWARNINGS",
            "ignore::FutureWarning,ignore::DeprecationWarning,ignore::UserWarning",
        )
    level = logging.INFO if verbose else logging.ERROR
    for name in ("absl", "apache_beam", "tensorflow", "tfx", "root", "googleapiclient", "h5py"):
        logging.getLogger(name).setLevel(level)
    try:
        from absl import logging as absl_logging

        absl_logging.set_verbosity(absl_logging.INFO if verbose else absl_logging.ERROR)
    except ImportError:
        pass
