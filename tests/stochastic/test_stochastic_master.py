"""Generic master-equation and jump-trajectory helpers: detailed balance, relaxation, fixed points, Monte Carlo."""

import numpy as np
import pytest

from noneq.core.errors import NoneqInputError
from noneq.stochastic import (boltzmann, cycle_map, generator, jump_trajectories, ladder_rates,
                              periodic_steady_state, propagate, propagator)

EXACT = 1e-12  # identities that hold to rounding
RELAXED = 1e-10  # exp(G t) after 40 relaxation times equals the Boltzmann state to e^-80 plus rounding
K_SIGMA = 4.0  # Monte Carlo within 4 standard errors (fixed seed)


def test_ladder_rates_obey_detailed_balance():
    E = np.array([0.0, 0.7, 1.9, 2.2])
    beta = 1.3
    r = ladder_rates(E, beta, 0.4)
    for k in range(1, E.size):
        assert r[k - 1, k] / r[k, k - 1] == pytest.approx(np.exp(beta * (E[k] - E[k - 1])), rel=EXACT)
        assert r[k - 1, k] + r[k, k - 1] == pytest.approx(2 * 0.4, rel=EXACT)


def test_generator_columns_sum_to_zero_and_relax_to_boltzmann():
    E = np.array([0.0, 1.0, 2.5])
    G = generator(ladder_rates(E, 0.8, 1.0))
    assert np.max(np.abs(G.sum(axis=0))) < EXACT
    p = propagate(G, np.array([0.0, 0.0, 1.0]), 40.0)
    np.testing.assert_allclose(p, boltzmann(E, 0.8), atol=RELAXED)
    np.testing.assert_allclose(G @ boltzmann(E, 0.8), 0.0, atol=EXACT)


def test_periodic_steady_state_is_fixed_point():
    G1 = generator(ladder_rates(np.array([0.0, 1.0, 2.0]), 2.0, 1.0))
    G2 = generator(ladder_rates(np.array([0.0, 3.0, 6.0]), 0.2, 0.5))
    M = cycle_map([propagator(G1, 0.3), propagator(G2, 0.7)])
    p = periodic_steady_state(M)
    np.testing.assert_allclose(M @ p, p, atol=EXACT)
    assert p.sum() == pytest.approx(1.0, abs=EXACT)


def test_bad_inputs_rejected():
    with pytest.raises(NoneqInputError, match="energies"):
        ladder_rates(np.array([1.0, 0.5]), 1.0, 1.0)
    with pytest.raises(NoneqInputError, match="beta"):
        ladder_rates(np.array([0.0, 1.0]), -1.0, 1.0)
    with pytest.raises(NoneqInputError, match="'t'"):
        propagator(np.zeros((2, 2)), -1.0)


def test_jump_trajectories_mean_heat_matches_master_equation():
    """Two-state process relaxing from the excited state: mean absorbed heat = E . (p(t) - p(0))."""
    E = np.array([[0.0, 1.0]])
    rates = ladder_rates(E[0], 1.0, 1.0)[None]
    p0 = np.array([0.0, 1.0])
    record = jump_trajectories(rates, np.array([0.5]), E, p0, n_trajectories=20000, n_periods=1, seed=7)
    exact = float(E[0] @ (propagate(generator(rates[0]), p0, 0.5) - p0))
    heat = record.heat[:, 0, 0]
    assert abs(heat.mean() - exact) < K_SIGMA * heat.std(ddof=1) / np.sqrt(heat.size)
    # energy bookkeeping per trajectory: heat + work = change of energy over the period (here a closed period)
    assert np.all(record.work == 0.0)


def test_reversible_propagator_equals_expm():
    E = np.array([0.0, 0.4, 1.5, 1.7])
    G = generator(ladder_rates(E, 1.1, 0.8))
    from noneq.stochastic import reversible_propagator
    np.testing.assert_allclose(reversible_propagator(G, boltzmann(E, 1.1), 0.9), propagator(G, 0.9), atol=EXACT)
    with pytest.raises(NoneqInputError, match="pi"):
        reversible_propagator(G, np.array([0.25, 0.25, 0.25, 0.25]), 0.9)


@pytest.mark.parametrize("x", [1e-300, 1e-8, 0.7, 34.0, 300.0, 800.0])
def test_ladder_rates_keep_detailed_balance_to_rounding_at_any_gap(x):
    rates = ladder_rates(np.array([0.0, x]), beta=1.0, gamma=1.5)
    down, up = rates[0, 1], rates[1, 0]
    assert down + up == pytest.approx(3.0, rel=1e-15)  # the pair relaxes at 2 gamma
    if up > 0:  # relative accuracy of the up rate: 2 gamma e^{-x} / (1 + e^{-x}) (tanh form loses it at x >> 1)
        assert up == pytest.approx(3.0 * np.exp(-x) / (1.0 + np.exp(-x)), rel=1e-14)
        assert np.log(down / up) == pytest.approx(x, rel=1e-14, abs=1e-14)
