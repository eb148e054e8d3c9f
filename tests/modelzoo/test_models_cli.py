"""`modelzoo models`: every registered model, and per pushed version what the board pays."""

import json

from typer.testing import CliRunner

from modelzoo.cli import app
from modules.registry import MODELS


def _manifest(root, model_name, version, **fields):
    directory = root / "models" / model_name / version
    directory.mkdir(parents=True)
    (directory / "manifest.json").write_text(json.dumps({"model_name": model_name, **fields}))


def test_lists_flash_bytes_of_the_device_flatbuffer(tmp_path, monkeypatch):
    monkeypatch.setenv("MODELZOO_HOME", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "300")  # rich wraps narrower tables
    _manifest(tmp_path, "heart_arrhythmia", "100", tflite_bytes=26640, arena_bytes=12880)
    _manifest(
        tmp_path,
        "heart_arrhythmia",
        "200",
        tflite_bytes=26640,
        device_model={"bytes": 22208},
        arena_bytes=12880,
    )
    result = CliRunner().invoke(app, ["models"])
    assert result.exit_code == 0, result.output
    rows = {line.split("│")[2].strip(): line for line in result.output.splitlines() if "│" in line}
    assert "flash bytes" in result.output
    assert "26640" in rows["100"] and "22208" in rows["200"] and "26640" not in rows["200"]
    for spec in MODELS.values():
        assert spec.cli_name in result.output
