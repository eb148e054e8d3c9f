"""The keyword-spotting app's generated settings follow the committed package."""

from __future__ import annotations

from firmware_tools.package import read_manifest
from firmware_tools.paths import APPS_DIR, MODELS_DIR
from modules.keyword_spotting import firmware_app

PACKAGE = MODELS_DIR / "keyword_spotting"
HEADER = APPS_DIR / "keyword_spotting" / "src" / firmware_app.HEADER


def test_streaming_header_is_rendered_from_the_package_manifest():
    manifest = read_manifest(PACKAGE)
    assert HEADER.read_text() == firmware_app.render(manifest), (
        "sync with modelzoo firmware sync keyword-spotting, which rewrites the header"
    )
    block = manifest["streaming"]
    text = HEADER.read_text()
    assert f"#define KWS_HOP_FRAMES {block['hop_frames']}u" in text
    assert f"#define KWS_REFRACTORY_MS {round(block['refractory_s'] * 1000)}u" in text


def test_cli_sync_rewrites_the_streaming_header(tmp_path, monkeypatch):
    """The header a synced package needs is written by the sync itself, not left stale."""
    import json
    import shutil

    from typer.testing import CliRunner

    from firmware_tools import sync
    from modelzoo.cli import app

    version_dir = tmp_path / "pushed"
    shutil.copytree(PACKAGE, version_dir)
    manifest = json.loads((version_dir / "manifest.json").read_text())
    manifest["streaming"] = {**manifest["streaming"], "threshold": 0.75, "smoothing": 3}
    (version_dir / "manifest.json").write_text(json.dumps(manifest))
    monkeypatch.setattr(sync, "MODELS_DIR", tmp_path / "firmware_models")
    monkeypatch.setattr(firmware_app, "APPS_DIR", tmp_path / "apps")
    (tmp_path / "apps" / "keyword_spotting" / "src").mkdir(parents=True)
    result = CliRunner().invoke(
        app, ["firmware", "sync", "keyword-spotting", "--version-dir", str(version_dir)]
    )
    assert result.exit_code == 0, result.output
    text = (tmp_path / "apps" / "keyword_spotting" / "src" / firmware_app.HEADER).read_text()
    assert "#define KWS_THRESHOLD 0.75" in text and "#define KWS_SMOOTHING 3u" in text


def test_the_app_compiles_the_audio_front_end_and_not_the_ecg_one():
    sources = "".join(p.read_text() for p in (APPS_DIR / "keyword_spotting" / "src").iterdir())
    assert "zoo_audio_frontend.h" in sources and "zoo_ecg" not in sources
    assert read_manifest(PACKAGE)["firmware"]["frontend"] == "audio"


def test_compile_only_check_builds_the_app_with_the_audio_front_end_only(toolchain, tmp_path):
    import pytest

    from firmware_tools import build, compile_check, frontends
    from firmware_tools.frontends import FrontendUnavailableError

    package = build.load_package("keyword_spotting", PACKAGE)
    try:
        package.frontend_build()
    except FrontendUnavailableError as error:
        pytest.skip(str(error))
    result = compile_check.check("keyword_spotting", package, tmp_path)
    compiled = {source for _, source in result.compiled}
    assert result.frontend == "audio"
    assert set(frontends.get("audio").sources) <= compiled
    assert not compiled & set(frontends.get("ecg").sources)
    assert len(result.variants) == 3
