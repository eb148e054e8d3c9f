"""notebooks/keyword_spotting.ipynb runs top to bottom at its small default size."""

import json
import sys
import time

import pytest

from modules.audio import tts
from tests.notebooks.test_notebooks import (
    NOTEBOOKS,
    execute,
    images,
    outputs_text,
    written_places,
)

NOTEBOOK = NOTEBOOKS / "keyword_spotting.ipynb"


def test_notebook_is_stored_without_outputs():
    nb = json.loads(NOTEBOOK.read_text())
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.slow
@pytest.mark.skipif(
    not tts.available("espeak-ng"), reason="espeak-ng missing: scripts/audio_deps.sh"
)
def test_keyword_spotting_notebook_runs(tmp_path):
    before = written_places()
    started = time.monotonic()
    nb, run_dir = execute(NOTEBOOK, tmp_path)
    print(f"keyword_spotting.ipynb executed in {time.monotonic() - started:.0f} s")
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    errors = [o for c in code_cells for o in c.outputs if o.get("output_type") == "error"]
    assert not errors, errors
    text = "\n".join(outputs_text(c) for c in code_cells)
    assert f"python: {sys.executable}" in text
    # hear and see: audio players, waveform/spectrograms, confusion matrix, streaming plot
    audio = sum(
        "text/html" in o.get("data", {}) and "<audio" in o["data"]["text/html"]
        for c in code_cells
        for o in c.outputs
    )
    assert audio >= 2
    assert sum(images(c) for c in code_cells) >= 3
    assert "front-end error above the floor" in text
    assert "float vs int8: same class on" in text
    assert "pre-trained package, top-1 on these held-out clips" in text
    assert "detections:" in text and "removed " in text
    after = written_places()
    assert not sorted(k for k in after if before.get(k) != after[k])
    assert not any(run_dir.iterdir())
