"""Lindblad generators in the row-major vec convention: structure, exact qubit dynamics, QuTiP's Liouvillian."""

import numpy as np
import pytest
import scipy.linalg

from noneq.core.errors import NoneqInputError
from noneq.quantum import (apply_superoperator, commutator_generator, dissipator, lindblad_generator,
                           random_density_matrix, steady_state, unvec, vec, von_neumann_entropy)

EXACT = 1e-12  # identities that hold to rounding
SIGMA_MINUS = np.array([[0.0, 0.0], [1.0, 0.0]])  # |1><0| with |0> = up: lowers the energy of H = w sz / 2


def _random_hermitian(d, rng):
    a = rng.standard_normal((d, d)) + 1j * rng.standard_normal((d, d))
    return (a + a.conj().T) / 2


def test_vec_is_row_major_and_products_map_to_kronecker_products():
    rng = np.random.default_rng(0)
    A, X, B = (rng.standard_normal((3, 3)) for _ in range(3))
    assert vec(A @ X @ B) == pytest.approx(np.kron(A, B.T) @ vec(X), abs=EXACT)
    assert unvec(vec(X)) == pytest.approx(X, abs=EXACT)


def test_generator_preserves_trace_and_hermiticity():
    rng = np.random.default_rng(1)
    H = _random_hermitian(3, rng)
    jumps = [rng.standard_normal((3, 3)) + 1j * rng.standard_normal((3, 3)) for _ in range(2)]
    L = lindblad_generator(H, jumps)
    assert np.abs(vec(np.eye(3)) @ L).max() < EXACT
    rho = random_density_matrix(3, rng)
    drho = apply_superoperator(L, rho)
    assert np.abs(drho - drho.conj().T).max() < EXACT
    assert abs(np.trace(drho)) < EXACT


def test_amplitude_damping_matches_the_exact_solution():
    gamma, w, t = 0.7, 1.3, 2.1
    L = lindblad_generator(0.5 * w * np.diag([1.0, -1.0]), [np.sqrt(gamma) * SIGMA_MINUS])
    plus = np.full((2, 2), 0.5)
    rho_t = unvec(scipy.linalg.expm(L * t) @ vec(plus))
    excited = 0.5 * np.exp(-gamma * t)
    coherence = 0.5 * np.exp(-gamma * t / 2 - 1j * w * t)  # <0|rho|1> rotates as e^{-i w t}
    assert rho_t == pytest.approx(np.array([[excited, coherence], [coherence.conjugate(), 1 - excited]]),
                                  abs=EXACT)


def test_steady_state_obeys_detailed_balance():
    down, up = 1.5, 0.4
    L = lindblad_generator(np.diag([0.5, -0.5]), [np.sqrt(down) * SIGMA_MINUS, np.sqrt(up) * SIGMA_MINUS.T])
    rho = steady_state(L)
    assert rho == pytest.approx(np.diag([up, down]) / (up + down), abs=EXACT)


def test_generator_equals_qutips_liouvillian():
    qutip = pytest.importorskip("qutip")
    rng = np.random.default_rng(2)
    H = _random_hermitian(3, rng)
    c = rng.standard_normal((3, 3)) + 1j * rng.standard_normal((3, 3))
    ours = lindblad_generator(H, [c])
    theirs = qutip.liouvillian(qutip.Qobj(H), [qutip.Qobj(c)]).full()  # column-stacked vec
    # row-major vec(rho) is the column-stacked vec of rho^T: permute both sides
    perm = np.arange(9).reshape(3, 3).T.ravel()
    assert ours == pytest.approx(theirs[np.ix_(perm, perm)], abs=EXACT)


def test_commutator_and_dissipator_pieces_add_up():
    rng = np.random.default_rng(4)
    H = _random_hermitian(2, rng)
    assert lindblad_generator(H, [SIGMA_MINUS]) == pytest.approx(
        commutator_generator(H) + dissipator(SIGMA_MINUS), abs=EXACT)


def test_mismatched_jump_is_an_input_error():
    with pytest.raises(NoneqInputError, match="jumps\\[0\\]"):
        lindblad_generator(np.eye(2), [np.eye(3)])


def test_batched_entropy_equals_one_by_one():
    rng = np.random.default_rng(5)
    states = np.stack([random_density_matrix(4, rng) for _ in range(6)]).reshape(2, 3, 4, 4)
    batch = von_neumann_entropy(states, base="e")
    assert batch.shape == (2, 3)
    single = [von_neumann_entropy(s, base="e") for s in states.reshape(6, 4, 4)]
    assert batch.ravel() == pytest.approx(single, abs=EXACT)
