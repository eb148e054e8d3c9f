"""Moves a fully built version directory into the push destination all at once.

Everything is built in a local temp dir first; only a complete, verified package is
copied to a hidden staging dir beside the destination and renamed into place, so readers
(firmware builds, the ``latest`` pointer) never see a half-written version.
"""

from __future__ import annotations

import os
import time
import uuid

from absl import logging
from tfx.dsl.io import fileio
from tfx.utils import io_utils

LATEST_NAME = "latest"


def model_dir(push_destination: str, model_name: str) -> str:
    return os.path.join(push_destination.rstrip("/"), model_name)


def new_version(push_destination: str, model_name: str) -> str:
    """Unix time like tfx's Pusher; bumped by one second while that version exists."""
    version = int(time.time())
    while fileio.exists(os.path.join(model_dir(push_destination, model_name), str(version))):
        version += 1
    return str(version)


def _read_latest(path: str) -> int | None:
    if not fileio.exists(path):
        return None
    with fileio.open(path, "r") as handle:
        text = handle.read().strip()
    return int(text) if text.isdigit() else None


def publish(local_dir: str, push_destination: str, model_name: str, version: str) -> str:
    """Copy ``local_dir`` to ``<dest>/<model_name>/<version>`` atomically; update ``latest``."""
    base = model_dir(push_destination, model_name)
    final = os.path.join(base, version)
    staging = os.path.join(base, f".staging-{version}-{uuid.uuid4().hex}")
    fileio.makedirs(base)
    try:
        io_utils.copy_dir(local_dir, staging)
        fileio.rename(staging, final, overwrite=False)
    finally:
        if fileio.exists(staging):
            fileio.rmtree(staging)
    latest = os.path.join(base, LATEST_NAME)
    current = _read_latest(latest)
    if current is None or current <= int(version):
        tmp = os.path.join(base, f".{LATEST_NAME}-{uuid.uuid4().hex}")
        with fileio.open(tmp, "w") as handle:
            handle.write(f"{version}\n")
        fileio.rename(tmp, latest, overwrite=True)
    logging.info("Published %s", final)
    return final
