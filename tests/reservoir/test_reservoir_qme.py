"""The general weak-coupling master equation: exact identities (decomposition of V, trace and Hermiticity
preservation) and agreement with the spin-GORM Redfield result eq. (30)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from noneq.reservoir import OpenSystem, Reservoir, SpinGorm, redfield_rates_finite, redfield_sz
from noneq.reservoir.qme import _decompose, hermitian_basis, qme_evolution, qme_generator

IDENTITY_TOL = 1e-12  # algebraic identities on matrices of O(1) entries, d <= 36


def random_hermitian(rng, d):
    a = rng.standard_normal((d, d)) + 1j * rng.standard_normal((d, d))
    return (a + a.conj().T) / 2


def random_model(seed, d_s, d_r):
    rng = np.random.default_rng(seed)
    rho = random_hermitian(rng, d_s) @ random_hermitian(rng, d_s)
    rho = rho @ rho.conj().T
    return OpenSystem(random_hermitian(rng, d_s), (Reservoir(np.diag(np.sort(rng.uniform(-1, 1, d_r))), 1.3),),
                      0.2 * random_hermitian(rng, d_s * d_r), rho / np.trace(rho).real)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 3), st.integers(2, 12))
def test_generator_identities(seed, d_s, d_r):
    model = random_model(seed, d_s, d_r)
    basis = hermitian_basis(d_s)
    gram = np.array([[np.trace(a @ b) for b in basis] for a in basis])
    np.testing.assert_allclose(gram, np.eye(d_s * d_s), atol=IDENTITY_TOL)
    A, B = _decompose(model)
    np.testing.assert_allclose(sum(np.kron(a, b) for a, b in zip(A, B)), model.V, atol=IDENTITY_TOL)
    L = qme_generator(model, width=0.3)
    np.testing.assert_allclose(np.eye(d_s).ravel() @ L, 0.0, atol=IDENTITY_TOL)  # d/dt Tr rho = 0
    rho = qme_evolution(model, [0.0, 2.0, 9.0], width=0.3).rho_s.values
    np.testing.assert_allclose(np.trace(rho, axis1=1, axis2=2), 1.0, atol=IDENTITY_TOL)


def test_spin_gorm_qme_is_eq_30_with_the_finite_reservoir_rates():
    model = SpinGorm(N=200, seed=5)
    t = np.array([0.0, 30.0, 150.0, 900.0])
    rho = qme_evolution(model.open_system(), t).rho_s.values
    gamma, sz_eq = redfield_rates_finite(model)
    np.testing.assert_allclose((rho[:, 0, 0] - rho[:, 1, 1]).real, redfield_sz(t, gamma, sz_eq), atol=IDENTITY_TOL)
    np.testing.assert_allclose(rho[:, 0, 1], 0.0, atol=IDENTITY_TOL)
