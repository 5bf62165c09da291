"""Solver: the periodic steady state (limit cycle) of an Otto cycle with any scaled spectrum, by numerical
integration of the classical master equation (`noneq.stochastic.master`); no closed forms used here.

Isochores use the detailed-balance ladder rates of `noneq.stochastic.ladder_rates` (neighbouring levels of
E_k = w levels[k]; for two levels these are the corrected rates of the paper's eq. (4)). Ideal adiabats keep the
populations (and rescale the energies). The limit cycle is the fixed point p_1 of M = exp(G_h tau_h) exp(G_c tau_c).

Corners: p_1 start of the cold isochore, p_2 its end (= start of the compression), p_3 = p_2 start of the hot
isochore, p_4 its end (= p_1 after the expansion). Heats absorbed (`noneq.otto.model` convention):
Q_c = sum_k E_k(w_a) (p_2 - p_1)_k, Q_h = sum_k E_k(w_b) (p_4 - p_3)_k, W = -(Q_c + Q_h).

Example
-------
>>> from noneq.otto.model import OttoCycle
>>> c = limit_cycle(OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0))
>>> c.Q_c > 0
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from noneq.otto.model import OttoCycle
from noneq.stochastic import (boltzmann, generator, ladder_rates, periodic_steady_state, propagator,
                              reversible_propagator)


@dataclass(frozen=True)
class CycleResult:
    """The limit cycle of one `OttoCycle`: corner populations (levels ascending) and energy exchanges."""

    cycle: OttoCycle
    p1: np.ndarray
    p2: np.ndarray
    Q_c: float
    Q_h: float
    W: float


def isochore_generators(cycle: OttoCycle) -> tuple[np.ndarray, np.ndarray]:
    """Generators (G_c, G_h) of the cold (at w_a) and hot (at w_b) isochores."""
    G_c = generator(ladder_rates(cycle.energies(cycle.w_a), cycle.beta_c, cycle.gamma_c))
    G_h = generator(ladder_rates(cycle.energies(cycle.w_b), cycle.beta_h, cycle.gamma_h))
    return G_c, G_h


def limit_cycle_arrays(E_a: np.ndarray, E_b: np.ndarray, beta_c: float, beta_h: float, gamma_c: float,
                       gamma_h: float, tau_c: float, tau_h: float) -> tuple[np.ndarray, np.ndarray, float, float]:
    """(p_1, p_2, Q_c, Q_h) for energies E_a (cold isochore) and E_b (hot isochore), without the model's
    range checks (used for derivatives at and around equilibrium, e.g. `noneq.otto.onsager`)."""
    G_c = generator(ladder_rates(E_a, beta_c, gamma_c))
    G_h = generator(ladder_rates(E_b, beta_h, gamma_h))
    # ladder rates are in detailed balance with the Boltzmann state: symmetric eigen-decomposition, not expm
    P_c = reversible_propagator(G_c, boltzmann(E_a, beta_c), tau_c)
    P_h = reversible_propagator(G_h, boltzmann(E_b, beta_h), tau_h)
    p1 = periodic_steady_state(P_h @ P_c)
    p2 = P_c @ p1
    p4 = P_h @ p2
    return p1, p2, float(E_a @ (p2 - p1)), float(E_b @ (p4 - p2))


def limit_cycle(cycle: OttoCycle) -> CycleResult:
    """Periodic steady state and Q_c, Q_h, W per cycle (see module docstring)."""
    p1, p2, Q_c, Q_h = limit_cycle_arrays(cycle.energies(cycle.w_a), cycle.energies(cycle.w_b), cycle.beta_c,
                                          cycle.beta_h, cycle.gamma_c, cycle.gamma_h, cycle.tau_c, cycle.tau_h)
    return CycleResult(cycle=cycle, p1=p1, p2=p2, Q_c=Q_c, Q_h=Q_h, W=-(Q_c + Q_h))


def populations_along_cycle(cycle: OttoCycle, n_points: int = 201) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(time, populations (time, level), frequency) over one period of the limit cycle, starting at p_1.

    Adiabats are drawn with the frequency changing linearly in time (populations constant).
    """
    G_c, G_h = isochore_generators(cycle)
    start = limit_cycle(cycle)
    t = np.linspace(0.0, cycle.t_cycle, n_points)
    half = cycle.tau_adi / 2.0
    t2, t3, t4 = cycle.tau_c, cycle.tau_c + half, cycle.tau_c + half + cycle.tau_h
    pops = np.empty((n_points, cycle.n_levels))
    freq = np.empty(n_points)
    for i, ti in enumerate(t):
        if ti <= t2:
            pops[i], freq[i] = propagator(G_c, ti) @ start.p1, cycle.w_a
        elif ti <= t3:
            pops[i] = start.p2
            freq[i] = cycle.w_a + (cycle.w_b - cycle.w_a) * (ti - t2) / half
        elif ti <= t4:
            pops[i], freq[i] = propagator(G_h, ti - t3) @ start.p2, cycle.w_b
        else:
            pops[i] = start.p1
            freq[i] = cycle.w_b - (cycle.w_b - cycle.w_a) * (ti - t4) / half
    return t, pops, freq
