"""Tests for noneq.quantum.operators: spin matrices, Pauli strings, the symmetric embedding."""

from fractions import Fraction
from functools import reduce

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noneq.core.errors import NoneqInputError
from noneq.quantum import (
    PAULI,
    bloch_vector_from_angles,
    pauli_expectations,
    pauli_labels,
    pauli_string,
    random_density_matrix,
    spin_coherent_state,
    spin_jplus,
    spin_jz_diagonal,
    spin_operators,
    symmetric_embedding,
)

ATOL = 1e-10  # products of O(j) matrix entries for j <= 25 or 2^n <= 64 states: rounding ~1e-13


@pytest.mark.parametrize("j", [0.5, 1, 1.5, Fraction(5, 2), 3, 12.5])
def test_spin_algebra(j):
    jx, jy, jz = spin_operators(j)
    d = int(2 * j) + 1
    assert jx.shape == (d, d) and jx.dtype == np.complex128
    comm = lambda a, b: a @ b - b @ a  # noqa: E731
    np.testing.assert_allclose(comm(jx, jy), 1j * jz, atol=ATOL)
    np.testing.assert_allclose(comm(jy, jz), 1j * jx, atol=ATOL)
    np.testing.assert_allclose(comm(jz, jx), 1j * jy, atol=ATOL)
    jj = float(j)
    np.testing.assert_allclose(jx @ jx + jy @ jy + jz @ jz, jj * (jj + 1) * np.eye(d), atol=ATOL)
    np.testing.assert_allclose(spin_jz_diagonal(j), np.arange(jj, -jj - 1, -1), atol=0)
    np.testing.assert_allclose(spin_jplus(j), jx + 1j * jy, atol=ATOL)
    for op in (jx, jy, jz):
        np.testing.assert_allclose(op, op.conj().T, atol=0)


def test_spin_half_is_half_pauli():
    jx, jy, jz = spin_operators(0.5)
    for op, p in zip((jx, jy, jz), "XYZ"):
        np.testing.assert_allclose(op, PAULI[p] / 2, atol=0)


def test_pauli_labels_order():
    labels = pauli_labels(3)
    assert len(labels) == 63 and len(set(labels)) == 63
    weights = [3 - s.count("I") for s in labels]
    assert weights == [1] * 9 + [2] * 27 + [3] * 27
    key = {c: i for i, c in enumerate("IXYZ")}
    for w in (1, 2, 3):
        group = [s for s in labels if 3 - s.count("I") == w]
        assert group == sorted(group, key=lambda s: [key[c] for c in s])
    assert labels[:9] == ["IIX", "IIY", "IIZ", "IXI", "IYI", "IZI", "XII", "YII", "ZII"]
    assert labels[9] == "IXX" and labels[-1] == "ZZZ"
    assert pauli_labels(1, include_identity=True) == ["I", "X", "Y", "Z"]
    assert pauli_labels(2, include_identity=True)[0] == "II"


def test_pauli_string_kron_ordering():
    np.testing.assert_allclose(
        pauli_string("XIZ"), reduce(np.kron, [PAULI["X"], PAULI["I"], PAULI["Z"]]), atol=0
    )
    # qubit 0 is the most significant bit: Z on qubit 0 gives diag(1, 1, -1, -1)
    np.testing.assert_allclose(np.diag(pauli_string("ZI")).real, [1, 1, -1, -1], atol=0)
    with pytest.raises(ValueError):
        PAULI["X"][0, 0] = 5.0  # the shared constants are read-only


def _qubit_state(th, ph):
    return np.array([np.cos(th / 2), np.exp(-1j * ph) * np.sin(th / 2)])


@settings(max_examples=25, deadline=None)
@given(angles=st.lists(st.floats(-4, 4, allow_nan=False), min_size=6, max_size=6))
def test_pauli_expectations_of_product_state(angles):
    th, ph = np.array(angles[:3]), np.array(angles[3:])
    psi = reduce(np.kron, [_qubit_state(t, p) for t, p in zip(th, ph)])
    bloch = bloch_vector_from_angles(th, ph)  # (3 qubits, 3 components)
    labels = pauli_labels(3, include_identity=True)
    values = pauli_expectations(np.outer(psi, psi.conj()), labels)
    comp = {"X": 0, "Y": 1, "Z": 2}
    expected = [np.prod([bloch[q, comp[c]] for q, c in enumerate(s) if c != "I"]) for s in labels]
    np.testing.assert_allclose(values, expected, atol=ATOL)
    np.testing.assert_allclose(pauli_expectations(psi, labels), expected, atol=ATOL)


def test_pauli_expectations_batched_matches_dense_trace():
    rng = np.random.default_rng(2)
    rhos = np.stack([[random_density_matrix(8, rng) for _ in range(4)] for _ in range(2)])
    labels = pauli_labels(3)
    values = pauli_expectations(rhos, labels)
    assert values.shape == (2, 4, 63) and values.dtype == np.float64
    stack = np.stack([pauli_string(s) for s in labels])
    dense = np.einsum("abij,lji->abl", rhos, stack)
    np.testing.assert_allclose(values, dense.real, atol=ATOL)
    np.testing.assert_allclose(pauli_expectations(rhos[0, 0], "XYZ"), [dense[0, 0, labels.index("XYZ")].real])


@pytest.mark.parametrize("n", [1, 2, 3, 6])
def test_symmetric_embedding(n):
    v = symmetric_embedding(n)
    assert v.shape == (2**n, n + 1)
    np.testing.assert_allclose(v.conj().T @ v, np.eye(n + 1), atol=ATOL)
    proj = v @ v.conj().T
    for op, letter in zip(spin_operators(n / 2), "XYZ"):
        collective = sum(pauli_string("I" * q + letter + "I" * (n - q - 1)) for q in range(n)) / 2
        np.testing.assert_allclose(v @ op @ v.conj().T, proj @ collective @ proj, atol=ATOL)
        np.testing.assert_allclose(collective @ v, v @ op, atol=ATOL)  # symmetric subspace is invariant
    assert v[0, 0] == 1.0
    for th, ph in [(0.0, 0.0), (1.2, -0.7), (np.pi, 2.0)]:
        product = reduce(np.kron, [_qubit_state(th, ph)] * n)
        np.testing.assert_allclose(v @ spin_coherent_state(n / 2, th, ph), product, atol=ATOL)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: spin_operators(0.25), "j"),
        (lambda: spin_jplus("1"), "j"),
        (lambda: pauli_string("XQ"), "label"),
        (lambda: pauli_string(""), "label"),
        (lambda: pauli_labels(0), "n"),
        (lambda: pauli_labels(1.5), "n"),
        (lambda: pauli_expectations(np.eye(4) / 4, ["XX", "X"]), "labels"),
        (lambda: pauli_expectations(np.eye(4) / 4, ["xx"]), "labels"),
        (lambda: pauli_expectations(np.eye(4) / 4, ["XXX"]), "rho"),
        (lambda: symmetric_embedding(0), "n_qubits"),
    ],
)
def test_bad_input_names_parameter(call, name):
    with pytest.raises(NoneqInputError, match=f"parameter '{name}'"):
        call()
