"""Reads the transformed examples the pusher calibrates and evaluates on.

The pusher sees the same tf.Examples the Trainer trained on (post-Transform), so the
int8 calibration and the reported metrics use exactly the model's input distribution.
Examples are drawn by a seeded reservoir sample over the whole split: split files are
often ordered by record or class, and taking the first N would bias both the
quantization ranges and the metrics.
"""

from __future__ import annotations

import hashlib
import os
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import tensorflow as tf
from tfx.dsl.io import fileio
from tfx.types import artifact, standard_artifact_utils

_HASH_CHUNK = 1 << 20


@dataclass(frozen=True)
class SplitSample:
    """A sample of one split: features shaped like the model input (minus batch)."""

    features: np.ndarray  # float32 [n, *feature_shape]
    labels: np.ndarray | None  # int64 [n], None when no label key is used
    total_examples: int  # examples in the whole split


def split_files(examples: artifact.Artifact, split: str) -> list[str]:
    """Data files of ``split`` in the Examples artifact, sorted for reproducibility."""
    names = standard_artifact_utils.decode_split_names(examples.split_names)
    if split not in names:
        raise ValueError(f"split {split!r} not in Examples artifact {examples.uri} ({names})")
    split_dir = standard_artifact_utils.get_split_uri([examples], split)
    files = sorted(
        os.path.join(split_dir, name)
        for name in fileio.listdir(split_dir)
        if not fileio.isdir(os.path.join(split_dir, name))
    )
    if not files:
        raise ValueError(f"split {split!r} at {split_dir} has no files")
    return files


def _records(files: Sequence[str]) -> Iterable[bytes]:
    for path in files:
        compression = "GZIP" if path.endswith(".gz") else ""
        yield from tf.data.TFRecordDataset([path], compression_type=compression).as_numpy_iterator()


def _reservoir(records: Iterable[bytes], k: int, seed: int) -> tuple[list[bytes], int]:
    """Uniform sample of ``k`` records (in file order) and the total record count."""
    rng = random.Random(seed)
    chosen: list[tuple[int, bytes]] = []
    total = 0
    for i, record in enumerate(records):
        total = i + 1
        if i < k:
            chosen.append((i, record))
        else:
            j = rng.randint(0, i)
            if j < k:
                chosen[j] = (i, record)
    chosen.sort(key=lambda item: item[0])
    return [record for _, record in chosen], total


def _feature_values(example: tf.train.Example, key: str) -> np.ndarray:
    if key not in example.features.feature:
        raise KeyError(f"feature {key!r} missing from transformed example")
    feature = example.features.feature[key]
    kind = feature.WhichOneof("kind")
    if kind == "float_list":
        return np.asarray(feature.float_list.value, dtype=np.float32)
    if kind == "int64_list":
        return np.asarray(feature.int64_list.value, dtype=np.int64)
    raise ValueError(f"feature {key!r} is {kind}; expected float_list or int64_list")


def read_split(
    files: Sequence[str],
    feature_key: str,
    feature_shape: Sequence[int],
    max_examples: int,
    label_key: str | None = None,
    seed: int = 0,
) -> SplitSample:
    """Sample up to ``max_examples`` examples and reshape features to ``feature_shape``."""
    if max_examples <= 0:
        raise ValueError(f"max_examples must be positive, got {max_examples}")
    records, total = _reservoir(_records(files), max_examples, seed)
    if not records:
        raise ValueError(f"no examples in {files[0]} and siblings")
    size = int(np.prod(feature_shape))
    features = np.empty((len(records), *feature_shape), dtype=np.float32)
    labels = np.empty(len(records), dtype=np.int64) if label_key else None
    for n, record in enumerate(records):
        example = tf.train.Example.FromString(record)
        values = _feature_values(example, feature_key)
        if values.size != size:
            raise ValueError(
                f"feature {feature_key!r} has {values.size} values; the core model input "
                f"{list(feature_shape)} needs {size}"
            )
        features[n] = values.astype(np.float32).reshape(feature_shape)
        if labels is not None:
            label = _feature_values(example, label_key)
            if label.size != 1:
                raise ValueError(f"label {label_key!r} must hold one value, got {label.size}")
            labels[n] = int(label[0])
    return SplitSample(features=features, labels=labels, total_examples=total)


def _file_sha256(path: str) -> tuple[str, int]:
    """Content sha256 and size in bytes (counted while hashing: stat differs per filesystem)."""
    digest = hashlib.sha256()
    size = 0
    with fileio.open(path, "rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def fingerprint(examples: artifact.Artifact, splits: Iterable[str]) -> dict:
    """sha256 over (split, file name, size, content sha256) of every file of ``splits``.

    Names and sizes alone would miss a regenerated split of the same shape; content
    hashes make the fingerprint change exactly when the bytes the model saw change.
    """
    digest = hashlib.sha256()
    summary: dict[str, dict] = {}
    for split in sorted(set(splits)):
        files = split_files(examples, split)
        total_bytes = 0
        for path in files:
            sha, size = _file_sha256(path)
            total_bytes += size
            line = f"{split}/{os.path.basename(path)}\t{size}\t{sha}\n"
            digest.update(line.encode())
        summary[split] = {"files": len(files), "bytes": total_bytes}
    return {"sha256": digest.hexdigest(), "splits": summary}
