"""Non-sinus supraventricular rhythms that are not AF (class OTHER).

* Multifocal atrial tachycardia (MAT): 100-150 bpm, at least three P wave morphologies from
  different atrial foci, each with its own PR, and irregular RR: the rhythm most often
  mistaken for AF, told apart by a distinct P wave before every QRS (at least 5 % of the QRS
  size: MAT is only diagnosed where its P waves are seen).
* Ectopic atrial rhythm: one non-sinus focus, regular, with an abnormal (often inverted) P wave
  and a short PR.
* Junctional rhythm: escape (40-60 bpm) or accelerated (60-110 bpm), regular, no P wave
  before the QRS (hidden, or retrograde and inverted just after it).
"""

from __future__ import annotations

import numpy as np

from modules.heart_arrhythmia.synthesis.beats import ATRIAL, CONDUCTED, JUNCTIONAL, Beat
from modules.heart_arrhythmia.synthesis.morphology import P_WAVES
from modules.heart_arrhythmia.synthesis.rhythms.base import Episode, EpisodeContext
from modules.heart_arrhythmia.synthesis.rhythms.sinus import sinus_node_times


def _focus_p_scale(rng: np.random.Generator) -> float:
    """A P wave height multiplier that is clearly not the sinus P: inverted, small or large."""
    return float(rng.choice([-1.0, 1.0]) * rng.uniform(0.35, 1.4))


def multifocal_atrial_tachycardia(ctx: EpisodeContext) -> Episode:
    rng = ctx.rng
    hr = rng.uniform(100, 150)
    n_foci = int(rng.integers(3, 6))
    scales = [_focus_p_scale(rng) for _ in range(n_foci)]
    scales[0] = abs(scales[0])  # the sinus-like focus
    scales[1] = -abs(scales[1])  # a low atrial focus: inverted P
    # MAT is diagnosed by its distinct P waves: on a lead where they vanish it cannot be told
    # from AF by anyone, so each focus's P is at least 5 % of the QRS's peak-to-peak size.
    p_amp = float(np.max(np.abs(ctx.patient.normal.amps[P_WAVES])))
    floor = 0.05 * ctx.patient.qrs_p2p / max(p_amp, 1e-6)
    scales = [float(np.sign(s) * np.clip(abs(s), floor, max(floor, 4.0))) for s in scales]
    widths = rng.uniform(0.7, 1.4, size=n_foci)
    prs = rng.uniform(0.1, 0.22, size=n_foci)
    mean_rr = 60.0 / hr
    beats: list[Beat] = []
    t = ctx.t_last
    used = set()
    while True:
        focus = int(rng.integers(n_foci))
        t = t + mean_rr * rng.uniform(0.75, 1.3)
        if t > ctx.end_s:
            break
        used.add(focus)
        beats.append(Beat(t, ATRIAL, float(prs[focus]), scales[focus], float(widths[focus])))
    return Episode(beats, {"mean_hr": hr, "foci": n_foci, "foci_seen": len(used)})


def ectopic_atrial_rhythm(ctx: EpisodeContext) -> Episode:
    rng = ctx.rng
    hr = rng.uniform(50, 110)
    scale = -rng.uniform(0.4, 1.1) if rng.random() < 0.7 else rng.uniform(0.3, 0.6)
    width = rng.uniform(0.7, 1.2)
    pr = rng.uniform(0.1, 0.18)
    times = sinus_node_times(ctx, hr, 0.15 * ctx.patient.rsa)
    beats = [Beat(float(t), ATRIAL, pr, scale, width) for t in times if t <= ctx.end_s]
    return Episode(beats, {"mean_hr": hr, "p_scale": scale, "pr": pr})


def junctional_rhythm(ctx: EpisodeContext) -> Episode:
    rng = ctx.rng
    hr = rng.uniform(40, 60) if rng.random() < 0.6 else rng.uniform(60, 110)
    kind = JUNCTIONAL if rng.random() < 0.5 else CONDUCTED
    times = sinus_node_times(ctx, hr, 0.1 * ctx.patient.rsa)
    beats = [Beat(float(t), kind) for t in times if t <= ctx.end_s]
    return Episode(beats, {"mean_hr": hr, "retrograde_p": kind == JUNCTIONAL})
