"""Classical master equations for a few discrete states: generators, propagators, periodic steady states.

Convention: probabilities are column vectors ``p`` (shape ``(n,)``) and ``rates[i, j]`` (i != j) is the rate of
jumps j -> i. The generator is ``G = rates - diag(sum_i rates[i, :])`` (columns sum to zero) and

    dp/dt = G p,        p(t) = exp(G t) p(0).

A protocol that repeats a sequence of constant generators G_1 (duration t_1), G_2, ... has the one-period map
M = ... exp(G_2 t_2) exp(G_1 t_1) (a column-stochastic matrix); its periodic steady state ("limit cycle") is the
fixed point M p = p with sum(p) = 1, unique when M has all entries positive.

Detailed-balance ladder rates (`ladder_rates`): for energies E_0 < E_1 < ... and a bath at inverse temperature
beta (k_B = 1), neighbouring levels exchange with

    k_down(k -> k-1) = gamma (1 + s_k),  k_up(k-1 -> k) = gamma (1 - s_k),  s_k = tanh(beta (E_k - E_{k-1}) / 2),

so k_down / k_up = exp(beta (E_k - E_{k-1})) (detailed balance) and each pair relaxes at rate 2 gamma. The up rate
is computed as k_down exp(-beta dE), which keeps its full relative accuracy where beta dE >> 1.

Example
-------
>>> import numpy as np
>>> G = generator(ladder_rates(np.array([0.0, 1.0]), beta=1.0, gamma=1.0))
>>> p = propagate(G, np.array([0.0, 1.0]), 50.0)
>>> bool(np.allclose(p, np.exp([0.0, -1.0]) / np.exp([0.0, -1.0]).sum()))
True
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from scipy.linalg import expm
from scipy.special import expit

from noneq.core.errors import NumericalError, bad_value
from noneq.core.linalg import fixed_point

STOCHASTIC_TOLERANCE = 1e-9  # |column sum - 1| or negative entries of a propagator beyond this: lost accuracy
SIMILARITY_FLOOR = 1e-100  # below this stationary probability the similarity transform loses the double range


def ladder_rates(energies: np.ndarray, beta: float, gamma: float) -> np.ndarray:
    """Detailed-balance nearest-neighbour rates ``rates[i, j]`` (j -> i) for increasing ``energies`` (see module)."""
    energies = np.asarray(energies, dtype=float)
    if energies.ndim != 1 or energies.size < 2 or np.any(np.diff(energies) <= 0):
        raise bad_value("energies", energies.tolist(), "a strictly increasing sequence of at least 2 energies")
    if not beta > 0:
        raise bad_value("beta", beta, "a positive inverse temperature")
    if not gamma > 0:
        raise bad_value("gamma", gamma, "a positive rate")
    x = beta * np.diff(energies)
    n = energies.size
    rates = np.zeros((n, n))
    k = np.arange(1, n)
    with np.errstate(under="ignore", over="ignore"):
        rates[k - 1, k] = 2.0 * gamma * expit(x)  # down: k -> k-1, gamma (1 + tanh(x / 2))
        # up: k-1 -> k, gamma (1 - tanh(x / 2)) written as k_down e^{-x}: exact detailed balance, and full relative
        # accuracy where x >> 1 (1 - tanh cancels)
        rates[k, k - 1] = rates[k - 1, k] * np.exp(-x)
    return rates


def generator(rates: np.ndarray) -> np.ndarray:
    """Generator G = rates - diag(column sums) of ``rates[i, j]`` (j -> i); the diagonal of ``rates`` is ignored."""
    rates = np.array(rates, dtype=float)
    np.fill_diagonal(rates, 0.0)
    if np.any(rates < 0):
        raise bad_value("rates", "negative entry", "non-negative transition rates")
    return rates - np.diag(rates.sum(axis=0))


def propagator(G: np.ndarray, t: float) -> np.ndarray:
    """The column-stochastic matrix exp(G t) (t >= 0), checked for positivity and normalization."""
    if t < 0:
        raise bad_value("t", t, "a non-negative duration")
    P = expm(G * t)
    if np.any(P < -STOCHASTIC_TOLERANCE) or np.max(np.abs(P.sum(axis=0) - 1.0)) > STOCHASTIC_TOLERANCE:
        raise NumericalError("matrix exponential of the generator is not stochastic")
    return np.clip(P, 0.0, None)


def reversible_propagator(G: np.ndarray, pi: np.ndarray, t: float) -> np.ndarray:
    """exp(G t) for a generator in detailed balance with the positive stationary state ``pi``
    (G_ij pi_j = G_ji pi_i), via the symmetric matrix S = D^{-1/2} G D^{1/2}, D = diag(pi):
    exp(G t) = D^{1/2} V exp(Lambda t) V^T D^{-1/2}. Much cheaper than a general matrix exponential for small
    matrices; the detailed-balance condition is checked, and where rounding (a tiny pi_i) makes the result
    non-stochastic it falls back to `propagator` (scipy expm)."""
    if t < 0:
        raise bad_value("t", t, "a non-negative duration")
    pi = np.asarray(pi, dtype=float)
    if np.min(pi) <= SIMILARITY_FLOOR:
        return propagator(G, t)  # sqrt(pi) and 1/sqrt(pi) would leave the double range
    flux = G * pi[None, :]
    if np.max(np.abs(flux - flux.T)) > STOCHASTIC_TOLERANCE * max(1.0, np.max(np.abs(flux))):
        raise bad_value("pi", "given state", "a state in detailed balance with the generator")
    root = np.sqrt(pi)
    S = G * root[None, :] / root[:, None]
    evals, V = np.linalg.eigh(0.5 * (S + S.T))
    P = (root[:, None] * V) @ (np.exp(evals * t)[:, None] * (V.T / root[None, :]))
    if np.any(P < -STOCHASTIC_TOLERANCE) or np.max(np.abs(P.sum(axis=0) - 1.0)) > STOCHASTIC_TOLERANCE:
        return propagator(G, t)  # a tiny stationary probability spoils the similarity transform: general expm
    return np.clip(P, 0.0, None)


def propagate(G: np.ndarray, p: np.ndarray, t: float) -> np.ndarray:
    """p(t) = exp(G t) p for one probability vector."""
    return propagator(G, t) @ np.asarray(p, dtype=float)


def cycle_map(propagators: Sequence[np.ndarray]) -> np.ndarray:
    """One-period map M = P_last ... P_2 P_1 of propagators given in time order."""
    M = np.eye(propagators[0].shape[0])
    for P in propagators:
        M = P @ M
    return M


def periodic_steady_state(M: np.ndarray) -> np.ndarray:
    """The fixed point M p = p, sum(p) = 1, of a column-stochastic one-period map (see module docstring)."""
    p = fixed_point(M, np.ones(M.shape[0])).real
    if np.any(p < -STOCHASTIC_TOLERANCE):
        raise NumericalError("periodic steady state is not a probability vector fixed by the cycle map")
    return np.clip(p, 0.0, None) / np.clip(p, 0.0, None).sum()


def boltzmann(energies: np.ndarray, beta: float) -> np.ndarray:
    """Equilibrium populations exp(-beta E_k) / Z."""
    e = np.asarray(energies, dtype=float)
    w = np.exp(-beta * (e - e.min()))
    return w / w.sum()
