"""Kicked top: the Floquet operator, its rotation matrix, state propagation and input validation.

Explicit spin operators come from qutip (`qutip.jmat`, basis m = j..-j), independent of noneq's own
operator code; matrix exponentials from scipy.linalg.expm.
"""

import math

import numpy as np
import pytest
import qutip
from scipy.linalg import expm

from noneq.core.errors import NoneqInputError
from noneq.kicked_top.model import KickedTop
from noneq.kicked_top.quantum import coherent_batch, floquet_steps
from noneq.quantum import spin_coherent_state, symmetric_embedding

ROTATION_ATOL = 1e-10  # expm vs eigendecomposition of a <= 41-dim matrix: both ~1e-13, margin for dim
LARGE_J_ORTHO_ATOL = 1e-9  # d^T d = I at j = 1000 (2001 x 2001): rounding accumulates ~dim * eps
LARGE_J_COHERENT_ATOL = 1e-9  # rotated coherent state at j = 1000: log-space amplitudes ~1e-12 relative
UNITARY_ATOL = 1e-11  # U^dagger U = I for dim <= 41: rounding ~dim * eps
PROPAGATION_ATOL = 1e-10  # 30 steps of dim <= 41 products: rounding grows ~linearly in steps

SMALL_JS = [0.5, 1, 1.5, 7, 20]
P_VALUES = [math.pi / 2, 0.37, -1.1, 2.9]


def jmat(j, which):
    return qutip.jmat(j, which).full()


def explicit_floquet(j, kappa, p):
    jz = jmat(j, "z")
    return expm(-1j * kappa / (2 * j) * jz @ jz) @ expm(-1j * p * jmat(j, "y"))


def random_states(dim, batch, rng):
    psi = rng.normal(size=(dim, batch)) + 1j * rng.normal(size=(dim, batch))
    return psi / np.linalg.norm(psi, axis=0)


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


@pytest.mark.parametrize("j", [0.5, 1.5, 3, 20])
def test_floquet_steps_equal_repeated_dense_operator(j):
    rng = np.random.default_rng(11)
    model = KickedTop(j=j, kappa=2.5)
    U = model.floquet_operator()
    psi0 = random_states(model.dim, 5, rng)
    expected = psi0.copy()
    steps = 30
    seen = 0
    for n, psi in enumerate(floquet_steps(model, psi0, steps)):
        np.testing.assert_allclose(psi, expected, rtol=0, atol=PROPAGATION_ATOL, err_msg=f"step {n}")
        expected = U @ expected
        seen += 1
    assert seen == steps + 1
    np.testing.assert_allclose(psi0, random_states(model.dim, 5, np.random.default_rng(11)))  # input intact


@pytest.mark.parametrize("j", [1, 1.5, 2.5])
def test_norm_and_total_spin_conserved_along_trajectory(j):
    """<J^2> = j(j+1) from explicit operators, and the total spin S^2 = j(j+1) of the 2j-qubit register."""
    model = KickedTop(j=j, kappa=2.5)
    n = model.n_qubits
    jx, jy, jz = (jmat(j, a) for a in "xyz")
    j2 = jx @ jx + jy @ jy + jz @ jz
    # total spin of n qubits built from single-qubit Pauli matrices, not from the spin-j representation
    sig = [qutip.sigmax().full(), qutip.sigmay().full(), qutip.sigmaz().full()]
    total = []
    for s in sig:
        total.append(sum(np.kron(np.kron(np.eye(2**q), s), np.eye(2 ** (n - q - 1))) for q in range(n)) / 2)
    s2 = sum(t @ t for t in total)
    V = symmetric_embedding(n)
    theta = np.array([0.3, 1.2, 2.0, 2.9])
    phi = np.array([-2.0, 0.1, 1.3, 3.0])
    for psi in floquet_steps(model, coherent_batch(model, theta, phi), 25):
        norms = np.einsum("kb,kb->b", psi.conj(), psi).real
        np.testing.assert_allclose(norms, 1.0, rtol=0, atol=UNITARY_ATOL)
        np.testing.assert_allclose(np.einsum("kb,kl,lb->b", psi.conj(), j2, psi).real, j * (j + 1),
                                   rtol=0, atol=UNITARY_ATOL * j * (j + 1))
        q = V @ psi
        np.testing.assert_allclose(np.einsum("kb,kl,lb->b", q.conj(), s2, q).real, j * (j + 1),
                                   rtol=0, atol=UNITARY_ATOL * j * (j + 1))


def test_coherent_batch_is_product_of_qubit_states():
    """|theta, phi> = (cos(th/2)|up> + e^{-i phi} sin(th/2)|down>)^{kron 2j}, mapped to the spin basis."""
    j = 2
    model = KickedTop(j=j, kappa=1.0)
    theta = np.array([[0.0, 0.7], [2.2, math.pi]])
    phi = np.array([[0.4, -1.3], [2.5, 0.9]])
    batch = coherent_batch(model, theta, phi)
    assert batch.shape == (5, 4)
    V = symmetric_embedding(4)
    for b, (th, ph) in enumerate(zip(theta.ravel(), phi.ravel())):
        qubit = np.array([math.cos(th / 2), np.exp(-1j * ph) * math.sin(th / 2)])
        product = qubit
        for _ in range(3):
            product = np.kron(product, qubit)
        np.testing.assert_allclose(V @ batch[:, b], product, rtol=0, atol=UNITARY_ATOL)


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
