"""Superoperators on density matrices: Lindblad generators, dissipators, and their stationary states.

Convention: a density matrix ``rho`` (d, d) is vectorized row by row, ``vec(rho) = rho.ravel()`` (NumPy's
C order), so that ``vec(A rho B) = (A (x) B^T) vec(rho)`` and a superoperator is a (d^2, d^2) matrix acting on
``vec(rho)``. With hbar = 1, the Lindblad (GKSL) generator

    d rho / dt = L(rho) = -i [H, rho] + sum_k ( L_k rho L_k^dagger - {L_k^dagger L_k, rho} / 2 )

is, in this convention,

    L = -i (H (x) 1 - 1 (x) H^T)
        + sum_k [ L_k (x) L_k^* - (L_k^dagger L_k (x) 1) / 2 - (1 (x) (L_k^dagger L_k)^T) / 2 ].

Rates are folded into the jump operators (``L_k = sqrt(gamma_k) A_k``). The stationary state of a generator
and the fixed point of a one-period map use `noneq.core.linalg.null_vector` and `noneq.core.linalg.fixed_point`
(re-exported here).

Examples
--------
A qubit decaying at rate gamma = 1 relaxes to its ground state |1><1| (|0> = up):

>>> import numpy as np
>>> lower = np.array([[0.0, 0.0], [1.0, 0.0]])          # |1><0|
>>> L = lindblad_generator(np.diag([0.5, -0.5]), [lower])
>>> np.round(steady_state(L).real, 12)
array([[0., 0.],
       [0., 1.]])
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from noneq.core.linalg import fixed_point, null_vector
from noneq.quantum._convert import as_array, input_error, like_input

__all__ = ["apply_superoperator", "commutator_generator", "dissipator", "fixed_point", "lindblad_generator",
           "null_vector", "steady_state", "unvec", "vec"]



def _square(matrix, name: str) -> np.ndarray:
    array = as_array(matrix, name)
    if array.ndim != 2 or array.shape[0] != array.shape[1] or array.shape[0] == 0:
        raise input_error(name, matrix, "a square matrix")
    return array


def vec(rho) -> np.ndarray:
    """Row-major vectorization ``rho.ravel()`` of a (d, d) matrix, or of a batch (..., d, d) to (..., d^2).

    >>> vec(np.array([[1, 2], [3, 4]]))
    array([1., 2., 3., 4.])
    """
    array = as_array(rho, "rho")
    if array.ndim < 2 or array.shape[-1] != array.shape[-2]:
        raise input_error("rho", rho, "a (d, d) matrix or a batch (..., d, d) of them")
    return array.reshape(array.shape[:-2] + (array.shape[-1] ** 2,))


def unvec(vector) -> np.ndarray:
    """Inverse of `vec`: (..., d^2) to (..., d, d).

    >>> unvec(np.arange(4.0))
    array([[0., 1.],
           [2., 3.]])
    """
    array = as_array(vector, "vector")
    d = int(round(np.sqrt(array.shape[-1]))) if array.ndim else 0
    if array.ndim < 1 or d * d != array.shape[-1] or d == 0:
        raise input_error("vector", vector, "a vector (or batch) of length d^2")
    return array.reshape(array.shape[:-1] + (d, d))


def commutator_generator(H) -> np.ndarray:
    """The superoperator of rho -> -i [H, rho]: ``-i (H (x) 1 - 1 (x) H^T)``, shape (d^2, d^2).

    >>> bool(commutator_generator(np.eye(2)).any())
    False
    """
    H = _square(H, "H")
    one = np.eye(H.shape[0])
    return -1j * (np.kron(H, one) - np.kron(one, H.T))


def dissipator(jump) -> np.ndarray:
    """The superoperator of rho -> L rho L^dagger - {L^dagger L, rho} / 2 for one jump operator L.

    It is trace preserving: ``vec(1)^dagger D = 0``.

    >>> D = dissipator(np.array([[0.0, 1.0], [0.0, 0.0]]))
    >>> bool(np.allclose(vec(np.eye(2)) @ D, 0.0))
    True
    """
    L = _square(jump, "jump")
    one = np.eye(L.shape[0])
    LdL = L.conj().T @ L
    return np.kron(L, L.conj()) - 0.5 * np.kron(LdL, one) - 0.5 * np.kron(one, LdL.T)


def lindblad_generator(H, jumps: Sequence = ()) -> np.ndarray:
    """The Lindblad generator (module docstring) of Hamiltonian ``H`` and jump operators ``jumps``.

    >>> lindblad_generator(np.diag([1.0, -1.0])).shape
    (4, 4)
    """
    generator = commutator_generator(H)
    for k, jump in enumerate(jumps):
        D = dissipator(jump)
        if D.shape != generator.shape:
            raise input_error(f"jumps[{k}]", jump, f"a square matrix of the same size as H ({H.shape[0]})")
        generator = generator + D
    return generator


def apply_superoperator(superoperator, rho) -> np.ndarray:
    """``unvec(S vec(rho))`` for one state (d, d) or a batch (..., d, d); a ``qutip.Qobj`` rho gives a Qobj
    with its dims. Superoperators themselves are NumPy arrays in noneq's row-major convention (QuTiP's
    superoperators use column stacking: do not mix them).

    >>> bool(apply_superoperator(dissipator(np.zeros((2, 2))), np.eye(2) / 2).any())
    False
    """
    S = _square(superoperator, "superoperator")
    states = vec(rho)
    if states.shape[-1] != S.shape[0]:
        raise input_error("rho", rho, f"states of dimension d with d^2 = {S.shape[0]}")
    return like_input(unvec(states @ S.T), rho)


def steady_state(generator) -> np.ndarray:
    """The unique stationary state rho (d, d) of a Lindblad generator: ``L vec(rho) = 0``, ``Tr rho = 1``,
    made exactly Hermitian; `NumericalError` when it is not unique (see `null_vector`)."""
    L = _square(generator, "generator")
    d = int(round(np.sqrt(L.shape[0])))
    if d * d != L.shape[0]:
        raise input_error("generator", generator, "a (d^2, d^2) superoperator")
    rho = unvec(null_vector(L, vec(np.eye(d))))
    return 0.5 * (rho + rho.conj().T)
