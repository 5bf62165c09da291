"""The kicked top as validated data: the spin and its Floquet operator, and the qubit register's noise.

Floquet operator of one kick (hbar = 1, Neill et al. 2016 eq. (3)):

    U = exp(-i (kappa / 2j) Jz^2) exp(-i p Jy),      p = pi/2 in the paper.

One kick first rotates the spin by the angle p about the y axis, then twists it about z by an angle
proportional to Jz. Basis: Jz eigenstates ordered m = j, j-1, ..., -j (index k = j - m), the ordering of
`noneq.quantum.spin_coherent_state`. The initial coherent state |theta, phi> is the 2j-fold product of
cos(theta/2)|up> + exp(-i phi) sin(theta/2)|down> (paper eq. (4)), with Bloch vector
n = (sin theta cos phi, -sin theta sin phi, cos theta); the classical map uses the same orientation
(docs/papers/kicked-top.md, "Conventions").

`KickedTop` holds (j, kappa, p); `Decoherence` holds the per-qubit T1, T2 and the pulse durations of the
decohering register (`noneq.kicked_top.decoherence`). Both are frozen, picklable and validated at construction.
The checks every public function of the package applies to its inputs are here too (`check_model`,
`check_noise`, `check_points`, `check_states`): a wrong type or shape is a `NoneqInputError` naming the
parameter, before any work.

Examples
--------
>>> top = KickedTop(j=1.5, kappa=2.5)
>>> top.floquet_operator().shape
(4, 4)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.linalg import eigh_tridiagonal

from noneq.core.errors import NoneqInputError, NumericalError, bad_value
from noneq.core.validation import describe_value, real, real_array

MAX_J = 2000.0  # the rotation matrix is dense: (2j+1)^2 float64 entries, 128 MB at j = 2000, build cost ~ j^3
UNITARITY_TOLERANCE = 1e-9  # |d^T d - 1| above this means the rotation matrix lost accuracy
NS_PER_US = 1000.0  # T1, T2 are given in microseconds, the pulse durations in ns
J_ALLOWED = f"a positive integer or half-integer (2j an integer) at most {MAX_J:g}"


def check_j(j: float) -> float:
    """Validate a spin quantum number: 2j a positive integer and j <= MAX_J.

    Parameters
    ----------
    j : float
        The spin (1/2, 1, 3/2, ...).

    Returns
    -------
    float
        ``j`` as a float.

    Raises
    ------
    NoneqInputError
        Naming ``j`` when it is not a positive integer or half-integer up to MAX_J.

    Examples
    --------
    >>> check_j(3)
    3.0
    >>> check_j(1.3)
    Traceback (most recent call last):
    ...
    noneq.core.errors.NoneqInputError: parameter 'j' = 1.3: must be a positive integer or half-integer ...
    """
    value = real("j", j, minimum=0.5, maximum=MAX_J, allowed=J_ALLOWED)
    if not (2 * value).is_integer():
        raise bad_value("j", j, J_ALLOWED)
    return value


@dataclass(frozen=True)
class KickedTop:
    """Parameters of the kicked top.

    Parameters
    ----------
    j : float
        Total spin (2j qubits); a positive integer or half-integer up to MAX_J. The paper: j = 3/2.
    kappa : float
        Twist (interaction) strength.
    p : float
        Rotation angle about y per kick, radians (default pi/2, the paper's).

    Notes
    -----
    ``dim`` = 2j + 1 and ``n_qubits`` = 2j; ``m_values()`` are the Jz eigenvalues j..-j;
    ``twist_phases()`` is the diagonal of exp(-i (kappa / 2j) Jz^2); ``rotation_matrix()`` is exp(-i p Jy)
    (a real orthogonal Wigner small-d matrix, cached and read-only); ``floquet_operator()`` is U as a dense
    complex matrix.

    Examples
    --------
    >>> top = KickedTop(j=1, kappa=2.5, p=0.0)
    >>> top.dim, top.n_qubits
    (3, 2)
    >>> top.m_values()
    array([ 1.,  0., -1.])
    >>> bool(np.allclose(top.floquet_operator(), np.diag(top.twist_phases())))
    True
    """

    j: float
    kappa: float
    p: float = math.pi / 2

    def __post_init__(self) -> None:
        object.__setattr__(self, "j", check_j(self.j))
        object.__setattr__(self, "kappa", real("kappa", self.kappa))
        object.__setattr__(self, "p", real("p", self.p))

    @property
    def dim(self) -> int:
        """Hilbert-space dimension 2j + 1."""
        return int(round(2 * self.j)) + 1

    @property
    def n_qubits(self) -> int:
        """Number of spin-1/2 constituents, 2j."""
        return int(round(2 * self.j))

    def m_values(self) -> np.ndarray:
        """Jz eigenvalues m = j, ..., -j (float), shape (dim,)."""
        return self.j - np.arange(self.dim, dtype=float)

    def twist_phases(self) -> np.ndarray:
        """Diagonal of exp(-i (kappa / 2j) Jz^2), shape (dim,)."""
        m = self.m_values()
        return np.exp(-1j * self.kappa / (2 * self.j) * m * m)

    def rotation_matrix(self) -> np.ndarray:
        """exp(-i p Jy) (real orthogonal Wigner small-d matrix), shape (dim, dim)."""
        return _rotation_matrix(self.n_qubits, self.p)

    def floquet_operator(self) -> np.ndarray:
        """U = exp(-i kappa Jz^2 / 2j) exp(-i p Jy) as a dense complex matrix, shape (dim, dim)."""
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


@dataclass(frozen=True)
class Decoherence:
    """Per-qubit relaxation and coherence times and the two pulse durations of one kick.

    Parameters
    ----------
    T1 : float
        Energy relaxation time (inf: none).
    T2 : float
        Coherence time (inf: none); at most 2 T1 (the pure-dephasing rate 1/T2 - 1/(2 T1) is >= 0).
    rotation_time : float
        Duration of the y-rotation pulse.
    interaction_time : float
        Duration of the Jz^2 interaction pulse.

    Notes
    -----
    All four share one time unit (`noneq.kicked_top.system` uses ns and converts T1, T2 from microseconds
    with NS_PER_US). ``dephasing_rate`` is 1/T_phi = 1/T2 - 1/(2 T1).

    Examples
    --------
    >>> noise = Decoherence(T1=20_000.0, T2=10_000.0)
    >>> noise.dephasing_rate
    7.5e-05
    """

    T1: float = math.inf
    T2: float = math.inf
    rotation_time: float = 20.0
    interaction_time: float = 25.0

    def __post_init__(self) -> None:
        for name in ("T1", "T2"):
            object.__setattr__(self, name, real(name, getattr(self, name), minimum=0.0, exclusive_minimum=True,
                                                allow_infinity=True))
        for name in ("rotation_time", "interaction_time"):
            object.__setattr__(self, name, real(name, getattr(self, name), minimum=0.0, exclusive_minimum=True))
        if self.T2 > 2 * self.T1:
            raise bad_value("T2", self.T2, f"at most 2*T1 = {2 * self.T1:g} (pure dephasing rate >= 0)")

    @property
    def dephasing_rate(self) -> float:
        """1/T_phi = 1/T2 - 1/(2 T1)."""
        return 1.0 / self.T2 - 0.5 / self.T1

    @property
    def active(self) -> bool:
        """Whether any decoherence acts (T1 or T2 finite)."""
        return math.isfinite(self.T1) or math.isfinite(self.T2)


def _wrong(name: str, value, allowed: str) -> NoneqInputError:
    return NoneqInputError(f"parameter {name!r} = {describe_value(value)}: must be {allowed}")


def check_model(model) -> KickedTop:
    """``model`` if it is a `KickedTop` (`NoneqInputError` naming ``model`` otherwise).

    >>> check_model(KickedTop(j=1.5, kappa=2.5)).dim
    4
    """
    if not isinstance(model, KickedTop):
        raise _wrong("model", model, "a noneq.kicked_top.KickedTop")
    return model


def check_noise(noise) -> Decoherence:
    """``noise`` if it is a `Decoherence` (`NoneqInputError` naming ``noise`` otherwise).

    >>> check_noise(Decoherence()).active
    False
    """
    if not isinstance(noise, Decoherence):
        raise _wrong("noise", noise, "a noneq.kicked_top.Decoherence")
    return noise


def check_points(name: str, value) -> np.ndarray:
    """Finite real vectors of shape (..., 3) (points on the sphere, Bloch vectors) as a float array.

    >>> check_points("xyz", [0, 0, 1]).tolist()
    [0.0, 0.0, 1.0]
    """
    allowed = "a non-empty array of finite real 3-vectors, shape (..., 3)"
    array = real_array(name, value, allowed=allowed)
    if array.ndim == 0 or array.shape[-1] != 3 or isinstance(value, (bool, np.bool_)):
        raise _wrong(name, value, allowed)
    return array


def check_states(name: str, value, *, rows: int, ndim: int = 2) -> np.ndarray:
    """A finite complex array with ``ndim`` axes and ``rows`` entries along the first (a batch of states as
    columns), as complex128.

    >>> check_states("psi", [[1.0], [0.0]], rows=2).dtype
    dtype('complex128')
    """
    allowed = f"a finite {ndim}-d array of states with {rows} rows (the spin basis m = j..-j)"
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):
        raise _wrong(name, value, allowed) from None
    if (array.dtype.kind not in "iufc" or array.ndim != ndim or array.shape[0] != rows or array.size == 0
            or not np.all(np.isfinite(array))):
        raise _wrong(name, value, allowed)
    return array.astype(np.complex128, copy=False)
