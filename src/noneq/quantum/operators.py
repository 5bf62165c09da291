"""Spin and Pauli operators (hbar = 1), and the spin-j <-> symmetric n-qubit embedding.

Conventions
-----------
* Spin-j matrices act in the Jz eigenbasis ordered m = j, j-1, ..., -j (index k = j - m), with
  J+ |j, m> = sqrt((j - m)(j + m + 1)) |j, m+1> (real, non-negative), Jx = (J+ + J-)/2, Jy = (J+ - J-)/(2i),
  so [Jx, Jy] = i Jz.
* Qubits: |up> = basis state 0, Z = diag(1, -1).  A Pauli string "XIZ" is kron(X, I, Z): the leftmost letter
  acts on qubit 0, the most significant bit of the basis index.

Example
-------
>>> import numpy as np
>>> jx, jy, jz = spin_operators(1)
>>> np.allclose(jx @ jy - jy @ jx, 1j * jz)
True
>>> pauli_labels(2)[:3]
['IX', 'IY', 'IZ']
"""

from __future__ import annotations

import itertools
from functools import lru_cache, reduce

import numpy as np

from noneq.core.resources import check_memory
from noneq.quantum._convert import as_positive_int, as_square, input_error, spin_two_j

__all__ = [
    "PAULI",
    "pauli_string",
    "pauli_labels",
    "pauli_expectations",
    "spin_operators",
    "spin_jz_diagonal",
    "spin_jplus",
    "symmetric_embedding",
]


def _frozen(a) -> np.ndarray:
    arr = np.array(a, dtype=np.complex128)
    arr.flags.writeable = False
    return arr


PAULI: dict[str, np.ndarray] = {
    "I": _frozen([[1, 0], [0, 1]]),
    "X": _frozen([[0, 1], [1, 0]]),
    "Y": _frozen([[0, -1j], [1j, 0]]),
    "Z": _frozen([[1, 0], [0, -1]]),
}

# Each Pauli matrix is monomial: row b has its single entry in column b ^ FLIP[letter], value PHASE[letter][b].
_FLIP = {"I": 0, "X": 1, "Y": 1, "Z": 0}
_PHASE = {"I": (1, 1), "X": (1, 1), "Y": (-1j, 1j), "Z": (1, -1)}


def spin_jz_diagonal(j) -> np.ndarray:
    """The m values j, j-1, ..., -j (float, descending): the diagonal of Jz.

    >>> spin_jz_diagonal(1.5)
    array([ 1.5,  0.5, -0.5, -1.5])
    """
    two_j = spin_two_j(j)
    return two_j / 2.0 - np.arange(two_j + 1, dtype=np.float64)


def spin_jplus(j) -> np.ndarray:
    """Raising operator J+ (dense complex, (2j+1, 2j+1)): entry [k-1, k] = sqrt((j - m_k)(j + m_k + 1)).

    >>> spin_jplus(0.5).real
    array([[0., 1.],
           [0., 0.]])
    """
    two_j = spin_two_j(j)
    check_memory(5 * 16.0 * (two_j + 1) ** 2, f"dense spin operators for j = {two_j / 2:g}",
                 "use a smaller j (dense (2j+1)^2 matrices)")
    m = spin_jz_diagonal(j)
    jj = m[0]
    coeff = np.sqrt((jj - m[1:]) * (jj + m[1:] + 1.0))
    return np.diag(coeff, k=1).astype(np.complex128)


def spin_operators(j) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(Jx, Jy, Jz) for spin j as dense complex (2j+1, 2j+1) arrays, basis m = j..-j.

    >>> [op.shape for op in spin_operators(0.5)]
    [(2, 2), (2, 2), (2, 2)]
    """
    two_j = spin_two_j(j)
    check_memory(5 * 16.0 * (two_j + 1) ** 2, f"dense spin operators for j = {two_j / 2:g}",
                 "use a smaller j (dense (2j+1)^2 matrices)")
    jp = spin_jplus(j)
    jm = jp.conj().T
    jx = 0.5 * (jp + jm)
    jy = -0.5j * (jp - jm)
    jz = np.diag(spin_jz_diagonal(j)).astype(np.complex128)
    return jx, jy, jz


def _check_label(label, name: str = "label") -> str:
    if not isinstance(label, str) or not label or any(ch not in PAULI for ch in label):
        raise input_error(name, label, "a non-empty string of the letters I, X, Y, Z")
    return label


def pauli_string(label: str) -> np.ndarray:
    """kron of the Pauli matrices named by ``label`` (leftmost = qubit 0 = most significant), (2^n, 2^n).

    >>> pauli_string("XZ").real.astype(int)
    array([[ 0,  0,  1,  0],
           [ 0,  0,  0, -1],
           [ 1,  0,  0,  0],
           [ 0, -1,  0,  0]])
    """
    _check_label(label)
    return reduce(np.kron, [PAULI[ch] for ch in label])


def pauli_labels(n, *, include_identity: bool = False) -> list[str]:
    """All n-qubit Pauli strings sorted by weight (number of non-I letters), then lexicographically with
    I < X < Y < Z.  The all-identity string comes first if ``include_identity``; 4^n - 1 labels otherwise.

    >>> labels = pauli_labels(3)
    >>> len(labels), labels[:4], labels[9]
    (63, ['IIX', 'IIY', 'IIZ', 'IXI'], 'IXX')
    """
    n = as_positive_int(n, "n")
    labels = ["".join(t) for t in itertools.product("IXYZ", repeat=n)]  # lexicographic: I < X < Y < Z
    labels.sort(key=lambda s: len(s) - s.count("I"))  # stable: lexicographic within each weight
    return labels if include_identity else labels[1:]


@lru_cache(maxsize=32)
def _monomial_tables(labels: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """For each label, column index cols[l, i] of the nonzero entry of row i and its value vals[l, i]."""
    n = len(labels[0])
    rows = np.arange(2**n)
    cols = np.empty((len(labels), 2**n), dtype=np.intp)
    vals = np.empty((len(labels), 2**n), dtype=np.complex128)
    for li, label in enumerate(labels):
        c = rows.copy()
        v = np.ones(2**n, dtype=np.complex128)
        for q, ch in enumerate(label):
            shift = n - 1 - q
            bit = (rows >> shift) & 1
            c ^= _FLIP[ch] << shift
            v *= np.asarray(_PHASE[ch])[bit]
        cols[li], vals[li] = c, v
    cols.flags.writeable = False
    vals.flags.writeable = False
    return cols, vals


def pauli_expectations(rho, labels) -> np.ndarray:
    """Re Tr(rho P) for each Pauli string P in ``labels``, batched over leading axes of rho.

    ``rho``: (..., d, d) with d = 2^n, or a state vector (d,); ``labels``: sequence of n-letter strings (a single
    string counts as a one-element list).  Returns a real array (..., len(labels)).  Uses that P is monomial:
    Tr(rho P) = sum_i P[i, c(i)] rho[c(i), i], so the cost is O(len(labels) d) per state, not O(len(labels) d^2).

    >>> pauli_expectations(np.diag([1.0, 0.0]), ["X", "Z"])
    array([0., 1.])
    """
    if isinstance(labels, str):
        labels = [labels]
    labels = tuple(labels) if not isinstance(labels, np.ndarray) else tuple(labels.tolist())
    if not labels:
        raise input_error("labels", labels, "a non-empty sequence of Pauli strings")
    for lab in labels:
        _check_label(lab, "labels")
    n = len(labels[0])
    if any(len(lab) != n for lab in labels):
        raise input_error("labels", list(labels), "Pauli strings all of the same length")
    arr = as_square(rho, "rho", batch=True)
    if arr.shape[-1] != 2**n:
        raise input_error("rho", rho, f"of dimension 2^{n} = {2**n} to match {n}-letter labels")
    cols, vals = _monomial_tables(labels)
    gathered = arr[..., cols, np.arange(2**n)]  # rho[..., c_l(i), i], shape (..., L, d)
    return np.einsum("...li,li->...l", gathered, vals).real


def symmetric_embedding(n_qubits) -> np.ndarray:
    """Isometry V (2^n, n+1) from spin j = n/2 (column k = j - m) onto the symmetric (Dicke) n-qubit states.

    Column k is the normalized sum of the binom(n, k) basis states with k qubits down (bit 1; |up> = 0), so
    V[:, 0] = |00...0> = |j, j>.  V^dagger V = I, V J_a V^dagger = sum_i sigma_a^(i) / 2 on the symmetric
    subspace, and V spin_coherent_state(n/2, th, ph) = (cos(th/2), e^{-i ph} sin(th/2))^{kron n}.

    >>> symmetric_embedding(2) @ np.array([0.0, 1.0, 0.0])
    array([0.        , 0.70710678, 0.70710678, 0.        ])
    """
    n = as_positive_int(n_qubits, "n_qubits")
    idx = np.arange(2**n)
    weight = np.zeros(2**n, dtype=np.intp)
    for b in range(n):
        weight += (idx >> b) & 1
    counts = np.bincount(weight, minlength=n + 1)
    v = np.zeros((2**n, n + 1))
    v[idx, weight] = 1.0 / np.sqrt(counts[weight])
    return v
