"""Quantum dynamics of one kicked particle in the well, and the random-kick model (averaged over realizations).

Floquet step (period n = 1..kicks): U_n = F exp(-i K_n cos x / hbar_eff), with F = diag(exp(-i p_k^2 / (2 hbar_eff)))
the exact free evolution over one period in the sine basis and the kick applied on the DST-I collocation grid
(`noneq.kicked.basis`). K_n = K1 for the plain kicked particle; K_n = K1 + dK_n, dK_n uniform in
[-noise_W, noise_W], drawn per kick and per realization from numpy's PCG64 seeded with ``seed`` (random-kick
model, NOTES.md). Realizations are evolved together as rows of one array.

Example
-------
>>> from noneq.kicked.model import KickedParticles
>>> result = evolve_single(KickedParticles(K1=1.8, hbar_eff=0.1), modes=255, kicks=10)
>>> result.p_sq.shape
(1, 11)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from noneq.kicked import basis, guards
from noneq.kicked.model import KickedParticles


@dataclass(frozen=True)
class SingleResult:
    """p_sq (R, kicks + 1): <p^2> per realization after each period; purity (kicks + 1,): Tr rho^2 of the
    realization-averaged state rho = (1/R) sum_r |psi_r><psi_r| (1 for a single realization);
    probabilities (R, N): final |c_n|^2; momenta (N,); top_mode, norm_error: the guards' worst values over the
    run; resolved: all guards passed."""

    p_sq: np.ndarray
    purity: np.ndarray
    probabilities: np.ndarray
    momenta: np.ndarray
    top_mode: float
    norm_error: float
    resolved: bool


def kick_strengths(model: KickedParticles, kicks: int, realizations: int, seed: int) -> np.ndarray:
    """K_n per realization and kick, shape (R, kicks): K1 + uniform(-W, W) (exactly K1 when noise_W = 0)."""
    if model.noise_W == 0.0:
        return np.full((realizations, kicks), model.K1)
    rng = np.random.default_rng(seed)
    return model.K1 + rng.uniform(-model.noise_W, model.noise_W, size=(realizations, kicks))


def averaged_purity(c: np.ndarray) -> float:
    """Tr rho^2 for rho = (1/R) sum_r |c_r><c_r| (rows of c): (1/R^2) sum_rs |<c_r|c_s>|^2."""
    gram = c.conj() @ c.T
    return float(np.sum(np.abs(gram) ** 2)) / c.shape[0] ** 2


def evolve_single(model: KickedParticles, modes: int, kicks: int, *, realizations: int = 1, seed: int = 0,
                  strict: bool = True, initial: np.ndarray | None = None) -> SingleResult:
    """Evolve the ground state (or ``initial``, (N,) coefficients) of particle 1 for ``kicks`` periods."""
    strengths = kick_strengths(model, kicks, realizations, seed)
    p = basis.momenta(model, modes)
    free = basis.free_phases(model, modes, 1.0, 1.0)
    start = basis.ground_state(modes) if initial is None else np.asarray(initial, dtype=np.complex128)
    c = np.tile(start, (realizations, 1))
    p_sq = np.empty((realizations, kicks + 1))
    probabilities = np.abs(c) ** 2
    p_sq[:, 0] = probabilities @ (p * p)
    purity = np.empty(kicks + 1)
    purity[0] = averaged_purity(c)
    top, norm_error = 0.0, 0.0
    for n in range(kicks):
        psi = basis.transform(c) * basis.kick_phases(model, modes, strengths[:, n])
        c = basis.transform(psi) * free
        probabilities = np.abs(c) ** 2
        p_sq[:, n + 1] = probabilities @ (p * p)
        purity[n + 1] = averaged_purity(c)
        top = max(top, float(guards.top_mode_probability(probabilities).max()))
        norm_error = max(norm_error, float(np.abs(probabilities.sum(axis=1) - 1.0).max()))
    resolved = guards.check(top_mode=top, norm_error=norm_error, strict=strict)
    return SingleResult(p_sq, purity, probabilities, p, top, norm_error, resolved)
