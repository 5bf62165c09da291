"""Kicked-top pure-state dynamics: coherent batches and Floquet propagation against dense operators.

Explicit spin operators come from qutip (`qutip.jmat`, basis m = j..-j), independent of noneq's own operator code.
"""

import math

import numpy as np
import pytest
import qutip

from noneq.core.errors import NoneqInputError
from noneq.kicked_top.model import KickedTop
from noneq.kicked_top.observables import bloch_vectors
from noneq.kicked_top.quantum import GATHER_BYTES, coherent_batch, floquet_kicks, propagate_observe
from noneq.quantum import symmetric_embedding

UNITARY_ATOL = 1e-11  # U^dagger U = I for dim <= 41: rounding ~dim * eps
PROPAGATION_ATOL = 1e-10  # 30 kicks of dim <= 41 products: rounding grows ~linearly in kicks


def jmat(j, which):
    return qutip.jmat(j, which).full()


def random_states(dim, batch, rng):
    psi = rng.normal(size=(dim, batch)) + 1j * rng.normal(size=(dim, batch))
    return psi / np.linalg.norm(psi, axis=0)


@pytest.mark.parametrize("j", [0.5, 1.5, 3, 20])
def test_floquet_kicks_equal_repeated_dense_operator(j):
    rng = np.random.default_rng(11)
    model = KickedTop(j=j, kappa=2.5)
    U = model.floquet_operator()
    psi0 = random_states(model.dim, 5, rng)
    expected = psi0.copy()
    kicks = 30
    seen = 0
    for n, psi in enumerate(floquet_kicks(model, psi0, kicks)):
        np.testing.assert_allclose(psi, expected, rtol=0, atol=PROPAGATION_ATOL, err_msg=f"kick {n}")
        expected = U @ expected
        seen += 1
    assert seen == kicks + 1
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
    for psi in floquet_kicks(model, coherent_batch(model, theta, phi), 25):
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


def test_propagate_observe_gathered_and_kick_by_kick_agree(monkeypatch):
    model = KickedTop(j=2.5, kappa=2.5)
    theta, phi = np.array([[0.3, 1.4], [2.2, 2.9]]), np.array([[-2.0, 0.1], [1.3, 3.0]])

    def observe(psi):
        return bloch_vectors(psi, model.j)

    gathered = propagate_observe(model, theta, phi, 7, observe)
    monkeypatch.setattr("noneq.kicked_top.quantum.GATHER_BYTES", 0)  # forces the kick-by-kick branch
    one_by_one = propagate_observe(model, theta, phi, 7, observe)
    assert GATHER_BYTES > 0 and gathered.shape == one_by_one.shape == (8, 4, 3)
    np.testing.assert_allclose(gathered, one_by_one, rtol=0, atol=0)


@pytest.mark.parametrize("kicks", [-1, 2.5, "3"])
def test_bad_kicks_raise(kicks):
    model = KickedTop(j=1.5, kappa=0.5)
    with pytest.raises(NoneqInputError, match="'kicks'"):
        propagate_observe(model, [1.0], [0.0], kicks, lambda psi: psi.T)
    with pytest.raises(NoneqInputError, match="'kicks'"):
        list(floquet_kicks(model, coherent_batch(model, [1.0], [0.0]), kicks))


def test_bad_angles_raise():
    with pytest.raises(NoneqInputError, match="'theta'"):
        coherent_batch(KickedTop(j=1.5, kappa=0.5), [np.nan], [0.0])
