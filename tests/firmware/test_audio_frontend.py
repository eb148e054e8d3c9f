"""The audio front end in C (firmware/frontends/audio + CMSIS-DSP's C) equals the Python front end
(modules.audio.frontend) bit for bit on the Cortex-M4 under QEMU.

The driver (tests/firmware/c/audio_frontend_main.c) is built once with the model's freshly
generated tables and CMSIS-DSP's sources from the cmsisdsp sdist (the test skips, saying how to
get them, when they are not unpacked). Clips: a tone, white noise, digital silence, full-scale
clipping and a low-level chirp, streamed in hop-sized and in odd chunk sizes; every frame's q8.7
log-mel must equal ``log_mel_q7`` and the window's int8 model input ``to_model_input``.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from firmware_tools import frontends, qemu
from firmware_tools.common_build import float_bits
from firmware_tools.frontends import FrontendUnavailableError
from firmware_tools.paths import COMMON_INCLUDE_DIR, COMMON_SOURCES, MODELS_DIR
from modules.audio import frontend as fe
from modules.audio import frontend_tables

DRIVER = Path(__file__).parent / "c" / "audio_frontend_main.c"
AUDIO = frontends.get("audio")
CFG = fe.DEFAULT
RATE = CFG.sample_rate
MODEL_SCALE = 0.050942063331604004  # keyword_spotting's input tensor
MODEL_ZERO_POINT = 22
HEADER = AUDIO.include_dir / "zoo_audio_frontend.h"
CODES = {
    name: int(value) for name, value in re.findall(r"(ZOO_AUDIO_\w+) = (-?\d+)", HEADER.read_text())
}


@pytest.fixture(scope="module")
def driver(toolchain, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("audio_frontend")
    header = frontend_tables.write_tables(out / "tables", "keyword_spotting")
    try:
        build = AUDIO.build(header)
    except FrontendUnavailableError as error:
        pytest.skip(str(error))
    return qemu.build_elf(
        [DRIVER, *COMMON_SOURCES, *build.sources],
        out / "audio.elf",
        include_dirs=[COMMON_INCLUDE_DIR, *build.include_dirs],
        defines=build.defines,
    )


def run(elf: Path, *args) -> str:
    result = qemu.run_elf(elf, [str(a) for a in args], timeout=300)
    assert result.exit_code == 0, result.stdout
    return result.stdout


def f32(value: float) -> float:
    """The float32 the C receives (its bits), as the Python float the reference is given."""
    return float(np.float32(value))


def clips() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(7)
    t = np.arange(int(1.5 * RATE)) / RATE
    chirp = np.sin(2 * np.pi * (100 + 1500 * t) * t)
    square = np.where(np.sin(2 * np.pi * 440 * t) >= 0, 32767, -32768)
    return {
        "tone": fe.to_pcm16(0.5 * np.sin(2 * np.pi * 1000 * t)),
        "noise": fe.to_pcm16(0.1 * rng.standard_normal(len(t))),
        "silence": np.zeros(len(t), np.int16),
        # full scale: a clipped sine (flat tops at both rails) and a rail-to-rail square wave
        "clipping": np.concatenate(
            [fe.to_pcm16(np.clip(3 * chirp[: RATE // 2], -1, 1)), square[RATE // 2 :]]
        ).astype(np.int16),
        "quiet_chirp": fe.to_pcm16(0.001 * chirp),
    }


def stream(elf: Path, pcm: np.ndarray, tmp: Path, chunks, scale=MODEL_SCALE, zp=MODEL_ZERO_POINT):
    pcm.astype("<i2").tofile(tmp / "pcm.bin")
    out = run(
        elf, "stream", tmp / "pcm.bin", tmp / "mel.bin", tmp / "input.bin",
        float_bits(scale), zp, *chunks,
    )  # fmt: skip
    mel = np.fromfile(tmp / "mel.bin", "<i2").reshape(-1, CFG.n_mels)
    written = tmp / "input.bin"
    model_input = (
        np.fromfile(written, np.int8).reshape(CFG.n_frames, CFG.n_mels)
        if written.exists()
        else None
    )
    return out, mel, model_input


@pytest.mark.parametrize("name", list(clips()))
def test_clip_streamed_per_hop_equals_python(driver, tmp_path, name):
    pcm = clips()[name]
    out, mel, model_input = stream(driver, pcm, tmp_path, [CFG.hop_length])
    expected = fe.log_mel_q7(pcm)
    assert f"frames {len(expected)} ready 1" in out
    np.testing.assert_array_equal(mel, expected)
    window = expected[-CFG.n_frames :]  # the ring holds the last window
    np.testing.assert_array_equal(
        model_input, fe.to_model_input(window, f32(MODEL_SCALE), MODEL_ZERO_POINT)
    )
    if name == "silence":
        assert (mel == -976).all()  # the front end's floor (docs/audio-frontend.md)


def test_odd_chunk_sizes_give_the_same_frames(driver, tmp_path):
    pcm = clips()["noise"][: RATE + 777]
    out, mel, model_input = stream(driver, pcm, tmp_path, [1, 37, 511, 2, 1000, 319])
    expected = fe.log_mel_q7(pcm)
    assert f"frames {len(expected)} ready 1" in out
    np.testing.assert_array_equal(mel, expected)
    np.testing.assert_array_equal(
        model_input,
        fe.to_model_input(expected[-CFG.n_frames :], f32(MODEL_SCALE), MODEL_ZERO_POINT),
    )


def test_less_than_a_window_is_not_ready(driver, tmp_path):
    pcm = clips()["tone"][: RATE // 2]
    out, mel, model_input = stream(driver, pcm, tmp_path, [CFG.hop_length])
    expected = fe.log_mel_q7(pcm)
    assert f"frames {len(expected)} ready 0" in out and model_input is None
    np.testing.assert_array_equal(mel, expected)


SCALES = [MODEL_SCALE, 0.0625, 0.05123, 0.11, 1.0, 2.0**-20, 0.00390625 * 3, 7.5, 1e-7]


def test_requantize_multiplier_equals_python(driver):
    out = run(driver, "requantize", *(float_bits(s) for s in [*SCALES, 0.0, -1.0, 1e30]))
    lines = out.strip().splitlines()
    for scale, line in zip(SCALES, lines, strict=False):
        multiplier, shift = fe.requantize_multiplier(1.0 / (fe.Q7 * f32(scale)))
        assert line == f"{multiplier} {shift}", scale
    # zero, negative and scales whose shift would leave [1, 62] are refused
    assert lines[len(SCALES) :] == [f"error {CODES['ZOO_AUDIO_ERR_SCALE']}"] * 3


@pytest.mark.parametrize("scale, zero_point", [(MODEL_SCALE, 22), (0.0625, 0), (0.11, -40)])
def test_model_input_mapping_equals_python(driver, tmp_path, scale, zero_point):
    values = np.arange(-32768, 32768, 13, dtype=np.int16)
    values.astype("<i2").tofile(tmp_path / "q.bin")
    run(driver, "map", tmp_path / "q.bin", tmp_path / "out.bin", float_bits(scale), zero_point)
    got = np.fromfile(tmp_path / "out.bin", np.int8)
    np.testing.assert_array_equal(got, fe.to_model_input(values, f32(scale), zero_point))


def test_self_test_frame_matches_the_tables(driver):
    assert "selftest 0 mismatches 0" in run(driver, "selftest")
    assert "model keyword_spotting rate 16000 fft 512 hop 320 mels 40 frames 49" in run(
        driver, "facts"
    )


def test_committed_tables_are_what_the_generator_writes(tmp_path):
    committed = MODELS_DIR / "keyword_spotting" / "keyword_spotting_frontend_tables.h"
    fresh = frontend_tables.write_tables(tmp_path, "keyword_spotting")
    assert committed.read_text() == fresh.read_text(), (
        'regenerate: python -c "from firmware_tools.tables import regenerate_package_tables '
        "as r; r('firmware/models/keyword_spotting')\""
    )


def test_missing_cmsis_dsp_sources_are_one_line_saying_how_to_get_them(monkeypatch, tmp_path):
    monkeypatch.setenv("MODELZOO_CMSIS_DSP_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(FrontendUnavailableError) as error:
        AUDIO.build(tmp_path / "m_frontend_tables.h")
    message = str(error.value)
    assert "\n" not in message and "scripts/cmsis_dsp_sources.sh" in message


def test_the_neuralspot_staging_uses_the_sdks_cmsis_dsp_not_the_sdist(monkeypatch, tmp_path):
    """The device build stages the front end's own C only (neuralSPOT links its CMSIS-DSP), and
    needs no sdist; the compile-only check and QEMU builds take CMSIS-DSP from the sdist."""
    from firmware_tools import build
    from firmware_tools.package import read_package

    monkeypatch.setenv("MODELZOO_CMSIS_DSP_DIR", str(tmp_path / "nowhere"))
    package = read_package(MODELS_DIR / "keyword_spotting")
    makefile = build.frontend_makefile(package)
    assert "zoo_frontend_src := frontend/src/zoo_audio_frontend.c\n" in makefile
    assert "__GNUC_PYTHON__" not in makefile and "ZOO_AUDIO_FRONTEND_TABLES=" in makefile
    staged = build.staged_tree("keyword_spotting", package)
    assert not [path for path in staged if "arm_" in path]
    assert "frontend/include/zoo_audio_frontend.h" in staged
    problems: list[str] = []
    assert build.load_package_or_problem("keyword_spotting", None, problems, device=True)
    assert problems == []
    with pytest.raises(FrontendUnavailableError):
        package.frontend_build()
