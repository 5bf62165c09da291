"""Kicked-top observables: Bloch vectors, single-qubit entropy, overlap with rho_mc, running averages.

References are computed the long way: explicit spin operators (qutip), explicit 2j-qubit states with an explicit
partial trace, the symmetric projector built from qubit permutations, and noneq.quantum.fidelity.
"""

import itertools
import math

import numpy as np
import pytest
import qutip

from noneq.core.errors import NumericalError
from noneq.kicked_top.model import KickedTop
from noneq.kicked_top.observables import (BLOCH_LENGTH_TOLERANCE, bloch_vectors, connected_correlation_weight,
                                          entropy_from_bloch, overlap_with_microcanonical, qubit_density_matrices,
                                          running_average)
from noneq.kicked_top.quantum import coherent_batch, floquet_kicks
from noneq.quantum import (bloch_vector_from_angles, fidelity, partial_trace, pauli_expectations, pauli_labels,
                           random_density_matrix, symmetric_embedding, von_neumann_entropy)

BLOCH_ATOL = 1e-12  # <J>/j from O(dim) sums of unit-norm amplitudes: rounding ~dim * eps
RHO1_ATOL = 1e-12  # single-qubit matrix from a partial trace of a 2^6-dim state: rounding ~64 eps
# von_neumann_entropy drops eigenvalues <= 1e-12, which contribute up to ~1e-12 * log2(1e12) ~ 4e-11 bits
# to h2; near-pure states make h2 steep (|dS/d|r|| ~ log(1/eps)), so 1e-9 bits
ENTROPY_ATOL = 1e-9
OVERLAP_FULL_RANK_ATOL = 1e-10  # full-rank 4x4 reduced matrix: eigenvalues and square roots well conditioned
# rank-deficient averages (pure states, <= 3 terms): the clipped null eigenvalue of V^T rho V is rounding noise
# ~1e-17 whose square root ~3e-9 enters the overlap, while fidelity() drops it
OVERLAP_LOW_RANK_ATOL = 1e-7
CONNECTED_ATOL = 1e-12  # products of O(1) expectation values: rounding only
AVERAGE_ATOL = 1e-12  # cumulative sums of O(1) numbers over <= 10 kicks

SIGMA = [qutip.sigmax().full(), qutip.sigmay().full(), qutip.sigmaz().full()]


def explicit_bloch(psi, j):
    ops = [qutip.jmat(j, a).full() for a in "xyz"]
    return np.stack([np.einsum("kb,kl,lb->b", psi.conj(), op, psi).real for op in ops], axis=-1) / j


def random_batch(dim, batch, rng):
    psi = rng.normal(size=(dim, batch)) + 1j * rng.normal(size=(dim, batch))
    return psi / np.linalg.norm(psi, axis=0)


def symmetric_projector(n):
    """P_sym = (1/n!) sum over permutations of the qubit-permutation operators."""
    d = 2**n
    P = np.zeros((d, d))
    eye = np.eye(d).reshape((2,) * n + (d,))
    for perm in itertools.permutations(range(n)):
        P += np.transpose(eye, perm + (n,)).reshape(d, d)
    return P / math.factorial(n)


# --- Bloch vectors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("j", [0.5, 1, 1.5, 4, 12.5])
def test_bloch_vectors_equal_explicit_expectations(j):
    rng = np.random.default_rng(3)
    model = KickedTop(j=j, kappa=2.5, p=1.2)
    theta = rng.uniform(0, np.pi, 6)
    phi = rng.uniform(-np.pi, np.pi, 6)
    psi0 = coherent_batch(model, theta, phi)
    np.testing.assert_allclose(bloch_vectors(psi0, j), bloch_vector_from_angles(theta, phi),
                               rtol=0, atol=BLOCH_ATOL)
    for psi in floquet_kicks(model, psi0, 8):
        np.testing.assert_allclose(bloch_vectors(psi, j), explicit_bloch(psi, j), rtol=0, atol=BLOCH_ATOL)
    generic = random_batch(model.dim, 7, rng)  # not coherent: |r| < 1
    np.testing.assert_allclose(bloch_vectors(generic, j), explicit_bloch(generic, j), rtol=0, atol=BLOCH_ATOL)


def test_bloch_vector_orientation_poles_and_equator():
    """theta = 0 is +z; (pi/2, 0) is +x; (pi/2, pi/2) is -y (the e^{-i phi} convention)."""
    model = KickedTop(j=3, kappa=1.0)
    psi = coherent_batch(model, np.array([0.0, np.pi / 2, np.pi / 2, np.pi]),
                         np.array([0.0, 0.0, np.pi / 2, 0.0]))
    np.testing.assert_allclose(bloch_vectors(psi, 3),
                               [[0, 0, 1], [1, 0, 0], [0, -1, 0], [0, 0, -1]], rtol=0, atol=BLOCH_ATOL)


# --- single-qubit entropy of symmetric states ------------------------------------------------------------


@pytest.mark.parametrize("j", [1, 1.5, 2, 3])
def test_entropy_from_bloch_equals_explicit_partial_trace(j):
    rng = np.random.default_rng(int(2 * j))
    model = KickedTop(j=j, kappa=2.5)
    n = model.n_qubits
    V = symmetric_embedding(n)
    theta = rng.uniform(0, np.pi, 12)
    phi = rng.uniform(-np.pi, np.pi, 12)
    psi0 = np.concatenate([coherent_batch(model, theta, phi), random_batch(model.dim, 6, rng)], axis=1)
    max_entropy = 0.0
    for psi in floquet_kicks(model, psi0, 6):
        bloch = bloch_vectors(psi, j)
        entropy = entropy_from_bloch(bloch)
        qubits = V @ psi
        for b in range(psi.shape[1]):
            rho1 = partial_trace(qubits[:, b], [2] * n, 0)
            formula = 0.5 * (np.eye(2) + sum(r * s for r, s in zip(bloch[b], SIGMA)))
            np.testing.assert_allclose(rho1, formula, rtol=0, atol=RHO1_ATOL)
            assert abs(entropy[b] - von_neumann_entropy(rho1)) < ENTROPY_ATOL
            # every qubit carries the same reduced state (permutation symmetry)
            np.testing.assert_allclose(partial_trace(qubits[:, b], [2] * n, n - 1), rho1, rtol=0, atol=RHO1_ATOL)
        max_entropy = max(max_entropy, float(entropy.max()))
    assert max_entropy > 0.5  # the dynamics did entangle, so the comparison is not trivial


def test_entropy_from_bloch_limits():
    assert entropy_from_bloch(np.array([0.0, 0.0, 0.0])) == pytest.approx(1.0, abs=1e-15)
    np.testing.assert_allclose(entropy_from_bloch(np.array([[0.6, 0.0, 0.8], [0.0, -1.0, 0.0]])), 0.0,
                               atol=1e-15)
    r = 0.3
    p = (1 + r) / 2
    expected = -(p * math.log2(p) + (1 - p) * math.log2(1 - p))
    assert entropy_from_bloch(np.array([0.0, r, 0.0])) == pytest.approx(expected, abs=1e-14)


def test_entropy_from_bloch_checks_the_bloch_length():
    # rounding above |r| = 1 is a pure state; a real excess is not a qubit state
    excess = np.array([0.0, 0.0, 1.0 + 0.1 * BLOCH_LENGTH_TOLERANCE])
    assert entropy_from_bloch(excess) == 0.0 and not np.signbit(entropy_from_bloch(excess))
    with pytest.raises(NumericalError):
        entropy_from_bloch(np.array([[0.0, 0.0, 0.5], [0.0, 0.0, 1.0 + 10 * BLOCH_LENGTH_TOLERANCE]]))


# --- overlap with the microcanonical ensemble ------------------------------------------------------------


def test_symmetric_embedding_projector_matches_permutation_average():
    V = symmetric_embedding(3)
    np.testing.assert_allclose(V @ V.T, symmetric_projector(3), rtol=0, atol=1e-14)


def test_overlap_equals_fidelity_for_random_mixed_states():
    rng = np.random.default_rng(5)
    rho_mc = symmetric_projector(3) / 4
    rhos = np.stack([random_density_matrix(8, rng) for _ in range(20)]
                    + [random_density_matrix(8, rng, rank=r) for r in (2, 5, 7)])
    overlaps = overlap_with_microcanonical(rhos, 3)
    assert overlaps.shape == (23,)
    for rho, value in zip(rhos[:20], overlaps[:20]):
        assert abs(value - fidelity(rho, rho_mc)) < OVERLAP_FULL_RANK_ATOL
    for rho, value in zip(rhos[20:], overlaps[20:]):
        assert abs(value - fidelity(rho, rho_mc)) < OVERLAP_LOW_RANK_ATOL


def test_overlap_special_values():
    P = symmetric_projector(3)
    assert overlap_with_microcanonical(P / 4, 3) == pytest.approx(1.0, abs=OVERLAP_FULL_RANK_ATOL)
    # I/8 has only half its weight in the symmetric subspace: 4 sqrt(1/32) = 1/sqrt(2) (docs/papers/kicked-top.md)
    assert overlap_with_microcanonical(np.eye(8) / 8, 3) == pytest.approx(1 / math.sqrt(2),
                                                                       abs=OVERLAP_FULL_RANK_ATOL)
    # a single pure symmetric state: sqrt(1) / sqrt(4)
    psi = symmetric_embedding(3) @ np.array([0.5, 0.5j, -0.5, 0.5])
    assert overlap_with_microcanonical(np.outer(psi, psi.conj()), 3) == pytest.approx(
        0.5, abs=OVERLAP_LOW_RANK_ATOL)
    # a state orthogonal to the symmetric subspace has zero overlap
    w = np.array([0, 1, -1, 0, 0, 0, 0, 0]) / math.sqrt(2)
    assert overlap_with_microcanonical(np.outer(w, w), 3) == pytest.approx(0.0, abs=OVERLAP_LOW_RANK_ATOL)


def time_averaged_states(kappa, theta, phi, kicks, include_initial):
    model = KickedTop(j=1.5, kappa=kappa)
    rhos = [qubit_density_matrices(psi, 3)[0]
            for psi in floquet_kicks(model, coherent_batch(model, np.array([theta]), np.array([phi])), kicks)]
    rhos = np.stack(rhos if include_initial else rhos[1:])
    return rhos.mean(axis=0)


def test_overlap_equals_fidelity_for_time_averaged_kicked_top_states():
    rng = np.random.default_rng(8)
    rho_mc = symmetric_projector(3) / 4
    for _ in range(6):
        kappa = rng.uniform(0.2, 7.0)
        theta, phi = rng.uniform(0, np.pi), rng.uniform(-np.pi, np.pi)
        for kicks, include_initial in [(3, False), (3, True), (25, False)]:
            rho_bar = time_averaged_states(kappa, theta, phi, kicks, include_initial)
            assert abs(np.trace(rho_bar) - 1) < 1e-12
            assert abs(overlap_with_microcanonical(rho_bar, 3) - fidelity(rho_bar, rho_mc)) < OVERLAP_LOW_RANK_ATOL


def test_overlap_of_three_pure_states_is_at_most_sqrt3_over_2():
    """An average of 3 pure symmetric states has rank <= 3, so F = sum sqrt(lambda_i) / 2 <= sqrt(3)/2."""
    rng = np.random.default_rng(13)
    bound = math.sqrt(3) / 2
    values = []
    for _ in range(40):
        kappa = rng.uniform(0.1, 8.0)
        theta, phi = rng.uniform(0, np.pi), rng.uniform(-np.pi, np.pi)
        values.append(float(overlap_with_microcanonical(time_averaged_states(kappa, theta, phi, 3, False), 3)))
    values = np.array(values)
    assert np.all(values <= bound + OVERLAP_LOW_RANK_ATOL)
    assert values.max() > 0.8  # the bound is approached, the check is not vacuous
    # including n = 0 allows rank 4 and can exceed sqrt(3)/2
    four = [float(overlap_with_microcanonical(time_averaged_states(k, t, f, 3, True), 3))
            for k, t, f in zip(rng.uniform(0.1, 8.0, 40), rng.uniform(0, np.pi, 40),
                               rng.uniform(-np.pi, np.pi, 40))]
    assert bound < max(four) <= 1.0 + OVERLAP_LOW_RANK_ATOL


# --- running averages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(9,), (7, 3, 2)])
def test_running_average_matches_explicit_means(shape):
    values = np.random.default_rng(21).normal(size=shape)
    with_initial = running_average(values, include_initial=True)
    without = running_average(values, include_initial=False)
    assert with_initial.shape == without.shape == values.shape
    np.testing.assert_allclose(with_initial[0], values[0], rtol=0, atol=AVERAGE_ATOL)
    np.testing.assert_allclose(without[0], values[0], rtol=0, atol=AVERAGE_ATOL)
    for n in range(1, shape[0]):
        np.testing.assert_allclose(with_initial[n], values[: n + 1].mean(axis=0), rtol=0, atol=AVERAGE_ATOL)
        np.testing.assert_allclose(without[n], values[1: n + 1].mean(axis=0), rtol=0, atol=AVERAGE_ATOL)


def test_running_average_of_complex_density_matrices():
    rng = np.random.default_rng(22)
    rhos = np.stack([random_density_matrix(4, rng) for _ in range(5)])
    avg = running_average(rhos, include_initial=False)
    assert np.iscomplexobj(avg)
    np.testing.assert_allclose(avg[-1], rhos[1:].mean(axis=0), rtol=0, atol=AVERAGE_ATOL)


# --- multi-qubit correlations ---------------------------------------------------------------------------


def test_connected_correlations_vanish_for_products_and_not_for_ghz():
    labels = pauli_labels(3)
    up = np.array([1.0, 0.0])
    plus = np.array([1.0, 1.0]) / np.sqrt(2)
    product = np.kron(np.kron(up, plus), np.array([np.cos(0.3), np.exp(0.4j) * np.sin(0.3)]))
    ghz = np.zeros(8)
    ghz[[0, 7]] = 1 / np.sqrt(2)
    values = pauli_expectations(np.stack([np.outer(s, s.conj()) for s in (product, ghz)]), labels)
    weights = connected_correlation_weight(values, labels)
    assert weights[0] == pytest.approx(0.0, abs=CONNECTED_ATOL)
    assert weights[1] > 1.0
