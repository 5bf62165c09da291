"""Helpers behind the kicked-top claims: Page's value, Haar averages, correlation measures, kappa periodicity."""

import numpy as np
import pytest

from noneq.kicked_top.model import KickedTop
from noneq.kicked_top.observables import connected_correlation_weight
from noneq.kicked_top.paper_maps import page_entropy_bits, symmetric_haar_entropy, weighted_correlation
from noneq.quantum import (pauli_expectations, pauli_labels, partial_trace, random_pure_state,
                           von_neumann_entropy)

K_STANDARD_ERRORS = 4  # Monte Carlo estimates must agree within this many standard errors
EXACT = 1e-12  # identities that hold to rounding


def test_page_formula_closed_forms():
    # two qubits: sum_{k=3}^{4} 1/k - 1/4 = 1/3 nats
    assert page_entropy_bits(2, 2) == pytest.approx(1 / 3 / np.log(2), abs=EXACT)
    # NOTES.md: one qubit of a random 3-qubit pure state, 0.7351 bits
    assert page_entropy_bits(2, 4) == pytest.approx(0.7351, abs=5e-5)


def test_page_value_against_monte_carlo():
    rng = np.random.default_rng(1)
    samples = 4000
    values = []
    for _ in range(samples):
        psi = random_pure_state(8, rng)
        values.append(von_neumann_entropy(partial_trace(np.outer(psi, psi.conj()), [2, 2, 2], 0)))
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


def test_connected_correlations_vanish_for_products_and_not_for_ghz():
    labels = pauli_labels(3)
    up = np.array([1.0, 0.0])
    plus = np.array([1.0, 1.0]) / np.sqrt(2)
    product = np.kron(np.kron(up, plus), np.array([np.cos(0.3), np.exp(0.4j) * np.sin(0.3)]))
    ghz = np.zeros(8)
    ghz[[0, 7]] = 1 / np.sqrt(2)
    values = pauli_expectations(np.stack([np.outer(s, s.conj()) for s in (product, ghz)]), labels)
    weights = connected_correlation_weight(values, labels)
    assert weights[0] == pytest.approx(0.0, abs=EXACT)
    assert weights[1] > 1.0


def test_three_qubit_floquet_operator_is_periodic_in_kappa():
    """j = 3/2: U(kappa + 3 pi) = U(kappa) up to a global phase (the claim 'supp-large-kappa' relies on it)."""
    U1 = KickedTop(1.5, 0.7).floquet_operator()
    U2 = KickedTop(1.5, 0.7 + 3 * np.pi).floquet_operator()
    phase = U2[0, 0] / U1[0, 0]
    assert abs(abs(phase) - 1) < 1e-12
    np.testing.assert_allclose(U2, phase * U1, atol=1e-12)
    U3 = KickedTop(1.5, 0.7 + 1.5 * np.pi).floquet_operator()
    assert np.max(np.abs(U3 - (U3[0, 0] / U1[0, 0]) * U1)) > 0.1
