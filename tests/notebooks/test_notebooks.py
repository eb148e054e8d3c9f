"""The user-facing notebooks run top to bottom, headless, at their small default sizes.

Each notebook is executed with nbclient on this interpreter's ``python3`` kernel (the venv's
ipykernel); the checks look at what the notebook printed and drew, not only at "no error".
"""

import json
import os
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"


def kernel_env(tmp_path: Path) -> dict:
    """Kernel environment: the notebook's small defaults (no NB_* / MODELZOO_* overrides), the
    repo importable, temp files under tmp_path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NB_", "MODELZOO_"))}
    env.update(
        TF_USE_LEGACY_KERAS="1",
        TF_CPP_MIN_LOG_LEVEL="3",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        # The venv first on PATH, so the kernelspec's "python" and Beam's workers are this one.
        PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        MPLBACKEND="module://matplotlib_inline.backend_inline",
        MPLCONFIGDIR=str(tmp_path / "mplconfig"),
        TMPDIR=str(tmp_path),  # the notebook's working directory lands under tmp_path
    )
    return env


def execute(notebook: Path, tmp_path: Path):
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager
    from nbclient import NotebookClient

    spec = KernelSpecManager().get_kernel_spec("python3")
    # jupyter_client swaps a bare "python" in argv for sys.executable; anything else must
    # still be this venv's interpreter.
    assert spec.argv[0] in ("python", "python3", sys.executable), spec.argv

    nb = nbformat.read(notebook, as_version=4)
    run_dir = tmp_path / "cwd"
    run_dir.mkdir()
    client = NotebookClient(
        nb,
        timeout=900,
        kernel_name="python3",
        resources={"metadata": {"path": str(run_dir)}},
    )
    try:
        client.execute(env=kernel_env(tmp_path))
    finally:
        # The executed copy (outputs included) stays in pytest's tmp dir for debugging.
        nbformat.write(nb, tmp_path / f"executed-{notebook.name}")
    return nb, run_dir


def outputs_text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        elif "data" in out:
            data = out["data"]
            parts.append(data.get("text/plain", "") + data.get("text/html", ""))
    return "\n".join(parts)


def images(cell) -> int:
    return sum("image/png" in out.get("data", {}) for out in cell.get("outputs", []))


def written_places() -> dict:
    """Files where a notebook that forgot its temp dir would write (outputs/, data/, notebooks/)."""
    found = {}
    for top in ("outputs", "data", "notebooks"):
        for path in (REPO / top).rglob("*") if (REPO / top).is_dir() else []:
            if path.is_file() and ".ipynb_checkpoints" not in path.parts:
                found[str(path.relative_to(REPO))] = path.stat().st_mtime_ns
    return found


def test_notebook_is_stored_without_outputs():
    nb = json.loads((NOTEBOOKS / "heart_arrhythmia.ipynb").read_text())
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.slow
def test_heart_arrhythmia_notebook_runs(tmp_path):
    before = written_places()
    started = time.monotonic()
    nb, run_dir = execute(NOTEBOOKS / "heart_arrhythmia.ipynb", tmp_path)
    elapsed = time.monotonic() - started
    print(f"heart_arrhythmia.ipynb executed in {elapsed:.0f} s")

    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    errors = [o for c in code_cells for o in c.outputs if o.get("output_type") == "error"]
    assert not errors, errors
    assert all(c.execution_count for c in code_cells)
    text = "\n".join(outputs_text(c) for c in code_cells)

    # Section 1: data and front end were plotted (ECG strip, close-ups, raw vs conditioned,
    # confusion matrices, whole-record prediction).
    assert sum(images(c) for c in code_cells) >= 5
    assert "training windows (5 s hop) per label" in text
    # Section 2: the pipeline pushed a model and the manifest table shows its key fields.
    assert "pipeline finished in" in text
    for field in ("tflite_bytes", "arena_bytes", "params", "macs", "ops"):
        assert field in text, field
    # Section 3: float vs int8 on held-out windows.
    assert "labelled windows from" in text
    assert "F1 float" in text and "F1 int8" in text
    assert "float vs int8: same class on" in text
    # Section 4: whole-record prediction and AF burden; then the temp dir is removed.
    assert "AF burden: predicted" in text
    assert "removed " in text

    # The kernel was this interpreter; nothing was written into the repository or the
    # kernel's working directory.
    assert f"python: {sys.executable}" in text
    after = written_places()
    changed = sorted(k for k in after if before.get(k) != after[k])
    assert not changed, changed
    assert not any(run_dir.iterdir()), list(run_dir.iterdir())
