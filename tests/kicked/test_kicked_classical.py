"""`noneq.kicked.classical`: exact walls, energy conservation, second order with walls, reversibility, step
control against a converged reference, the step guard, and independent implementations."""

import dataclasses
import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from noneq.core.errors import NoneqInputError, NumericalError
from noneq.kicked.classical import (Ensemble, energy, fixed_steps, initial_ensemble, integrate, rate, resolution,
                                    step_guard)
from noneq.kicked.model import KickedParticles

REFLECTION_TOLERANCE = 1e-9  # free flight over many wall crossings: rounding of x + p t folded ~ 1e-12 |x|
ENERGY_EXACT = 1e-12  # coupling = 0: reflections only flip signs; relative energy change is rounding
REFERENCE_TOLERANCE = 1e-8  # same map in numpy vs numba: rounding grows chaotically to ~1e-10 over 20 kicks
MONTE_CARLO_K = 4.0  # standard errors allowed for a seeded Monte Carlo mean
SECOND_ORDER_RATIO = 3.0  # halving h divides a second-order error by ~4; first order (2) must fail
ENERGY_PER_TOLERANCE_90 = 4.0  # 90% of |dE| over 3 periods <= this x tolerance (measured ~1.8 over 5 periods)
ENERGY_PER_TOLERANCE_MAX = 40.0  # worst of 400 trajectories (measured ~13 over 5 periods)
STEP_CONTROL_FACTOR = 2.0  # measured 90%-quantile error / tolerance: 0.7 ... 1.4 over the parameters tried
GUARD_AGREEMENT = 2.0  # Richardson estimate vs measured error on the same 400 states (90% quantiles)
REVERSIBILITY_TOLERANCE = 1e-9  # rounding (1e-16) amplified by the barrier's instability over two periods
SCIPY_AGREEMENT = 1e-6  # DOP853 at rtol 1e-12 vs Verlet with error ~5e-8 at 20000 steps per period
REFERENCE_STEP_TOLERANCE = 1e-6  # converged reference: 1% of the smallest tolerance tested
JUMP_AGREEMENT = 1e-4  # jumps on/off at tolerance 1e-6: both within ~1e-6 of the truth (max over trajectories)


def triangle(x, L):
    """Unfolded free flight -> position in the well (independent of the kernel's floor-based fold)."""
    y = np.mod(x, 2 * L)
    return np.where(y <= L, y, 2 * L - y)


def near_wall_states(model, count, seed):
    """Particle 2 between the wall x = 0 and particle 1, running into the wall while the interaction is strong."""
    rng = np.random.default_rng(seed)
    x2 = rng.uniform(0.05, 0.2, count)
    x1 = x2 + rng.uniform(0.05, 0.3, count)
    p2 = -model.m * rng.uniform(1.0, 4.0, count)
    p1 = rng.uniform(-1.0, 1.0, count)
    return Ensemble(x1, p1, x2, p2)


def free_model(model):
    return dataclasses.replace(model, K1=0.0, K2=0.0)


def test_free_flight_reflects_exactly_and_conserves_energy():
    model = KickedParticles(K1=0.0, K2=0.0, coupling=0.0, m=0.01)
    rng = np.random.default_rng(3)
    count = 500
    state = Ensemble(rng.uniform(0, math.pi, count), rng.normal(0, 30, count), rng.uniform(0, math.pi, count),
                     rng.normal(0, 3, count))
    for steps in (0, 7):
        final = integrate(model, state, 2, steps).final
        assert np.allclose(final.x1, triangle(state.x1 + 2 * state.p1, math.pi), atol=REFLECTION_TOLERANCE)
        assert np.allclose(final.x2, triangle(state.x2 + 2 * state.p2 / model.m, math.pi),
                           atol=REFLECTION_TOLERANCE)
        assert np.allclose(np.abs(final.p1), np.abs(state.p1), rtol=ENERGY_EXACT, atol=0)
        assert np.allclose(np.abs(final.p2), np.abs(state.p2), rtol=ENERGY_EXACT, atol=0)


def test_far_apart_pair_flies_freely_through_jumps():
    """coupling != 0 but the pair never comes within range (L = 40, slow particles far apart): exact free flight."""
    model = KickedParticles(K1=0.0, coupling=2.0, m=0.1, L=40.0)
    state = Ensemble(np.array([5.0, 30.0]), np.array([-3.0, 2.0]), np.array([30.0, 6.0]), np.array([0.5, -0.1]))
    run = integrate(model, state, kicks=3)
    assert np.allclose(run.final.x1, triangle(state.x1 + 3 * state.p1, 40.0), atol=REFLECTION_TOLERANCE)
    assert np.allclose(run.final.x2, triangle(state.x2 + 3 * state.p2 / model.m, 40.0), atol=REFLECTION_TOLERANCE)
    assert run.substeps == 0.0  # all jumps


def test_particle_on_a_wall_heading_out_is_reflected():
    """A state exactly on a wall with the momentum pointing out (the half kick after a reflection can turn a
    slow particle round) is reflected at once, in the interacting (Verlet) path as in free flight."""
    model = free_model(KickedParticles(coupling=2.0, m=0.1))
    state = Ensemble(np.array([0.2, math.pi - 0.1]), np.array([0.0, 0.0]), np.array([0.0, math.pi]),
                     np.array([-0.01, 0.02]))
    run = integrate(model, state, 2, 400, guard=False)
    for x in (run.final.x1, run.final.x2):
        assert np.all((x >= 0.0) & (x <= math.pi))
    assert np.abs(energy(model, run.final) - energy(model, state)).max() < ENERGY_PER_TOLERANCE_MAX * 1e-3


def test_first_kick_gives_half_K_squared():
    """p1 = K1 sin x1 after the first kick, x1 uniform: <p1^2> = K1^2 / 2 (reflections keep p^2)."""
    model = KickedParticles(K1=1.8, coupling=0.0)
    history = integrate(model, initial_ensemble(model, 20000, seed=5), 1).history
    values = history[1] ** 2
    assert abs(values.mean() - 1.8 ** 2 / 2) < MONTE_CARLO_K * values.std() / math.sqrt(values.size)


def test_second_order_for_trajectories_that_meet_their_partner_at_a_wall():
    """Wall-crossing steps are cut at the crossing time: the worst trajectory converges at second order.

    With the force applied at the folded end position instead (first order at such encounters), the worst
    error would only halve per halving of h and the ratio test would fail."""
    model = free_model(KickedParticles(coupling=2.0, m=0.1))
    state = near_wall_states(model, 100, seed=2)
    reference = integrate(model, state, 1, 25600, jumps=False, guard=False)
    momentum, energies = [], []
    for steps in (100, 200, 400, 800):
        final = integrate(model, state, 1, steps, jumps=False, guard=False).final
        momentum.append(np.abs(final.p1 - reference.final.p1).max())
        energies.append(np.abs(energy(model, final) - energy(model, state)).max())
    for errors in (momentum, energies):
        assert all(a / b > SECOND_ORDER_RATIO for a, b in zip(errors, errors[1:])), errors


def test_time_reversible():
    """Evolve one period, reverse the momenta, evolve again: back to the start (walls and interaction)."""
    model = free_model(KickedParticles(coupling=2.0, m=0.1))
    state = near_wall_states(model, 100, seed=8)
    final = integrate(model, state, 1, 400, jumps=False, guard=False).final
    back = integrate(model, Ensemble(final.x1, -final.p1, final.x2, -final.p2), 1, 400, jumps=False,
                     guard=False).final
    for a, b in ((back.x1, state.x1), (-back.p1, state.p1), (back.x2, state.x2), (-back.p2, state.p2)):
        assert np.abs(a - b).max() < REVERSIBILITY_TOLERANCE


def hard_wall_ode(model, state, duration):
    """Independent reference: DOP853 on the smooth Hamiltonian, wall crossings located as events and reflected."""
    a, m, L = model.width_coefficient, model.m, model.L

    def rhs(_, y):
        d = y[0] - y[2]
        force = 2 * a * model.coupling * d * math.exp(-a * d * d)
        return [y[1], force, y[3] / m, -force]

    events = [lambda t, y, i=i, wall=wall, sign=sign: sign * (y[i] - wall)
              for i in (0, 2) for wall, sign in ((0.0, 1.0), (L, -1.0))]
    for event in events:
        event.terminal, event.direction = True, -1  # leaving the well; a particle on the wall moving in is not
    results = []
    for start in zip(state.x1, state.p1, state.x2, state.p2):
        y, t = np.array(start, dtype=float), 0.0
        while True:
            solution = solve_ivp(rhs, (t, duration), y, method="DOP853", rtol=1e-12, atol=1e-12, events=events)
            t, y = solution.t[-1], solution.y[:, -1].copy()
            if solution.status != 1:
                break
            index = next(i for i, hits in enumerate(solution.t_events) if len(hits))
            y[2 * (index // 2)] = 0.0 if index % 2 == 0 else L
            y[2 * (index // 2) + 1] *= -1.0
        results.append(y)
    return np.array(results)


def test_agrees_with_event_located_ode_solver():
    model = free_model(KickedParticles(coupling=2.0, m=0.1))
    state = near_wall_states(model, 8, seed=4)
    reference = hard_wall_ode(model, state, 1.0)
    final = integrate(model, state, 1, 20000, guard=False).final
    assert np.abs(final.p1 - reference[:, 1]).max() < SCIPY_AGREEMENT
    assert np.abs(final.x2 - reference[:, 2]).max() < SCIPY_AGREEMENT


@pytest.fixture(scope="module")
def light_states():
    """400 states of the paper's light-partner system (m = 0.001, coupling = 2) after 10 kicks."""
    model = KickedParticles(K1=1.8, m=0.001, coupling=2.0)
    return model, integrate(model, initial_ensemble(model, 400, seed=6), 10, tolerance=1e-4).final


@pytest.fixture(scope="module")
def light_reference(light_states):
    """p1 of those states after one more kick and period, converged (error ~1e-6 << the tolerances tested)."""
    model, state = light_states
    return integrate(model, state, 1, tolerance=REFERENCE_STEP_TOLERANCE, guard=False).history[-1]


def test_light_partner_stays_in_the_well(light_states):
    model, state = light_states
    for x in (state.x1, state.x2):
        assert np.all((x >= 0.0) & (x <= model.L))
    final = integrate(model, state, 10, tolerance=1e-2, guard=False).final  # loosest steps: most wall events
    for x in (final.x1, final.x2):
        assert np.all((x >= 0.0) & (x <= model.L))


def test_energy_conserved_between_kicks_to_a_tolerance_set_by_the_step_control(light_states):
    model, state = light_states
    model = free_model(model)
    quantiles = []
    for tolerance in (1e-3, 1e-4):
        final = integrate(model, state, 3, tolerance=tolerance, guard=False).final
        error = np.abs(energy(model, final) - energy(model, state))
        assert np.quantile(error, 0.9) < ENERGY_PER_TOLERANCE_90 * tolerance
        assert error.max() < ENERGY_PER_TOLERANCE_MAX * tolerance
        quantiles.append(np.quantile(error, 0.9))
    assert quantiles[0] / quantiles[1] > SECOND_ORDER_RATIO  # error ~ h^2 ~ tolerance


@pytest.mark.parametrize("tolerance", [1e-3, 1e-4])
def test_step_control_meets_tolerance_and_guard_estimates_the_error(light_states, light_reference, tolerance):
    model, state = light_states
    reference = light_reference
    run = integrate(model, state, 1, tolerance=tolerance, guard=False)
    error = np.quantile(np.abs(run.history[-1] - reference), 0.9)
    assert error < STEP_CONTROL_FACTOR * tolerance
    estimate = step_guard(model, state, tolerance=tolerance, samples=400)
    assert 1 / GUARD_AGREEMENT < estimate / error < GUARD_AGREEMENT


def test_step_control_holds_for_a_fast_heavy_particle():
    """|p1| = 6 at coupling = 4: without the sweep factor of the rate the error per period was 11 x tolerance."""
    model = KickedParticles(K1=1.8, m=0.001, coupling=4.0)
    state = integrate(model, initial_ensemble(model, 200, seed=12), 3, guard=False).final
    signs = np.random.default_rng(13).choice([-1.0, 1.0], 200)
    state = dataclasses.replace(state, p1=6.0 * signs)
    reference = integrate(model, state, 1, tolerance=REFERENCE_STEP_TOLERANCE, guard=False).history[-1]
    run = integrate(model, state, 1, guard=False)
    assert np.quantile(np.abs(run.history[-1] - reference), 0.9) < STEP_CONTROL_FACTOR * 1e-3


def test_free_flight_jumps_skip_no_interaction():
    model = KickedParticles(K1=1.8, m=0.01, coupling=4.0)
    state = initial_ensemble(model, 200, seed=9)
    with_jumps = integrate(model, state, 3, tolerance=1e-6, guard=False)
    without = integrate(model, state, 3, tolerance=1e-6, jumps=False, guard=False)
    assert np.abs(with_jumps.history - without.history).max() < JUMP_AGREEMENT
    assert with_jumps.substeps < without.substeps


def test_guard_flags_an_under_resolved_run():
    model = KickedParticles(K1=1.8, m=0.001, coupling=2.0)
    state = initial_ensemble(model, 50, seed=1)
    with pytest.raises(NumericalError, match="step guard"):
        integrate(model, state, 2, 50)
    assert integrate(model, state, 2, 50, strict=False).guard_error > 10 * 1e-3
    assert integrate(model, state, 2, 50, guard=False).guard_error == 0.0  # unguarded: no estimate, no error


def simple_kicked_well(x, p, K, L, kicks):
    """Independent reference for coupling = 0: p += K sin x, then free flight folded by a triangle wave."""
    history = [p.copy()]
    for _ in range(kicks):
        p = p + K * np.sin(x)
        y = np.mod(x + p, 2 * L)
        flipped = y > L
        x = np.where(flipped, 2 * L - y, y)
        p = np.where(flipped, -p, p)
        history.append(p.copy())
    return np.array(history)


def test_kick_noise_adds_to_K1():
    """Random-kick model: the first kick is (K1 + dK_1) sin x1 (|p1| then kept by the reflections)."""
    model = KickedParticles(K1=1.8, coupling=0.0)
    state = initial_ensemble(model, 50, seed=3)
    noise = np.random.default_rng(4).uniform(-0.1, 0.1, (50, 2))
    history = integrate(model, state, 2, noise=noise).history
    assert np.allclose(np.abs(history[1]), (1.8 + noise[:, 0]) * np.sin(state.x1), rtol=0, atol=ENERGY_EXACT)


def test_single_kicked_particle_matches_simple_implementation():
    model = KickedParticles(K1=1.8, coupling=0.0)
    state = initial_ensemble(model, 2000, seed=7)
    history = integrate(model, state, 20, 1).history
    reference = simple_kicked_well(state.x1, state.p1, 1.8, math.pi, 20)
    assert np.allclose(history, reference, atol=REFERENCE_TOLERANCE, rtol=0)


def test_diffusion_coefficient_matches_simple_implementation_statistically():
    """D_c = <p1^2>(t_f)/t_f over 200 kicks from independent ensembles agree within k standard errors."""
    model = KickedParticles(K1=1.8, coupling=0.0)
    kicks, count = 200, 4000
    history = integrate(model, initial_ensemble(model, count, seed=11), kicks).history
    other = initial_ensemble(model, count, seed=12)
    reference = simple_kicked_well(other.x1, other.p1, 1.8, math.pi, kicks)
    a, b = history[-1] ** 2, reference[-1] ** 2
    error = math.sqrt(a.var(ddof=1) / count + b.var(ddof=1) / count)
    assert abs(a.mean() - b.mean()) < MONTE_CARLO_K * error
    assert a.mean() / kicks > 0.0


def test_fixed_steps_cover_the_bound():
    model = KickedParticles(K1=1.8, coupling=2.0, m=0.001)
    p1, p2 = model.momentum_bounds(500)
    assert fixed_steps(model, 500) == math.ceil(rate(model, p1, p2) / resolution(1e-3))
    assert fixed_steps(model, 500, tolerance=1e-5) > fixed_steps(model, 500)
    assert fixed_steps(KickedParticles(coupling=0.0), 500) == 1


@pytest.mark.parametrize("call, name", [
    (lambda model, state: integrate(model, state, 3, noise=np.zeros((5, 2))), "noise"),
    (lambda model, state: integrate(model, state, -1), "kicks"),
    (lambda model, state: integrate(model, state, 2, -3), "substeps"),
    (lambda model, state: integrate(model, state, 2, tolerance=0.0), "tolerance"),
    (lambda model, state: integrate(model, state, 2, tolerance=2.0), "tolerance"),
    (lambda model, state: integrate(model, dataclasses.replace(state, x1=state.x1 + 10.0), 2), "state.x1"),
    (lambda model, state: integrate(model, dataclasses.replace(state, p2=state.p2[:3]), 2), "state"),
])
def test_bad_input_is_rejected_with_the_parameter_named(call, name):
    model = KickedParticles()
    with pytest.raises(NoneqInputError, match=name):
        call(model, initial_ensemble(model, 5, seed=0))
