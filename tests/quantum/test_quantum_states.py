"""Tests for noneq.quantum.states: Gibbs states, spin coherent states, random states."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noneq.core.errors import NoneqInputError
from noneq.quantum import (
    bloch_vector_from_angles,
    random_density_matrix,
    random_pure_state,
    spin_coherent_state,
    spin_jplus,
    spin_jz_diagonal,
    spin_operators,
    thermal_state,
)

ATOL = 1e-10  # dense linear algebra on d <= 1001 matrices: rounding is ~1e-13, leave margin
LARGE_J_ATOL = 1e-9  # j = 2000 amplitudes come from exp of O(1e4) log-space sums: ~1e-12 relative error

angles = st.floats(-7.0, 7.0, allow_nan=False)


# --- thermal state ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("beta", [0.0, 0.3, 1.0, 7.5])
def test_thermal_two_level_populations(beta):
    eps, delta = 0.7, 1.3
    h = np.array([[eps, 0.0], [0.0, eps + delta]])
    rho = thermal_state(h, beta)
    p_excited = 1.0 / (1.0 + np.exp(beta * delta))
    np.testing.assert_allclose(np.diag(rho).real, [1 - p_excited, p_excited], atol=ATOL)


def test_thermal_rotated_two_level_matches_closed_form():
    # H = (omega/2) n.sigma: rho = (I - tanh(beta omega/2) n.sigma) / 2
    omega, beta, n = 2.0, 0.8, np.array([0.6, 0.0, 0.8])
    sig = [np.array([[0, 1], [1, 0]]), np.array([[0, -1j], [1j, 0]]), np.diag([1.0, -1.0])]
    ns = sum(ni * si for ni, si in zip(n, sig))
    rho = thermal_state(0.5 * omega * ns, beta)
    np.testing.assert_allclose(rho, 0.5 * (np.eye(2) - np.tanh(beta * omega / 2) * ns), atol=ATOL)


def test_thermal_zero_temperature_limit_and_no_overflow():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((5, 5)) + 1j * rng.standard_normal((5, 5))
    h = a + a.conj().T
    evals, vecs = np.linalg.eigh(h)
    ground = np.outer(vecs[:, 0], vecs[:, 0].conj())
    np.testing.assert_allclose(thermal_state(h, np.inf), ground, atol=ATOL)
    np.testing.assert_allclose(thermal_state(h, 1e6), ground, atol=ATOL)  # exp(-1e6 E) would overflow naively
    np.testing.assert_allclose(thermal_state(h, 0.0), np.eye(5) / 5, atol=ATOL)


def test_thermal_degenerate_ground_space():
    h = np.diag([-1.0, 2.0, -1.0, 0.5])
    np.testing.assert_allclose(thermal_state(h, np.inf), np.diag([0.5, 0.0, 0.5, 0.0]), atol=ATOL)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: thermal_state(np.array([[0.0, 1.0], [0.0, 0.0]]), 1.0), "H"),
        (lambda: thermal_state(np.ones((2, 3)), 1.0), "H"),
        (lambda: thermal_state(np.eye(2), -1.0), "beta"),
        (lambda: thermal_state(np.eye(2), np.nan), "beta"),
        (lambda: thermal_state(np.eye(2), -np.inf), "beta"),
        (lambda: spin_coherent_state(0, 0.1, 0.2), "j"),
        (lambda: spin_coherent_state(0.3, 0.1, 0.2), "j"),
        (lambda: spin_coherent_state(Fraction(1, 3), 0.1, 0.2), "j"),
        (lambda: spin_coherent_state(-1.5, 0.1, 0.2), "j"),
        (lambda: spin_coherent_state(True, 0.1, 0.2), "j"),
        (lambda: spin_coherent_state(1, np.nan, 0.2), "theta"),
        (lambda: spin_coherent_state(1, [0.1, 0.2], [0.1, 0.2, 0.3]), "phi"),
        (lambda: random_pure_state(0, np.random.default_rng(0)), "dim"),
        (lambda: random_pure_state(2, "seed"), "rng"),
        (lambda: random_density_matrix(3, np.random.default_rng(0), rank=4), "rank"),
    ],
)
def test_bad_input_names_parameter(call, name):
    with pytest.raises(NoneqInputError, match=f"parameter '{name}'"):
        call()


# --- spin coherent states --------------------------------------------------------------------------------


def _expect(ops, psi):
    return np.array([np.vdot(psi, op @ psi).real for op in ops])


@pytest.mark.parametrize("j", [0.5, 1, 1.5, Fraction(3, 2), 7, 500])
def test_coherent_state_bloch_vector(j):
    ops = spin_operators(j)
    rng = np.random.default_rng(int(2 * j))
    for th, ph in [(0.0, 0.0), (np.pi, 0.3), *rng.uniform(-4, 4, size=(3, 2))]:
        psi = spin_coherent_state(j, th, ph)
        assert psi.shape == (int(2 * j) + 1,)
        assert np.linalg.norm(psi) == pytest.approx(1.0, abs=ATOL)
        np.testing.assert_allclose(_expect(ops, psi) / float(j), bloch_vector_from_angles(th, ph), atol=ATOL)


def test_coherent_state_spin_half_components():
    th, ph = 1.1, 0.4
    np.testing.assert_allclose(
        spin_coherent_state(0.5, th, ph), [np.cos(th / 2), np.exp(-1j * ph) * np.sin(th / 2)], atol=ATOL
    )
    np.testing.assert_allclose(spin_coherent_state(3, 0.0, 1.0), np.eye(7)[0], atol=0)
    np.testing.assert_allclose(spin_coherent_state(3, np.pi, 0.0), np.eye(7)[6], atol=ATOL)


def test_coherent_state_large_j_without_overflow():
    j = 2000
    m = spin_jz_diagonal(j)
    th = np.array([0.0, 0.4, np.pi / 2, 2.5, np.pi])
    ph = np.array([0.3])
    psi = spin_coherent_state(j, th, ph)
    assert psi.shape == (5, 4001) and np.all(np.isfinite(psi))
    np.testing.assert_allclose(np.linalg.norm(psi, axis=-1), 1.0, atol=LARGE_J_ATOL)
    np.testing.assert_allclose(np.sum(np.abs(psi) ** 2 * m, axis=-1) / j, np.cos(th), atol=LARGE_J_ATOL)
    # <J+> = <Jx> + i <Jy> = j sin(th) e^{-i ph} in this convention; J+[k-1, k] from spin_jplus's formula
    coeff = np.diag(spin_jplus(3), 1).real  # the formula, checked on a small j
    np.testing.assert_allclose(coeff, np.sqrt((3 - spin_jz_diagonal(3)[1:]) * (3 + spin_jz_diagonal(3)[1:] + 1)))
    coeff = np.sqrt((j - m[1:]) * (j + m[1:] + 1.0))
    jplus = np.sum(psi[:, :-1].conj() * coeff * psi[:, 1:], axis=-1) / j
    np.testing.assert_allclose(jplus, np.sin(th) * np.exp(-1j * ph), atol=LARGE_J_ATOL)


@settings(max_examples=30, deadline=None)
@given(th=angles, ph=angles)
def test_coherent_state_is_tensor_power(th, ph):
    # j = 3/2 state equals the symmetric component of the 3-fold product: c_k = sqrt(binom(3,k)) a^(3-k) b^k
    a, b = np.cos(th / 2), np.exp(-1j * ph) * np.sin(th / 2)
    expected = np.array([a**3, np.sqrt(3) * a**2 * b, np.sqrt(3) * a * b**2, b**3])
    np.testing.assert_allclose(spin_coherent_state(1.5, th, ph), expected, atol=ATOL)


def test_coherent_state_broadcasting():
    th = np.linspace(0, np.pi, 6).reshape(2, 3, 1)
    ph = np.linspace(0, 2 * np.pi, 4)
    psi = spin_coherent_state(2, th, ph)
    assert psi.shape == (2, 3, 4, 5)
    np.testing.assert_allclose(psi[1, 2, 3], spin_coherent_state(2, th[1, 2, 0], ph[3]), atol=0)
    assert bloch_vector_from_angles(th, ph).shape == (2, 3, 4, 3)
    np.testing.assert_allclose(np.linalg.norm(bloch_vector_from_angles(th, ph), axis=-1), 1.0, atol=ATOL)


# --- random states ---------------------------------------------------------------------------------------


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), d=st.integers(1, 6), rank=st.integers(1, 6))
def test_random_states_are_valid(seed, d, rank):
    rng = np.random.default_rng(seed)
    psi = random_pure_state(d, rng)
    assert psi.shape == (d,) and np.linalg.norm(psi) == pytest.approx(1.0, abs=ATOL)
    k = min(rank, d)
    rho = random_density_matrix(d, rng, rank=k)
    assert np.trace(rho).real == pytest.approx(1.0, abs=ATOL)
    np.testing.assert_allclose(rho, rho.conj().T, atol=0)
    evals = np.linalg.eigvalsh(rho)
    assert evals[0] >= -ATOL
    assert np.sum(evals > ATOL) == k


def test_random_states_reproducible():
    a = random_density_matrix(4, np.random.default_rng(7))
    b = random_density_matrix(4, np.random.default_rng(7))
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(random_pure_state(3, 5), random_pure_state(3, np.random.default_rng(5)))
