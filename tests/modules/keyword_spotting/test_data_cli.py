"""``modelzoo data keyword-spotting``: inspect and download report clearly, exit 2 on bad input."""

import hashlib

import pytest
from typer.testing import CliRunner

from modules.audio import corpus, datasets
from modules.audio.io import write_wav
from modules.keyword_spotting import fixtures
from modules.keyword_spotting.data_cli import data_commands


def test_inspect_counts_words_and_flags_corrupt_clips(tmp_path):
    fixtures.write_tiny_dataset(tmp_path, clips_per_class=1)
    corpus.write_list(tmp_path, corpus.TESTING_LIST, ["yes/aaaa0001_nohash_0.wav"])
    (tmp_path / "no" / "cccc0003_nohash_99.wav").write_bytes(b"not audio")
    result = CliRunner().invoke(data_commands(tmp_path), ["inspect", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "corrupt:" in result.output and "cccc0003_nohash_99.wav" in result.output
    assert "1 corrupt" in result.output and "4 speakers" in result.output
    assert "1 background recordings" in result.output


def test_inspect_refuses_an_empty_directory(tmp_path):
    result = CliRunner().invoke(data_commands(tmp_path), ["inspect", str(tmp_path)])
    assert result.exit_code == 2 and "no clips" in result.output


def test_download_reports_a_bad_checksum_in_one_line(tmp_path, monkeypatch):
    archive = tmp_path / "x.tar.gz"
    write_wav(tmp_path / "w.wav", [0.0] * 100)
    import tarfile

    with tarfile.open(archive, "w:gz") as tar:
        tar.add(tmp_path / "w.wav", arcname="yes/a_nohash_0.wav")
    wrong = hashlib.sha256(b"other").hexdigest()
    fake = datasets.Dataset("Speech Commands", "unused", "sc.tar.gz", "sha256", wrong, "CC", "x")
    monkeypatch.setitem(datasets.DATASETS, "speech-commands", fake)
    args = [
        "download",
        "speech-commands",
        "--yes",
        "--url",
        archive.as_uri(),
        "--out",
        str(tmp_path / "o"),
    ]
    result = CliRunner().invoke(data_commands(tmp_path), args)
    assert result.exit_code == 2
    assert "does not match the published" in result.output


@pytest.mark.parametrize("word", ["yes", "marvin"])
def test_tiny_fixture_layout(tmp_path, word):
    fixtures.write_tiny_dataset(tmp_path, clips_per_class=2)
    assert len(list((tmp_path / word).glob("*_nohash_*.wav"))) == 6
