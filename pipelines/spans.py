"""New data arrives as ExampleGen spans: ``<data_root>/span-<N>/...``; each run reads the newest.

This is TFX's own mechanism: a ``{SPAN}`` input pattern and a ``RangeConfig`` with a
``RollingRange`` of one span. The Examples artifact records its span in ML Metadata, so a
scheduled retraining run is traceable to the data that triggered it. A data root without
``span-N`` directories keeps the flat layout (every record, span 0).
"""

from __future__ import annotations

import os
import re

from tfx.dsl.io import fileio
from tfx.proto import range_config_pb2

SPAN_DIR = "span-{SPAN}"
_SPAN_DIR_RE = re.compile(r"^span-\d+$")


def span_pattern(file_pattern: str) -> str:
    """``'*.hea'`` -> ``'span-{SPAN}/*.hea'``."""
    return f"{SPAN_DIR}/{file_pattern}"


def latest_span() -> range_config_pb2.RangeConfig:
    return range_config_pb2.RangeConfig(rolling_range=range_config_pb2.RollingRange(num_spans=1))


def has_spans(data_root: str) -> bool:
    """Whether ``data_root`` holds ``span-<N>`` directories (local path or any TFX filesystem)."""
    if not fileio.isdir(data_root):
        return False
    return any(
        _SPAN_DIR_RE.match(name.rstrip("/")) and fileio.isdir(os.path.join(data_root, name))
        for name in fileio.listdir(data_root)
    )
