"""Stationary vectors and fixed points: exact small cases, uniqueness checks, and agreement with direct iteration."""

import numpy as np
import pytest

from noneq.core.errors import NoneqInputError, NumericalError
from noneq.core.linalg import fixed_point, null_vector

EXACT = 1e-12  # identities that hold to rounding
ITERATIONS = 2000  # power iteration of a map whose second eigenvalue is <= 0.9 in modulus: converged to 1e-90


def test_two_state_generator_has_the_detailed_balance_solution():
    # rates 1 -> 0 at 2, 0 -> 1 at 1: p0 / p1 = 2
    G = np.array([[-1.0, 2.0], [1.0, -2.0]])
    p = null_vector(G, np.ones(2))
    assert p == pytest.approx([2 / 3, 1 / 3], abs=EXACT)


def test_fixed_point_agrees_with_power_iteration():
    rng = np.random.default_rng(3)
    M = rng.random((6, 6)) + 0.1
    M /= M.sum(axis=0)  # column stochastic, all entries positive
    p = fixed_point(M, np.ones(6))
    q = np.full(6, 1 / 6)
    for _ in range(ITERATIONS):
        q = M @ q
    assert p == pytest.approx(q, abs=EXACT)
    assert p.sum() == pytest.approx(1.0, abs=EXACT)


def test_complex_map_with_trace_normalization():
    # a qubit map that dephases and relaxes to |0><0|: fixed point |0><0| in row-major vec form
    M = np.diag([1.0, 0.5, 0.5, 0.0]).astype(complex)
    M[0, 3] = 1.0
    x = fixed_point(M, np.eye(2).ravel())
    assert x == pytest.approx([1.0, 0.0, 0.0, 0.0], abs=EXACT)


def test_degenerate_or_missing_null_space_is_numerical_trouble():
    with pytest.raises(NumericalError, match="no unique stationary vector"):
        fixed_point(np.eye(3), np.ones(3))  # every vector is fixed
    with pytest.raises(NumericalError, match="no unique stationary vector"):
        null_vector(np.eye(3), np.ones(3))  # only the zero vector


def test_bad_shapes_are_input_errors():
    with pytest.raises(NoneqInputError, match="'A'"):
        null_vector(np.ones((2, 3)), np.ones(2))
    with pytest.raises(NoneqInputError, match="'normalization'"):
        null_vector(np.zeros((2, 2)), np.ones(3))
