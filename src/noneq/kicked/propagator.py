"""One period of the two interacting particles: Strang splitting with particle 2 treated exactly per x1.

Representation: c[n1, n2] in the sine basis of both particles, or psi[j, n2] with particle 1 at its DST-I grid
point x1_j (`noneq.kicked.basis`). Between kicks H = T1 + H2(x1), H2(x1) = p2^2/(2m) + coupling G(x1 - x2) acts on
particle 2 alone at each grid point x1_j: H2(x1_j) = V_j diag(E_j) V_j^T is diagonalized once (an N2 x N2 real
symmetric matrix, G on particle 2's grid), and only T1 = p1^2/2 is split off (hbar = hbar_eff, dt = 1/S):

    U(period) ~ [exp(-i T1 dt / 2hbar) U2(dt) exp(-i T1 dt / 2hbar)]^S,   U2(dt)_j = V_j exp(-i E_j dt / hbar) V_j^T,

after the kicks exp(-i K1 cos x1 / hbar) (rows of psi) and exp(-i K2 cos x2 / hbar) (particle 2's grid). Since
H2(L - x1) = P H2(x1) P (P: x2 -> L - x2, diagonal (-1)^(n2+1)), half of the eigenproblems are solved. Odd N1
runs the two parity sectors of the joint reflection concurrently (`noneq.kicked.sectors`, equal to rounding).

Splitting error (`Propagator.splitting_error`): periods rerun with S' = 2S + 1 sub-steps (`detuned`), second-order
extrapolation (`richardson`); S' is detuned from 2S because a numerical resonance of particle 2's levels with the
sub-step at S is shared by 2S (docs/notes/kicked.md). `chebyshev_reference` is an independent, splitting-free
propagation for tests and benchmarks.

Examples
--------
>>> from noneq.kicked.model import KickedParticles
>>> propagator = Propagator(KickedParticles(m=0.1, hbar_eff=0.3), 31, 7, 20)
>>> c = propagator.period(initial_state(31, 7))
>>> round(float(np.linalg.norm(c)), 12)
1.0
"""

from __future__ import annotations

import numba
import numpy as np
import scipy.linalg
from scipy.special import jv

from noneq.core.errors import bad_value
from noneq.core.resources import check_memory
from noneq.core.validation import integer
from noneq.kicked import basis, costs
from noneq.kicked.model import KickedParticles, check_quantum_scales
from noneq.kicked.sectors import SectorPropagator, kick, level_phases, step_blocks

OPERATOR_CACHE = 3  # U2(dt) sets kept (S and 2S + 1 of the sub-step check alternate); each N1 x N2^2 complex
SECTOR_MIN_MODES = 63  # odd N1 from here on run the parity sectors (smaller grids: thread start-up dominates)


def detuned(substeps: int) -> int:
    """S' = 2S + 1, the sub-step count of the comparison run of the splitting-error estimate.

    >>> detuned(100)
    201
    """
    return 2 * substeps + 1


def richardson(substeps: int) -> float:
    """F = r^2 / (r^2 - 1), r = S'/S: the error of the S run is F ||psi_S - psi_S'|| for a second-order splitting.

    >>> round(richardson(100), 4)
    1.3289
    """
    r = detuned(substeps) / substeps
    return r * r / (r * r - 1.0)


def initial_state(modes1: int, modes2: int) -> np.ndarray:
    """The product of the well ground states, (N1, N2) in the sine basis of both particles.

    >>> initial_state(2, 2).real
    array([[1., 0.],
           [0., 0.]])
    """
    return np.outer(basis.ground_state(modes1), basis.ground_state(modes2))


def particle2_eigensystems(model: KickedParticles, modes1: int, modes2: int) -> tuple[np.ndarray, np.ndarray]:
    """(E (N1, N2), V (N1, N2, N2)) with H2(x1_j) = V_j diag(E_j) V_j^T in particle 2's sine basis.

    Solved for j <= (N1 + 1) / 2 (one small LAPACK call per point); the mirror points use
    H2(L - x1) = P H2(x1) P, P = diag((-1)^(n2+1)).

    >>> from noneq.kicked.model import KickedParticles
    >>> energies, vectors = particle2_eigensystems(KickedParticles(coupling=0.0, hbar_eff=1.0, m=0.5), 3, 2)
    >>> energies[0]
    array([1., 4.])
    """
    x1, x2 = basis.grid(model, modes1), basis.grid(model, modes2)
    S2 = basis.dst_matrix(modes2)
    kinetic = basis.momenta(model, modes2) ** 2 / (2.0 * model.m)
    half = (modes1 + 1) // 2
    energies = np.empty((modes1, modes2))
    vectors = np.empty((modes1, modes2, modes2))
    for j in range(half):
        H2 = S2 @ (model.coupling * model.G(x1[j] - x2)[:, None] * S2)
        H2[np.arange(modes2), np.arange(modes2)] += kinetic
        energies[j], vectors[j] = scipy.linalg.eigh(H2, driver="ev", check_finite=False)
    parity = (-1.0) ** np.arange(modes2)
    mirror = modes1 - 1 - np.arange(half)
    energies[mirror] = energies[:half]
    vectors[mirror] = parity[None, :, None] * vectors[:half]
    return energies, vectors


class Propagator:
    """One period (kick, then S Strang sub-steps) of the two-particle dynamics (module docstring).

    Parameters
    ----------
    model : KickedParticles
    modes1, modes2 : int
        Sine modes N1, N2 of particles 1 and 2.
    substeps : int
        Default sub-step count S of `period`.
    sectors : bool
        Route odd N1 >= SECTOR_MIN_MODES through the parity sectors (`noneq.kicked.sectors.SectorPropagator`).

    Examples
    --------
    >>> from noneq.kicked.model import KickedParticles
    >>> propagator = Propagator(KickedParticles(hbar_eff=0.3), 15, 5, 8)
    >>> propagator.period(initial_state(15, 5), substeps=16).shape
    (15, 5)
    """

    def __init__(self, model: KickedParticles, modes1: int, modes2: int, substeps: int, *,
                 sectors: bool = True) -> None:
        if not isinstance(model, KickedParticles):
            raise bad_value("model", model, "a noneq.kicked.KickedParticles")
        check_quantum_scales(model)
        self.model = model
        self.modes1 = integer("modes1", modes1, minimum=1)
        self.modes2 = integer("modes2", modes2, minimum=1)
        self.substeps = integer("substeps", substeps, minimum=1)
        check_memory(costs.propagator_memory(self.modes1, self.modes2), "a kicked two-particle propagator",
                     "lower modes1 or modes2")
        self._energies, self._vectors = particle2_eigensystems(model, self.modes1, self.modes2)
        self.kick1 = basis.kick_phases(model, self.modes1, model.K1)
        self.kick2 = basis.kick_phases(model, self.modes2, model.K2) if model.K2 != 0.0 else None
        self._steps: dict[int, np.ndarray] = {}
        self._kinetic: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        use_sectors = sectors and self.modes1 % 2 == 1 and self.modes1 >= SECTOR_MIN_MODES
        self._sectors = SectorPropagator(self) if use_sectors else None

    @property
    def eigensystems(self) -> tuple[np.ndarray, np.ndarray]:
        """(E (N1, N2), V (N1, N2, N2)): H2(x1_j) = V_j diag(E_j) V_j^T (`particle2_eigensystems`)."""
        return self._energies, self._vectors

    def kinetic_phases(self, substeps: int) -> tuple[np.ndarray, np.ndarray]:
        """(exp(-i T1 dt / 2hbar), exp(-i T1 dt / hbar)) on particle 1's modes (N1,) for dt = 1/``substeps``."""
        if substeps not in self._kinetic:
            dt = 1.0 / substeps
            self._kinetic[substeps] = (basis.free_phases(self.model, self.modes1, 1.0, dt / 2),
                                       basis.free_phases(self.model, self.modes1, 1.0, dt))
        return self._kinetic[substeps]

    def operators(self, substeps: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(U2 (N1, N2, N2), half kinetic phases (N1,), full kinetic phases (N1,)) for S = ``substeps``.

        U2 is built on first use for the full-grid path (the parity sectors build their own half-grid operands);
        the last OPERATOR_CACHE sets are kept."""
        if substeps not in self._steps:
            while len(self._steps) >= OPERATOR_CACHE:
                self._steps.pop(next(iter(self._steps)))
            levels = level_phases(self._energies, substeps, self.model.hbar_eff)
            self._steps[substeps] = step_blocks(self._vectors, levels)
        return (self._steps[substeps],) + self.kinetic_phases(substeps)

    def period(self, c: np.ndarray, substeps: int | None = None) -> np.ndarray:
        """Kick, then one period with ``substeps`` (default: S) sub-steps; ``c`` (N1, N2) in the sine basis of
        both particles, returned likewise (odd N1: through the parity sectors, equal to rounding)."""
        if self._sectors is not None:
            return self._sectors.period(c, substeps)
        count = substeps or self.substeps
        U2, half, full = self.operators(count)
        c = kick(self, c)
        c *= half[:, None]
        for s in range(count):
            psi = basis.transform(c, axis=0)
            _apply_blocks(U2, psi)
            c = basis.transform(psi, axis=0)
            c *= (half if s == count - 1 else full)[:, None]
        return c

    def splitting_error(self, c: np.ndarray, substeps: int, periods: int,
                        coarse: np.ndarray | None = None) -> float:
        """Per-period error estimate of S = ``substeps`` from state ``c``: F ||psi_S - psi_S'|| / periods.

        ``periods`` periods are run from ``c`` at S' = 2S + 1 and, unless ``coarse`` (their result at S) is
        given, at S; F = `richardson` (S).
        """
        fine = c
        for _ in range(periods):
            fine = self.period(fine, detuned(substeps))
        if coarse is None:
            coarse = c
            for _ in range(periods):
                coarse = self.period(coarse, substeps)
        return richardson(substeps) * float(np.linalg.norm(coarse - fine)) / periods


@numba.njit(cache=True)
def _apply_blocks(U, psi):  # pragma: no cover - compiled
    """psi[j] <- U[j] @ psi[j] for every grid point j of particle 1 (in place; serial, see docs/notes/kicked.md)."""
    n1, n2 = psi.shape
    row = np.empty(n2, dtype=psi.dtype)
    for j in range(n1):
        row[:] = psi[j]
        for a in range(n2):
            acc = 0j
            for b in range(n2):
                acc += U[j, a, b] * row[b]
            psi[j, a] = acc


def chebyshev_reference(model: KickedParticles, n1: int, n2: int, kicks: int) -> np.ndarray:
    """Final state after ``kicks`` periods from `initial_state`, without splitting (for tests and benchmarks).

    exp(-i H / hbar) per period by a Chebyshev series of the full H = T1 + T2 + coupling G (matrix-free: kinetic
    terms diagonal in the sine basis, coupling G per x1 grid point as an N2 x N2 block), truncated where the Bessel
    weights J_k(z) fall below 1e-16; kicks as in `Propagator.period`. Costs ~ (spectral width / hbar) H actions
    per period: small grids only.

    >>> from noneq.kicked.model import KickedParticles
    >>> model = KickedParticles(m=0.5, hbar_eff=0.5)
    >>> exact = chebyshev_reference(model, 9, 5, 1)
    >>> split = Propagator(model, 9, 5, 400).period(initial_state(9, 5))
    >>> bool(np.linalg.norm(exact - split) < 1e-4)
    True
    """
    x1, x2 = basis.grid(model, n1), basis.grid(model, n2)
    S2 = basis.dst_matrix(n2)
    blocks = np.einsum("ak,jk,kb->jab", S2, model.coupling * model.G(x1[:, None] - x2[None, :]), S2)
    kinetic = np.add.outer(basis.momenta(model, n1) ** 2 / 2, basis.momenta(model, n2) ** 2 / (2 * model.m))
    low, high = min(0.0, model.coupling), kinetic.max() + max(0.0, model.coupling)  # spectral bounds (0 <= G <= 1)
    half_width, centre = (high - low) / 2, (high + low) / 2

    def scaled(c):  # (H - centre) / half_width: spectrum in [-1, 1]
        grid = np.einsum("jab,jb->ja", blocks, basis.transform(c, axis=0))
        return (kinetic * c + basis.transform(grid, axis=0) - centre * c) / half_width

    z = half_width / model.hbar_eff
    order = int(z + 20 * z ** (1 / 3) + 60)  # Bessel J_k(z) is below 1e-16 well before this
    weights = 2 * (-1j) ** np.arange(order) * jv(np.arange(order), z)
    weights[0] /= 2
    kick1, kick2 = basis.kick_phases(model, n1, model.K1), basis.kick_phases(model, n2, model.K2)
    c = initial_state(n1, n2)
    for _ in range(kicks):
        psi = basis.transform(c, axis=0) * kick1[:, None]
        c = basis.transform(basis.transform(basis.transform(psi, axis=1) * kick2[None, :], axis=1), axis=0)
        previous, current = c, scaled(c)
        total = weights[0] * previous + weights[1] * current
        for k in range(2, order):
            previous, current = current, 2 * scaled(current) - previous
            total += weights[k] * current
        c = np.exp(-1j * centre / model.hbar_eff) * total
    return c
