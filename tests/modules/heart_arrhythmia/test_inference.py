"""The heart model's predictor (zoo predict protocol): a mixed good / bad batch, windows with
start and end, burdens as shares of the whole record, unreadable time, broken packages."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
import wfdb

from modules.heart_arrhythmia import config
from modules.heart_arrhythmia.fixtures import write_predict_inputs
from modules.heart_arrhythmia.inference import load_predictor
from modules.spec import InputError
from tests.wfdb_fixtures import truncated_copy


@pytest.fixture(scope="module")
def predictor(tiny_pushed_model):
    return load_predictor(tiny_pushed_model)


def _write(directory, name, signal_mv, fs=250):
    wfdb.wrsamp(
        name,
        fs=fs,
        units=["mV"],
        sig_name=["ECG"],
        p_signal=np.asarray(signal_mv, dtype=float)[:, None],
        fmt=["16"],
        adc_gain=[200.0],
        baseline=[0],
        write_dir=str(directory),
    )
    return directory / name


def test_mixed_batch_good_records_classified_bad_ones_reported(predictor, tmp_path):
    good = write_predict_inputs(tmp_path / "good")
    cut = truncated_copy(good[1], tmp_path / "cut", keep_fraction=0.2)
    slow = _write(tmp_path, "one_hz", np.zeros(120), fs=1)
    fast = _write(tmp_path, "fast", np.zeros(200_000 * 11), fs=200_000)
    batch = predictor.inputs([str(good[0]), str(cut), str(slow), str(fast), str(good[1])])
    results, errors = {}, {}
    for path in batch:
        try:
            results[path] = predictor.predict(path)
        except InputError as error:
            errors[path] = str(error)
    assert set(results) == {str(good[0]), str(good[1])}
    assert "truncated" in errors[str(cut)] and "cut" in errors[str(cut)]
    assert "1 Hz is outside the supported 50-2000 Hz" in errors[str(slow)]
    assert "200000 Hz is outside the supported" in errors[str(fast)]
    assert all("\n" not in e for e in errors.values())
    first = results[str(good[0])]
    assert first.record == "predict_sinus"  # named as given, without path prefix or .hea
    assert [(w.start_s, w.end_s) for w in first.windows] == [
        (0.0, 10.0),
        (10.0, 20.0),
        (20.0, 30.0),
    ]
    assert all(w.rhythm in config.CLASS_NAMES for w in first.windows)


def test_burden_is_a_share_of_the_whole_record_and_unreadable_time_is_reported(predictor, tmp_path):
    rng = np.random.default_rng(0)
    from modules.heart_arrhythmia.synthesis import synthesize_record

    ecg = synthesize_record(rng, 250, 25.0, 0.5, (0, 0, 1, 0), snr_db=20.0).signal
    flat = np.full(250 * 20, 0.3)  # lead off for 20 s
    path = _write(tmp_path, "af_then_lead_off", np.concatenate([ecg, flat]))
    result = predictor.predict(str(path))
    assert result.duration_s == pytest.approx(45.0)
    assert [w.rhythm for w in result.windows][2:] == [config.UNREADABLE] * 2
    assert [w.reason for w in result.windows][2:] == ["flat", "flat"]
    burden = result.burden
    assert burden[config.UNREADABLE] == pytest.approx(20 / 45)
    assert burden["UNANALYSED"] == pytest.approx(5 / 45)
    assert sum(burden.values()) == pytest.approx(1.0)
    out = result.to_json()
    assert out["unreadable_s"] == 20.0 and out["unreadable_percent"] == pytest.approx(
        44.44, abs=0.01
    )
    assert out["af_burden_percent"] == pytest.approx(100 * burden["AFIB"], abs=0.01)
    assert out["windows"][3] == {
        "start_s": 30.0,
        "end_s": 40.0,
        "rhythm": "UNREADABLE",
        "unreadable": "flat line or lead off",
    }
    json.dumps(out)


def test_gaps_are_reported_not_interpolated(predictor, tmp_path):
    from modules.heart_arrhythmia.synthesis import synthesize_record

    ecg = synthesize_record(np.random.default_rng(1), 250, 40.0, 0.5, snr_db=20.0).signal
    ecg[250 * 12 : 250 * 14] = np.nan  # two seconds missing (stored as WFDB's invalid sample)
    path = _write(tmp_path, "with_gap", ecg)
    result = predictor.predict(str(path))
    assert result.gaps_s == [(12.0, 14.0)]
    assert [w.reason for w in result.windows] == [None, "gap", None, None]
    assert "1 gap" in result.summary()


def test_inputs_expand_directories_recursively_and_keep_files_as_given(predictor, tmp_path):
    nested = tmp_path / "a" / "b"
    paths = write_predict_inputs(nested)
    assert predictor.inputs([str(tmp_path)]) == sorted(str(p.with_suffix("")) for p in paths)
    assert predictor.inputs(["x/rec.hea"]) == ["x/rec.hea"]


def test_render_prints_windows_and_the_summary(predictor, tmp_path):
    from rich.console import Console

    [path, _] = write_predict_inputs(tmp_path)
    console = Console(record=True, width=200)
    predictor.predict(str(path)).render(console)
    text = console.export_text()
    assert "predict_sinus: 30 s, 3 windows, AF burden" in text
    assert "unreadable 0 s" in text and "not a medical device" in text


def test_broken_packages_give_one_line(tiny_pushed_model, tmp_path):
    broken = tmp_path / "v"
    shutil.copytree(tiny_pushed_model, broken)
    (broken / "tiny_int8.tflite").unlink()
    with pytest.raises(
        InputError, match="tiny_int8.tflite: model file named by the manifest is missing"
    ):
        load_predictor(broken)
    (broken / "manifest.json").write_text("{not json")
    with pytest.raises(InputError, match="unreadable manifest"):
        load_predictor(broken)
    (broken / "manifest.json").unlink()
    with pytest.raises(InputError, match="no manifest.json"):
        load_predictor(broken)
    old = tmp_path / "old"
    shutil.copytree(tiny_pushed_model, old)
    manifest = json.loads((old / "manifest.json").read_text())
    manifest["class_names"] = ["NORMAL", "AFIB", "AFL"]
    (old / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(InputError, match="older package"):
        load_predictor(old)
