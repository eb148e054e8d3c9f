"""The zoo's container images, pinned: a version tag or a digest, never ``:latest``.

``make image`` (``scripts/build_images.sh``) tags the images it builds with the git short hash
(or ``IMAGE_TAG``) and writes the references into one file, ``PINS_FILE``: a kustomize
component that both overlays include, so the cluster runs those images, and that
``modelzoo kfp compile`` reads, so compiled pipelines run them too. Without that file (an
installed package, no checkout) the default is the release image: the project's version tag.
A ``:latest`` or untagged reference would change under a deployed or compiled pipeline; it is
refused.
"""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

import yaml

PIPELINE = "modelzoo-pipeline"  # the names kubernetes/base uses
FIRMWARE = "modelzoo-firmware"
REGISTRY = "ghcr.io/ambiq-modelzoo"  # where releases are published: <REGISTRY>/pipeline:<version>
PINS_FILE = Path(__file__).resolve().parents[1] / "kubernetes/components/images/kustomization.yaml"
_DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")


class ImageError(ValueError):
    """An image reference that is not pinned, or a pins file that cannot be read."""


def check_pinned(reference: str, option: str = "--image") -> str:
    """``reference`` when it names a version tag or a digest."""
    name, at, digest = reference.partition("@")
    if at:
        if not _DIGEST.match(digest):
            raise ImageError(f"{option} {reference} is not a digest (sha256:<64 hex digits>)")
        return reference
    last = name.rsplit("/", 1)[-1]  # a registry host may carry a port: host:5000/name
    tag = last.partition(":")[2]
    if not tag:
        raise ImageError(
            f"{option} {reference} names no tag (Docker reads that as :latest); name a version "
            "tag or a digest, e.g. the git short hash `make image` tagged"
        )
    if tag == "latest":
        raise ImageError(
            f"{option} {reference} is refused: :latest changes under a compiled pipeline; name a "
            "version tag or a digest, e.g. the git short hash `make image` tagged"
        )
    return reference


def release(name: str) -> str:
    """The published image of this release: ``<REGISTRY>/pipeline:<project version>``."""
    version = importlib.metadata.version("ambiq-modelzoo")
    return f"{REGISTRY}/{name.removeprefix('modelzoo-')}:{version}"


def pinned(name: str, pins_file: Path = PINS_FILE) -> str:
    """The reference ``make image`` pinned for ``name`` (``PIPELINE``, ``FIRMWARE``)."""
    if not pins_file.is_file():
        return release(name)
    try:
        entries = yaml.safe_load(pins_file.read_text()).get("images") or []
        [entry] = [e for e in entries if e.get("name") == name]
    except (yaml.YAMLError, AttributeError, ValueError):
        raise ImageError(f"{pins_file}: expected one `images:` entry named {name}") from None
    base = entry.get("newName", name)
    if entry.get("digest"):
        reference = f"{base}@{entry['digest']}"
    else:
        reference = f"{base}:{entry.get('newTag', '')}".rstrip(":")
    return check_pinned(reference, f"{pins_file} ({name})")
