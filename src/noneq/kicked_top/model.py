"""The quantum kicked top as validated data, and the operators it is built from.

Floquet operator (hbar = 1, Neill et al. 2016 eq. (3)):

    U = exp(-i (kappa / 2j) Jz^2) exp(-i p Jy),      p = pi/2 in the paper.

One step first rotates the spin by the angle p about the y axis, then twists it about z by an angle proportional
to Jz. Basis: Jz eigenstates ordered m = j, j-1, ..., -j (index k = j - m), the ordering of
`noneq.quantum.spin_coherent_state`.

Orientation convention (shared with the classical map, `noneq.kicked_top.classical`): the initial coherent
state |theta, phi> is the 2j-fold product of cos(theta/2)|up> + exp(-i phi) sin(theta/2)|down> (paper eq. (4)),
whose Bloch vector is n = (sin theta cos phi, -sin theta sin phi, cos theta). With this convention the paper's
maps over (theta_0, phi_0) are reproduced as printed.

Example
-------
>>> top = KickedTop(j=1.5, kappa=2.5)
>>> U = top.floquet_operator()
>>> U.shape
(4, 4)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.linalg import eigh_tridiagonal

from noneq.core.errors import NumericalError, bad_value

MAX_J = 2000.0  # dense d-matrix (2j+1)^2: at j = 2000, 128 MB and ~15 s to build on 2 cores (cost ~ j^3)
UNITARITY_TOLERANCE = 1e-9  # |U^T U - 1| above this means the rotation matrix lost accuracy


def check_j(j: float) -> float:
    """Validate a spin quantum number: 2j a positive integer, j <= MAX_J. Returns j as a float."""
    if isinstance(j, bool):
        raise bad_value("j", j, "a positive integer or half-integer")
    try:
        value = float(j)
    except (TypeError, ValueError):
        raise bad_value("j", j, "a positive integer or half-integer") from None
    if not math.isfinite(value) or value < 0.5 or not (2 * value).is_integer():
        raise bad_value("j", j, "a positive integer or half-integer (2j a positive integer)")
    if value > MAX_J:
        raise bad_value("j", j, f"at most {MAX_J:g} (the rotation matrix is dense)")
    return value


@dataclass(frozen=True)
class KickedTop:
    """Parameters of the kicked top: spin ``j``, twist strength ``kappa``, rotation angle ``p`` (radians)."""

    j: float
    kappa: float
    p: float = math.pi / 2

    def __post_init__(self) -> None:
        object.__setattr__(self, "j", check_j(self.j))
        for name in ("kappa", "p"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise bad_value(name, value, "a finite real number")
            object.__setattr__(self, name, float(value))

    @property
    def dim(self) -> int:
        """Hilbert-space dimension 2j + 1."""
        return int(round(2 * self.j)) + 1

    @property
    def n_qubits(self) -> int:
        """Number of spin-1/2 constituents, 2j."""
        return int(round(2 * self.j))

    def m_values(self) -> np.ndarray:
        """Jz eigenvalues m = j, ..., -j (float)."""
        return self.j - np.arange(self.dim, dtype=float)

    def twist_phases(self) -> np.ndarray:
        """Diagonal of exp(-i (kappa / 2j) Jz^2), shape (dim,)."""
        m = self.m_values()
        return np.exp(-1j * self.kappa / (2 * self.j) * m * m)

    def rotation_matrix(self) -> np.ndarray:
        """exp(-i p Jy) (real orthogonal Wigner small-d matrix), shape (dim, dim)."""
        return _rotation_matrix(self.n_qubits, self.p)

    def floquet_operator(self) -> np.ndarray:
        """U = exp(-i kappa Jz^2 / 2j) exp(-i p Jy) as a dense complex matrix."""
        return self.twist_phases()[:, None] * self.rotation_matrix()


@lru_cache(maxsize=8)
def _rotation_matrix(two_j: int, p: float) -> np.ndarray:
    """exp(-i p Jy) from the eigendecomposition of the real tridiagonal Jx.

    Jy = R Jx R^dagger with R = exp(-i (pi/2) Jz), so exp(-i p Jy) = R W e^{-i p M} W^T R^dagger, where
    Jx = W M W^T. The eigenvalues M are exactly the integers/half-integers -j..j, used exactly. The result is
    real (a Wigner small-d matrix); the imaginary residue is checked and dropped.
    """
    j = two_j / 2
    m = j - np.arange(two_j + 1, dtype=float)
    # <m+1|Jx|m> = sqrt(j(j+1) - m(m+1)) / 2, the off-diagonal of the tridiagonal Jx in descending order.
    off = 0.5 * np.sqrt(j * (j + 1) - m[1:] * (m[1:] + 1))
    eigenvalues, W = eigh_tridiagonal(np.zeros(two_j + 1), off)
    exact = np.round(2 * eigenvalues) / 2
    R = np.exp(-0.5j * np.pi * m)
    rotated = (R[:, None] * W) * np.exp(-1j * p * exact)[None, :]
    d = rotated @ (W.T * R.conj()[None, :])
    imag = float(np.max(np.abs(d.imag))) if d.size else 0.0
    d = np.ascontiguousarray(d.real)
    error = float(np.max(np.abs(d.T @ d - np.eye(two_j + 1))))
    if imag > UNITARITY_TOLERANCE or error > UNITARITY_TOLERANCE:
        raise NumericalError(
            f"rotation matrix for j = {j:g} lost accuracy (imaginary residue {imag:.2e}, "
            f"orthogonality error {error:.2e})"
        )
    d.setflags(write=False)
    return d
