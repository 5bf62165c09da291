"""`noneq.kicked.propagator`: the period against a dense expm and a Chebyshev reference (second order), the
per-x1 eigensystems, the light particle's resonances and the detuned splitting-error estimate."""

import numpy as np
import pytest
from scipy.linalg import expm

from noneq.kicked import basis
from noneq.kicked.model import KickedParticles
from noneq.kicked.propagator import (Propagator, chebyshev_reference, detuned, initial_state,
                                     particle2_eigensystems, richardson)

ROUNDING = 1e-11  # products of unitary transforms and per-point eigendecompositions
REFERENCE_TOLERANCE = 1e-6  # S = 1600 second-order splitting vs exact expm on the tiny grid (error ~ 1/S^2)
SECOND_ORDER_RATIO = 12.0  # quadrupling S must divide the error by ~16 for a second-order splitting
CHEBYSHEV_AGREEMENT = 1e-10  # Chebyshev series truncated at |J_k| < 1e-16 vs dense expm: rounding only
LIGHT_TOLERANCE = 1e-4  # m = 0.001, S = 640, 3 kicks: measured 5.7e-5 against the Chebyshev reference
LIGHT_ORDER_RATIO = 4.0  # doubling S past the resonant range (S = 640 -> 1280): measured 8.4, second order 4
# light particle, hbar_eff = 0.05, L = pi: E_9 - E_1 ~ 100 ~ 2 pi hbar_eff 320, so S = 160 (two windings per
# sub-step) and S = 320 (one) are both resonant with this pair; S = 160 is the case the 2S check misses
RESONANT_SUBSTEPS = 160


def dense_reference(model, n1, n2, kicks):
    """Exact expm of H = T1 + T2 + eps G on the full product basis (modes1 x modes2), kicks as x-diagonals."""
    S1, S2 = basis.dst_matrix(n1), basis.dst_matrix(n2)
    S = np.kron(S1, S2)
    T1 = basis.momenta(model, n1) ** 2 / 2
    T2 = basis.momenta(model, n2) ** 2 / (2 * model.m)
    x1, x2 = basis.grid(model, n1), basis.grid(model, n2)
    V = model.coupling * model.G(x1[:, None] - x2[None, :]).ravel()
    H = np.diag(np.add.outer(T1, T2).ravel()) + S @ np.diag(V) @ S
    U = expm(-1j * H / model.hbar_eff)
    kick = S @ np.diag(np.exp(-1j * np.add.outer(model.K1 * np.cos(x1), model.K2 * np.cos(x2)).ravel()
                              / model.hbar_eff)) @ S
    c = np.zeros(n1 * n2, complex)
    c[0] = 1.0
    for _ in range(kicks):
        c = U @ (kick @ c)
    return c.reshape(n1, n2)


def split(propagator, S, kicks):
    c = initial_state(propagator.modes1, propagator.modes2)
    for _ in range(kicks):
        c = propagator.period(c, S)
    return c


def test_propagator_converges_to_brute_force_reference():
    model = KickedParticles(K1=1.0, K2=0.7, m=0.1, coupling=2.0, hbar_eff=0.5)
    n1, n2 = 9, 7
    reference = dense_reference(model, n1, n2, 2)
    start = np.outer(basis.ground_state(n1), basis.ground_state(n2))
    errors = {}
    propagator = Propagator(model, n1, n2, 25)
    for S in (100, 400, 1600):
        c = start
        for _ in range(2):
            c = propagator.period(c, S)
        errors[S] = np.linalg.norm(c - reference)
    assert errors[1600] < REFERENCE_TOLERANCE
    assert errors[100] / errors[400] > SECOND_ORDER_RATIO and errors[400] / errors[1600] > SECOND_ORDER_RATIO


def test_chebyshev_reference_matches_dense_expm():
    model = KickedParticles(K1=1.0, K2=0.7, m=0.1, coupling=2.0, hbar_eff=0.5)
    assert np.linalg.norm(chebyshev_reference(model, 9, 7, 2) - dense_reference(model, 9, 7, 2)) \
        < CHEBYSHEV_AGREEMENT


def test_particle2_eigensystems_diagonalize_H2_at_every_point():
    model = KickedParticles(m=0.001, coupling=2.0, hbar_eff=0.05)
    n1, n2 = 32, 11  # even N1: every point is a mirror image of another (odd N1 is used elsewhere)
    energies, vectors = particle2_eigensystems(model, n1, n2)
    S2 = basis.dst_matrix(n2)
    for j, x in enumerate(basis.grid(model, n1)):
        H2 = S2 @ np.diag(model.coupling * model.G(x - basis.grid(model, n2))) @ S2
        H2 += np.diag(basis.momenta(model, n2) ** 2 / (2 * model.m))
        assert np.allclose(vectors[j] @ np.diag(energies[j]) @ vectors[j].T, H2, atol=ROUNDING * H2.max())
        assert np.allclose(vectors[j].T @ vectors[j], np.eye(n2), atol=ROUNDING)


@pytest.fixture(scope="module")
def light():
    """m = 0.001 at hbar_eff = 0.05 on a small grid (the resonances live in particle 2's spectrum, N2 = 15)."""
    model = KickedParticles(K1=1.8, m=0.001, coupling=2.0, hbar_eff=0.05)
    n1, n2, kicks = 63, 15, 3
    return Propagator(model, n1, n2, 40), chebyshev_reference(model, n1, n2, kicks), kicks


def test_light_particle_converges_to_chebyshev_reference(light):
    propagator, reference, kicks = light
    errors = {S: np.linalg.norm(split(propagator, S, kicks) - reference) for S in (640, 1280)}
    assert errors[640] < LIGHT_TOLERANCE
    assert errors[640] / errors[1280] > LIGHT_ORDER_RATIO


def test_detuned_check_bounds_the_error_at_a_resonance(light):
    propagator, reference, kicks = light
    S = RESONANT_SUBSTEPS
    coarse = split(propagator, S, kicks)
    true_error = np.linalg.norm(coarse - reference)
    halved = 4.0 / 3.0 * np.linalg.norm(coarse - split(propagator, 2 * S, kicks))
    estimate = richardson(S) * np.linalg.norm(coarse - split(propagator, detuned(S), kicks))
    assert estimate >= true_error  # the guard's estimate
    assert halved < true_error  # why S' = 2S + 1: at 2S the same pair is resonant and the difference misses it
    start = initial_state(propagator.modes1, propagator.modes2)
    assert propagator.splitting_error(start, S, kicks) * kicks == pytest.approx(estimate / kicks * kicks)
