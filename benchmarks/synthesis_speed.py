"""How fast the synthetic ECG data set is written (not a test; run by hand).

TF_USE_LEGACY_KERAS=1 python benchmarks/synthesis_speed.py --patients 40 --minutes 5
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from modules.heart_arrhythmia.synthesis import SynthesisConfig, write_dataset  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=40)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    cfg = SynthesisConfig(n_patients=args.patients, record_minutes=args.minutes)
    times = []
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            write_dataset(tmp, cfg, progress=False)
            times.append(time.perf_counter() - start)
    record_minutes = args.patients * args.minutes
    best = min(times)
    print(
        f"{args.patients} records x {args.minutes:g} min = {record_minutes:g} record-minutes: "
        f"best {best:.2f} s of {args.repeats} ({record_minutes / best:.0f} record-min/s)"
    )


if __name__ == "__main__":
    main()
