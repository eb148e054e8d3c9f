"""Second-degree AV block (class OTHER): Wenckebach (Mobitz I) and 2:1 block.

The sinus node fires regularly; the AV node conducts some P waves and blocks others, and the
blocked P waves are drawn without a QRS (``BLOCKED_P``).

* Wenckebach: within each group the PR interval lengthens by shrinking increments until one P
  wave is not conducted; the next PR is the shortest again. Groups of 3:2 to 6:5, so the RR
  intervals shorten through a group and the pause around the dropped beat is shorter than two
  P-P intervals (textbook criteria).
* 2:1 block: every second P wave is blocked, with a constant PR for the conducted ones; the
  ventricular rate is half the atrial rate.
"""

from __future__ import annotations

from modules.heart_arrhythmia.synthesis.beats import BLOCKED_P, SINUS, Beat
from modules.heart_arrhythmia.synthesis.rhythms.base import Episode, EpisodeContext
from modules.heart_arrhythmia.synthesis.rhythms.sinus import sinus_node_times


def wenckebach(ctx: EpisodeContext) -> Episode:
    rng = ctx.rng
    atrial_hr = rng.uniform(60, 110)
    p_times = sinus_node_times(ctx, atrial_hr, 0.3 * ctx.patient.rsa) - rng.uniform(0.15, 0.25)
    ratio = int(rng.choice([3, 4, 5, 6], p=[0.35, 0.35, 0.2, 0.1]))  # P waves per group
    pr0 = rng.uniform(0.14, 0.24)
    first_inc = rng.uniform(0.07, 0.16)
    decay = rng.uniform(0.4, 0.7)
    beats: list[Beat] = []
    pos = int(rng.integers(ratio))  # where in its group the episode starts
    groups = 0
    group = ratio
    for t_p in p_times:
        if pos == 0:
            group = ratio if rng.random() < 0.8 else int(rng.choice([3, 4, 5, 6]))
        if pos == group - 1:
            beats.append(Beat(t_p + ctx.patient.pr_s, BLOCKED_P, ctx.patient.pr_s))
            groups += 1
        else:
            pr = pr0 + first_inc * (1.0 - decay**pos) / (1.0 - decay)
            beats.append(Beat(t_p + pr, SINUS, pr))
        pos = (pos + 1) % group
    beats = [b for b in beats if b.t > ctx.t_last + 0.3]
    return Episode(
        beats,
        {"atrial_hr": atrial_hr, "ratio": f"{ratio}:{ratio - 1}", "pr0": pr0, "groups": groups},
    )


def av_block_2to1(ctx: EpisodeContext) -> Episode:
    rng = ctx.rng
    atrial_hr = rng.uniform(70, 160)
    p_times = sinus_node_times(ctx, atrial_hr, 0.2 * ctx.patient.rsa) - rng.uniform(0.15, 0.3)
    pr = rng.uniform(0.14, 0.28)
    first = int(rng.integers(2))
    beats = [
        Beat(t + pr, SINUS, pr) if (i + first) % 2 == 0 else Beat(t + pr, BLOCKED_P, pr)
        for i, t in enumerate(p_times)
    ]
    beats = [b for b in beats if b.t > ctx.t_last + 0.3]
    return Episode(beats, {"atrial_hr": atrial_hr, "ventricular_hr": atrial_hr / 2, "pr": pr})
