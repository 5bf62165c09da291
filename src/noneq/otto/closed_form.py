"""Closed forms of the two-level Otto cycle (corrected forms of shared/papers/NOTES.md; hbar = k_B = 1).

Rates (paper eq. (4), up/down swapped in the extraction, corrected): k_down = gamma (1 + s), k_up = gamma (1 - s),
s = tanh(beta w / 2); the excited population relaxes at rate 2 gamma to p_e^eq = (1 - s) / 2.
With n = p_g + 2 p_e = 1 + p_e (energy E = n w), n^eq = (3 - tanh(beta w / 2)) / 2 (NOTES: the printed sign is
wrong) and, over one cycle of the periodic steady state,

    n_2 - n_1 = Delta n^eq f,    Delta n^eq = [tanh(beta_h w_b / 2) - tanh(beta_c w_a / 2)] / 2,
    f = (1 - a)(1 - b) / (1 - a b),   a = exp(-2 gamma_c tau_c),  b = exp(-2 gamma_h tau_h)     (eq. 17)

(the paper's f with the factor 2 absorbed into the times). Heats absorbed per cycle (sign convention of
`noneq.otto.model`): Q_c = w_a Delta n^eq f, Q_h = -w_b Delta n^eq f, W = (w_b - w_a) Delta n^eq f.
COP eps = w_a / (w_b - w_a) (eq. 16); cooling needs beta_c w_a < beta_h w_b. Figure of merit (NOTES: chi = eps R)

    chi = eps Q_c / t_cycle = G(w_a, w_b) F(tau_c, tau_h),  G = w_a^2 Delta n^eq / (w_b - w_a),
    F = f / (tau_adi + tau_c + tau_h).

High temperature (beta w << 1; NOTES sign): chi ~ w_a^2 (beta_h w_b - beta_c w_a) F / (4 (w_b - w_a)).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize_scalar

from noneq.otto.model import OttoCycle, positive, non_negative


def delta_n_eq(beta_c, w_a, beta_h, w_b):
    """Delta n^eq = [tanh(beta_h w_b / 2) - tanh(beta_c w_a / 2)] / 2 (NOTES.md sign); broadcasts."""
    return 0.5 * (np.tanh(0.5 * np.asarray(beta_h) * w_b) - np.tanh(0.5 * np.asarray(beta_c) * w_a))


def time_factor(gamma_c, tau_c, gamma_h, tau_h):
    """f(tau_c, tau_h) = (1 - a)(1 - b) / (1 - a b), a = exp(-2 gamma_c tau_c), b = exp(-2 gamma_h tau_h)."""
    one_minus_a = -np.expm1(-2.0 * np.asarray(gamma_c) * tau_c)
    one_minus_b = -np.expm1(-2.0 * np.asarray(gamma_h) * tau_h)
    both = -np.expm1(-2.0 * np.asarray(gamma_c) * tau_c - 2.0 * np.asarray(gamma_h) * tau_h)
    return one_minus_a * one_minus_b / both


def excited_populations(cycle: OttoCycle) -> tuple[float, float]:
    """Excited-state population at the start (p_e1) and end (p_e2) of the cold isochore in the limit cycle.

    Corrected eqs. (11)-(12) (the printed ones are p_e, not p_g): with p_c = (1 - s_c)/2, p_h = (1 - s_h)/2,
    p_e1 = [p_h (1 - b) + b p_c (1 - a)] / (1 - a b) and p_e2 = p_c + (p_e1 - p_c) a.
    """
    gap = cycle.levels[1] - cycle.levels[0]
    a = np.exp(-2.0 * cycle.gamma_c * cycle.tau_c)
    b = np.exp(-2.0 * cycle.gamma_h * cycle.tau_h)
    p_c = 0.5 * (1.0 - np.tanh(0.5 * cycle.beta_c * gap * cycle.w_a))
    p_h = 0.5 * (1.0 - np.tanh(0.5 * cycle.beta_h * gap * cycle.w_b))
    p_e1 = (p_h * (1.0 - b) + b * p_c * (1.0 - a)) / (1.0 - a * b)
    return float(p_e1), float(p_c + (p_e1 - p_c) * a)


def heats(cycle: OttoCycle) -> dict[str, float]:
    """Q_c, Q_h, W per cycle of a two-level cycle (absorbed heats; W done on the system).

    For ``levels`` other than (1, 2) the gap is (levels[1] - levels[0]) w; the formulas use that gap.
    """
    if cycle.n_levels != 2:
        raise ValueError("closed forms are for two levels; use noneq.otto.cycle.limit_cycle for N levels")
    gap = cycle.levels[1] - cycle.levels[0]
    w_a, w_b = gap * cycle.w_a, gap * cycle.w_b
    dn = float(delta_n_eq(cycle.beta_c, w_a, cycle.beta_h, w_b)
               * time_factor(cycle.gamma_c, cycle.tau_c, cycle.gamma_h, cycle.tau_h))
    return {"Q_c": w_a * dn, "Q_h": -w_b * dn, "W": (w_b - w_a) * dn}


def chi_closed_form(w_a, w_b, beta_c, beta_h, F=1.0):
    """chi = G(w_a, w_b) F with G = w_a^2 Delta n^eq / (w_b - w_a)  (two-level, gap w); broadcasts."""
    w_a = np.asarray(w_a, dtype=float)
    return w_a**2 * delta_n_eq(beta_c, w_a, beta_h, w_b) / (w_b - w_a) * F


def chi_high_temperature(w_a, w_b, beta_c, beta_h, F=1.0):
    """High-temperature form chi ~ w_a^2 (beta_h w_b - beta_c w_a) F / (4 (w_b - w_a))  (NOTES.md sign)."""
    w_a = np.asarray(w_a, dtype=float)
    return w_a**2 * (beta_h * w_b - beta_c * w_a) * F / (4.0 * (w_b - w_a))


def eps_ca(eps_c):
    """Curzon-Ahlborn-type COP eps_CA = sqrt(1 + eps_C) - 1."""
    return np.sqrt(1.0 + np.asarray(eps_c, dtype=float)) - 1.0


def eps_plus(eps_c):
    """Upper bound eps_+ = (sqrt(9 + 8 eps_C) - 3) / 2, the root of eps^2 + 3 eps - 2 eps_C = 0 (eq. 23)."""
    return 0.5 * (np.sqrt(9.0 + 8.0 * np.asarray(eps_c, dtype=float)) - 3.0)


def eta_ca(eta_c):
    """Curzon-Ahlborn efficiency 1 - sqrt(1 - eta_C)."""
    return 1.0 - np.sqrt(1.0 - np.asarray(eta_c, dtype=float))


def optimal_hot_time(gamma_c: float, tau_c, gamma_h: float):
    """tau_h solving the optimal time allocation, eq. (20) in physical time (factor 2 restored):
    gamma_c [cosh(2 gamma_h tau_h) - 1] = gamma_h [cosh(2 gamma_c tau_c) - 1]."""
    # cosh(2y) - 1 = 2 sinh(y)^2, so gamma_h tau_h = arcsinh(sqrt(gamma_h / gamma_c) sinh(gamma_c tau_c))
    return np.arcsinh(np.sqrt(gamma_h / gamma_c) * np.sinh(gamma_c * np.asarray(tau_c))) / gamma_h


def time_allocation_objective(tau_c, tau_h, gamma_c, gamma_h, tau_adi):
    """F(tau_c, tau_h) = f / (tau_adi + tau_c + tau_h)."""
    return time_factor(gamma_c, tau_c, gamma_h, tau_h) / (tau_adi + tau_c + tau_h)


def optimal_times(gamma_c: float, gamma_h: float, tau_adi: float) -> tuple[float, float]:
    """(tau_c, tau_h) maximizing F for tau_adi > 0: eq. (20) ties tau_h to tau_c, then a 1-d maximization."""
    gamma_c, gamma_h = positive("gamma_c", gamma_c), positive("gamma_h", gamma_h)
    tau_adi = positive("tau_adi", non_negative("tau_adi", tau_adi))

    def minus_log_F(log_x: float) -> float:
        tau_c = np.exp(log_x) / gamma_c
        return -float(np.log(time_allocation_objective(tau_c, optimal_hot_time(gamma_c, tau_c, gamma_h),
                                                        gamma_c, gamma_h, tau_adi)))

    scale = np.log(gamma_c * tau_adi)
    upper = min(scale + 12.0, np.log(300.0))  # gamma_c tau_c <= 300: sinh stays finite, f saturated long before
    res = minimize_scalar(minus_log_F, bounds=(scale - 12.0, upper), method="bounded",
                          options={"xatol": 1e-12})
    tau_c = float(np.exp(res.x) / gamma_c)
    return tau_c, float(optimal_hot_time(gamma_c, tau_c, gamma_h))
