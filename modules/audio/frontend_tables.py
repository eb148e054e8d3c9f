"""The audio front end's tables as the C header the firmware compiles with.

``write_firmware_tables(c_dir, model_name)`` is the QuantizingPusher's ``firmware_tables_fn``:
it writes ``<model>_frontend_tables.h`` with every constant of
:class:`modules.audio.frontend.FrontendConfig` and the arrays ``arm_mfcc_init_q15`` takes
(window, mel filter positions/lengths/coefficients, identity DCT), computed by
:func:`modules.audio.frontend.frontend_tables`, so nothing is hand-copied.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from modules.audio.frontend import DEFAULT, Q7, FrontendConfig, frontend_tables

VALUES_PER_LINE = 12


def _identifier(model_name: str) -> str:
    ident = "".join(c if c.isalnum() else "_" for c in model_name)
    return ident if not ident[0].isdigit() else f"m_{ident}"


def _array(ctype: str, name: str, values: np.ndarray) -> str:
    text = [str(int(v)) for v in np.asarray(values).reshape(-1)]
    rows = ",\n".join(
        "    " + ", ".join(text[i : i + VALUES_PER_LINE])
        for i in range(0, len(text), VALUES_PER_LINE)
    )
    return f"static const {ctype} {name}[{len(text)}] = {{\n{rows}\n}};\n"


def render(model_name: str, config: FrontendConfig = DEFAULT) -> str:
    ident = _identifier(model_name)
    prefix = f"{ident.upper()}_FRONTEND"
    tables = frontend_tables(config)
    defines = {
        "SAMPLE_RATE": config.sample_rate,
        "CLIP_SAMPLES": config.clip_samples,
        "FFT_LENGTH": config.fft_length,
        "HOP_LENGTH": config.hop_length,
        "N_MELS": config.n_mels,
        "N_FRAMES": config.n_frames,
        "OUTPUT_FRAC_BITS": int(np.log2(Q7)),
        "FILTER_COEFS": len(tables.filter_coefs_q15),
    }
    lines = [
        f"/* {ident}_frontend_tables.h: written by modules/audio/frontend_tables.py; do not edit.",
        " *",
        " * Log-mel front end = CMSIS-DSP arm_mfcc_q15 with an identity DCT:",
        " *   arm_mfcc_init_q15(&S, FFT_LENGTH, N_MELS, N_MELS, dct_q15, filter_pos,",
        " *                     filter_lengths, filter_coefs_q15, window_q15);",
        " *   per frame of FFT_LENGTH int16 samples, every HOP_LENGTH samples:",
        " *   arm_mfcc_q15(&S, frame, out_q8_7, tmp)  -> N_MELS int16 natural-log mel in q8.7.",
        f" * Definition: {config.to_dict()}",
        " * docs/audio-frontend.md lists every step and its Q format. */",
        f"#ifndef {prefix}_TABLES_H_",
        f"#define {prefix}_TABLES_H_",
        "",
        "#include <stdint.h>",
        "",
        *(f"#define {prefix}_{k} {v}" for k, v in defines.items()),
        "",
        _array("int16_t", f"{ident}_frontend_window_q15", tables.window_q15),
        _array("uint32_t", f"{ident}_frontend_filter_pos", tables.filter_pos),
        _array("uint32_t", f"{ident}_frontend_filter_lengths", tables.filter_lengths),
        _array("int16_t", f"{ident}_frontend_filter_coefs_q15", tables.filter_coefs_q15),
        _array("int16_t", f"{ident}_frontend_dct_q15", tables.dct_q15),
        f"#endif  /* {prefix}_TABLES_H_ */",
        "",
    ]
    return "\n".join(lines)


def write_firmware_tables(out_dir: str, model_name: str) -> list[str]:
    """QuantizingPusher ``firmware_tables_fn``: writes ``<model>_frontend_tables.h``."""
    path = Path(out_dir) / f"{_identifier(model_name)}_frontend_tables.h"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(model_name))
    return [str(path)]
