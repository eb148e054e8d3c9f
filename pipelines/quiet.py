"""Quiet logs by default: TF, absl, Beam and google-api warnings drown what users need."""

from __future__ import annotations

import logging
import os
import sys
import warnings

from modules.logs import QUIET_ENV

# TensorFlow 2.16's AtomicFunction.__del__ raises TypeError when the function outlives its
# context (after Keras fit inside TFX's Trainer, and in Beam workers running Transform's graphs
# as the interpreter exits); Python prints it as "Exception ignored in ...". Harmless, and the
# one unraisable exception quiet runs drop.
_TF_TEARDOWN_NOISE = "AtomicFunction.__del__"

# Set by quiet_logs for child processes (modules/logs.py): Beam's workers import this module at
# start-up (``--beam_plugins``, pipelines/beam.py) and then drop the same noise.


def _drop_tf_teardown_noise(
    unraisable,
    # Bound now: at interpreter exit this module's globals may already be None.
    _noise=_TF_TEARDOWN_NOISE,
    _getattr=getattr,
    _isinstance=isinstance,
    _type_error=TypeError,
    _default_hook=sys.__unraisablehook__,
) -> None:
    where = _getattr(unraisable.object, "__qualname__", "")
    if where == _noise and _isinstance(unraisable.exc_value, _type_error):
        return
    _default_hook(unraisable)


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
    os.environ[QUIET_ENV] = "0" if verbose else "1"
    level = logging.INFO if verbose else logging.ERROR
    for name in ("absl", "apache_beam", "tensorflow", "tfx", "root", "googleapiclient", "h5py"):
        logging.getLogger(name).setLevel(level)
    try:
        from absl import logging as absl_logging

        absl_logging.set_verbosity(absl_logging.INFO if verbose else absl_logging.ERROR)
    except ImportError:
        pass


if os.environ.get(QUIET_ENV) == "1":
    sys.unraisablehook = _drop_tf_teardown_noise
