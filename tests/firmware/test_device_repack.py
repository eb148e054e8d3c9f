"""firmware_tools.device_repack: an old package's C array becomes its device flatbuffer."""

import json
import shutil

import pytest

from components.quantizing_pusher import c_package, device_model
from firmware_tools import device_repack
from firmware_tools.package import PackageError, file_entry, read_package
from firmware_tools.paths import MODELS_DIR

SOURCE = MODELS_DIR / "keyword_spotting"  # a real, small committed package


def _as_old_package(tmp_path):
    """The committed package as the Pusher wrote it before the device flatbuffer: the C array
    holds the whole .tflite and the manifest has no ``device_model`` block."""
    directory = tmp_path / SOURCE.name
    shutil.copytree(SOURCE, directory)
    package = read_package(directory)
    tflite = package.tflite.read_bytes()
    source = package.model_source
    banner = source.read_text(encoding="ascii").split("#include")[0]
    text = c_package.render_model_source(
        package.ident, banner, tflite, package.manifest["class_names"]
    )
    _rewrite(directory, source, text, drop="device_model")
    return directory, tflite


def _rewrite(directory, path, text, drop=None):
    """Write ``text`` to the package file ``path`` and its hash into the manifest (less the
    ``drop`` block), as a package written that way would have them."""
    path.write_text(text, encoding="ascii")
    manifest = json.loads((directory / "manifest.json").read_text())
    manifest.pop(drop, None)
    manifest["files"] = [
        file_entry(e["path"], path) if e["path"].endswith(path.name) else e
        for e in manifest["files"]
    ]
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=2))


def test_repack_writes_the_device_flatbuffer_and_a_consistent_manifest(tmp_path):
    directory, tflite = _as_old_package(tmp_path)
    assert read_package(directory).device_model() == tflite
    block = device_repack.repack(directory)
    device = device_model.for_device(tflite)
    assert block["bytes"] == len(device) < len(tflite)
    package = read_package(directory)  # every file hash in the manifest matches again
    assert package.device_model() == device
    assert package.manifest["device_model"] == block
    assert package.manifest["parity"]["identical"] is True
    inputs, outputs = package.golden_vectors()
    original_inputs, original_outputs = read_package(SOURCE).golden_vectors()
    assert (inputs == original_inputs).all() and (outputs == original_outputs).all()
    assert device_repack.repack(directory) is None  # nothing left to do


def test_repack_refuses_golden_outputs_the_model_does_not_produce(tmp_path):
    directory, tflite = _as_old_package(tmp_path)
    package = read_package(directory)
    inputs, outputs = package.golden_vectors()
    outputs[0, 0] = outputs[0, 0] ^ 0x40
    golden = package.golden_source
    banner = golden.read_text(encoding="ascii").split("#include")[0]
    _rewrite(
        directory, golden, c_package.render_golden_source(package.ident, banner, inputs, outputs)
    )
    with pytest.raises(PackageError, match="does not reproduce the golden outputs"):
        device_repack.repack(directory)
    assert read_package(directory).device_model() == tflite  # nothing was rewritten


def test_cli_names_the_problem_in_one_line(tmp_path, capsys):
    assert device_repack.main([str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and str(tmp_path) in err and "\n" not in err
