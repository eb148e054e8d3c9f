"""Speech Commands layout round trip, real-data fixtures (Speech Commands, MUSAN), downloads."""

import hashlib
import io
import tarfile

import numpy as np
import pytest

from modules.audio import corpus, datasets
from modules.audio.io import read_audio, write_wav


def _write_speech_commands_fixture(root):
    """A tiny tree exactly as Speech Commands v2 ships: words, lists, background noise."""
    rng = np.random.default_rng(0)
    paths = []
    for word in ("yes", "no", "marvin"):
        for speaker in ("0a7c2a8d", "1b4c9b89"):
            for n in range(2):
                clip = (0.1 * rng.standard_normal(16000)).astype(np.float32)
                paths.append(write_wav(corpus.clip_path(root, word, speaker, n), clip))
    write_wav(root / corpus.BACKGROUND_DIR / "white_noise.wav", 0.1 * rng.standard_normal(32000))
    (root / corpus.BACKGROUND_DIR / "README.md").write_text("noise")
    (root / corpus.VALIDATION_LIST).write_text("yes/1b4c9b89_nohash_0.wav\n")
    (root / corpus.TESTING_LIST).write_text(
        "no/1b4c9b89_nohash_1.wav\nmarvin/1b4c9b89_nohash_0.wav\n"
    )
    (root / "LICENSE").write_text("CC BY 4.0")
    return paths


def test_layout_round_trip(tmp_path):
    written = _write_speech_commands_fixture(tmp_path)
    clips = corpus.list_clips(tmp_path)
    assert sorted(c.path for c in clips) == sorted(written)
    clip = corpus.parse_clip(tmp_path / "yes" / "0a7c2a8d_nohash_1.wav")
    assert (clip.word, clip.speaker, clip.index) == ("yes", "0a7c2a8d", 1)
    assert corpus.clip_path(tmp_path, clip.word, clip.speaker, clip.index) == clip.path
    validation = corpus.read_list(tmp_path, corpus.VALIDATION_LIST)
    testing = corpus.read_list(tmp_path, corpus.TESTING_LIST)
    splits = [corpus.split_of(c.relative(tmp_path), validation, testing) for c in clips]
    assert splits.count("validation") == 1 and splits.count("test") == 2
    assert [p.name for p in corpus.background_noise_files(tmp_path)] == ["white_noise.wav"]
    rows = [{"path": c.relative(tmp_path), "word": c.word, "snr_db": 3.5} for c in clips]
    corpus.write_clips_csv(tmp_path, rows)
    back = corpus.read_clips_csv(tmp_path)
    assert set(back) == {r["path"] for r in rows} and back[rows[0]["path"]]["snr_db"] == "3.5"
    corpus.write_list(tmp_path, "x.txt", ["b", "a"])
    assert corpus.read_list(tmp_path, "x.txt") == {"a", "b"}


def test_bad_clip_names(tmp_path):
    with pytest.raises(corpus.CorpusError, match="not named"):
        corpus.parse_clip(tmp_path / "yes" / "recording.wav")
    with pytest.raises(corpus.CorpusError, match="not in a word folder"):
        corpus.parse_clip(tmp_path / corpus.BACKGROUND_DIR / "a_nohash_0.wav")


def test_musan_noise_layout(tmp_path):
    noise_dir = tmp_path / "musan" / "noise" / "free-sound"
    write_wav(noise_dir / "noise-free-sound-0000.wav", np.zeros(1600))
    write_wav(tmp_path / "musan" / "music" / "x" / "music-0000.wav", np.zeros(1600))
    assert [p.name for p in datasets.noise_files(tmp_path)] == ["noise-free-sound-0000.wav"]
    assert [p.name for p in datasets.noise_files(tmp_path / "musan")] == [
        "noise-free-sound-0000.wav"
    ]


def _archive(tmp_path, members: dict[str, bytes]):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    path = tmp_path / "archive.tar.gz"
    path.write_bytes(buffer.getvalue())
    return path


def test_download_verifies_checksum_then_extracts(tmp_path, monkeypatch):
    wav = io.BytesIO()
    import soundfile as sf

    sf.write(wav, np.zeros(16000), 16000, format="WAV", subtype="PCM_16")
    archive = _archive(tmp_path, {"yes/0a7c2a8d_nohash_0.wav": wav.getvalue()})
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    good = datasets.Dataset("fixture", "unused", "sc.tar.gz", "sha256", digest, "CC BY 4.0", "x")
    monkeypatch.setitem(datasets.DATASETS, "fixture", good)
    root = datasets.download("fixture", tmp_path / "out", url=archive.as_uri(), progress=False)
    assert read_audio(root / "yes" / "0a7c2a8d_nohash_0.wav").duration_s == 1.0

    bad = datasets.Dataset("fixture", "unused", "sc2.tar.gz", "sha256", "0" * 64, "x", "x")
    monkeypatch.setitem(datasets.DATASETS, "fixture", bad)
    with pytest.raises(datasets.DatasetError, match="does not match the published"):
        datasets.download("fixture", tmp_path / "out2", url=archive.as_uri(), progress=False)
    assert not (tmp_path / "out2" / "yes").exists()


def test_download_refuses_members_outside_the_target(tmp_path, monkeypatch):
    archive = _archive(tmp_path, {"../escape.txt": b"x"})
    digest = hashlib.md5(archive.read_bytes()).hexdigest()
    evil = datasets.Dataset("evil", "unused", "e.tar.gz", "md5", digest, "x", "x")
    monkeypatch.setitem(datasets.DATASETS, "evil", evil)
    with pytest.raises(datasets.DatasetError, match="outside the archive"):
        datasets.download("evil", tmp_path / "out", url=archive.as_uri(), progress=False)
    assert not (tmp_path / "escape.txt").exists()
