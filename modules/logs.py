"""How loud model code may be: quiet unless the user asked for logs (``modelzoo -v``).

``pipelines.quiet.quiet_logs`` sets ``MODELZOO_QUIET`` for the run and every process it starts
(Beam workers, TFX's executors); model code that prints on its own (Keras' epoch lines) asks here.
"""

from __future__ import annotations

import os

QUIET_ENV = "MODELZOO_QUIET"


def quiet() -> bool:
    return os.environ.get(QUIET_ENV) == "1"


def keras_verbose() -> int:
    """``Model.fit(verbose=...)``: one line per epoch when verbose, nothing when quiet."""
    return 0 if quiet() else 2
