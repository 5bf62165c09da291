"""Exact unitary dynamics of system + finite reservoirs from one eigendecomposition (hbar = 1).

With H = W diag(E) W^dagger and M = W^dagger rho(0) W (the initial state in the eigenbasis),

    rho(t) = W (M o e^{-i (E_a - E_b) t}) W^dagger,
    <A>_t  = Tr A rho(t) = sum_ab G_ab e^{-i (E_a - E_b) t},      G_ab = (W^dagger A W)_ba M_ab.

After the O(d^3) set-up (one ``eigh``, one change of basis per observable), each expectation value costs O(d^2) per
time; all times at once are two real matrix products G @ cos(E t), G @ sin(E t) (BLAS 3). Full states rho(t)
(needed for reservoir entropies and correlations) cost O(d^3) per time: `propagate_states`.

A piecewise-constant protocol (`noneq.reservoir.model.Stage`) is propagated segment by segment, one
eigendecomposition per segment (`evolve_states`).

Example
-------
>>> import numpy as np
>>> H = np.array([[0.0, 1.0], [1.0, 0.0]]); rho0 = np.diag([1.0, 0.0])
>>> eig = diagonalize(H, rho0)
>>> np.round(expectation_series(eig, [np.diag([1.0, -1.0])], np.array([0.0, np.pi / 4])).real, 12)
array([[1., 0.]])
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import scipy.linalg

from noneq.core.errors import NoneqInputError, bad_value
from noneq.reservoir.model import OpenSystem


@dataclass(frozen=True, eq=False)
class Eigensystem:
    """H = vectors diag(energies) vectors^dagger and the initial state ``rho0`` in that eigenbasis (M)."""

    energies: np.ndarray
    vectors: np.ndarray
    rho0: np.ndarray


def check_times(times) -> np.ndarray:
    """Validate output times: a non-empty 1D array of finite, non-negative, non-decreasing numbers."""
    t = np.atleast_1d(np.asarray(times, dtype=float))
    if t.ndim != 1 or t.size == 0 or not np.all(np.isfinite(t)) or np.any(t < 0) or np.any(np.diff(t) < 0):
        raise bad_value("times", times, "a non-empty 1D array of finite, non-negative, non-decreasing times")
    return t


def diagonalize(H: np.ndarray, rho0: np.ndarray) -> Eigensystem:
    """Eigendecomposition of the Hermitian ``H`` (d, d) and rho0 (d, d) in its eigenbasis (one O(d^3) step)."""
    if H.shape != rho0.shape:
        raise NoneqInputError(f"H has shape {H.shape} but rho0 has shape {rho0.shape}: they must match")
    energies, vectors = scipy.linalg.eigh(H, driver="evd", check_finite=False)
    M = vectors.conj().T @ rho0 @ vectors
    return Eigensystem(energies, vectors, 0.5 * (M + M.conj().T))


def phase_series(G: np.ndarray, energies: np.ndarray, times: np.ndarray) -> np.ndarray:
    """sum_ab G_ab exp(-i (E_a - E_b) t) for each t (complex, shape (n_t,)); O(d^2 n_t) via two real matmuls.

    With u_a = e^{-i E_a t} = c_a - i s_a: u^T G u* = sum(c (G c) + s (G s)) + i sum(c (G s) - s (G c)).
    """
    if np.iscomplexobj(G):
        return phase_series(np.ascontiguousarray(G.real), energies, times) \
            + 1j * phase_series(np.ascontiguousarray(G.imag), energies, times)
    phase = np.outer(energies, times)
    c, s = np.cos(phase), np.sin(phase)
    Gc, Gs = G @ c, G @ s
    return np.einsum("at,at->t", c, Gc) + np.einsum("at,at->t", s, Gs) \
        + 1j * (np.einsum("at,at->t", c, Gs) - np.einsum("at,at->t", s, Gc))


def expectation_series(eig: Eigensystem, operators: Sequence[np.ndarray], times) -> np.ndarray:
    """<A_k>_t = Tr A_k rho(t) for each operator (d, d) and time; complex array (n_ops, n_t)."""
    t = check_times(times)
    W = eig.vectors
    out = np.empty((len(operators), t.size), dtype=complex)
    for k, A in enumerate(operators):
        G = (W.conj().T @ np.asarray(A) @ W).T * eig.rho0
        out[k] = phase_series(G, eig.energies, t)
    return out


def propagate_states(eig: Eigensystem, times) -> np.ndarray:
    """Full states rho(t) = W (M o e^{-i(E_a - E_b)t}) W^dagger, shape (n_t, d, d); O(d^3) per time."""
    t = check_times(times)
    W, E = eig.vectors, eig.energies
    out = np.empty((t.size,) + W.shape, dtype=complex)
    for k, tk in enumerate(t):
        u = np.exp(-1j * E * tk)
        rho = (W * u) @ eig.rho0 @ (W * u).conj().T
        out[k] = 0.5 * (rho + rho.conj().T)
    return out


def evolve_states(model: OpenSystem, times) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
    """Exact rho(t) (n_t, d, d) under the model's piecewise-constant protocol, and the (H_s, V) in force at each
    time (the later stage at a switching instant: H jumps at fixed state)."""
    t = check_times(times)
    rho = model.initial_state()
    states = np.empty((t.size, model.dim, model.dim), dtype=complex)
    active: list[tuple[np.ndarray, np.ndarray]] = [None] * t.size  # type: ignore[list-item]
    for start, end, H_s, V in model.segments(float(t[-1])):
        eig = diagonalize(model.hamiltonian(H_s, V), rho)
        inside = np.flatnonzero((t >= start) & (t <= end))
        if inside.size:
            states[inside] = propagate_states(eig, t[inside] - start)
            for k in inside:
                active[k] = (H_s, V)
        if math.isfinite(end) and end > start:
            rho = propagate_states(eig, [end - start])[0]
    return states, active
