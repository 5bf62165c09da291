"""Observables of the kicked top: pure functions from states to numbers.

Conventions: entropies in bits (log base 2). The single-qubit entanglement entropy of a permutation-symmetric
state of 2j qubits follows from the collective Bloch vector alone: rho_1 = (I + r . sigma) / 2 with
r = <J> / j, so S = h2((1 + |r|) / 2) (docs/papers/kicked-top.md, "Single-qubit entropy"). This holds for pure
and mixed symmetric states.

Microcanonical ensemble (docs/papers/kicked-top.md, "Ergodicity"): the normalized projector onto the accessible
states, the symmetric subspace of the 2j qubits, rho_mc = P_sym / (2j + 1). Overlap = root fidelity
Tr sqrt(sqrt(rho_mc) rho sqrt(rho_mc)). Qubit basis: |up> = |0>, qubit 0 is the leftmost kron factor.
"""

from __future__ import annotations

import numba
import numpy as np

from noneq.core.errors import NumericalError, bad_value
from noneq.core.resources import check_memory
from noneq.core.validation import boolean, integer, real_array
from noneq.kicked_top.model import check_j, check_points, check_states
from noneq.quantum import binary_entropy, symmetric_embedding

BLOCH_LENGTH_TOLERANCE = 1e-9  # |r| may exceed 1 by rounding only
EIGENVALUE_FLOOR = 1e-13  # relative: rounding-level eigenvalues of rank-deficient states (sqrt would amplify them)
MAX_QUBITS = 12  # register density matrices: 4^n complex entries per state (256 MiB at n = 12)


def _qubits(n_qubits) -> int:
    return integer("n_qubits", n_qubits, minimum=1, maximum=MAX_QUBITS)


def bloch_vectors(psi: np.ndarray, j: float) -> np.ndarray:
    """The collective Bloch vectors <J>/j of a batch of spin-j states.

    Parameters
    ----------
    psi : numpy.ndarray
        States as columns, shape (dim, batch), basis m = j..-j.
    j : float
        The spin.

    Returns
    -------
    numpy.ndarray
        Shape (batch, 3): (x, y, z) components.

    Notes
    -----
    <J+> = sum_k conj(c_{k-1}) sqrt(j(j+1) - m_k(m_k+1)) c_k,   <Jx> = Re <J+>,  <Jy> = Im <J+>.

    Examples
    --------
    >>> from noneq.quantum import spin_coherent_state
    >>> psi = spin_coherent_state(1.5, np.pi / 2, np.pi / 2)[:, None]
    >>> np.round(bloch_vectors(psi, 1.5), 12)      # (theta, phi) = (pi/2, pi/2) points along -y
    array([[ 0., -1.,  0.]])
    """
    j = check_j(j)
    psi = check_states("psi", psi, rows=int(round(2 * j)) + 1)
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
    """Single-qubit von Neumann entropy in bits from Bloch vectors: S = h2((1 + |r|)/2).

    Parameters
    ----------
    bloch : numpy.ndarray
        Bloch vectors r, shape (..., 3), with |r| <= 1 (up to BLOCH_LENGTH_TOLERANCE for rounding).

    Returns
    -------
    numpy.ndarray
        Entropies in bits, shape (...).

    Raises
    ------
    NumericalError
        If some |r| exceeds 1 by more than rounding (not a qubit state).

    Examples
    --------
    >>> entropy_from_bloch(np.array([[0.0, 0.0, 1.0], [0.0, 0.0, 0.0]]))
    array([0., 1.])
    """
    bloch = check_points("bloch", bloch)
    length = np.sqrt(np.einsum("...i,...i->...", bloch, bloch))
    if length.size and float(length.max()) > 1.0 + BLOCH_LENGTH_TOLERANCE:
        raise NumericalError(f"Bloch vector longer than 1 ({float(length.max()):.3g}): not a valid qubit state")
    larger = (1.0 + np.minimum(length, 1.0)) / 2.0  # larger eigenvalue of rho_1, in [1/2, 1]
    return binary_entropy(larger, base=2) + 0.0  # + 0.0: no negative zeros


def qubit_density_matrices(psi: np.ndarray, n_qubits: int) -> np.ndarray:
    """The 2^n x 2^n density matrices of symmetric n-qubit states given in the spin basis.

    Parameters
    ----------
    psi : numpy.ndarray
        Spin-(n/2) states as columns, shape (n + 1, batch), basis m = j..-j.
    n_qubits : int
        n = 2j.

    Returns
    -------
    numpy.ndarray
        Shape (batch, 2^n, 2^n); qubit basis |up> = |0>, qubit 0 the leftmost kron factor.

    Examples
    --------
    >>> rho = qubit_density_matrices(np.array([[1.0], [0.0], [0.0]]), 2)   # m = +1: |00>
    >>> rho.shape, float(rho[0, 0, 0].real)
    ((1, 4, 4), 1.0)
    """
    n_qubits = _qubits(n_qubits)
    psi = check_states("psi", psi, rows=n_qubits + 1)
    check_memory(3 * 16.0 * psi.shape[1] * 4 ** n_qubits, f"{psi.shape[1]} density matrices of {n_qubits} qubits",
                 "lower the number of states or qubits")
    V = symmetric_embedding(n_qubits)
    qubit_states = (V @ psi).T  # (batch, 2^n)
    return qubit_states[:, :, None] * qubit_states[:, None, :].conj()


def overlap_with_microcanonical(rho: np.ndarray, n_qubits: int) -> np.ndarray:
    """Root fidelity of register states with the microcanonical ensemble rho_mc = P_sym / (n + 1).

    Parameters
    ----------
    rho : numpy.ndarray
        Density matrices of n qubits, shape (..., 2^n, 2^n).
    n_qubits : int
        n.

    Returns
    -------
    numpy.ndarray
        Overlaps in [0, 1], shape (...).

    Notes
    -----
    With rho_mc = P/d (P a projector of rank d = n + 1), sqrt(rho_mc) rho sqrt(rho_mc) = P rho P / d, so
    F = sum_i sqrt(eig_i(P rho P)) / sqrt(d). The eigenvalues are those of V^dagger rho V ((n+1) x (n+1)),
    V the isometry onto the symmetric subspace. Eigenvalues below EIGENVALUE_FLOOR times the largest are
    rounding noise of rank-deficient states and are set to zero.

    Examples
    --------
    >>> from noneq.quantum import symmetric_embedding
    >>> V = symmetric_embedding(3)
    >>> round(float(overlap_with_microcanonical(V @ V.T / 4, 3)), 12)
    1.0
    """
    n_qubits = _qubits(n_qubits)
    rho = np.asarray(rho)
    if (rho.dtype.kind not in "iufc" or rho.ndim < 2 or rho.shape[-2:] != (2 ** n_qubits,) * 2 or rho.size == 0
            or not np.all(np.isfinite(rho))):
        raise bad_value("rho", f"shape {rho.shape}" if rho.ndim else rho,
                        f"finite density matrices of shape (..., {2 ** n_qubits}, {2 ** n_qubits}) for {n_qubits} "
                        "qubits")
    V = symmetric_embedding(n_qubits)
    reduced = np.einsum("ia,...ij,jb->...ab", V.conj(), rho, V)
    reduced = 0.5 * (reduced + np.conj(np.swapaxes(reduced, -1, -2)))
    eigenvalues = np.linalg.eigvalsh(reduced)
    floor = EIGENVALUE_FLOOR * np.max(eigenvalues, axis=-1, keepdims=True)
    eigenvalues = np.where(eigenvalues > floor, eigenvalues, 0.0)
    return np.sqrt(eigenvalues).sum(axis=-1) / np.sqrt(n_qubits + 1)


def running_average(values: np.ndarray, *, include_initial: bool) -> np.ndarray:
    """Cumulative time averages along axis 0 (the kick n = 0..N).

    Parameters
    ----------
    values : numpy.ndarray
        Shape (N + 1, ...); real or complex (e.g. density matrices).
    include_initial : bool
        Average over n = 0..N (True) or n = 1..N (False).

    Returns
    -------
    numpy.ndarray
        Same shape: entry N (N >= 1) is the mean up to kick N; entry 0 is the value at n = 0 in both cases.

    Examples
    --------
    >>> running_average(np.array([0.0, 1.0, 2.0]), include_initial=False)
    array([0. , 1. , 1.5])
    >>> running_average(np.array([0.0, 1.0, 2.0]), include_initial=True)
    array([0. , 0.5, 1. ])
    """
    include_initial = boolean("include_initial", include_initial)
    values = np.asarray(values)
    if values.dtype.kind not in "iufc" or values.ndim == 0 or values.shape[0] == 0:
        raise bad_value("values", values.tolist() if values.size < 6 else f"shape {values.shape}",
                        "a numeric array with a first axis of kicks n = 0..N (N >= 0)")
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
    """Sum of squared connected parts of the two- and three-qubit Pauli correlators.

    Parameters
    ----------
    pauli_values : numpy.ndarray
        Expectation values, shape (..., len(labels)).
    labels : list of str
        Their Pauli strings (e.g. `noneq.quantum.pauli_labels`), including every single- and two-qubit
        substring of each three-qubit string.

    Returns
    -------
    numpy.ndarray
        Shape (...).

    Notes
    -----
    For a string with support {a, b} the connected part is <P_a P_b> - <P_a><P_b>; for three qubits,
    <PaPbPc> - <Pa><PbPc> - <Pb><PaPc> - <Pc><PaPb> + 2 <Pa><Pb><Pc>. Product states have zero weight, so it
    measures the correlations that the single-qubit orientations do not explain (entanglement for a pure
    state).

    Examples
    --------
    >>> from noneq.quantum import pauli_expectations, pauli_labels
    >>> bell = np.array([1.0, 0.0, 0.0, 1.0]) / np.sqrt(2)
    >>> labels = pauli_labels(2)
    >>> round(float(connected_correlation_weight(pauli_expectations(np.outer(bell, bell), labels), labels)), 12)
    3.0
    """
    allowed = "a non-empty list of Pauli strings of equal length (letters I, X, Y, Z)"
    if (not isinstance(labels, (list, tuple)) or not labels or not all(isinstance(x, str) for x in labels)
            or len({len(x) for x in labels}) != 1 or not set("".join(labels)) <= set("IXYZ")):
        raise bad_value("labels", labels if isinstance(labels, (list, tuple, str)) else type(labels).__name__,
                        allowed)
    pauli_values = real_array("pauli_values", pauli_values)
    if pauli_values.ndim == 0 or pauli_values.shape[-1] != len(labels):
        raise bad_value("pauli_values", f"shape {pauli_values.shape}", f"an array of shape (..., {len(labels)}): "
                        "one value per label")
    index = {label: i for i, label in enumerate(labels)}
    n = len(labels[0])

    def sub(label: str, keep: tuple[int, ...]) -> float:
        part = "".join(label[q] if q in keep else "I" for q in range(n))
        if part not in index:
            raise bad_value("labels", f"without {part!r}", "labels that include every single- and two-qubit "
                            "substring of each string")
        return pauli_values[..., index[part]]

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
