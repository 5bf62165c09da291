"""Chebyshev propagation of a block of vectors against scipy's expm, its Bessel table and its error control."""

import numpy as np
import pytest
import scipy.linalg
import scipy.special
from hypothesis import given, settings
from hypothesis import strategies as st

from noneq.core.errors import NoneqInputError, NumericalError
from noneq.reservoir.chebyshev import bessel_table, chebyshev_order, chebyshev_states

EXACT_TOL = 1e-9  # Chebyshev (truncation bound 1e-10 per unit vector) vs expm on d <= 16, |psi| ~ 3
BESSEL_TOL = 1e-13  # FFT (Jacobi-Anger) Bessel table vs scipy.special.jv: both at ~1e-15 absolute


def random_hermitian(rng, d):
    a = rng.standard_normal((d, d)) + 1j * rng.standard_normal((d, d))
    return (a + a.conj().T) / 2


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 16), st.sampled_from([64, 10**9]))
def test_chebyshev_matches_expm(seed, d, memory):
    """Several output times, with and without segmentation (memory in bytes), against scipy's expm."""
    rng = np.random.default_rng(seed)
    H = random_hermitian(rng, d)
    psi = rng.standard_normal((d, 3)) + 1j * rng.standard_normal((d, 3))
    times = np.array([0.0, 0.7, 3.0, 3.0, 11.0])
    e = np.linalg.eigvalsh(H)
    chunks = list(chebyshev_states(lambda x: H @ x, psi, times, (e[0], e[-1]), memory_bytes=memory))
    states = np.concatenate([s for _, s in chunks])
    assert np.array_equal(np.concatenate([i for i, _ in chunks]), np.arange(times.size))
    for k, t in enumerate(times):
        np.testing.assert_allclose(states[k], scipy.linalg.expm(-1j * H * t) @ psi, atol=EXACT_TOL)


def test_chebyshev_detects_a_wrong_spectral_interval():
    H = np.diag([0.0, 1.0, 3.0])
    with pytest.raises(NumericalError, match="unitarity"):
        list(chebyshev_states(lambda x: H @ x, np.ones((3, 1)), np.array([0.0, 50.0]), (0.0, 1.0)))


def test_bessel_table_matches_scipy():
    z = np.array([0.0, 1e-3, 0.5, 7.0, 120.0, 400.0])
    k = np.arange(501)
    np.testing.assert_allclose(bessel_table(500, z), scipy.special.jv(k[:, None], z[None, :]), atol=BESSEL_TOL)


def test_chebyshev_order_bound_is_a_tail_of_bessel_functions():
    order, bound = chebyshev_order(0.6, np.array([10.0, 600.0]), 1e-10)
    assert bound <= 1e-10
    assert 0.6 * 600.0 < order < 0.6 * 600.0 + 100  # K ~ a t_max + O((a t_max)^(1/3))


def test_chebyshev_rejects_bad_options():
    H = np.eye(2)
    with pytest.raises(NoneqInputError, match="tolerance"):
        list(chebyshev_states(lambda x: H @ x, np.ones((2, 1)), [0.0, 1.0], (0.0, 1.0), tolerance=2.0))
    with pytest.raises(NoneqInputError, match="spectrum"):
        list(chebyshev_states(lambda x: H @ x, np.ones((2, 1)), [0.0, 1.0], (1.0, 0.0)))
