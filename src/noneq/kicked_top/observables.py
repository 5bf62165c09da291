"""Observables of the kicked top: pure functions from states to numbers.

Conventions: entropies in bits (log base 2). The single-qubit entanglement entropy of a permutation-symmetric
state of 2j qubits follows from the collective Bloch vector alone: rho_1 = (I + r . sigma) / 2 with
r = <J> / j, so S = h2((1 + |r|) / 2) (NOTES.md, kicked top). This holds for pure and mixed symmetric states
and is checked against the explicit partial trace in the tests.

Microcanonical ensemble (NOTES.md): the normalized projector onto the accessible states, the symmetric
subspace of the 2j qubits, rho_mc = P_sym / (2j + 1). Overlap = root fidelity Tr sqrt(sqrt(rho_mc) rho sqrt(rho_mc)).
"""

from __future__ import annotations

import numba
import numpy as np

from noneq.core.errors import NumericalError
from noneq.quantum import symmetric_embedding

BLOCH_LENGTH_TOLERANCE = 1e-9  # |r| may exceed 1 by rounding only
EIGENVALUE_FLOOR = 1e-13  # relative: rounding-level eigenvalues of rank-deficient states (sqrt would amplify them)


def bloch_vectors(psi: np.ndarray, j: float) -> np.ndarray:
    """<J>/j for each column of a (dim, batch) batch in the m = j..-j basis; returns (batch, 3) (x, y, z).

    <J+> = sum_k conj(c_{k-1}) sqrt(j(j+1) - m_k(m_k+1)) c_k,   <Jx> = Re <J+>,  <Jy> = Im <J+>.
    """
    dim = psi.shape[0]
    m = j - np.arange(dim, dtype=float)
    ladder = np.sqrt(np.maximum(j * (j + 1) - m[1:] * (m[1:] + 1), 0.0))
    out = np.zeros((psi.shape[1], 3))
    _bloch_kernel(np.ascontiguousarray(psi, dtype=np.complex128), m, ladder, out)
    return out / j


@numba.njit(cache=True, nogil=True)
def _bloch_kernel(psi, m, ladder, out):  # pragma: no cover - compiled
    """out[b] += (Re <J+>, Im <J+>, <Jz>) of column b; row-major loops follow psi's memory layout."""
    dim, batch = psi.shape
    for k in range(dim):
        for b in range(batch):
            c = psi[k, b]
            out[b, 2] += m[k] * (c.real * c.real + c.imag * c.imag)
            if k > 0:
                a = psi[k - 1, b]
                w = ladder[k - 1]
                out[b, 0] += w * (a.real * c.real + a.imag * c.imag)
                out[b, 1] += w * (a.real * c.imag - a.imag * c.real)


def entropy_from_bloch(bloch: np.ndarray) -> np.ndarray:
    """Single-qubit von Neumann entropy in bits, h2((1 + |r|)/2), from Bloch vectors of shape (..., 3)."""
    length = np.sqrt(np.einsum("...i,...i->...", bloch, bloch))
    if length.size and float(length.max()) > 1.0 + BLOCH_LENGTH_TOLERANCE:
        raise NumericalError(f"Bloch vector longer than 1 ({float(length.max()):.3g}): not a valid qubit state")
    q = (1.0 + np.minimum(length, 1.0)) / 2.0  # larger eigenvalue of rho_1, in [1/2, 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        h = -(q * np.log2(q) + np.where(q < 1.0, (1.0 - q) * np.log2(1.0 - q), 0.0))
    return h + 0.0  # no negative zeros


def qubit_density_matrices(psi: np.ndarray, n_qubits: int) -> np.ndarray:
    """The 2^n x 2^n density matrices of the symmetric n-qubit states for a (n+1, batch) spin batch.

    Qubit basis: |up> = |0>, qubit 0 is the most significant factor. Returns (batch, 2^n, 2^n).
    """
    V = symmetric_embedding(n_qubits)
    qubit_states = (V @ psi).T  # (batch, 2^n)
    return qubit_states[:, :, None] * qubit_states[:, None, :].conj()


def overlap_with_microcanonical(rho: np.ndarray, n_qubits: int) -> np.ndarray:
    """Root fidelity of density matrices (..., 2^n, 2^n) with rho_mc = P_sym / (n + 1).

    With rho_mc = P/d (P a projector of rank d), sqrt(rho_mc) rho sqrt(rho_mc) = P rho P / d, so
    F = sum_i sqrt(eig_i(P rho P)) / sqrt(d). The eigenvalues are those of V^dagger rho V ((n+1) x (n+1)).
    """
    V = symmetric_embedding(n_qubits)
    reduced = np.einsum("ia,...ij,jb->...ab", V.conj(), rho, V)
    reduced = 0.5 * (reduced + np.conj(np.swapaxes(reduced, -1, -2)))
    eigenvalues = np.linalg.eigvalsh(reduced)
    floor = EIGENVALUE_FLOOR * np.max(eigenvalues, axis=-1, keepdims=True)
    eigenvalues = np.where(eigenvalues > floor, eigenvalues, 0.0)
    return np.sqrt(eigenvalues).sum(axis=-1) / np.sqrt(n_qubits + 1)


def running_average(values: np.ndarray, *, include_initial: bool) -> np.ndarray:
    """Cumulative time averages along axis 0 (axis 0 is the step n = 0..N).

    Entry N (N >= 1) is the mean over n = 1..N (``include_initial=False``) or over n = 0..N (True). Entry 0 is
    the value at n = 0 in both cases.
    """
    values = np.asarray(values)
    cumulative = np.cumsum(values, axis=0)
    counts = np.arange(values.shape[0], dtype=float).reshape((-1,) + (1,) * (values.ndim - 1))
    out = np.empty(values.shape, dtype=np.result_type(values.dtype, float))
    out[0] = values[0]
    if include_initial:
        out[1:] = cumulative[1:] / (counts[1:] + 1)
    else:
        out[1:] = (cumulative[1:] - values[0]) / counts[1:]
    return out


def connected_correlation_weight(pauli_values: np.ndarray, labels: list[str]) -> np.ndarray:
    """Sum of squared connected parts of the multi-qubit Pauli correlators.

    For a string with support {a, b} the connected part is <P_a P_b> - <P_a><P_b>; for three qubits,
    <PaPbPc> - <Pa><PbPc> - <Pb><PaPc> - <Pc><PaPb> + 2 <Pa><Pb><Pc>. Product states have zero weight, so it
    measures the correlations that are not explained by the single-qubit orientations (entanglement for a
    pure state). ``pauli_values`` has shape (..., len(labels)).
    """
    index = {label: i for i, label in enumerate(labels)}
    n = len(labels[0])

    def sub(label: str, keep: tuple[int, ...]) -> float:
        return pauli_values[..., index["".join(label[q] if q in keep else "I" for q in range(n))]]

    total = np.zeros(pauli_values.shape[:-1])
    for label in labels:
        support = tuple(q for q, c in enumerate(label) if c != "I")
        if len(support) == 2:
            a, b = support
            connected = sub(label, support) - sub(label, (a,)) * sub(label, (b,))
        elif len(support) == 3:
            a, b, c = support
            connected = (sub(label, support) - sub(label, (a,)) * sub(label, (b, c))
                         - sub(label, (b,)) * sub(label, (a, c)) - sub(label, (c,)) * sub(label, (a, b))
                         + 2 * sub(label, (a,)) * sub(label, (b,)) * sub(label, (c,)))
        else:
            continue
        total = total + connected ** 2
    return total
