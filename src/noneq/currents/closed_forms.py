"""Closed forms for the integrated current through the origin (conventions: `noneq.currents.model`).

Continuum, non-interacting particles (D = 1, sigma = 2 rho), step densities rho_a | rho_b, t1 <= t2:

    <Q(t)>                      = (rho_a - rho_b) sqrt(t / pi)             (NOTES.md; the draft's eq. (37) is wrong)
    <Q(t1) Q(t2)>_c, annealed   = (rho_a + rho_b) / (2 sqrt(pi)) [sqrt(t1) + sqrt(t2) - sqrt(t2 - t1)]   (eq. 38)
    <Q(t1) Q(t2)>_c, quenched   = (rho_a + rho_b) / (2 sqrt(pi)) [sqrt(t1 + t2) - sqrt(t2 - t1)]       (NOTES.md)

Lattice (unit hop rate each way), h(t) = t e^{-2t} [I_0(2t) + I_1(2t)] = E|X_t| / 2 for a free walker:

    <Q(t)> = (rho_a - rho_b) h(t)                                   (SEP and independent walkers, NOTES.md)
    walkers, annealed (Poisson):  (rho_a + rho_b) [h(t1) + h(t2) - h(t2 - t1)] / 2
    SEP, equilibrium, annealed:   rho (1 - rho) [h(t1) + h(t2) - h(t2 - t1)]                      (NOTES.md)
    quenched = annealed - sum_k Var(n_k) a_k(t1) a_k(t2),  a_k(t) = d<Q(t)>/d n_k(0)  (law of total covariance;
    exact because E[Q | init] is linear in the initial occupations for both models).

Final time, lambda(t) = B delta(T - t), non-interacting (Derrida-Gerschenfeld):
    annealed mu = sqrt(T / pi) [rho_a (e^B - 1) + rho_b (e^-B - 1)],
    quenched mu = int_0^inf dx {rho_a ln[1 + (e^B - 1) p(x)] + rho_b ln[1 + (e^-B - 1) p(x)]},
    p(x) = erfc(x / sqrt(4T)) / 2.

Example
-------
>>> round(float(lattice_h(50.0)) / float(np.sqrt(50 / np.pi)), 3)
0.999
"""

from __future__ import annotations

import numpy as np
from scipy.integrate import quad
from scipy.special import erfc, ive
from scipy.stats import skellam

from noneq.currents.model import exact_half_width

QUAD_TOLERANCE = 1e-12  # relative accuracy of the adaptive quadrature in the quenched final-time formula


def continuum_mean(rho_a: float, rho_b: float, t):
    """<Q(t)> = (rho_a - rho_b) sqrt(t / pi) (D = 1)."""
    return (rho_a - rho_b) * np.sqrt(np.asarray(t, float) / np.pi)


def continuum_covariance(rho_a: float, rho_b: float, t1, t2, average: str):
    """<Q(t1) Q(t2)>_c for non-interacting particles in the continuum (module docstring)."""
    t1, t2 = np.minimum(t1, t2), np.maximum(t1, t2)
    lag = np.sqrt(t2 - t1)
    if average == "annealed":
        bracket = np.sqrt(t1) + np.sqrt(t2) - lag
    else:
        bracket = np.sqrt(t1 + t2) - lag
    return (rho_a + rho_b) / (2 * np.sqrt(np.pi)) * bracket


def lattice_h(t):
    """h(t) = t e^{-2t} [I_0(2t) + I_1(2t)]: mean of max(X_t, 0) for a walker hopping at rate 1 each way."""
    t = np.asarray(t, float)
    return t * (ive(0, 2 * t) + ive(1, 2 * t))


def lattice_mean(rho_a: float, rho_b: float, t):
    """<Q(t)> = (rho_a - rho_b) h(t) on the lattice (both models: the density obeys the lattice heat equation)."""
    return (rho_a - rho_b) * lattice_h(t)


def _tail_overlap(t1: float, t2: float) -> float:
    """sum_{n >= 1} P(X_t1 >= n) P(X_t2 >= n) = sum over left sites of a_k(t1) a_k(t2) for a free walker."""
    n = np.arange(1, exact_half_width(max(t1, t2)) + 1)
    return float(np.sum(skellam.sf(n - 1, t1, t1) * skellam.sf(n - 1, t2, t2)))


def lattice_covariance(model: str, rho_a: float, rho_b: float, t1: float, t2: float, average: str) -> float:
    """Exact lattice <Q(t1) Q(t2)>_c: independent walkers (any rho_a, rho_b) or SEP at equilibrium.

    SEP with rho_a != rho_b has no closed form here: use `noneq.currents.lattice.lattice_correlations`.
    """
    t1, t2 = min(t1, t2), max(t1, t2)
    pair = 0.5 * (lattice_h(t1) + lattice_h(t2) - lattice_h(t2 - t1))  # sum_n P(X_t1 >= n, X_t2 >= n)
    if model == "independent":
        annealed, weight = (rho_a + rho_b) * pair, rho_a + rho_b
    elif rho_a == rho_b:
        annealed = 2 * rho_a * (1 - rho_a) * pair
        weight = 2 * rho_a * (1 - rho_a)
    else:
        raise ValueError("SEP with a step has no closed form: use noneq.currents.lattice.lattice_correlations")
    if average == "annealed":
        return float(annealed)
    return float(annealed - weight * _tail_overlap(t1, t2))


def sep_equal_time_variance_large_t(rho_a: float, rho_b: float) -> float:
    """Derrida-Gerschenfeld, SEP step, annealed: lim <Q(t)^2>_c / sqrt(t)
    = [rho_a + rho_b - 2 rho_a rho_b - (rho_a - rho_b)^2 / sqrt(2)] / sqrt(pi) (NOTES.md)."""
    return (rho_a + rho_b - 2 * rho_a * rho_b - (rho_a - rho_b) ** 2 / np.sqrt(2)) / np.sqrt(np.pi)


def final_time_mu(rho_a: float, rho_b: float, T: float, B: float, average: str) -> float:
    """mu for lambda = B delta(T - t), non-interacting particles, D = 1 (module docstring)."""
    if average == "annealed":
        return float(np.sqrt(T / np.pi) * (rho_a * np.expm1(B) + rho_b * np.expm1(-B)))

    def integrand(x: float) -> float:
        p = 0.5 * erfc(x / np.sqrt(4 * T))
        return rho_a * np.log1p(np.expm1(B) * p) + rho_b * np.log1p(np.expm1(-B) * p)

    return float(quad(integrand, 0, np.inf, epsrel=QUAD_TOLERANCE, limit=200)[0])


def delta_kick_solution(x, t, t1: float, B: float):
    """NOTES.md exact P_lambda for lambda = B delta(t - t1), t < t1:
    P(x, t) = 1 + (e^B - 1) erfc(-x / sqrt(4 (t1 - t))) / 2 (the draft's Appendix A is first order only)."""
    return 1 + np.expm1(B) * 0.5 * erfc(-np.asarray(x, float) / np.sqrt(4 * (t1 - t)))
