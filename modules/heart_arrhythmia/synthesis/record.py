"""One synthetic record: a rhythm plan, the beats of each episode, rendering, noise, recorder.

:func:`synthesize_record` plans rhythm episodes (several per record, changes inside records),
asks each episode's rhythm generator for its beats and atrial waves, renders the beats with the
patient's morphology, modulates the amplitude with breathing and adds a noise mixture at the
record's SNR through a random recorder front end. It returns the signal with its ground truth.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from modules.heart_arrhythmia import config
from modules.heart_arrhythmia.synthesis import beats as bt
from modules.heart_arrhythmia.synthesis import noise, recorder
from modules.heart_arrhythmia.synthesis.patients import PatientParams, draw_patient, record_variant
from modules.heart_arrhythmia.synthesis.randomness import smooth_noise
from modules.heart_arrhythmia.synthesis.rhythms import (
    RHYTHMS,
    EpisodeContext,
    Rhythm,
    rhythm_class,
    rhythms_of_class,
)

# Share of time per class (config.CLASS_NAMES order) in the default data.
DEFAULT_CLASS_WEIGHTS: tuple[float, ...] = (0.3, 0.3, 0.22, 0.18)


@dataclass(frozen=True)
class RhythmSegment:
    """One rhythm episode: samples [start, end), its rhythm and what the generator drew."""

    start: int
    end: int
    aux_note: str
    rhythm: str = ""
    params: dict = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class SyntheticRecord:
    """One synthetic ECG record and the ground truth the generator used to make it."""

    signal: np.ndarray  # mV, float64, 1-D: ECG + noise after the recorder front end
    fs: int
    rhythms: list[tuple[int, str]]  # (start_sample, aux_note), first at sample 0
    beat_samples: np.ndarray  # R-peak sample of every (ventricular) beat
    beat_symbols: tuple[str, ...]  # WFDB beat symbol per beat: 'N', 'A' or 'V'
    p_wave: np.ndarray  # bool per beat: a P wave precedes the QRS
    pr_intervals: np.ndarray  # PR interval per beat (s), NaN without a preceding P wave
    blocked_p_samples: np.ndarray  # P waves the AV node did not conduct (sample of the P)
    atrial_samples: np.ndarray  # start sample of every flutter (F) wave cycle
    segments: tuple[RhythmSegment, ...]
    clean: np.ndarray  # the same ECG without noise (same front end), mV
    info: dict = field(default_factory=dict)  # noise and recorder settings

    @property
    def duration_s(self) -> float:
        return len(self.signal) / self.fs

    def rhythm_at(self, sample: int) -> str:
        """The aux note of the rhythm that covers ``sample``."""
        for seg in self.segments:
            if seg.start <= sample < seg.end:
                return seg.aux_note
        raise IndexError(f"sample {sample} is outside the record")


def _draw_rhythm(rng: np.random.Generator, candidates: Sequence[Rhythm]) -> Rhythm:
    w = np.array([r.weight for r in candidates], dtype=float)
    return candidates[int(rng.choice(len(candidates), p=w / w.sum()))]


def plan_rhythms(
    rng: np.random.Generator,
    duration_s: float,
    weights: np.ndarray,
    only: Sequence[Rhythm] | None = None,
) -> list[tuple[float, float, Rhythm]]:
    """Rhythm episodes (start_s, end_s, rhythm) covering [0, duration_s).

    Classes are visited by ``weights`` (never the same class twice in a row, episodes of rare
    classes longer, so time shares follow the weights); ``only`` restricts the rhythms.
    """
    n_classes = len(config.CLASS_NAMES)
    pools = [
        [r for r in (only or rhythms_of_class(c)) if rhythm_class(r) == c]
        for c in config.CLASS_NAMES
    ]
    w = np.where([bool(p) for p in pools], weights, 0.0)
    if w.sum() <= 0:
        raise ValueError("no rhythm left to draw with these rhythm_weights")
    w = w / w.sum()
    nonzero = int((w > 0).sum())
    if nonzero == 1 or duration_s < 45 or rng.random() < 0.3:
        c = int(rng.choice(n_classes, p=w))
        return [(0.0, duration_s, _draw_rhythm(rng, pools[c]))]
    plan: list[tuple[float, float, Rhythm]] = []
    t, prev = 0.0, -1
    stretch = (1.0 - 1.0 / nonzero) / np.maximum(1.0 - w, 1e-6)
    while t < duration_s - 1e-9:
        p = w.copy()
        if prev >= 0:
            p[prev] = 0.0
        p /= p.sum()
        c = int(rng.choice(n_classes, p=p))
        length = rng.lognormal(math.log(75.0), 0.7) * stretch[c]
        length = float(np.clip(length, 20.0, 300.0 * max(stretch[c], 1.0)))
        if duration_s - (t + length) < 20.0:
            length = duration_s - t
        plan.append((t, t + length, _draw_rhythm(rng, pools[c])))
        t, prev = t + length, c
    return plan


def synthesize_record(
    rng: np.random.Generator,
    fs: int,
    duration_s: float,
    noise_scale: float = 1.0,
    rhythm_weights: Sequence[float] = DEFAULT_CLASS_WEIGHTS,
    patient: PatientParams | None = None,
    rhythms: Sequence[str] | None = None,
    snr_db: float | None = None,
    noise_models: tuple[str, ...] | None = None,
) -> SyntheticRecord:
    """Synthesize one single-lead ECG record.

    ``rhythm_weights`` are the shares of time per class (``config.CLASS_NAMES`` order);
    ``rhythms`` restricts the rhythms to these catalogue names. ``patient`` fixes the patient
    (drawn from ``rng`` when omitted). Noise is a mixture at ``snr_db`` (drawn per record when
    None) of ``noise_models`` (drawn when None); ``noise_scale`` then multiplies it and changes
    nothing else that is drawn, so the same generator state with another scale gives the same
    ECG with more or less noise (0: clean).
    """
    weights = np.asarray(rhythm_weights, dtype=float)
    if weights.shape != (len(config.CLASS_NAMES),) or (weights < 0).any() or weights.sum() <= 0:
        raise ValueError(
            f"rhythm_weights must be {len(config.CLASS_NAMES)} non-negative numbers "
            f"({', '.join(config.CLASS_NAMES)}), got {rhythm_weights}"
        )
    if noise_scale < 0:
        raise ValueError(f"noise_scale must be >= 0, got {noise_scale}")
    only = None
    if rhythms is not None:
        unknown = [r for r in rhythms if r not in RHYTHMS]
        if unknown or not rhythms:
            raise ValueError(f"unknown rhythms {unknown}; known: {', '.join(RHYTHMS)}")
        only = [RHYTHMS[r] for r in rhythms]
    n = int(round(duration_s * fs))
    if n < 2:
        raise ValueError(f"duration_s={duration_s} is too short")
    duration_s = n / fs

    rng_patient, rng_rhythm, rng_render, rng_noise = rng.spawn(4)
    if patient is None:
        patient = draw_patient(rng_patient)
    else:
        patient = record_variant(rng_patient, patient)

    # Breathing, shared by sinus arrhythmia, QRS axis, amplitude modulation and wander.
    tg = np.arange(-20.0, duration_s + 20.0, 0.1)
    f_resp = patient.resp_hz * (1.0 + 0.1 * np.clip(smooth_noise(rng_rhythm, tg, 0.02), -3, 3))
    resp_g = np.sin(2 * np.pi * np.cumsum(f_resp) * 0.1 + rng_rhythm.uniform(0, 2 * np.pi))

    def resp(x: np.ndarray) -> np.ndarray:
        return np.interp(x, tg, resp_g)

    plan = plan_rhythms(rng_rhythm, duration_s, weights, only)
    atrial = np.zeros(n)
    all_beats: list[bt.Beat] = []
    f_wave_starts: list[np.ndarray] = []
    segments: list[RhythmSegment] = []
    t_last = -rng_rhythm.uniform(0.2, 0.9)
    fade = max(int(0.15 * fs), 1)
    for start_s, end_s, rhythm in plan:
        ctx = EpisodeContext(rng_rhythm, patient, resp, fs, start_s, end_s, t_last)
        episode = rhythm.generate(ctx)
        i0, i1 = ctx.i0, ctx.i1
        # Every beat belongs to the episode it is labelled with.
        lo, hi = start_s + 0.5 / fs, end_s - 0.5 / fs
        beats = [b for b in episode.beats if lo <= b.t < hi]
        if episode.atrial is not None:
            ramp = np.ones(i1 - i0)
            m = min(fade, (i1 - i0) // 2)
            if m > 0:
                ramp[:m] = np.linspace(0, 1, m)
                ramp[-m:] = np.linspace(1, 0, m)
            atrial[i0:i1] += episode.atrial * ramp
            f_wave_starts.append(episode.atrial_starts)
        ventricular = [b for b in beats if b.kind != bt.BLOCKED_P]
        if ventricular:
            t_last = ventricular[-1].t
        all_beats.extend(beats)
        params = {"rhythm": rhythm.name, **episode.params}
        segments.append(RhythmSegment(i0, i1, rhythm.aux_note, rhythm.name, params))

    all_beats.sort(key=lambda b: b.t)
    kept: list[bt.Beat] = []
    last_v = -math.inf
    for b in all_beats:
        if not 0 <= b.t < duration_s:
            continue
        if b.kind != bt.BLOCKED_P:
            if b.t - last_v <= 0.2:
                continue
            last_v = b.t
        kept.append(b)

    ecg, pr = bt.render_beats(n, fs, kept, patient, resp, rng_render)
    ecg = ecg + atrial
    t = np.arange(n) / fs
    resp_full = np.interp(t, tg, resp_g)
    ecg = ecg * (1.0 + patient.am_depth * resp_full)

    noise_mv, noise_info = noise.noise_mixture(
        rng_noise, n, fs, t, resp_full, patient.qrs_p2p, snr_db, noise_models
    )
    offset = rng_noise.uniform(-0.3, 0.3)
    apply_front_end, fe_info = recorder.front_end(rng_noise, fs)
    clean = apply_front_end(ecg)
    sig = apply_front_end(ecg + noise_scale * (noise_mv + offset))

    kinds = np.array([b.kind for b in kept], dtype=int)
    times = np.array([b.t for b in kept], dtype=float)
    is_v = kinds != bt.BLOCKED_P
    beat_samples = np.clip(np.round(times[is_v] * fs).astype(np.int64), 0, n - 1)
    blocked_t = times[~is_v] - pr[~is_v]
    starts_all = (
        np.concatenate(f_wave_starts).astype(np.int64) if f_wave_starts else np.zeros(0, np.int64)
    )
    info = {"noise_scale": float(noise_scale), "beat_model": patient.beat_model}
    info.update(noise_info)
    info.update(fe_info)
    return SyntheticRecord(
        signal=sig,
        fs=int(fs),
        rhythms=[(s.start, s.aux_note) for s in segments],
        beat_samples=beat_samples,
        beat_symbols=tuple(bt.KIND_SYMBOL[int(k)] for k in kinds[is_v]),
        p_wave=bt.has_p_wave(kinds[is_v]) & (kinds[is_v] != bt.JUNCTIONAL),
        pr_intervals=pr[is_v],
        blocked_p_samples=np.round(blocked_t * fs).astype(np.int64),
        atrial_samples=starts_all,
        segments=tuple(segments),
        clean=clean,
        info=info,
    )
