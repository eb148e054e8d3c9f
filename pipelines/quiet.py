"""Quiet logs by default: TF, absl, Beam and google-api warnings drown what users need."""

from __future__ import annotations

import logging
import os
import sys
import warnings

# TensorFlow 2.16's AtomicFunction.__del__ raises TypeError when the function outlives its
# context (seen after Keras fit inside TFX's Trainer); Python prints it as "Exception ignored
# in ...". Harmless, and the one unraisable exception quiet runs drop.
_TF_TEARDOWN_NOISE = "AtomicFunction.__del__"


def _drop_tf_teardown_noise(unraisable) -> None:
    where = getattr(unraisable.object, "__qualname__", "")
    if where == _TF_TEARDOWN_NOISE and isinstance(unraisable.exc_value, TypeError):
        return
    sys.__unraisablehook__(unraisable)


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
        sys.unraisablehook = _drop_tf_teardown_noise
    level = logging.INFO if verbose else logging.ERROR
    for name in ("absl", "apache_beam", "tensorflow", "tfx", "root", "googleapiclient", "h5py"):
        logging.getLogger(name).setLevel(level)
    try:
        from absl import logging as absl_logging

        absl_logging.set_verbosity(absl_logging.INFO if verbose else absl_logging.ERROR)
    except ImportError:
        pass
