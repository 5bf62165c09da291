"""Optimal frequencies for any scaled spectrum, by direct numerical maximization over (w_a, w_b) of the figure of
merit computed from the master-equation limit cycle (`noneq.otto.cycle`). For two levels this must agree with the
structured solver of `noneq.otto.optimum` (tested); for N levels it is the only route.

Objective: refrigerator chi = eps Q_c / t_cycle; engine power P = -W / t_cycle. Variables log(beta_c w_a) and
log(beta_h w_b), Nelder-Mead; points outside the machine's operating region get a huge penalty.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize

from noneq.otto.cycle import limit_cycle_arrays
from noneq.otto.model import check_levels

XATOL = 1e-7  # in log(beta w): COP to ~1e-7; smaller stalls (log chi is flat to rounding within ~3e-8)
FATOL = 1e-12  # in log(objective): met once xatol is (curvature * xatol^2 ~ 1e-14), never binding
_STARTS = {  # (beta_c w_a, beta_h w_b) inside the operating region, near the two-level optima; r = T_h / T_c
    "refrigerator": lambda r: (2.0, 3.0),         # cooling: beta_c w_a < beta_h w_b
    "engine": lambda r: (1.0 + r, 2.0),           # engine: beta_h w_b < beta_c w_a < r beta_h w_b
}


def optimal_frequencies_numeric(T_c: float, T_h: float, gamma_c: float, gamma_h: float, tau_c: float,
                                tau_h: float, tau_adi: float, levels=(1.0, 2.0), *,
                                machine: str = "refrigerator") -> tuple[float, float, float]:
    """(w_a*, w_b*, objective*) maximizing chi (refrigerator) or power (engine) over the two frequencies."""
    levels = np.asarray(check_levels(levels))
    t = tau_c + tau_h + tau_adi
    if machine not in _STARTS:
        raise ValueError(f"machine {machine!r}: must be refrigerator or engine")

    def objective(x: np.ndarray) -> float:
        w_a = T_c * np.exp(x[0])
        w_b = T_h * np.exp(x[1])
        if w_b <= w_a:
            return 1e300
        _, _, Q_c, Q_h = limit_cycle_arrays(w_a * levels, w_b * levels, 1 / T_c, 1 / T_h, gamma_c, gamma_h,
                                            tau_c, tau_h)
        W = -(Q_c + Q_h)
        if machine == "refrigerator":  # minimize -log(objective): relative accuracy at any scale
            return -np.log(Q_c * Q_c / W / t) if (Q_c > 0 and W > 0) else 1e300
        return -np.log(-W / t) if W < 0 else 1e300

    start = np.log(np.array(_STARTS[machine](T_h / T_c)))
    res = minimize(objective, start, method="Nelder-Mead", options={"xatol": XATOL, "fatol": FATOL,
                                                                  "maxiter": 4000})
    return float(T_c * np.exp(res.x[0])), float(T_h * np.exp(res.x[1])), float(np.exp(-res.fun))
