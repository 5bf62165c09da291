"""Classical dynamics of the two kicked particles: an ensemble of trajectories, compiled with numba.

Each period n = 1..kicks: the kick p_i -> p_i + K_i sin x_i (K_1 -> K_1 + dK_n in the random-kick model), then
one period of the continuous Hamiltonian p1^2/2 + p2^2/(2m) + eps G(x1 - x2), G(d) = exp(-a d^2), in the well
[0, L], integrated with velocity Verlet (half force, drift, half force) whose drift folds each position back
into the well with exact specular reflections (x -> -x or 2L - x, p -> -p, any number of times). Every piece
is a symplectic map, so the energy error stays bounded and is O(dt^2); with eps = 0 the motion between kicks
is exact (energy conserved to rounding) for any step.

Order: second order for trajectories that do not meet their partner at a wall. Seen in the unfolded coordinate,
the interaction of a particle reflected near its partner has a kink, which reduces Verlet to first order for
those few encounters (measured and tested: median energy error ~dt^2, worst ~dt). An event-located wall
treatment would restore second order everywhere (not done yet).

Forces: F1 = -eps dG/dx1 = 2 a eps d G(d), F2 = -F1, d = x1 - x2.

Step control (`auto_steps`): dt resolves the fastest oscillation in the interaction well,
omega = sqrt(2 a |eps| / mu), mu = m / (1 + m) the reduced mass, with omega dt <= OMEGA_DT, and a relative
velocity v crossing the range 1/sqrt(a) in no fewer than 1 / CROSSING_FRACTION steps. For m = 0.001, eps = 2,
lam = 10 this gives ~4000 steps per period, the value NOTES.md found necessary.

Example
-------
>>> import numpy as np
>>> model = KickedParticles(K1=1.8, eps=0.0)
>>> state = initial_ensemble(model, 100, seed=1)
>>> history, final = evolve_ensemble(model, state, kicks=3, steps_per_kick=10)
>>> history.shape
(4, 100)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numba
import numpy as np

from noneq.kicked.model import KickedParticles

OMEGA_DT = 0.05  # phase advanced per step in the stiffest interaction oscillation: Verlet error ~ (omega dt)^2
CROSSING_FRACTION = 0.2  # at most this fraction of the interaction range traversed per step
MAX_STEPS = 200_000  # per period; beyond this the run would take hours
FORCE_CUTOFF = 40.0  # a d^2 beyond which G = exp(-a d^2) < 5e-18 is set to 0 (below double rounding of O(1))


@dataclass(frozen=True)
class Ensemble:
    """Phase-space points of T trajectories: arrays x1, p1, x2, p2 of shape (T,)."""

    x1: np.ndarray
    p1: np.ndarray
    x2: np.ndarray
    p2: np.ndarray


def initial_ensemble(model: KickedParticles, trajectories: int, *, seed: int) -> Ensemble:
    """NOTES.md ensemble: p1 = p2 = 0, x1 and x2 independent and uniform in [0, L] (numpy PCG64, ``seed``)."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, model.L, size=(2, trajectories))
    zero = np.zeros(trajectories)
    return Ensemble(x[0].copy(), zero.copy(), x[1].copy(), zero.copy())


def auto_steps(model: KickedParticles, kicks: int) -> int:
    """Verlet steps per period from the stiffness and crossing criteria of the module docstring."""
    if model.eps == 0.0:
        return 1  # free drift with reflections is exact
    a = model.width_coefficient
    mu = model.m / (1.0 + model.m)
    omega = math.sqrt(2.0 * a * abs(model.eps) / mu)
    p1, p2 = model.momentum_bounds(kicks)
    velocity = p1 + p2 / model.m
    crossing = velocity * math.sqrt(a) / CROSSING_FRACTION
    return int(min(MAX_STEPS, max(1, math.ceil(omega / OMEGA_DT), math.ceil(crossing))))


def energy(model: KickedParticles, state: Ensemble) -> np.ndarray:
    """Energy between kicks, p1^2/2 + p2^2/(2m) + eps G(x1 - x2), per trajectory."""
    return 0.5 * state.p1 ** 2 + 0.5 * state.p2 ** 2 / model.m + model.eps * model.G(state.x1 - state.x2)


def evolve_ensemble(model: KickedParticles, state: Ensemble, kicks: int, steps_per_kick: int, *,
                    noise: np.ndarray | None = None) -> tuple[np.ndarray, Ensemble]:
    """Evolve ``kicks`` periods; returns (p1 at the end of each period, shape (kicks + 1, T), final state).

    ``noise``: dK_n per trajectory and kick, shape (T, kicks), added to K1 (random-kick model); None for none.
    Row 0 of the history is the initial p1.
    """
    x1, p1, x2, p2 = (np.array(v, dtype=np.float64, copy=True) for v in (state.x1, state.p1, state.x2, state.p2))
    count = x1.shape[0]
    if noise is None:
        noise = np.zeros((1, 1))
        has_noise = False
    else:
        noise = np.ascontiguousarray(noise, dtype=np.float64)
        if noise.shape != (count, kicks):
            raise ValueError(f"noise has shape {noise.shape}, expected {(count, kicks)}")
        has_noise = True
    history = np.empty((kicks + 1, count))
    _evolve(x1, p1, x2, p2, int(kicks), int(steps_per_kick), model.K1, model.K2, model.m, model.eps,
            model.width_coefficient, model.L, noise, has_noise, history)
    return history, Ensemble(x1, p1, x2, p2)


@numba.njit(cache=True, inline="always")
def _fold(x, p, L):  # pragma: no cover - compiled
    """Reflect x into [0, L] through any number of walls; the momentum flips once per wall crossed."""
    if 0.0 <= x <= L:
        return x, p
    k = math.floor(x / L)
    r = x - k * L
    if k % 2 == 0:
        return r, p
    return L - r, -p


@numba.njit(cache=True, inline="always")
def _force(x1, x2, eps, a):  # pragma: no cover - compiled
    d = x1 - x2
    q = a * d * d
    if q > FORCE_CUTOFF:
        return 0.0
    return 2.0 * a * eps * d * math.exp(-q)


@numba.njit(cache=True, parallel=True)
def _evolve(x1, p1, x2, p2, kicks, steps, K1, K2, m, eps, a, L, noise, has_noise,
            history):  # pragma: no cover - compiled
    dt = 1.0 / steps
    half = 0.5 * dt
    interacting = eps != 0.0
    for t in numba.prange(x1.shape[0]):
        y1, q1, y2, q2 = x1[t], p1[t], x2[t], p2[t]
        history[0, t] = q1
        for n in range(kicks):
            kick = K1 + noise[t, n] if has_noise else K1
            q1 += kick * math.sin(y1)
            q2 += K2 * math.sin(y2)
            f = _force(y1, y2, eps, a) if interacting else 0.0
            for _ in range(steps):
                q1 += half * f
                q2 -= half * f
                y1, q1 = _fold(y1 + dt * q1, q1, L)
                y2, q2 = _fold(y2 + dt * q2 / m, q2, L)
                f = _force(y1, y2, eps, a) if interacting else 0.0
                q1 += half * f
                q2 -= half * f
            history[n + 1, t] = q1
        x1[t], p1[t], x2[t], p2[t] = y1, q1, y2, q2
