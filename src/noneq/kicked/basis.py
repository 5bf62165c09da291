"""The well's sine basis and its collocation grid (orthonormal DST-I), shared by the quantum solvers.

Eigenfunctions of the infinite well on [0, L]: phi_n(x) = sqrt(2/L) sin(n pi x / L), n = 1..N, with momentum
p_n = hbar_eff n pi / L and kinetic energy p_n^2 / (2 mass): free evolution between kicks is exactly diagonal,
c_n -> exp(-i p_n^2 t / (2 mass hbar_eff)) c_n.

Collocation grid x_j = j L / (N + 1), j = 1..N. The orthonormal DST-I matrix
S_jn = sqrt(2 / (N + 1)) sin(pi j n / (N + 1)) is real, symmetric and its own inverse; it maps mode
coefficients c_n to grid amplitudes psi_j = sqrt(L / (N + 1)) phi(x_j) (unit l2 norm on both sides).
Potentials (the kicks K cos x, the interaction) act as diagonal multiplications on the grid amplitudes.

Examples
--------
>>> from noneq.kicked.model import KickedParticles
>>> model = KickedParticles(hbar_eff=0.1)
>>> c = transform(kick_phases(model, 7, 1.8) * transform(ground_state(7)))  # one kick from the ground state
>>> round(float(np.linalg.norm(c)), 12)
1.0
"""

from __future__ import annotations

import numpy as np
import scipy.fft

from noneq.kicked.model import KickedParticles

FFT_WORKERS = 2  # threads of a large transform (two cores)
PARALLEL_MIN_SIZE = 1 << 14  # smaller transforms run on one thread (thread start-up would dominate)


def grid(model: KickedParticles, modes: int) -> np.ndarray:
    """Collocation points x_j = j L / (N + 1), j = 1..N.

    >>> from noneq.kicked.model import KickedParticles
    >>> grid(KickedParticles(L=4.0), 3)
    array([1., 2., 3.])
    """
    return np.arange(1, modes + 1) * model.L / (modes + 1)


def momenta(model: KickedParticles, modes: int) -> np.ndarray:
    """Sine-mode momenta p_n = hbar_eff n pi / L, n = 1..N.

    >>> from noneq.kicked.model import KickedParticles
    >>> momenta(KickedParticles(hbar_eff=0.5, L=np.pi), 3)
    array([0.5, 1. , 1.5])
    """
    return model.momentum_quantum * np.arange(1, modes + 1)


def transform(values: np.ndarray, axis: int = -1) -> np.ndarray:
    """Orthonormal DST-I along ``axis`` (modes <-> grid amplitudes; the transform is its own inverse).

    >>> v = np.array([1.0, 2.0, 3.0])
    >>> bool(np.allclose(transform(transform(v)), v))
    True
    """
    workers = FFT_WORKERS if np.size(values) >= PARALLEL_MIN_SIZE else 1
    return scipy.fft.dst(values, type=1, norm="ortho", axis=axis, workers=workers)


def dst_matrix(modes: int) -> np.ndarray:
    """The DST-I matrix S (N, N), for small dense references and per-point operators.

    >>> S = dst_matrix(4)
    >>> bool(np.allclose(S @ S, np.eye(4)))
    True
    """
    k = np.arange(1, modes + 1)
    return np.sqrt(2.0 / (modes + 1)) * np.sin(np.pi * np.outer(k, k) / (modes + 1))


def free_phases(model: KickedParticles, modes: int, mass: float, duration: float) -> np.ndarray:
    """exp(-i p_n^2 duration / (2 mass hbar_eff)), the exact free propagator in the sine basis.

    >>> from noneq.kicked.model import KickedParticles
    >>> free_phases(KickedParticles(hbar_eff=1.0), 2, 1.0, np.pi).round(12)
    array([0.-1.j, 1.+0.j])
    """
    p = momenta(model, modes)
    return np.exp(-1j * p * p * duration / (2.0 * mass * model.hbar_eff))


def kick_phases(model: KickedParticles, modes: int, K: float | np.ndarray) -> np.ndarray:
    """exp(-i K cos x_j / hbar_eff) on the grid; K a scalar or an array of shape S, giving shape S + (N,).

    >>> from noneq.kicked.model import KickedParticles
    >>> kick_phases(KickedParticles(), 5, np.array([1.0, 2.0])).shape
    (2, 5)
    """
    return np.exp(-1j * np.multiply.outer(np.asarray(K, dtype=float), np.cos(grid(model, modes)))
                  / model.hbar_eff)


def ground_state(modes: int) -> np.ndarray:
    """The well's ground state phi_1 in the sine basis: (1, 0, ..., 0).

    >>> ground_state(3)
    array([1.+0.j, 0.+0.j, 0.+0.j])
    """
    c = np.zeros(modes, dtype=np.complex128)
    c[0] = 1.0
    return c
