"""The spin-GORM model of the paper (section 4) and its fast exact solver (hbar = k_B = 1).

    H = (Delta/2) sigma_z + H_r + lambda sigma_x R     (eq. (29)),

H_r = diag(E_n), N equally spaced levels in [-1/2, 1/2]; R = X / sqrt(8N), X from the GOE with density
~ exp(-Tr X^2 / 4) (off-diagonal variance 1, diagonal variance 2), drawn from ``numpy.random.default_rng(seed)``.
The spin starts in its lower state |down> (sigma_z |down> = -|down>), the reservoir canonical at beta.
Basis: index sigma * N + n with sigma = 0 (up), 1 (down).

Solver (method "eigen"). H is real symmetric: H = W diag(E) W^T with W = [W_up; W_down] (two N x 2N blocks).
Since rho(0) = |down><down| (x) diag(p_n), its eigenbasis form is M = W_down^T diag(p) W_down, and every
observable needed is a Gram matrix of the blocks:

    sigma_z -> 1 - 2 W_down^T W_down,   sigma_x -> B + B^T,   sigma_y -> i (B^T - B),   B = W_up^T W_down,
    H_r -> W_up^T diag(E) W_up + W_down^T diag(E) W_down,

so the set-up is one 2N x 2N ``eigh`` plus five (2N x N x 2N) products, and each time costs O(N^2)
(`noneq.reservoir.exact.phase_series`). The reduced spin state follows from the Bloch vector, <V> from energy
conservation <V>_t = <H>_0 - <H_s>_t - <H_r>_t.

Cost and choice of method. Set-up ~ 9 (2N)^3 flops for ``eigh`` (divide and conquer up to N = EVD_MAX_N, MRRR
above: O(N) workspace instead of 8 N^2 bytes) plus 5 x 8 N^3 for the products; memory ~4 dense (2N)^2 matrices
(N = 2000: ~10 s on 2 cores; N = 10^4: 12.8 GB, about 15-20 min on 2 uncontended cores by the N^3 scaling).
Exact propagation of the thermal components instead (Chebyshev, `noneq.reservoir.typicality`, method
"components") costs O(N^2) per mat-vec and per component: O(N^3) with a large constant, since at beta = 10 all N
levels carry weight. For large N, `noneq.reservoir.typicality` (method "typicality") replaces the N components by
a few random-phase states, O(N^2) per mat-vec, with statistical error bars. No symmetry reduces the 2N x 2N
problem (the GOE R breaks the spin parity sigma_z); only time reversal is used (H real, so W is real and every
product is real).

Example
-------
>>> model = SpinGorm(N=8, seed=1)
>>> series = spin_gorm_series(model, [0.0, 10.0])
>>> round(float(series["sz"][0]), 12)
-1.0
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np
import scipy.linalg

from noneq.core.errors import bad_value
from noneq.reservoir.exact import check_times, phase_series
from noneq.reservoir.model import OpenSystem, Reservoir, check_beta

MAX_N = 20000  # a dense 2N x 2N eigendecomposition: at N = 20000, 12.8 GB per matrix
EVD_MAX_N = 4096  # divide and conquer (fastest) up to here; above, MRRR ("evr": O(N) workspace instead of 8 N^2)
SIGMA_X = np.array([[0.0, 1.0], [1.0, 0.0]])
SIGMA_Y = np.array([[0.0, -1j], [1j, 0.0]])
SIGMA_Z = np.array([[1.0, 0.0], [0.0, -1.0]])
DOWN = np.array([[0.0, 0.0], [0.0, 1.0]])


def _check_real(value, name: str, *, positive: bool = False) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real) or not math.isfinite(value) \
            or (positive and value <= 0):
        raise bad_value(name, value, "a finite real number > 0" if positive else "a finite real number")
    return float(value)


def goe_matrix(N: int, rng: np.random.Generator) -> np.ndarray:
    """GOE matrix X (N, N) with density ~ exp(-Tr X^2 / 4): X = (A + A^T)/sqrt(2), A_ij iid N(0, 1)."""
    A = rng.standard_normal((N, N))
    return (A + A.T) / math.sqrt(2.0)


@dataclass(frozen=True)
class SpinGorm:
    """Parameters of eq. (29): ``N`` levels, spin splitting ``delta``, inverse temperature ``beta``, coupling
    ``lam`` (lambda) and the ``seed`` of the GOE draw. Validated at construction."""

    N: int
    delta: float = 0.1
    beta: float = 10.0
    lam: float = 0.1
    seed: int = 0

    def __post_init__(self) -> None:
        if isinstance(self.N, (bool, np.bool_)) or not isinstance(self.N, numbers.Integral) \
                or not 2 <= self.N <= MAX_N:
            raise bad_value("N", self.N, f"an integer in [2, {MAX_N}]")
        object.__setattr__(self, "N", int(self.N))
        object.__setattr__(self, "delta", _check_real(self.delta, "delta"))
        object.__setattr__(self, "beta", check_beta(self.beta))
        object.__setattr__(self, "lam", _check_real(self.lam, "lam"))
        if isinstance(self.seed, (bool, np.bool_)) or not isinstance(self.seed, numbers.Integral) or self.seed < 0:
            raise bad_value("seed", self.seed, "a non-negative integer")
        object.__setattr__(self, "seed", int(self.seed))

    def levels(self) -> np.ndarray:
        """Reservoir energies E_n, N equally spaced in [-1/2, 1/2]."""
        return np.linspace(-0.5, 0.5, self.N)

    def populations(self) -> np.ndarray:
        """Canonical weights p_n = exp(-beta E_n) / Z."""
        w = np.exp(-self.beta * (self.levels() - self.levels()[0]))
        return w / w.sum()

    def coupling(self) -> np.ndarray:
        """R = X / sqrt(8 N), X the seeded GOE draw."""
        return goe_matrix(self.N, np.random.default_rng(self.seed)) / math.sqrt(8.0 * self.N)

    def hamiltonian(self) -> np.ndarray:
        """Total H (2N, 2N), real symmetric, basis index sigma * N + n (sigma = 0 up, 1 down); built in place."""
        N, E = self.N, self.levels()
        H = np.zeros((2 * N, 2 * N))
        H[:N, N:] = self.coupling()
        H[:N, N:] *= self.lam
        H[N:, :N] = H[:N, N:].T
        diagonal = np.concatenate([E + 0.5 * self.delta, E - 0.5 * self.delta])
        H[np.diag_indices(2 * N)] = diagonal
        return H

    def open_system(self) -> OpenSystem:
        """The same model for the general solver (`noneq.reservoir.thermo`), for small N."""
        V = self.lam * np.kron(SIGMA_X, self.coupling())
        return OpenSystem(0.5 * self.delta * SIGMA_Z, (Reservoir(np.diag(self.levels()), self.beta),), V, DOWN)


def spin_gorm_series(model: SpinGorm, times) -> dict[str, np.ndarray]:
    """Exact Bloch vector (sx, sy, sz), <H_r>, <H_s>, <V> at ``times`` (each shape (n_t,)), method "eigen"
    of the module docstring; also ``times`` and the conserved total energy ``energy``."""
    t = check_times(times)
    N = model.N
    E_r, p = model.levels(), model.populations()
    driver = "evd" if N <= EVD_MAX_N else "evr"
    energies, W = scipy.linalg.eigh(model.hamiltonian(), driver=driver, overwrite_a=True, check_finite=False)
    W_up, W_down = W[:N], W[N:]
    K = np.sqrt(p)[:, None] * W_down
    M = K.T @ K
    del K
    series: dict[str, np.ndarray] = {"times": t}
    G = W_down.T @ W_down
    G *= M
    series["sz"] = 1.0 - 2.0 * phase_series(G, energies, t).real
    G = np.matmul(W_up.T, W_down, out=G)                  # B
    X = G.T.copy()
    X += G
    X *= M                                                # sigma_x in the eigenbasis, times M
    series["sx"] = phase_series(X, energies, t).real
    np.subtract(G, G.T, out=X)
    X *= M                                                # (B - B^T)_ab M_ab = K_ba M_ab (see docstring)
    series["sy"] = -phase_series(X, energies, t).imag
    del X
    G = np.matmul(W_up.T, E_r[:, None] * W_up, out=G)
    G += W_down.T @ (E_r[:, None] * W_down)
    G *= M
    series["reservoir_energy"] = phase_series(G, energies, t).real
    del G, M
    energy0 = float(p @ E_r) - 0.5 * model.delta                        # <H>_0: <V>_0 = 0 for |down>
    series["system_energy"] = 0.5 * model.delta * series["sz"]
    series["interaction_energy"] = energy0 - series["system_energy"] - series["reservoir_energy"]
    series["energy"] = np.full(t.size, energy0)
    return series


def spin_state(sx: np.ndarray, sy: np.ndarray, sz: np.ndarray) -> np.ndarray:
    """rho_s = (1 + s . sigma)/2 for Bloch vectors, shape (n_t, 2, 2)."""
    return 0.5 * (np.eye(2) + sx[:, None, None] * SIGMA_X + sy[:, None, None] * SIGMA_Y
                  + sz[:, None, None] * SIGMA_Z)
