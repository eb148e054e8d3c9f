"""A Speech Commands tree as arrays (features, labels, per-clip conditions), outside TFX.

The benchmark, the notebook and the experiment loop read corpora through here; the pipeline
reads them through the ExampleGen's record function. Both call
:func:`modules.keyword_spotting.records.clip_features`, so they see the same numbers.
Features are cached beside nothing: callers keep the returned arrays (``np.savez``) if they
want a cache.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from modules.audio import corpus
from modules.audio.io import AudioError
from modules.keyword_spotting import config
from modules.keyword_spotting.records import clip_features


@dataclass
class ClipSet:
    features: np.ndarray  # float32 [n, frames, mels]
    labels: np.ndarray  # int [n], index into class_names
    class_names: tuple[str, ...]
    rows: list[dict]  # per clip: path, word, speaker, split, snr_db, ... (clips.csv when present)

    def subset(self, mask) -> ClipSet:
        mask = np.asarray(mask)
        idx = np.flatnonzero(mask) if mask.dtype == bool else mask
        return ClipSet(
            self.features[idx], self.labels[idx], self.class_names, [self.rows[i] for i in idx]
        )

    def column(self, name: str) -> np.ndarray:
        return np.array([row.get(name, "") for row in self.rows], dtype=object)

    def __len__(self) -> int:
        return len(self.labels)


def _features(path: str):
    try:
        return clip_features(path)
    except AudioError as error:
        return str(error)


def load_clips(
    root: str | Path,
    labels: config.LabelSet = config.DEFAULT_LABELS,
    splits: tuple[str, ...] | None = None,
    workers: int = 2,
    progress: bool = True,
) -> ClipSet:
    """Every clip under ``root`` (optionally only some splits: train / validation / test)."""
    from tqdm import tqdm

    root = Path(root)
    validation = corpus.read_list(root, corpus.VALIDATION_LIST)
    testing = corpus.read_list(root, corpus.TESTING_LIST)
    meta = corpus.read_clips_csv(root)
    chosen, rows = [], []
    for clip in corpus.list_clips(root):
        relative = clip.relative(root)
        split = split_name = corpus.split_of(relative, validation, testing)
        if splits and split not in splits:
            continue
        row = dict(meta.get(relative, {}))
        row.update(path=relative, word=clip.word, speaker=clip.speaker, split=split_name)
        chosen.append(clip)
        rows.append(row)
    paths = [str(c.path) for c in chosen]
    with ProcessPoolExecutor(workers) as pool:
        results = list(
            tqdm(
                pool.map(_features, paths, chunksize=64),
                total=len(paths),
                desc="features",
                disable=not progress,
            )
        )
    keep = [i for i, r in enumerate(results) if not isinstance(r, str)]
    names = labels.class_names
    return ClipSet(
        features=np.stack([results[i] for i in keep]).astype(np.float32)
        if keep
        else np.zeros((0, *config.FEATURE_SHAPE), np.float32),
        labels=np.array([names.index(labels.label_for_folder(chosen[i].word)) for i in keep]),
        class_names=names,
        rows=[rows[i] for i in keep],
    )
