"""Group beating: atrial and ventricular bigeminy and trigeminy (class OTHER).

Every second (bigeminy) or third (trigeminy) beat is premature. The RR sequence alternates
short-long, which is regular in its pattern but looks irregular to a detector that only counts
RR variability: a classic false-AF trigger.
"""

from __future__ import annotations

from modules.heart_arrhythmia.synthesis.beats import PAC, PVC
from modules.heart_arrhythmia.synthesis.rhythms.base import Episode, EpisodeContext
from modules.heart_arrhythmia.synthesis.rhythms.sinus import sinus_node_times, with_ectopy


def _group_beating(ctx: EpisodeContext, kind: int, every: int) -> Episode:
    rng, p = ctx.rng, ctx.patient
    hr0 = rng.uniform(55, 110)
    coupling = (0.5, 0.75) if kind == PVC else (0.55, 0.8)
    lo = rng.uniform(*coupling)
    sinus = sinus_node_times(ctx, hr0, 0.5 * p.rsa)
    beats, counts = with_ectopy(
        ctx, sinus, 0.0, 0.0, pattern=(kind, every), coupling=(lo, min(lo + 0.06, 0.85))
    )
    return Episode(beats, {"mean_hr": hr0, "every": every, "coupling": lo, **counts})


def ventricular_bigeminy(ctx: EpisodeContext) -> Episode:
    return _group_beating(ctx, PVC, 2)


def ventricular_trigeminy(ctx: EpisodeContext) -> Episode:
    return _group_beating(ctx, PVC, 3)


def atrial_bigeminy(ctx: EpisodeContext) -> Episode:
    return _group_beating(ctx, PAC, 2)


def atrial_trigeminy(ctx: EpisodeContext) -> Episode:
    return _group_beating(ctx, PAC, 3)
