"""Kicked top model: the Floquet operator, its rotation matrix, and the validation of KickedTop, Decoherence.

Explicit spin operators come from qutip (`qutip.jmat`, basis m = j..-j), independent of noneq's own
operator code; matrix exponentials from scipy.linalg.expm.
"""

import math

import numpy as np
import pytest
import qutip
from scipy.linalg import expm

from noneq.core.errors import NoneqInputError
from noneq.kicked_top.model import Decoherence, KickedTop, check_j
from noneq.quantum import spin_coherent_state

ROTATION_ATOL = 1e-10  # expm vs eigendecomposition of a <= 41-dim matrix: both ~1e-13, margin for dim
LARGE_J_ORTHO_ATOL = 1e-9  # d^T d = I at j = 1000 (2001 x 2001): rounding accumulates ~dim * eps
LARGE_J_COHERENT_ATOL = 1e-9  # rotated coherent state at j = 1000: log-space amplitudes ~1e-12 relative
UNITARY_ATOL = 1e-11  # U^dagger U = I for dim <= 41: rounding ~dim * eps

SMALL_JS = [0.5, 1, 1.5, 7, 20]
P_VALUES = [math.pi / 2, 0.37, -1.1, 2.9]


def jmat(j, which):
    return qutip.jmat(j, which).full()


def explicit_floquet(j, kappa, p):
    jz = jmat(j, "z")
    return expm(-1j * kappa / (2 * j) * jz @ jz) @ expm(-1j * p * jmat(j, "y"))


# --- rotation matrix -------------------------------------------------------------------------------------


@pytest.mark.parametrize("j", SMALL_JS)
@pytest.mark.parametrize("p", P_VALUES)
def test_rotation_matrix_equals_expm_of_jy(j, p):
    d = KickedTop(j=j, kappa=1.0, p=p).rotation_matrix()
    np.testing.assert_allclose(d, expm(-1j * p * jmat(j, "y")), rtol=0, atol=ROTATION_ATOL)
    assert d.dtype == np.float64  # the Wigner small-d matrix is real


def test_rotation_matrix_large_j_orthogonal_and_rotates_coherent_states():
    j, p = 1000, math.pi / 2
    d = KickedTop(j=j, kappa=0.5, p=p).rotation_matrix()
    assert d.shape == (2001, 2001)
    assert np.max(np.abs(d.T @ d - np.eye(2001))) < LARGE_J_ORTHO_ATOL
    # exp(-i p Jy) acts on every qubit as the real rotation by p/2, so it maps |theta, 0> to |theta + p, 0>
    # exactly (no phase); theta = 0 and pi are the first and last columns of d.
    theta = np.array([0.0, 0.4, 1.9, math.pi])
    rotated = d @ spin_coherent_state(j, theta, 0.0).T
    expected = spin_coherent_state(j, theta + p, 0.0).T
    np.testing.assert_allclose(rotated, expected, rtol=0, atol=LARGE_J_COHERENT_ATOL)


# --- Floquet operator ------------------------------------------------------------------------------------


@pytest.mark.parametrize("j", SMALL_JS)
@pytest.mark.parametrize("kappa, p", [(2.5, math.pi / 2), (0.5, math.pi / 2), (6.0, 1.1), (-3.0, 0.3)])
def test_floquet_operator_is_explicit_product_and_unitary(j, kappa, p):
    U = KickedTop(j=j, kappa=kappa, p=p).floquet_operator()
    np.testing.assert_allclose(U, explicit_floquet(j, kappa, p), rtol=0, atol=ROTATION_ATOL)
    np.testing.assert_allclose(U.conj().T @ U, np.eye(U.shape[0]), rtol=0, atol=UNITARY_ATOL)
    np.testing.assert_allclose(U @ U.conj().T, np.eye(U.shape[0]), rtol=0, atol=UNITARY_ATOL)


# --- input validation ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(j=1.3, kappa=1.0), "j"),
        (dict(j=0, kappa=1.0), "j"),
        (dict(j=-1, kappa=1.0), "j"),
        (dict(j=float("nan"), kappa=1.0), "j"),
        (dict(j=1.5, kappa=float("nan")), "kappa"),
        (dict(j=1.5, kappa=1.0, p=float("inf")), "p"),
        (dict(j=1.5, kappa="2"), "kappa"),
    ],
)
def test_bad_parameters_raise_input_error_naming_parameter(kwargs, name):
    with pytest.raises(NoneqInputError) as info:
        KickedTop(**kwargs)
    assert f"'{name}'" in str(info.value)


def test_valid_parameters_are_normalized():
    top = KickedTop(j=3, kappa=2, p=1)
    assert (top.j, top.kappa, top.p) == (3.0, 2.0, 1.0)
    assert (top.dim, top.n_qubits) == (7, 6)
    np.testing.assert_array_equal(top.m_values(), [3, 2, 1, 0, -1, -2, -3])


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(T1=1.0, T2=3.0), "T2"),  # T2 > 2 T1: negative pure-dephasing rate
        (dict(T1=0.0), "T1"),
        (dict(T1=-5.0), "T1"),
        (dict(T2=float("nan")), "T2"),
        (dict(rotation_time=0.0), "rotation_time"),
        (dict(interaction_time=math.inf), "interaction_time"),
    ],
)
def test_bad_decoherence_parameters_raise(kwargs, name):
    with pytest.raises(NoneqInputError) as info:
        Decoherence(**kwargs)
    assert f"'{name}'" in str(info.value)


def test_T2_equal_to_twice_T1_is_allowed():
    noise = Decoherence(T1=1.0, T2=2.0)
    assert noise.dephasing_rate == pytest.approx(0.0, abs=1e-15)


@pytest.mark.parametrize("j", [True, 2000.5, "1.5", 2.25, np.inf])
def test_check_j_rejects_with_the_standard_message(j):
    with pytest.raises(NoneqInputError, match=r"^parameter 'j' = .*: must be a positive integer or half-integer"):
        check_j(j)


def test_check_j_accepts_numpy_scalars():
    assert check_j(np.float32(2.5)) == 2.5 and check_j(np.int64(3)) == 3.0
    assert KickedTop(j=np.int64(2), kappa=np.float64(0.5)).j == 2.0


def test_three_qubit_floquet_operator_is_periodic_in_kappa():
    """j = 3/2: U(kappa + 3 pi) = U(kappa) up to a global phase (the claim 'supp-large-kappa' relies on it)."""
    U1 = KickedTop(1.5, 0.7).floquet_operator()
    U2 = KickedTop(1.5, 0.7 + 3 * np.pi).floquet_operator()
    phase = U2[0, 0] / U1[0, 0]
    assert abs(abs(phase) - 1) < 1e-12
    np.testing.assert_allclose(U2, phase * U1, atol=1e-12)
    U3 = KickedTop(1.5, 0.7 + 1.5 * np.pi).floquet_operator()
    assert np.max(np.abs(U3 - (U3[0, 0] / U1[0, 0]) * U1)) > 0.1
