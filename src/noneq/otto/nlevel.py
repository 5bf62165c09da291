"""Optimal frequencies for any scaled spectrum, by direct maximization over (w_a, w_b) of the figure of merit
computed from the master-equation limit cycle (`noneq.otto.cycle`).

For two levels this agrees with the structured solver of `noneq.otto.optimum` (tested); for N levels it is the
only route. Objective: refrigerator chi = cop Q_c / t_cycle, engine power P = -W / t_cycle. Variables
log(beta_c w_a) and log(beta_h w_b), Nelder-Mead; points outside the machine's operating region get a huge
penalty. Result type: an `xarray.Dataset` of scalars, with the names of `noneq.otto.optimum`'s datasets.

Examples
--------
>>> opt = optimal_frequencies_numeric(1.0, 1.5, 1.0, 1.0, 1.0, 1.0, 1.0)
>>> round(float(opt.cop_star), 4)                              # the two-level cop*(cop_carnot = 2)
0.7672
"""

from __future__ import annotations

import numpy as np
import xarray as xr
from scipy.optimize import minimize

from noneq.core.errors import NumericalError
from noneq.core.results import labelled
from noneq.core.validation import choice, real
from noneq.otto.cycle import heat_exchange
from noneq.otto.model import check_levels

__all__ = ["optimal_frequencies_numeric"]

PENALTY = 1e300  # objective outside the machine's operating region
MAX_LOG_BETA_W = 700.0  # |log(beta w)| beyond this: outside the double range of the Boltzmann factors
XATOL = 1e-7  # in log(beta w): the COP to ~1e-7 (log chi is flat to rounding within ~3e-8 of the optimum)
FATOL = 1e-12  # in log(objective): met once xatol is (curvature * xatol^2 ~ 1e-14), never binding
_STARTS = {  # (beta_c w_a, beta_h w_b) inside the operating region, near the two-level optima; r = T_h / T_c
    "refrigerator": lambda r: (2.0, 3.0),         # cooling: beta_c w_a < beta_h w_b
    "engine": lambda r: (1.0 + r, 2.0),           # engine: beta_h w_b < beta_c w_a < r beta_h w_b
}


def optimal_frequencies_numeric(T_c: float, T_h: float, gamma_c: float, gamma_h: float, tau_c: float,
                                tau_h: float, tau_adi: float, levels=(1.0, 2.0), *,
                                machine: str = "refrigerator") -> xr.Dataset:
    """The frequencies (w_a, w_b) maximizing chi (refrigerator) or the power (engine) of the limit cycle.

    Parameters
    ----------
    T_c, T_h : float
        Bath temperatures, 0 < T_c < T_h.
    gamma_c, gamma_h, tau_c, tau_h : float
        Bath rates and isochore times, > 0.
    tau_adi : float
        Total adiabat time, >= 0.
    levels : sequence of float, optional
        Scaled spectrum (default (1, 2)).
    machine : {"refrigerator", "engine"}

    Returns
    -------
    xarray.Dataset
        Scalars ``w_a``, ``w_b``, ``beta_c_w_a``, ``beta_h_w_b``, ``objective`` (chi or power at the optimum) and
        ``cop_star`` = w_a / (w_b - w_a) (refrigerator) or ``eta_star`` = 1 - w_a / w_b (engine).

    Examples
    --------
    >>> opt = optimal_frequencies_numeric(1.0, 2.0, 1.0, 1.0, 1.0, 1.0, 1.0, levels=(1, 2, 3), machine="engine")
    >>> bool(0.25 < float(opt.eta_star) < 0.5)                     # between eta_carnot / 2 and eta_carnot
    True
    """
    T_c = real("T_c", T_c, minimum=0.0, exclusive_minimum=True)
    T_h = real("T_h", T_h, minimum=T_c, exclusive_minimum=True)
    for name, value in (("gamma_c", gamma_c), ("gamma_h", gamma_h), ("tau_c", tau_c), ("tau_h", tau_h)):
        real(name, value, minimum=0.0, exclusive_minimum=True)
    real("tau_adi", tau_adi, minimum=0.0)
    machine = choice("machine", machine, tuple(_STARTS))
    levels = np.asarray(check_levels(levels))
    t = tau_c + tau_h + tau_adi

    def objective(x: np.ndarray) -> float:
        if not np.all(np.abs(x) < MAX_LOG_BETA_W):
            return PENALTY
        w_a = T_c * np.exp(x[0])
        w_b = T_h * np.exp(x[1])
        if w_b <= w_a:
            return PENALTY
        Q_c, Q_h = heat_exchange(w_a * levels, w_b * levels, 1 / T_c, 1 / T_h, gamma_c, gamma_h, tau_c, tau_h)
        W = -(Q_c + Q_h)
        # minimize -log(objective), from the logs of the factors: relative accuracy at any scale, no underflow
        if machine == "refrigerator":
            return float(np.log(W) + np.log(t) - 2.0 * np.log(Q_c)) if (Q_c > 0 and W > 0) else PENALTY
        return float(np.log(t) - np.log(-W)) if W < 0 else PENALTY

    start = np.log(np.array(_STARTS[machine](T_h / T_c)))
    res = minimize(objective, start, method="Nelder-Mead", options={"xatol": XATOL, "fatol": FATOL,
                                                                  "maxiter": 4000})
    if not res.fun < PENALTY:
        raise NumericalError(f"the search for the optimal frequencies found no cycle that runs as {machine!r}")
    w_a, w_b = float(T_c * np.exp(res.x[0])), float(T_h * np.exp(res.x[1]))
    data = {
        "w_a": labelled(w_a, (), "energy", "optimal cold-isochore frequency"),
        "w_b": labelled(w_b, (), "energy", "optimal hot-isochore frequency"),
        "beta_c_w_a": labelled(w_a / T_c, (), "1", "optimal beta_c w_a"),
        "beta_h_w_b": labelled(w_b / T_h, (), "1", "optimal beta_h w_b"),
    }
    if machine == "refrigerator":
        data["objective"] = labelled(float(np.exp(-res.fun)), (), "energy/time", "chi at the optimum")
        data["cop_star"] = labelled(w_a / (w_b - w_a), (), "1", "COP at maximum chi")
    else:
        data["objective"] = labelled(float(np.exp(-res.fun)), (), "energy/time", "power at the optimum")
        data["eta_star"] = labelled(1.0 - w_a / w_b, (), "1", "efficiency at maximum power")
    return xr.Dataset(data)
