"""Beat models: the lead appearances each model produces."""

from __future__ import annotations

import numpy as np

from modules.heart_arrhythmia.synthesis import draw_patient, morphology
from modules.heart_arrhythmia.synthesis.morphology import QRS, T1, R, dipole_beat_shape, wave_sum

TT = np.arange(-0.2, 0.2, 0.0005)


def _qrs(shape):
    return wave_sum(TT, shape, QRS)


def test_gaussian_model_spans_amplitudes_and_polarities():
    p2p, r_sign, t_sign = [], [], []
    for seed in range(60):
        shape = draw_patient(np.random.default_rng(seed), "gaussian").normal
        qrs = _qrs(shape)
        p2p.append(np.ptp(qrs))
        r_sign.append(np.sign(qrs[np.argmax(np.abs(qrs))]))
        t_sign.append(np.sign(shape.amps[T1]))
    assert 0.29 <= min(p2p) and max(p2p) <= 3.01
    assert min(p2p) < 0.6 and max(p2p) > 2.0
    assert -1 in r_sign and 1 in r_sign  # inverted / S-dominant leads exist
    assert -1 in t_sign and 1 in t_sign


def test_dipole_model_follows_lead_geometry():
    """V1 sees the main QRS forces leave (rS), V6 and II see them arrive (qR); aVR is inverted."""

    def dominant_sign(lead):
        signs = []
        for seed in range(40):
            qrs = _qrs(dipole_beat_shape(np.random.default_rng(seed), 0.4, 0.16, lead))
            signs.append(np.sign(qrs[np.argmax(np.abs(qrs))]))
        return np.mean(signs)

    assert dominant_sign("V1") < -0.5
    assert dominant_sign("V6") > 0.5
    assert dominant_sign("II") > 0.5
    assert dominant_sign("aVR") < -0.5


def test_dipole_model_varies_with_axis_and_electrodes_and_is_asymmetric():
    shapes = [dipole_beat_shape(np.random.default_rng(s), 0.4, 0.16, "II") for s in range(30)]
    p2p = [np.ptp(_qrs(s)) for s in shapes]
    assert 0.25 <= min(p2p) and max(p2p) <= 3.5 + 1e-9
    assert max(p2p) > 2 * min(p2p)  # axis and placement change the same lead's amplitude
    # T waves rise slowly and fall fast; R waves are not mirror images either.
    assert all(s.sigmas[T1] > s.right[T1] for s in shapes)
    assert any(s.sigmas[R] != s.right[R] for s in shapes)


def test_both_beat_models_are_drawn_for_patients():
    models = {draw_patient(np.random.default_rng(s)).beat_model for s in range(20)}
    assert models == set(morphology.BEAT_MODELS)
