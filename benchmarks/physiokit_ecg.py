"""Held-out ECG from ANOTHER simulator (physiokit, Ambiq's signal toolkit), written as WFDB.

The zoo's model never trains on physiokit signals, so scoring on them measures how far the
model generalises beyond its own generator. physiokit needs numpy 2, which the pipeline's
pins forbid, so this script runs in its own throw-away environment, e.g.

    uv run --no-project --python 3.11 --with physiokit==0.10.1 --with wfdb \
        benchmarks/physiokit_ecg.py OUT_DIR --records 60 --seed 5

and hands the data over in WFDB format, like any real data set. Rhythms: physiokit's AFIB
preset -> "(AFIB"; sinus rhythm and its morphology presets (bundle branch blocks, STEMI, ...)
-> "(N". physiokit has no atrial flutter.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import wfdb
from physiokit.ecg import EcgPreset, synthesize

NON_AF_PRESETS = [p for p in EcgPreset if p is not EcgPreset.AFIB]
LEADS = (0, 1, 5, 6, 10)  # I, II, aVF, V1, V5 of physiokit's 12-lead output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--records", type=int, default=60)
    parser.add_argument("--seconds", type=int, default=40)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    for index in range(args.records):
        preset = EcgPreset.AFIB if index % 2 else NON_AF_PRESETS[rng.integers(len(NON_AF_PRESETS))]
        fs = int(rng.choice([250, 360, 500]))
        ecg, _, _ = synthesize(
            signal_length=fs * args.seconds,
            sample_rate=fs,
            leads=12,
            heart_rate=float(rng.uniform(50, 120)),
            preset=preset,
            noise_multiplier=float(rng.uniform(0.2, 2.0)),
        )
        lead = ecg[int(rng.choice(LEADS))].astype(np.float64)
        lead /= max(1e-6, float(np.percentile(np.abs(lead), 99.5)))  # ~1 mV R peaks
        name = f"pk{index:04d}"
        wfdb.wrsamp(
            name,
            fs=fs,
            units=["mV"],
            sig_name=["ECG"],
            p_signal=lead[:, None],
            fmt=["16"],
            write_dir=str(args.out),
            comments=[f"patient: {name}", f"generator: physiokit {preset.value}"],
        )
        note = "(AFIB" if preset is EcgPreset.AFIB else "(N"
        wfdb.wrann(
            name, "atr", np.array([0]), np.array(["+"]), aux_note=[note], write_dir=str(args.out)
        )
    print(f"wrote {args.records} physiokit records to {args.out}")


if __name__ == "__main__":
    main()
