"""Standard quantum states: Gibbs states, spin coherent states and random states (hbar = 1).

Spin basis convention: components in the Jz eigenbasis ordered m = j, j-1, ..., -j (index k = j - m),
the same ordering as :func:`noneq.quantum.operators.spin_operators`.

Spin coherent state convention (Neill et al., Nature Phys. 12, 1037 (2016), eq. 4): |theta, phi> is the
2j-fold tensor power of cos(theta/2)|up> + exp(-i phi) sin(theta/2)|down>, i.e.

    c_m = sqrt(binom(2j, j-m)) cos(theta/2)^(j+m) sin(theta/2)^(j-m) exp(-i (j-m) phi),

with Bloch vector <J>/j = (sin th cos ph, -sin th sin ph, cos th).

Example
-------
>>> import numpy as np
>>> psi = spin_coherent_state(1, np.pi / 2, 0.0)
>>> np.round(psi.real, 6)
array([0.5     , 0.707107, 0.5     ])
>>> thermal_state(np.diag([0.0, 1.0]), np.inf).real
array([[1., 0.],
       [0., 0.]])
"""

from __future__ import annotations

import numbers
from fractions import Fraction  # noqa: F401  (used in the doctest)

import numpy as np
from scipy.special import gammaln

from noneq.core.errors import bad_value
from noneq.core.resources import check_memory
from noneq.quantum._convert import as_array, as_positive_int, as_square, input_error, like_input, spin_two_j

__all__ = [
    "thermal_state",
    "spin_coherent_state",
    "bloch_vector_from_angles",
    "random_pure_state",
    "random_density_matrix",
]

HERMITIAN_REL_TOL = 1e-10  # max|H - H^dagger| allowed, relative to max(1, max|H|) (rounding of a built H)
GROUND_DEGENERACY_REL_TOL = 1e-10  # levels within this (relative to max(1, max|E|)) of E0 form the ground space


def _real_angles(theta, phi) -> tuple[np.ndarray, np.ndarray]:
    th = as_array(theta, "theta")
    ph = as_array(phi, "phi")
    if np.iscomplexobj(th):
        raise input_error("theta", theta, "real")
    if np.iscomplexobj(ph):
        raise input_error("phi", phi, "real")
    try:
        return tuple(np.broadcast_arrays(th, ph))  # type: ignore[return-value]
    except ValueError:
        raise input_error("phi", phi, f"broadcastable against theta (shape {th.shape})") from None


def bloch_vector_from_angles(theta, phi) -> np.ndarray:
    """Bloch vector n = (sin th cos ph, -sin th sin ph, cos th) of the coherent state convention above.

    ``theta``, ``phi``: broadcastable real arrays; returns shape broadcast_shape + (3,).

    >>> bloch_vector_from_angles(np.pi / 2, 0.0).round(12)
    array([ 1., -0.,  0.])
    """
    th, ph = _real_angles(theta, phi)
    return np.stack([np.sin(th) * np.cos(ph), -np.sin(th) * np.sin(ph), np.cos(th)], axis=-1)


def _log_abs_power(base: np.ndarray, expo: np.ndarray) -> np.ndarray:
    """log|base^expo| with 0^0 = 1 and 0^n = 0 (log = -inf), without floating-point warnings."""
    absb = np.abs(base)
    zero = absb == 0
    out = expo * np.log(np.where(zero, 1.0, absb))
    return out + np.where(zero & (expo > 0), -np.inf, 0.0)


def spin_coherent_state(j, theta, phi) -> np.ndarray:
    """Spin-j coherent state |theta, phi> (convention in the module docstring), batched.

    ``j``: positive integer or half-integer (int, float or Fraction).  ``theta``, ``phi``: real, broadcast
    against each other.  Returns complex array of shape broadcast_shape + (2j+1,), index k = j - m.
    Computed in log space (gammaln), so it does not overflow for large j (tested to j = 2000).

    >>> np.abs(spin_coherent_state(Fraction(3, 2), 0.3, 1.0)).shape
    (4,)
    """
    two_j = spin_two_j(j)
    th, ph = _real_angles(theta, phi)
    check_memory(6 * 16.0 * th.size * (two_j + 1), f"{th.size} spin coherent states of j = {two_j / 2:g}",
                 "use a smaller j or fewer angles")
    k = np.arange(two_j + 1, dtype=np.float64)  # k = j - m
    c = np.cos(th / 2.0)[..., None]
    s = np.sin(th / 2.0)[..., None]
    log_binom = 0.5 * (gammaln(two_j + 1.0) - gammaln(k + 1.0) - gammaln(two_j - k + 1.0))
    log_amp = log_binom + _log_abs_power(c, two_j - k) + _log_abs_power(s, k)
    kk = np.arange(two_j + 1)
    negative = ((c < 0) & ((two_j - kk) % 2 == 1)) ^ ((s < 0) & (kk % 2 == 1))
    sign = np.where(negative, -1.0, 1.0)
    return sign * np.exp(log_amp) * np.exp(-1j * k * ph[..., None])


def thermal_state(H, beta) -> np.ndarray:
    """Gibbs state rho = exp(-beta H) / Z, Z = Tr exp(-beta H), for Hermitian H of shape (d, d).

    Computed as U diag(w) U^dagger / sum(w) with w = exp(-beta (E - E0)) from H = U diag(E) U^dagger (E0 the
    ground energy), so it never overflows.  ``beta``: real, 0 <= beta <= inf; beta = inf gives the normalized
    projector onto the ground space (levels within GROUND_DEGENERACY_REL_TOL of E0, relative). A
    ``qutip.Qobj`` H gives a Qobj with H's dims.

    >>> np.round(np.diag(thermal_state(np.diag([0.0, 1.0]), np.log(3.0))).real, 12)
    array([0.75, 0.25])
    """
    h = as_square(H, "H", vector=False)
    scale = max(1.0, float(np.max(np.abs(h))))
    if np.max(np.abs(h - h.conj().T)) > HERMITIAN_REL_TOL * scale:
        raise input_error("H", H, "a Hermitian matrix")
    if isinstance(beta, (bool, np.bool_)) or not isinstance(beta, numbers.Real) or not float(beta) >= 0:
        raise bad_value("beta", beta, "a real number with 0 <= beta <= inf")
    beta = float(beta)
    energies, u = np.linalg.eigh(0.5 * (h + h.conj().T))
    gaps = energies - energies[0]
    if np.isinf(beta):
        tol = GROUND_DEGENERACY_REL_TOL * max(1.0, float(np.max(np.abs(energies))))
        w = (gaps <= tol).astype(np.float64)
    else:
        w = np.exp(-beta * gaps)
    w = w / np.sum(w)
    rho = (u * w) @ u.conj().T
    return like_input(0.5 * (rho + rho.conj().T), H)


def _rng(rng) -> np.random.Generator:
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, numbers.Integral) and not isinstance(rng, (bool, np.bool_)):
        return np.random.default_rng(int(rng))
    raise bad_value("rng", rng, "a numpy.random.Generator (or an int seed)")


def random_pure_state(dim, rng) -> np.ndarray:
    """Haar-random normalized state vector of shape (dim,) (normalized complex Gaussian vector).

    >>> random_pure_state(3, np.random.default_rng(0)).shape
    (3,)
    """
    dim = as_positive_int(dim, "dim")
    gen = _rng(rng)
    psi = gen.standard_normal(dim) + 1j * gen.standard_normal(dim)
    return psi / np.linalg.norm(psi)


def random_density_matrix(dim, rng, rank=None) -> np.ndarray:
    """Random density matrix rho = G G^dagger / Tr(G G^dagger), G a dim x rank complex Ginibre matrix.

    ``rank=None`` (= dim) samples the Hilbert-Schmidt measure; 1 <= rank <= dim the induced measure of
    generic rank ``rank`` (rank = 1 is a Haar-random pure state).  Returns shape (dim, dim).

    >>> round(float(np.trace(random_density_matrix(4, np.random.default_rng(1))).real), 12)
    1.0
    """
    dim = as_positive_int(dim, "dim")
    gen = _rng(rng)
    k = dim if rank is None else as_positive_int(rank, "rank")
    if k > dim:
        raise bad_value("rank", rank, f"an integer in [1, dim = {dim}]")
    g = gen.standard_normal((dim, k)) + 1j * gen.standard_normal((dim, k))
    rho = g @ g.conj().T
    rho = 0.5 * (rho + rho.conj().T)
    return rho / np.trace(rho).real
