"""Data set registry, verified download over loopback HTTP, and record loading errors."""

from __future__ import annotations

import functools
import hashlib
import http.server
import threading
from pathlib import Path

import numpy as np
import pytest
import wfdb

from modules.heart_arrhythmia import config, datasets
from modules.heart_arrhythmia.datasets import (
    DatasetError,
    RecordError,
    download,
    list_records,
    read_record,
)

FS = 250
N = 20 * FS


def _write_afdb_like(directory: Path, name: str = "rec01", patient: str | None = "alice"):
    """A two-lead fmt-212 record with AFDB-style rhythm annotations (aux notes end in NUL)."""
    rng = np.random.default_rng(0)
    t = np.arange(N) / FS
    sig = np.stack([np.sin(2 * np.pi * 1.2 * t), 0.5 * np.cos(2 * np.pi * 0.7 * t)], axis=1)
    sig += 0.01 * rng.standard_normal(sig.shape)
    comments = [f"{config.PATIENT_COMMENT_KEY}: {patient}"] if patient else []
    directory.mkdir(parents=True, exist_ok=True)
    wfdb.wrsamp(
        name,
        fs=FS,
        units=["mV", "mV"],
        sig_name=["ECG1", "ECG2"],
        p_signal=sig,
        fmt=["212", "212"],
        adc_gain=[200.0, 200.0],
        baseline=[0, 0],
        comments=comments,
        write_dir=str(directory),
    )
    samples = np.array([0, 100, 1500, 1500, 2000, 3000, 3000, 4000])
    symbols = ["+", "N", "+", "N", "N", "+", "N", "N"]
    aux = ["(N\x00", "", "(AFIB\x00", "", "", "(N \x00", "", ""]
    wfdb.wrann(
        name,
        config.ANNOTATION_EXTENSION,
        samples,
        symbol=symbols,
        aux_note=aux,
        write_dir=str(directory),
    )
    wfdb.wrann(name, "qrs", samples[[1, 3, 4]], symbol=["N", "N", "N"], write_dir=str(directory))
    return sig


def _write_icentia_like(root: Path, patient: str = "p00000", segment: int = 0) -> Path:
    directory = root / patient[:3] / patient
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{patient}_s{segment:02d}"
    x = (np.arange(4 * FS) % FS == 0).astype(float)
    wfdb.wrsamp(
        name,
        fs=FS,
        units=["mV"],
        sig_name=["ECG"],
        p_signal=x[:, None],
        fmt=["16"],
        adc_gain=[1000.0],
        baseline=[0],
        write_dir=str(directory),
    )
    wfdb.wrann(
        name,
        "atr",
        np.array([0, 10, 500, 900]),
        symbol=["+", "N", "+", "+"],
        aux_note=["(N", "", "(AFL", ")"],
        write_dir=str(directory),
    )
    return directory / name


def _write_sums(root: Path, corrupt: str | None = None, missing: str | None = None) -> None:
    lines = []
    for f in sorted(p for p in root.rglob("*") if p.is_file() and p.name != "SHA256SUMS.txt"):
        rel = f.relative_to(root).as_posix()
        digest = hashlib.sha256(f.read_bytes()).hexdigest()
        if rel == corrupt:
            digest = "0" * 64
        lines.append(f"{digest}  {rel}")
    if missing:
        lines.append(f"{'1' * 64}  {missing}")
    (root / "SHA256SUMS.txt").write_text("\n".join(lines) + "\n")


class _Server:
    """A loopback HTTP server for one directory that remembers the paths requested."""

    def __init__(self, directory: Path):
        self.requests: list[str] = []
        requests = self.requests

        class Handler(http.server.SimpleHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                requests.append(self.path)
                super().do_GET()

            def log_message(self, *args):
                pass

        handler = functools.partial(Handler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/db/1.0.0/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


@pytest.fixture
def served(tmp_path):
    """A PhysioNet-like tree under /db/1.0.0/ served over loopback."""
    root = tmp_path / "server"
    db = root / "db" / "1.0.0"
    _write_afdb_like(db, "rec01")
    _write_afdb_like(db, "rec02", patient="bob")
    _write_icentia_like(db, "p00000")
    _write_sums(db)
    with _Server(root) as server:
        yield server, db


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


# --------------------------------------------------------------------------------------------
# Registry
# --------------------------------------------------------------------------------------------


def test_registry_urls_licences_and_citations():
    assert datasets.DATASETS["afdb"].url == "https://physionet.org/files/afdb/1.0.0/"
    assert datasets.DATASETS["ltafdb"].url == "https://physionet.org/files/ltafdb/1.0.0/"
    assert (
        datasets.DATASETS["icentia11k"].url
        == "https://physionet.org/files/icentia11k-continuous-ecg/1.0/"
    )
    assert datasets.DATASETS["icentia11k"].optional
    for name, author in (("afdb", "Moody"), ("ltafdb", "Petrutiu"), ("icentia11k", "Tan")):
        text = datasets.describe(name)
        assert author in text and "Goldberger" in text
        assert datasets.DATASETS[name].annotation_extension == "atr"
    assert "Open Data Commons Attribution License v1.0" in datasets.describe("afdb")
    assert "Open Data Commons Attribution License v1.0" in datasets.describe("ltafdb")
    assert "NonCommercial-ShareAlike 4.0" in datasets.describe("icentia11k")
    with pytest.raises(DatasetError, match="unknown data set"):
        datasets.describe("nope")


# --------------------------------------------------------------------------------------------
# Download
# --------------------------------------------------------------------------------------------


def test_download_verifies_everything_and_skips_on_rerun(served, tmp_path):
    server, db = served
    dest = tmp_path / "dest"
    assert download("afdb", dest, base_url=server.url, progress=False) == dest
    assert _files(dest) == _files(db)
    fetched = [p for p in server.requests if not p.endswith("SHA256SUMS.txt")]
    assert len(fetched) == len(_files(db)) - 1
    assert not list(dest.rglob("*.part"))
    rec = read_record(str(dest / "p00" / "p00000" / "p00000_s00"))
    assert rec.patient_id == "p00000"

    server.requests.clear()
    download("afdb", dest, base_url=server.url, progress=False)
    assert server.requests == ["/db/1.0.0/SHA256SUMS.txt"]  # verified files are not fetched

    # A damaged local file is fetched again.
    (dest / "rec01.dat").write_bytes(b"garbage")
    server.requests.clear()
    download("afdb", dest, base_url=server.url, progress=False)
    assert server.requests[1:] == ["/db/1.0.0/rec01.dat"]
    assert (dest / "rec01.dat").read_bytes() == (db / "rec01.dat").read_bytes()


def test_download_record_subset(served, tmp_path):
    server, db = served
    dest = tmp_path / "dest"
    download("afdb", dest, base_url=server.url, progress=False, records=["rec02"])
    assert sorted(_files(dest)) == [
        "SHA256SUMS.txt",
        "rec02.atr",
        "rec02.dat",
        "rec02.hea",
        "rec02.qrs",
    ]
    download(
        "icentia11k", dest, base_url=server.url, progress=False, records=["p00/p00000/p00000_s00"]
    )
    assert (dest / "p00" / "p00000" / "p00000_s00.dat").is_file()
    assert not (dest / "rec01.dat").exists()
    with pytest.raises(DatasetError, match="nosuchrecord"):
        download("afdb", dest, base_url=server.url, progress=False, records=["nosuchrecord"])


def test_checksum_mismatch_names_the_file(served, tmp_path):
    server, db = served
    _write_sums(db, corrupt="rec02.dat")
    dest = tmp_path / "dest"
    with pytest.raises(DatasetError, match=r"checksum mismatch for rec02\.dat"):
        download("afdb", dest, base_url=server.url, progress=False)
    assert not (dest / "rec02.dat").exists()
    assert not [p for p in dest.rglob("*") if p.name.endswith(".part")]


def test_http_error_names_the_file(served, tmp_path):
    server, db = served
    _write_sums(db, missing="rec03.dat")
    with pytest.raises(DatasetError, match=r"rec03\.dat.*404"):
        download("afdb", tmp_path / "dest", base_url=server.url, progress=False)


def test_missing_checksum_list_is_a_dataset_error(tmp_path):
    (tmp_path / "empty").mkdir()
    with _Server(tmp_path / "empty") as server, pytest.raises(DatasetError, match="SHA256SUMS"):
        download("ltafdb", tmp_path / "dest", base_url=server.url, progress=False)


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


def test_read_record_signal_patient_and_rhythms(tmp_path):
    sig = _write_afdb_like(tmp_path)
    for path in (str(tmp_path / "rec01"), str(tmp_path / "rec01.hea"), tmp_path / "rec01"):
        rec = read_record(path)
        assert rec.name == "rec01" and rec.path == str(tmp_path / "rec01")
        assert rec.patient_id == "alice"
        assert rec.fs == FS
        assert rec.signal.dtype == np.float32 and rec.signal.shape == (N,)
        np.testing.assert_allclose(rec.signal, sig[:, 0], atol=0.5 / 200 + 1e-6)
        assert rec.rhythms == ((0, 1500, "(N"), (1500, 3000, "(AFIB"), (3000, N, "(N"))
    lead1 = read_record(tmp_path / "rec01", lead=1)
    np.testing.assert_allclose(lead1.signal, sig[:, 1], atol=0.5 / 200 + 1e-6)
    no_ann = read_record(tmp_path / "rec01", annotation_extension=None)
    assert no_ann.rhythms == ()


def test_patient_falls_back_to_record_name(tmp_path):
    _write_afdb_like(tmp_path, "rec09", patient=None)
    assert read_record(tmp_path / "rec09").patient_id == "rec09"


def test_nan_samples_are_interpolated_and_all_nan_is_an_error(tmp_path):
    d = np.array([100, -32768, -32768, 400, 500, -32768], dtype=np.int32)[:, None]
    wfdb.wrsamp(
        "gaps",
        fs=FS,
        units=["mV"],
        sig_name=["ECG"],
        d_signal=d,
        fmt=["16"],
        adc_gain=[100.0],
        baseline=[0],
        write_dir=str(tmp_path),
    )
    rec = read_record(tmp_path / "gaps", require_annotations=False)
    np.testing.assert_allclose(rec.signal, [1.0, 2.0, 3.0, 4.0, 5.0, 5.0])
    wfdb.wrsamp(
        "nans",
        fs=FS,
        units=["mV"],
        sig_name=["ECG"],
        d_signal=np.full((10, 1), -32768, dtype=np.int32),
        fmt=["16"],
        adc_gain=[100.0],
        baseline=[0],
        write_dir=str(tmp_path),
    )
    with pytest.raises(RecordError, match=r"nans.*all NaN"):
        read_record(tmp_path / "nans", require_annotations=False)


def test_microvolt_records_are_converted_to_millivolts(tmp_path):
    x = np.array([[1000.0], [-500.0], [250.0]])
    wfdb.wrsamp(
        "uv",
        fs=FS,
        units=["uV"],
        sig_name=["ECG"],
        p_signal=x,
        fmt=["16"],
        adc_gain=[1.0],
        baseline=[0],
        write_dir=str(tmp_path),
    )
    rec = read_record(tmp_path / "uv", require_annotations=False)
    np.testing.assert_allclose(rec.signal, [1.0, -0.5, 0.25])


@pytest.fixture
def record_dir(tmp_path):
    _write_afdb_like(tmp_path)
    return tmp_path


def test_error_truncated_signal_file(record_dir):
    dat = record_dir / "rec01.dat"
    dat.write_bytes(dat.read_bytes()[:1000])
    with pytest.raises(RecordError, match=r"rec01.*truncated"):
        read_record(record_dir / "rec01")


def test_error_missing_signal_file(record_dir):
    (record_dir / "rec01.dat").unlink()
    with pytest.raises(RecordError, match=r"rec01.*missing signal file"):
        read_record(record_dir / "rec01")


def test_error_missing_header(record_dir):
    (record_dir / "rec01.hea").unlink()
    with pytest.raises(RecordError, match=r"rec01.*missing header"):
        read_record(record_dir / "rec01")


def test_error_garbage_header(record_dir):
    (record_dir / "rec01.hea").write_bytes(b"\x00\xff this is not\n a header at all ~~\n")
    with pytest.raises(RecordError) as err:
        read_record(record_dir / "rec01")
    assert str(record_dir / "rec01") in str(err.value)
    assert "header" in str(err.value)
    # Parses as a record line but promises two signals and describes one.
    (record_dir / "rec01.hea").write_text("rec01 2 250 5000\nrec01.dat 212 200 12 0 0 0 0 a\n")
    with pytest.raises(RecordError, match=r"rec01: unparseable header"):
        read_record(record_dir / "rec01")


def test_error_missing_annotations(record_dir):
    (record_dir / "rec01.atr").unlink()
    with pytest.raises(RecordError, match=r"rec01.*missing annotation file"):
        read_record(record_dir / "rec01")
    assert read_record(record_dir / "rec01", require_annotations=False).rhythms == ()


def test_error_unreadable_annotations(record_dir):
    (record_dir / "rec01.atr").write_bytes(b"\x01")
    with pytest.raises(RecordError, match=r"rec01.*annotation"):
        read_record(record_dir / "rec01")


def test_error_lead_out_of_range(record_dir):
    with pytest.raises(RecordError, match=r"rec01.*lead index 2 out of range"):
        read_record(record_dir / "rec01", lead=2)


def test_error_zero_length_signal(tmp_path):
    (tmp_path / "z.hea").write_text("z 1 250 0\nz.dat 16 200 16 0 0 0 0 ECG\n")
    (tmp_path / "z.dat").write_bytes(b"")
    with pytest.raises(RecordError, match=r"z.*zero-length"):
        read_record(tmp_path / "z", require_annotations=False)


# --------------------------------------------------------------------------------------------
# Listing
# --------------------------------------------------------------------------------------------


def test_list_records_nested_icentia_layout(tmp_path):
    a = _write_icentia_like(tmp_path, "p00000", 0)
    b = _write_icentia_like(tmp_path, "p00000", 1)
    c = _write_icentia_like(tmp_path, "p00001", 0)
    _write_afdb_like(tmp_path / "flat", "rec01")
    # A multi-segment record's master and layout headers are not records of their own.
    (tmp_path / "multi.hea").write_text("multi/2 1 250 2000\nmulti_layout 0\np00000_s00 1000\n")
    (tmp_path / "multi_layout.hea").write_text("multi_layout 1 250 0\n~ 0 200 16 0 0 0 0 ECG\n")
    found = list_records(tmp_path)
    assert found == sorted([str(a), str(b), str(c), str(tmp_path / "flat" / "rec01")])
    recs = [read_record(p) for p in found[1:]]  # skip the flat one (sorted first)
    assert [r.patient_id for r in recs] == ["p00000", "p00000", "p00001"]
    assert recs[0].rhythms == ((0, 500, "(N"), (500, 900, "(AFL"))  # ")" ends the stretch


def test_list_records_reads_what_synthesis_wrote(tmp_path):
    from modules.heart_arrhythmia.synthesis import SynthesisConfig, write_dataset

    paths = write_dataset(
        tmp_path, SynthesisConfig(n_patients=2, record_minutes=0.5, seed=1), progress=False
    )
    assert list_records(tmp_path) == [str(p) for p in paths]


def test_list_records_of_missing_directory(tmp_path):
    with pytest.raises(RecordError, match="not a directory"):
        list_records(tmp_path / "nope")
