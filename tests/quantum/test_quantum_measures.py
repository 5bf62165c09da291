"""Tests for noneq.quantum.measures: entropies, relative entropy, fidelity, partial trace."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noneq.core.errors import NoneqInputError, NumericalError
from noneq.quantum import (
    binary_entropy,
    fidelity,
    mutual_information,
    partial_trace,
    purity,
    random_density_matrix,
    random_pure_state,
    relative_entropy,
    von_neumann_entropy,
)

ATOL = 1e-10  # eigendecomposition-based quantities of d <= 16 states: rounding is ~1e-14, leave margin
INEQ_SLACK = 1e-10  # slack for entropy/fidelity inequalities that may hold with equality up to rounding
PINSKER_SLACK = 1e-10  # Pinsker bound D >= T^2 * 2 (nats) checked up to rounding

seeds = st.integers(0, 2**32 - 1)
dims = st.integers(2, 5)
SETTINGS = settings(max_examples=40, deadline=None)


def haar_unitary(d, rng):
    z = rng.standard_normal((d, d)) + 1j * rng.standard_normal((d, d))
    q, r = np.linalg.qr(z)
    return q * (np.diag(r) / np.abs(np.diag(r)))


def trace_norm(a):
    return float(np.sum(np.abs(np.linalg.eigvalsh(0.5 * (a + a.conj().T)))))


# --- von Neumann entropy -------------------------------------------------------------------------------


@pytest.mark.parametrize("d", [1, 2, 3, 8])
def test_entropy_of_maximally_mixed(d):
    assert von_neumann_entropy(np.eye(d) / d) == pytest.approx(np.log2(d), abs=ATOL)
    assert von_neumann_entropy(np.eye(d) / d, base=np.e) == pytest.approx(np.log(d), abs=ATOL)


@SETTINGS
@given(seed=seeds, d=dims)
def test_nats_equals_bits_times_ln2(seed, d):
    rho = random_density_matrix(d, np.random.default_rng(seed))
    bits = von_neumann_entropy(rho, base=2)
    assert von_neumann_entropy(rho, base="e") == pytest.approx(bits * np.log(2), abs=ATOL)
    sigma = random_density_matrix(d, np.random.default_rng(seed + 1))
    assert relative_entropy(rho, sigma, base=np.e) == pytest.approx(
        relative_entropy(rho, sigma) * np.log(2), abs=ATOL
    )


def test_pure_state_entropy_is_zero():
    psi = random_pure_state(4, np.random.default_rng(0))
    assert von_neumann_entropy(psi) == 0.0
    assert von_neumann_entropy(np.outer(psi, psi.conj())) == pytest.approx(0.0, abs=ATOL)
    assert purity(psi) == 1.0


def test_entropy_rejects_invalid_states():
    with pytest.raises(NumericalError):
        von_neumann_entropy(np.diag([1.5, -0.5]))
    with pytest.raises(NumericalError):
        von_neumann_entropy(np.diag([0.5, 0.6]))
    with pytest.raises(NumericalError):
        von_neumann_entropy(np.array([[0.5, 0.3], [0.0, 0.5]]))


@SETTINGS
@given(seed=seeds, d=dims)
def test_purity_bounds(seed, d):
    rho = random_density_matrix(d, np.random.default_rng(seed))
    p = purity(rho)
    assert 1.0 / d - ATOL <= p <= 1.0 + ATOL
    assert p == pytest.approx(float(np.trace(rho @ rho).real), abs=ATOL)


# --- relative entropy ----------------------------------------------------------------------------------


@SETTINGS
@given(seed=seeds, d=dims)
def test_klein_inequality_and_pinsker(seed, d):
    rng = np.random.default_rng(seed)
    rho, sigma = random_density_matrix(d, rng), random_density_matrix(d, rng)
    dist = relative_entropy(rho, sigma, base=np.e)
    t = 0.5 * trace_norm(rho - sigma)
    assert dist >= 2.0 * t**2 - PINSKER_SLACK  # Pinsker => D > 0 whenever rho != sigma
    assert relative_entropy(rho, rho) == pytest.approx(0.0, abs=ATOL)


def test_relative_entropy_support_violation_is_inf():
    rho = np.eye(3) / 3
    psi = random_pure_state(3, np.random.default_rng(1))
    assert relative_entropy(rho, np.outer(psi, psi.conj())) == np.inf
    assert relative_entropy(rho, psi) == np.inf
    # the reverse direction is finite: D(|psi><psi| || I/3) = log2 3
    assert relative_entropy(psi, rho) == pytest.approx(np.log2(3), abs=ATOL)


def test_relative_entropy_closed_form_diagonal():
    p, q = np.array([0.7, 0.3, 0.0]), np.array([0.5, 0.25, 0.25])
    expected = 0.7 * np.log2(0.7 / 0.5) + 0.3 * np.log2(0.3 / 0.25)
    assert relative_entropy(np.diag(p), np.diag(q)) == pytest.approx(expected, abs=ATOL)


# --- unitary invariance ----------------------------------------------------------------------------------


@SETTINGS
@given(seed=seeds, d=dims)
def test_unitary_invariance(seed, d):
    rng = np.random.default_rng(seed)
    rho, sigma, u = random_density_matrix(d, rng), random_density_matrix(d, rng), haar_unitary(d, rng)
    rot = lambda x: u @ x @ u.conj().T  # noqa: E731
    assert von_neumann_entropy(rot(rho)) == pytest.approx(von_neumann_entropy(rho), abs=ATOL)
    assert relative_entropy(rot(rho), rot(sigma)) == pytest.approx(relative_entropy(rho, sigma), abs=ATOL)
    assert fidelity(rot(rho), rot(sigma)) == pytest.approx(fidelity(rho, sigma), abs=ATOL)


# --- fidelity --------------------------------------------------------------------------------------------


@SETTINGS
@given(seed=seeds, d=dims, rank=st.integers(1, 5))
def test_fidelity_properties(seed, d, rank):
    rng = np.random.default_rng(seed)
    rho = random_density_matrix(d, rng, rank=min(rank, d))
    sigma = random_density_matrix(d, rng)
    f = fidelity(rho, sigma)
    assert 0.0 <= f <= 1.0
    assert f == pytest.approx(fidelity(sigma, rho), abs=ATOL)
    assert fidelity(rho, rho) == pytest.approx(1.0, abs=ATOL)
    # Fuchs-van de Graaf: 1 - F <= T <= sqrt(1 - F^2), so F = 1 iff rho = sigma
    t = 0.5 * trace_norm(rho - sigma)
    assert 1.0 - f <= t + INEQ_SLACK
    assert t <= np.sqrt(max(1.0 - f**2, 0.0)) + INEQ_SLACK


@SETTINGS
@given(seed=seeds, d=dims)
def test_fidelity_pure_states(seed, d):
    rng = np.random.default_rng(seed)
    psi, phi = random_pure_state(d, rng), random_pure_state(d, rng)
    overlap = abs(np.vdot(psi, phi))
    proj = lambda v: np.outer(v, v.conj())  # noqa: E731
    assert fidelity(psi, phi) == pytest.approx(overlap, abs=ATOL)
    assert fidelity(proj(psi), proj(phi)) == pytest.approx(overlap, abs=ATOL)
    sigma = random_density_matrix(d, rng)
    expected = np.sqrt(np.vdot(psi, sigma @ psi).real)
    assert fidelity(psi, sigma) == pytest.approx(expected, abs=ATOL)
    assert fidelity(sigma, psi) == pytest.approx(expected, abs=ATOL)


# --- partial trace ---------------------------------------------------------------------------------------


@SETTINGS
@given(seed=seeds, da=st.integers(1, 4), db=st.integers(1, 4))
def test_partial_trace_of_kron(seed, da, db):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((da, da)) + 1j * rng.standard_normal((da, da))
    b = rng.standard_normal((db, db)) + 1j * rng.standard_normal((db, db))
    ab = np.kron(a, b)
    np.testing.assert_allclose(partial_trace(ab, [da, db], 0), a * np.trace(b), atol=ATOL)
    np.testing.assert_allclose(partial_trace(ab, [da, db], [1]), b * np.trace(a), atol=ATOL)
    np.testing.assert_allclose(partial_trace(ab, (da, db), [0, 1]), ab, atol=ATOL)
    np.testing.assert_allclose(partial_trace(ab, [da, db], []), [[np.trace(ab)]], atol=ATOL)


def test_partial_trace_three_subsystems_keeps_original_order():
    rng = np.random.default_rng(3)
    ops = [random_density_matrix(d, rng) for d in (2, 3, 2)]
    full = np.kron(np.kron(ops[0], ops[1]), ops[2])
    dims3 = [2, 3, 2]
    np.testing.assert_allclose(partial_trace(full, dims3, [2, 0]), np.kron(ops[0], ops[2]), atol=ATOL)
    np.testing.assert_allclose(partial_trace(full, dims3, [1]), ops[1], atol=ATOL)
    np.testing.assert_allclose(partial_trace(full, dims3, (1, 2)), np.kron(ops[1], ops[2]), atol=ATOL)


def test_partial_trace_batched_and_vector():
    rng = np.random.default_rng(4)
    states = np.stack([[random_density_matrix(6, rng) for _ in range(3)] for _ in range(2)])
    batch = partial_trace(states, [2, 3], 1)
    assert batch.shape == (2, 3, 3, 3)
    for i in range(2):
        for k in range(3):
            np.testing.assert_allclose(batch[i, k], partial_trace(states[i, k], [2, 3], 1), atol=ATOL)
    psi = random_pure_state(6, rng)
    np.testing.assert_allclose(
        partial_trace(psi, [3, 2], 0), partial_trace(np.outer(psi, psi.conj()), [3, 2], 0), atol=ATOL
    )


# --- subadditivity, Araki-Lieb, mutual information -------------------------------------------------------


@SETTINGS
@given(seed=seeds, da=st.integers(2, 3), db=st.integers(2, 4), rank=st.integers(1, 12))
def test_subadditivity_and_araki_lieb(seed, da, db, rank):
    rho = random_density_matrix(da * db, np.random.default_rng(seed), rank=min(rank, da * db))
    s_ab = von_neumann_entropy(rho)
    s_a = von_neumann_entropy(partial_trace(rho, [da, db], 0))
    s_b = von_neumann_entropy(partial_trace(rho, [da, db], 1))
    assert s_ab <= s_a + s_b + INEQ_SLACK
    assert abs(s_a - s_b) <= s_ab + INEQ_SLACK
    assert mutual_information(rho, [da, db], 0, 1) == pytest.approx(max(s_a + s_b - s_ab, 0.0), abs=ATOL)


def test_mutual_information_examples():
    bell = np.array([1, 0, 0, 1]) / np.sqrt(2)
    assert mutual_information(bell, [2, 2], [0], [1]) == pytest.approx(2.0, abs=ATOL)
    assert mutual_information(bell, [2, 2], 0, 1, base=np.e) == pytest.approx(2 * np.log(2), abs=ATOL)
    rng = np.random.default_rng(5)
    prod = np.kron(random_density_matrix(2, rng), random_density_matrix(3, rng))
    assert mutual_information(prod, [2, 3], 0, 1) == pytest.approx(0.0, abs=ATOL)
    # GHZ on 3 qubits: I(0:1) = 1 bit (classically correlated after tracing qubit 2)
    ghz = np.zeros(8)
    ghz[[0, 7]] = 1 / np.sqrt(2)
    assert mutual_information(ghz, [2, 2, 2], [0], [1]) == pytest.approx(1.0, abs=ATOL)
    assert mutual_information(ghz, [2, 2, 2], [0], [1, 2]) == pytest.approx(2.0, abs=ATOL)


# --- binary entropy --------------------------------------------------------------------------------------


def test_binary_entropy_values():
    assert binary_entropy(0.5) == 1.0
    assert binary_entropy(0.0) == 0.0 and binary_entropy(1.0) == 0.0
    assert binary_entropy(-1e-13) == 0.0
    assert binary_entropy(0.5, base=np.e) == pytest.approx(np.log(2), abs=ATOL)
    p = np.array([[0.0, 0.1], [0.25, 1.0]])
    h = binary_entropy(p)
    assert h.shape == (2, 2)
    expected = -0.25 * np.log2(0.25) - 0.75 * np.log2(0.75)
    np.testing.assert_allclose(h, [[0.0, binary_entropy(0.9)], [expected, 0.0]], atol=ATOL)
    for pi in (0.1, 0.3):
        assert binary_entropy(pi) == pytest.approx(von_neumann_entropy(np.diag([pi, 1 - pi])), abs=ATOL)


# --- bad input ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: von_neumann_entropy(np.ones((2, 3)) / 2), "rho"),
        (lambda: von_neumann_entropy(np.eye(2) / 2, base=10), "base"),
        (lambda: von_neumann_entropy(np.eye(2) / 2, base="2"), "base"),
        (lambda: von_neumann_entropy([[np.nan, 0], [0, 1]]), "rho"),
        (lambda: relative_entropy(np.eye(2) / 2, np.eye(3) / 3), "sigma"),
        (lambda: partial_trace(np.eye(6), [2, 2], 0), "dims"),
        (lambda: partial_trace(np.eye(4), [2, 2], 2), "keep"),
        (lambda: partial_trace(np.eye(4), [2, 2], [0, 0]), "keep"),
        (lambda: partial_trace(np.eye(4), [2, 0], 0), "dims"),
        (lambda: partial_trace(np.ones((4, 2)), [2, 2], 0), "rho"),
        (lambda: fidelity(np.eye(2) / 2, np.eye(4) / 4), "sigma"),
        (lambda: mutual_information(np.eye(4) / 4, [2, 2], [0], [0]), "b"),
        (lambda: mutual_information(np.eye(4) / 4, [2, 2], [], [1]), "a"),
        (lambda: binary_entropy(1.1), "p"),
        (lambda: binary_entropy([0.2, -0.01]), "p"),
    ],
)
def test_bad_input_names_parameter(call, name):
    with pytest.raises(NoneqInputError, match=f"parameter '{name}'"):
        call()
