"""`noneq.kicked.two_particle`: brute-force reference, factorization at eps = 0, purity, guards."""

import numpy as np
import pytest
from scipy.linalg import expm

from noneq.core.errors import NumericalError
from noneq.kicked import basis
from noneq.kicked.model import KickedParticles
from noneq.kicked.single import evolve_single
from noneq.kicked.two_particle import Propagator, evolve_two, reduced_purity
from noneq.quantum import partial_trace, purity

ROUNDING = 1e-11  # products of unitary transforms and per-point eigendecompositions
REFERENCE_TOLERANCE = 1e-6  # S = 1600 second-order splitting vs exact expm on the tiny grid (error ~ 1/S^2)
SECOND_ORDER_RATIO = 12.0  # quadrupling S must divide the error by ~16 for a second-order splitting


def dense_reference(model, n1, n2, kicks):
    """Exact expm of H = T1 + T2 + eps G on the full product basis (modes1 x modes2), kicks as x-diagonals."""
    S1, S2 = basis.dst_matrix(n1), basis.dst_matrix(n2)
    S = np.kron(S1, S2)
    T1 = basis.momenta(model, n1) ** 2 / 2
    T2 = basis.momenta(model, n2) ** 2 / (2 * model.m)
    x1, x2 = basis.grid(model, n1), basis.grid(model, n2)
    V = model.eps * model.G(x1[:, None] - x2[None, :]).ravel()
    H = np.diag(np.add.outer(T1, T2).ravel()) + S @ np.diag(V) @ S
    U = expm(-1j * H / model.hbar_eff)
    kick = S @ np.diag(np.exp(-1j * np.add.outer(model.K1 * np.cos(x1), model.K2 * np.cos(x2)).ravel()
                              / model.hbar_eff)) @ S
    c = np.zeros(n1 * n2, complex)
    c[0] = 1.0
    for _ in range(kicks):
        c = U @ (kick @ c)
    return c.reshape(n1, n2)


def test_propagator_converges_to_brute_force_reference():
    model = KickedParticles(K1=1.0, K2=0.7, m=0.1, eps=2.0, hbar_eff=0.5)
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


def test_no_interaction_factorizes_into_single_particle_dynamics():
    model = KickedParticles(K1=1.8, K2=0.4, m=0.3, eps=0.0, hbar_eff=0.1)
    pair = evolve_two(model, modes1=255, modes2=63, substeps=3, kicks=8)
    single = evolve_single(model, 255, 8)
    assert np.allclose(pair.purity, 1.0, atol=ROUNDING)
    assert np.allclose(pair.p1_sq, single.p_sq[0], atol=ROUNDING)
    assert pair.substep_error < ROUNDING  # at eps = 0 the splitting is exact


def test_interaction_entangles():
    model = KickedParticles(K1=1.8, m=0.1, eps=2.0, hbar_eff=0.2)
    result = evolve_two(model, modes1=63, modes2=15, substeps=20, kicks=4, strict=False)
    assert result.purity[0] == pytest.approx(1.0, abs=ROUNDING)
    assert result.purity[-1] < 0.99


def test_reduced_purity_matches_partial_trace():
    rng = np.random.default_rng(4)
    c = rng.normal(size=(6, 4)) + 1j * rng.normal(size=(6, 4))
    c /= np.linalg.norm(c)
    rho = np.outer(c.ravel(), c.ravel().conj())
    assert abs(reduced_purity(c) - purity(partial_trace(rho, [6, 4], 0))) < ROUNDING


def test_under_resolved_substeps_are_detected():
    model = KickedParticles(K1=1.8, m=0.001, eps=2.0, hbar_eff=0.2)
    with pytest.raises(NumericalError, match="substeps"):
        evolve_two(model, modes1=127, modes2=15, substeps=2, kicks=3)
    flagged = evolve_two(model, modes1=127, modes2=15, substeps=2, kicks=3, strict=False)
    assert not flagged.resolved and flagged.substep_error > 0.02


def test_too_few_modes_is_detected():
    model = KickedParticles(K1=4.0, m=0.1, eps=2.0, hbar_eff=0.2)
    flagged = evolve_two(model, modes1=31, modes2=15, substeps=40, kicks=6, strict=False)
    assert not flagged.resolved and flagged.top_mode1 > 1e-6


def test_flagged_dataset_when_not_strict():
    from noneq.core.registry import get_system

    values = dict(particles=2, kicks=3, hbar_eff=0.2, m=0.001, substeps=2)
    with pytest.raises(NumericalError, match="under-resolved"):
        get_system("kicked").run(values)
    ds = get_system("kicked").run(values, strict=False)
    assert not bool(ds.resolved) and float(ds.substep_error) > 0.02
    assert ds.purity.dims == ("kick",) and ds.attrs["system"] == "kicked"
    assert ds.p1_sq.attrs["long_name"] and ds.kick.attrs["units"] == "kick periods"
