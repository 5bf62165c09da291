"""Quantum dynamics of the two interacting kicked particles: per-x1 exact propagation of the light particle.

Representation: psi[j, k], particle 1 at DST-I grid point x1_j (j = 1..N1), particle 2 in sine mode k (1..N2).
Between kicks H = T1 + H2(x1), H2(x1) = p2^2/(2m) + eps G(x1 - x2) acts on particle 2 alone for each grid
point x1_j. Plain Strang splitting of T2 against eps G converges very slowly for a light particle (NOTES.md),
so H2(x1_j) is diagonalized exactly, once, for every j (an N2 x N2 real symmetric matrix in the sine basis,
G applied on particle 2's collocation grid), and only T1 (unit mass, slow) is split off:

    U(period) ~ [exp(-i T1 dt / 2hbar) U2(dt) exp(-i T1 dt / 2hbar)]^S,   U2(dt)_j = V_j exp(-i E_j dt / hbar) V_j^T,

dt = 1/S. The splitting error is O(dt^2 [T1, [T1, eps G]]): it involves only the heavy particle's momentum.
Kicks: exp(-i K1 cos x1_j / hbar) multiplies rows; exp(-i K2 cos x2 / hbar) is applied on particle 2's grid.

Measured convergence (3 kicks, K1 = 1.8, eps = 2, hbar_eff = 0.05, N1 = 255, N2 = 15-31, against S = 2560):
clean second order for m = 0.01 and 0.1 (error 1.3e-4 at S = 320); for m = 0.001 a plateau (~5e-3 from S = 80 to
320) before second order resumes (5.6e-5 at S = 640). Likely cause: avoided crossings of particle 2's levels as
the barrier eps G(x1 - x2) moves with x1 (tunnelling gaps), which a frozen-x1 sub-step resolves only once dt is
small enough. A Suzuki fourth-order composition did not help at equal cost. Against an exact expm on a tiny grid
(tests) the scheme converges at second order to 5e-7.

Substep check (guard): the last min(kicks, CHECK_KICKS) periods are rerun with S and 2S sub-steps from the same
state; for unitary dynamics errors accumulate at most additively, so the final-state error is estimated as
(4/3) ||psi_S - psi_2S|| * kicks / checked (Richardson factor 4/3 for a second-order method).

Example
-------
>>> from noneq.kicked.model import KickedParticles
>>> model = KickedParticles(K1=1.8, m=0.01, eps=2.0, hbar_eff=0.2)
>>> result = evolve_two(model, modes1=127, modes2=15, substeps=8, kicks=3)
>>> result.purity.shape
(4,)
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

from noneq.kicked import basis, guards
from noneq.kicked.model import KickedParticles
from noneq.quantum import purity as _purity

CHECK_KICKS = 2  # periods rerun with half the sub-step at the end of a run (cost: ~3 * CHECK_KICKS periods)
PARALLEL_MIN_ROWS = 256  # below this, starting threads costs more than the block products
RICHARDSON = 4.0 / 3.0  # error of the S-step result from |psi_S - psi_2S| for a second-order splitting


@dataclass(frozen=True)
class TwoResult:
    """Time series (kicks + 1,): p1_sq, p2_sq, purity; final marginals probabilities1 (N1,), probabilities2 (N2,)
    with momenta1, momenta2; guards: top_mode1, top_mode2, norm_error, substep_error, resolved."""

    p1_sq: np.ndarray
    p2_sq: np.ndarray
    purity: np.ndarray
    probabilities1: np.ndarray
    probabilities2: np.ndarray
    momenta1: np.ndarray
    momenta2: np.ndarray
    top_mode1: float
    top_mode2: float
    norm_error: float
    substep_error: float
    resolved: bool


class Propagator:
    """One period of the two-particle dynamics with S sub-steps (see module docstring)."""

    def __init__(self, model: KickedParticles, modes1: int, modes2: int, substeps: int) -> None:
        self.model, self.modes1, self.modes2, self.substeps = model, modes1, modes2, substeps
        x1, x2 = basis.grid(model, modes1), basis.grid(model, modes2)
        S2 = basis.dst_matrix(modes2)
        p2 = basis.momenta(model, modes2)
        coupling = model.eps * model.G(x1[:, None] - x2[None, :])  # (N1, N2) on particle 2's grid
        H2 = np.einsum("ak,jk,kb->jab", S2, coupling, S2)
        H2[:, np.arange(modes2), np.arange(modes2)] += p2 * p2 / (2.0 * model.m)
        self._energies, self._vectors = np.linalg.eigh(H2)
        self.kick1 = basis.kick_phases(model, modes1, model.K1)
        self.kick2 = basis.kick_phases(model, modes2, model.K2) if model.K2 != 0.0 else None
        self._steps: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self.operators(substeps)

    def operators(self, substeps: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(U2 (N1, N2, N2), half kinetic phases (N1,), full kinetic phases (N1,)) for S = ``substeps``."""
        if substeps not in self._steps:
            dt = 1.0 / substeps
            phases = np.exp(-1j * self._energies * dt / self.model.hbar_eff)
            U2 = np.einsum("jak,jk,jbk->jab", self._vectors, phases, self._vectors)
            self._steps[substeps] = (np.ascontiguousarray(U2),
                                     basis.free_phases(self.model, self.modes1, 1.0, dt / 2),
                                     basis.free_phases(self.model, self.modes1, 1.0, dt))
        return self._steps[substeps]

    def period(self, c: np.ndarray, substeps: int | None = None) -> np.ndarray:
        """Kick, then one period; ``c`` (N1, N2) in the sine basis of both particles, returned likewise."""
        U2, half, full = self.operators(substeps or self.substeps)
        psi = basis.transform(c, axis=0) * self.kick1[:, None]
        if self.kick2 is not None:
            psi = basis.transform(basis.transform(psi, axis=1) * self.kick2[None, :], axis=1)
        c = basis.transform(psi, axis=0) * half[:, None]
        count = substeps or self.substeps
        for s in range(count):
            psi = basis.transform(c, axis=0)
            (_apply_blocks if self.modes1 >= PARALLEL_MIN_ROWS else _apply_blocks_serial)(U2, psi)
            c = basis.transform(psi, axis=0) * (half if s == count - 1 else full)[:, None]
        return c


def _blocks(U, psi):  # pragma: no cover - compiled
    """psi[j] <- U[j] @ psi[j] for every grid point j of particle 1 (in place)."""
    n1, n2 = psi.shape
    for j in numba.prange(n1):
        row = psi[j].copy()
        for a in range(n2):
            acc = 0j
            for b in range(n2):
                acc += U[j, a, b] * row[b]
            psi[j, a] = acc


_apply_blocks = numba.njit(cache=True, parallel=True)(_blocks)
_apply_blocks_serial = numba.njit(cache=True)(_blocks)


def reduced_purity(c: np.ndarray) -> float:
    """Tr rho_1^2 of the pure state c (N1, N2): equals Tr rho_2^2 with rho_2 = c^T c* (N2 x N2, cheaper)."""
    return _purity(c.T @ c.conj())


def evolve_two(model: KickedParticles, *, modes1: int, modes2: int, substeps: int, kicks: int,
               strict: bool = True, check_substeps: bool = True) -> TwoResult:
    """Evolve the product of ground states for ``kicks`` periods (see module docstring)."""
    propagator = Propagator(model, modes1, modes2, substeps)
    p1, p2 = basis.momenta(model, modes1), basis.momenta(model, modes2)
    c = np.outer(basis.ground_state(modes1), basis.ground_state(modes2))
    p1_sq, p2_sq, purity = np.empty(kicks + 1), np.empty(kicks + 1), np.empty(kicks + 1)
    top1 = top2 = norm_error = 0.0
    checked = min(kicks, CHECK_KICKS) if check_substeps else 0
    saved = c
    for n in range(kicks + 1):
        if n > 0:
            if n == kicks - checked + 1:
                saved = c
            c = propagator.period(c)
        probabilities = np.abs(c) ** 2
        marginal1, marginal2 = probabilities.sum(axis=1), probabilities.sum(axis=0)
        p1_sq[n], p2_sq[n] = marginal1 @ (p1 * p1), marginal2 @ (p2 * p2)
        purity[n] = reduced_purity(c)
        top1 = max(top1, float(guards.top_mode_probability(marginal1)))
        top2 = max(top2, float(guards.top_mode_probability(marginal2)))
        norm_error = max(norm_error, abs(float(probabilities.sum()) - 1.0))
    substep_error = 0.0
    if checked:
        fine = saved
        for _ in range(checked):
            fine = propagator.period(fine, 2 * substeps)
        substep_error = RICHARDSON * float(np.linalg.norm(c - fine)) * kicks / checked
    resolved = guards.check(top_mode=max(top1, top2), norm_error=norm_error, substep_error=substep_error,
                            strict=strict)
    return TwoResult(p1_sq, p2_sq, purity, marginal1, marginal2, p1, p2, top1, top2, norm_error, substep_error,
                     resolved)
