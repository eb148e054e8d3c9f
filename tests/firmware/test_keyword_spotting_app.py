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
        "run python -m modules.keyword_spotting.firmware_app after syncing the package"
    )
    block = manifest["streaming"]
    text = HEADER.read_text()
    assert f"#define KWS_HOP_FRAMES {block['hop_frames']}u" in text
    assert f"#define KWS_REFRACTORY_MS {round(block['refractory_s'] * 1000)}u" in text


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
