"""`noneq.kicked.two_particle`: brute-force and Chebyshev references, resonances and the detuned sub-step check,
automatic sub-steps, factorization at eps = 0, purity, guards."""

import math

import numpy as np
import pytest
from scipy.linalg import expm

from noneq.core.errors import NoneqInputError, NumericalError
from noneq.kicked import basis, guards
from noneq.kicked.model import KickedParticles
from noneq.kicked.single import evolve_single
from noneq.kicked import two_particle
from noneq.kicked.two_particle import (Propagator, _midrun_check, _pilot_propagator, chebyshev_reference,
                                       choose_substeps, detuned, evolve_two, initial_state, particle2_eigensystems, reduced_purity, richardson)
from noneq.quantum import partial_trace, purity

ROUNDING = 1e-11  # products of unitary transforms and per-point eigendecompositions
REFERENCE_TOLERANCE = 1e-6  # S = 1600 second-order splitting vs exact expm on the tiny grid (error ~ 1/S^2)
SECOND_ORDER_RATIO = 12.0  # quadrupling S must divide the error by ~16 for a second-order splitting
CHEBYSHEV_AGREEMENT = 1e-10  # Chebyshev series truncated at |J_k| < 1e-16 vs dense expm: rounding only
LIGHT_TOLERANCE = 1e-4  # m = 0.001, S = 640, 3 kicks: measured 5.7e-5 against the Chebyshev reference
LIGHT_ORDER_RATIO = 4.0  # doubling S past the resonant range (S = 640 -> 1280): measured 8.4, second order 4
# light particle, hbar_eff = 0.05, L = pi: E_9 - E_1 ~ 100 ~ 2 pi hbar_eff 320, so S = 160 (two windings per
# sub-step) and S = 320 (one) are both resonant with this pair; S = 160 is the case the 2S check misses
RESONANT_SUBSTEPS = 160
PILOT_AGREEMENT = 0.1  # pilot on 239 instead of 511 modes of particle 1: estimates measured within 8%


def split(propagator, S, kicks):
    c = initial_state(propagator.modes1, propagator.modes2)
    for _ in range(kicks):
        c = propagator.period(c, S)
    return c


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


def test_chebyshev_reference_matches_dense_expm():
    model = KickedParticles(K1=1.0, K2=0.7, m=0.1, eps=2.0, hbar_eff=0.5)
    assert np.linalg.norm(chebyshev_reference(model, 9, 7, 2) - dense_reference(model, 9, 7, 2)) \
        < CHEBYSHEV_AGREEMENT


def test_particle2_eigensystems_diagonalize_H2_at_every_point():
    model = KickedParticles(m=0.001, eps=2.0, hbar_eff=0.05)
    n1, n2 = 32, 11  # even N1: every point is a mirror image of another (odd N1 is used elsewhere)
    energies, vectors = particle2_eigensystems(model, n1, n2)
    S2 = basis.dst_matrix(n2)
    for j, x in enumerate(basis.grid(model, n1)):
        H2 = S2 @ np.diag(model.eps * model.G(x - basis.grid(model, n2))) @ S2
        H2 += np.diag(basis.momenta(model, n2) ** 2 / (2 * model.m))
        assert np.allclose(vectors[j] @ np.diag(energies[j]) @ vectors[j].T, H2, atol=ROUNDING * H2.max())
        assert np.allclose(vectors[j].T @ vectors[j], np.eye(n2), atol=ROUNDING)


@pytest.fixture(scope="module")
def light():
    """m = 0.001 at hbar_eff = 0.05 on a small grid (the resonances live in particle 2's spectrum, N2 = 15)."""
    model = KickedParticles(K1=1.8, m=0.001, eps=2.0, hbar_eff=0.05)
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


def test_automatic_substeps_pass_the_guard_and_are_not_wasteful():
    model = KickedParticles(K1=1.8, m=0.01, eps=2.0, hbar_eff=0.2)
    auto = evolve_two(model, modes1=63, modes2=15, substeps=0, kicks=6)
    assert auto.resolved and auto.substep_error <= guards.SUBSTEP_TOLERANCE
    fixed = evolve_two(model, modes1=63, modes2=15, substeps=auto.substeps, kicks=6)
    assert np.allclose(fixed.p1_sq, auto.p1_sq, atol=ROUNDING)  # same S, same run
    # auto aims at tolerance / 2 within a ladder factor sqrt(2): S / 2.5 must already fail the guard
    coarser = evolve_two(model, modes1=63, modes2=15, substeps=math.ceil(auto.substeps / 2.5), kicks=6,
                         strict=False)
    assert not coarser.resolved


def test_pilot_on_reduced_basis_chooses_like_the_full_basis():
    model = KickedParticles(K1=1.8, m=0.01, eps=2.0, hbar_eff=0.05)
    propagator = Propagator(model, 511, 15, 16)
    assert _pilot_propagator(propagator, 2).modes1 < 511
    reduced, full = choose_substeps(propagator, 50), choose_substeps(propagator, 50, reduce=False)
    assert abs(reduced - full) <= PILOT_AGREEMENT * full


def test_automatic_substeps_with_midrun_check():
    model = KickedParticles(K1=1.8, m=0.01, eps=2.0, hbar_eff=0.2)
    result = evolve_two(model, modes1=63, modes2=15, substeps=0, kicks=20)
    assert result.resolved and result.substeps >= 1 and result.substep_error <= guards.SUBSTEP_TOLERANCE


def test_midrun_check_raises_substeps_until_the_projection_passes():
    model = KickedParticles(K1=1.8, m=0.01, eps=2.0, hbar_eff=0.2)
    propagator = Propagator(model, 63, 15, 8)
    state = split(propagator, 8, 3)
    kicks, middle = 40, 20
    target = guards.SUBSTEP_TOLERANCE / two_particle.AUTO_SAFETY
    assert propagator.splitting_error(state, 8, 1) * kicks > target  # S = 8 is too coarse for 40 kicks
    first_half = _midrun_check(propagator, state, kicks, middle)
    assert first_half == pytest.approx(propagator.splitting_error(state, 8, 1) * middle)
    assert propagator.substeps > 8
    assert propagator.splitting_error(state, propagator.substeps, 1) * kicks <= target


def test_automatic_ladder_gives_up_with_a_clear_error(monkeypatch):
    monkeypatch.setattr(two_particle, "AUTO_MAX", 20)
    model = KickedParticles(K1=1.8, m=0.001, eps=2.0, hbar_eff=0.2)
    with pytest.raises(NumericalError, match="no sub-step count up to 20"):
        choose_substeps(Propagator(model, 63, 15, 16), 100)


@pytest.mark.parametrize("setting", [{"substeps": -1}, {"substeps": 2.5}, {"kicks": 0}, {"modes2": -1},
                                     {"modes1": 2.5}])
def test_bad_arguments_rejected(setting):
    model = KickedParticles(m=0.1, hbar_eff=0.2)
    arguments = {**dict(modes1=15, modes2=7, substeps=4, kicks=2), **setting}
    with pytest.raises(NoneqInputError, match=f"'{next(iter(setting))}'"):
        evolve_two(model, **arguments)


def test_automatic_run_that_fails_its_end_guard_is_rerun_with_more_substeps():
    # Fig. 5-like point: the 2-period pilot picks an S whose 8-kick error exceeds the guard (measured 0.03 > 0.02)
    model = KickedParticles(K1=5.0, m=0.01, eps=6.0, hbar_eff=0.3)
    pilot = two_particle.choose_substeps(two_particle.Propagator(model, 255, 15, two_particle.AUTO_START), 8)
    result = two_particle.evolve_two(model, modes1=255, modes2=15, substeps=0, kicks=8)
    assert result.resolved and result.substep_error <= guards.SUBSTEP_TOLERANCE
    assert result.substeps > pilot


GROWTH_AGREEMENT = 1e-3  # growing vs largest basis: both keep < 1e-7 in the top modes; measured <= 5e-5 relative


@pytest.mark.parametrize("parameters, kicks, substeps", [
    (dict(K1=1.8, m=0.001, eps=2.0, hbar_eff=0.1), 40, 1280),  # the paper's light partner: particle 1 grows
    (dict(K1=1.8, K2=0.5, m=0.1, eps=2.0, hbar_eff=0.2), 12, 60),  # a kicked partner: both grow
])
def test_growing_basis_agrees_with_fixed_basis_and_stays_below_the_threshold(parameters, kicks, substeps):
    model = KickedParticles(**parameters)
    # reference: the largest basis growth may reach (the fixed a priori rule is too small for particle 2 in the
    # second case: 1.8e-6 in its top modes, where the grown basis keeps 8e-8)
    start, large = two_particle.initial_modes(model, kicks), two_particle.growth_limits(model, kicks)
    grown = evolve_two(model, modes1=0, modes2=0, substeps=substeps, kicks=kicks)
    reference = evolve_two(model, modes1=large[0], modes2=large[1], substeps=substeps, kicks=kicks)
    assert grown.modes1 > start[0] and grown.modes2 >= start[1]
    if model.K2:
        assert grown.modes2 > start[1]
    assert max(grown.top_mode1, grown.top_mode2) <= two_particle.GROWTH_THRESHOLD
    assert np.allclose(grown.p1_sq, reference.p1_sq, rtol=GROWTH_AGREEMENT)
    assert np.allclose(grown.p2_sq, reference.p2_sq, rtol=GROWTH_AGREEMENT)
    assert np.allclose(grown.purity, reference.purity, rtol=GROWTH_AGREEMENT)
    assert grown.probabilities1.size == grown.modes1 == grown.momenta1.size


def test_growth_stops_at_its_limit_and_the_guard_reports_it(monkeypatch):
    monkeypatch.setattr(two_particle, "GROWTH_LIMIT", 0.4)  # 0.4 x the fixed basis (119 modes): too small
    model = KickedParticles(K1=4.0, m=0.1, eps=2.0, hbar_eff=0.2)
    limit = two_particle.growth_limits(model, 6)[0]
    assert limit > two_particle.initial_modes(model, 6)[0]
    flagged = evolve_two(model, modes1=0, modes2=0, substeps=40, kicks=6, strict=False)
    assert flagged.modes1 == limit and not flagged.resolved and flagged.top_mode1 > guards.TOP_MODE_TOLERANCE


def test_padding_keeps_the_state_and_its_norm():
    rng = np.random.default_rng(2)
    c = rng.normal(size=(5, 3)) + 1j * rng.normal(size=(5, 3))
    padded = two_particle._padded(c, (9, 4))
    assert padded.shape == (9, 4) and np.array_equal(padded[:5, :3], c) and not padded[5:].any()
    assert np.linalg.norm(padded) == pytest.approx(np.linalg.norm(c), rel=1e-15)
