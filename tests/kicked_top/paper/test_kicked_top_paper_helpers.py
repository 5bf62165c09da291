"""Helpers behind the kicked-top claims: Page's value, Haar averages, map correlations, the choice of states."""

import numpy as np
import pytest

from noneq.kicked_top.paper.common import PICK_TOLERANCE, area_weights, interior_grid, paper_grid, pick
from noneq.kicked_top.paper.fig2 import page_entropy_bits, symmetric_haar_entropy, weighted_correlation
from noneq.quantum import partial_trace, random_pure_state, von_neumann_entropy

K_STANDARD_ERRORS = 4  # Monte Carlo estimates must agree within this many standard errors
EXACT = 1e-12  # identities that hold to rounding


def test_page_formula_closed_forms():
    # two qubits: sum_{k=3}^{4} 1/k - 1/4 = 1/3 nats
    assert page_entropy_bits(2, 2) == pytest.approx(1 / 3 / np.log(2), abs=EXACT)
    # one qubit of a random 3-qubit pure state: 0.7351 bits (docs/papers/kicked-top.md)
    assert page_entropy_bits(2, 4) == pytest.approx(0.7351, abs=5e-5)


def test_page_value_against_monte_carlo():
    rng = np.random.default_rng(1)
    samples = 4000
    states = np.stack([random_pure_state(8, rng) for _ in range(samples)])
    rho1 = partial_trace(np.einsum("bi,bj->bij", states, states.conj()), [2, 2, 2], 0)
    values = von_neumann_entropy(rho1)
    mean, error = np.mean(values), np.std(values, ddof=1) / np.sqrt(samples)
    assert abs(mean - page_entropy_bits(2, 4)) < K_STANDARD_ERRORS * error


def test_symmetric_haar_average_differs_from_spin_half_closed_form():
    # j = 1/2: the single qubit is the whole (pure) state, entropy 0 exactly
    mean, error = symmetric_haar_entropy(0.5, 1000, seed=3)
    assert mean == pytest.approx(0.0, abs=1e-7) and error < 1e-7
    # j = 3/2: Monte Carlo error shrinks as 1/sqrt(samples) and the two estimates agree
    m1, e1 = symmetric_haar_entropy(1.5, 20000, seed=4)
    m2, e2 = symmetric_haar_entropy(1.5, 20000, seed=5)
    assert abs(m1 - m2) < K_STANDARD_ERRORS * np.hypot(e1, e2)


def test_weighted_correlation_limits():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(5, 7))
    w = np.full(a.shape, 1 / a.size)
    assert weighted_correlation(a, 3 * a + 1, w) == pytest.approx(1.0, abs=EXACT)
    assert weighted_correlation(a, -a, w) == pytest.approx(-1.0, abs=EXACT)


def test_paper_grid_and_area_weights():
    theta, phi = paper_grid()
    assert (theta.size, phi.size) == (31, 61) and theta[0] == 0.0 and phi[-1] == np.pi
    w = area_weights(theta, phi.size)
    assert w.shape == (31, 61) and w.sum() == pytest.approx(1.0, abs=EXACT)
    np.testing.assert_array_equal(w[0], 0.0)  # the poles have no area
    inner, _ = interior_grid(quick=True)
    assert inner.size == 9 and 0.0 < inner.min() and inner.max() < np.pi


def test_pick_breaks_rounding_level_ties_by_grid_order():
    theta, phi = np.array([0.1, 0.2]), np.array([1.0, 2.0, 3.0])
    values = np.array([[0.5, 0.9, 0.2], [0.9 - PICK_TOLERANCE / 10, 0.3, 0.1]])
    assert pick(values, theta, phi, "max") == (0.2, 1.0)  # tied within rounding: the last in (theta, phi) order
    assert pick(values, theta, phi, "min") == (0.2, 3.0)
    values[1, 0] = 0.9 - 10 * PICK_TOLERANCE  # a real difference decides
    assert pick(values, theta, phi, "max") == (0.1, 2.0)
