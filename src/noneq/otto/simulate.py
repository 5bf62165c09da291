"""One run of the Otto machine at its optimum: the dataset behind ``noneq run otto``.

Given the Carnot COP eps_c and the cold temperature T_c (so T_h = T_c (1 + 1/eps_c)), the run finds the optimal
time allocation (eq. (20) plus the 1-d maximization of F; or the given tau_c, tau_h when both are > 0) and the
optimal frequencies: for two levels with the structured solver of `noneq.otto.optimum` (chi for the refrigerator,
power for the engine), for n_levels > 2 (equally spaced spectrum w * (1, 2, ..., n)) by direct maximization over
the master-equation limit cycle (`noneq.otto.nlevel`). It reports the cycle at that optimum (limit-cycle
populations along the cycle, heats, COP, chi, entropy production) and the reference COPs.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np
import xarray as xr

from noneq.core.errors import bad_value
from noneq.core.progress import SILENT, Progress
from noneq.core.results import labelled, provenance
from noneq.otto import observables as obs
from noneq.otto.closed_form import eps_ca, eps_plus, eta_ca, optimal_times
from noneq.otto.cycle import limit_cycle, populations_along_cycle
from noneq.otto.model import OttoCycle
from noneq.otto.nlevel import optimal_frequencies_numeric
from noneq.otto.optimum import optimal_engine, optimal_refrigerator

SYSTEM = "otto"
ALONG_CYCLE_POINTS = 201


def check_combination(values: Mapping) -> None:
    """tau_c, tau_h (and w_a, w_b) are given together (both > 0) or both left at 0 (optimal); w_b > w_a."""
    if (values["w_a"] > 0) != (values["w_b"] > 0):
        given, missing = ("w_a", "w_b") if values["w_a"] > 0 else ("w_b", "w_a")
        raise bad_value(missing, 0.0, f"> 0 when {given} = {values[given]:g} is given "
                                      "(or set both to 0 for the optimal frequencies)")
    if values["w_a"] > 0 and values["w_b"] <= values["w_a"]:
        raise bad_value("w_b", values["w_b"], f"greater than w_a = {values['w_a']:g}")
    if (values["tau_c"] > 0) != (values["tau_h"] > 0):
        given, missing = ("tau_c", "tau_h") if values["tau_c"] > 0 else ("tau_h", "tau_c")
        raise bad_value(missing, 0.0, f"> 0 when {given} = {values[given]:g} is given "
                                      "(or set both to 0 for the optimal allocation, eq. 20)")


def _scalar(value, unit: str, name: str) -> xr.Variable:
    return labelled(float(value), (), unit, name)


def run_otto(*, eps_c: float, T_c: float, gamma_c: float, gamma_h: float, tau_adi: float, tau_c: float,
             tau_h: float, w_a: float, w_b: float, n_levels: int, machine: str,
             progress: Progress = SILENT) -> xr.Dataset:
    """Optimal Otto refrigerator (or engine) between T_c and T_c (1 + 1/eps_c) (see module docstring); with
    w_a, w_b > 0 the reported cycle runs at those frequencies (the optimum is still reported)."""
    parameters = dict(eps_c=eps_c, T_c=T_c, gamma_c=gamma_c, gamma_h=gamma_h, tau_adi=tau_adi, tau_c=tau_c,
                      tau_h=tau_h, w_a=w_a, w_b=w_b, n_levels=n_levels, machine=machine)
    check_combination(parameters)
    T_h = T_c * (1.0 + 1.0 / eps_c)
    eta_c = 1.0 - T_c / T_h
    if tau_c <= 0:
        tau_c, tau_h = optimal_times(gamma_c, gamma_h, tau_adi)
    levels = tuple(float(k) for k in range(1, n_levels + 1))
    with progress.task("otto optimum", 1) as advance:
        if n_levels == 2:
            u, v, _ = (optimal_refrigerator if machine == "refrigerator" else optimal_engine)(
                np.array([eps_c if machine == "refrigerator" else eta_c]))
            w_a_opt, w_b_opt = float(u[0]) * T_c, float(v[0]) * T_h
        else:
            w_a_opt, w_b_opt, _ = optimal_frequencies_numeric(T_c, T_h, gamma_c, gamma_h, tau_c, tau_h, tau_adi,
                                                              levels, machine=machine)
        advance(1)
    if w_a <= 0:
        w_a, w_b = w_a_opt, w_b_opt
    cycle = OttoCycle(w_a, w_b, T_c, T_h, gamma_c, gamma_h, tau_c, tau_h, tau_adi, levels)
    result = limit_cycle(cycle)
    t, pops, freq = populations_along_cycle(cycle, ALONG_CYCLE_POINTS)
    data = {
        "eps_star": _scalar(w_a_opt / (w_b_opt - w_a_opt), "1", "COP at maximum chi, w_a* / (w_b* - w_a*)"),
        "eps": _scalar(w_a / (w_b - w_a), "1", "COP Q_c / W of the reported cycle (as a refrigerator)"),
        "eps_ca": _scalar(eps_ca(eps_c), "1", "Curzon-Ahlborn COP sqrt(1 + eps_C) - 1"),
        "eps_plus": _scalar(eps_plus(eps_c), "1", "upper bound (sqrt(9 + 8 eps_C) - 3) / 2"),
        "eps_carnot": _scalar(eps_c, "1", "Carnot COP T_c / (T_h - T_c)"),
        "beta_c_w_a": _scalar(w_a_opt / T_c, "1", "optimal beta_c w_a"),
        "beta_h_w_b": _scalar(w_b_opt / T_h, "1", "optimal beta_h w_b"),
        "w_a": _scalar(w_a, "energy", "frequency of the cold isochore"),
        "w_b": _scalar(w_b, "energy", "frequency of the hot isochore"),
        "T_h": _scalar(T_h, "energy", "hot bath temperature"),
        "tau_c": _scalar(tau_c, "time", "cold isochore time"),
        "tau_h": _scalar(tau_h, "time", "hot isochore time"),
        "Q_c": _scalar(result.Q_c, "energy", "heat absorbed from the cold bath per cycle"),
        "Q_h": _scalar(result.Q_h, "energy", "heat absorbed from the hot bath per cycle"),
        "W": _scalar(result.W, "energy", "work done on the working substance per cycle"),
        "cooling_rate": _scalar(obs.cooling_rate(result), "energy/time", "R = Q_c / t_cycle"),
        "chi": _scalar(obs.chi(result), "energy/time", "figure of merit eps Q_c / t_cycle"),
        "entropy_production": _scalar(obs.entropy_production(result), "1",
                                      "entropy production per cycle -beta_c Q_c - beta_h Q_h"),
        "populations": labelled(pops, ("phase", "level"), "1", "limit-cycle level populations along the cycle"),
        "frequency": labelled(freq, ("phase",), "energy", "frequency w(t) along the cycle"),
        "time": labelled(t, ("phase",), "time", "time since the start of the cold isochore"),
    }
    if machine == "engine":
        data.update({
            "eta_star": _scalar(1.0 - w_a_opt / w_b_opt, "1", "efficiency at maximum power 1 - w_a* / w_b*"),
            "eta": _scalar(1.0 - w_a / w_b, "1", "efficiency 1 - w_a / w_b of the reported cycle"),
            "eta_ca": _scalar(eta_ca(eta_c), "1", "Curzon-Ahlborn efficiency 1 - sqrt(1 - eta_C)"),
            "eta_carnot": _scalar(eta_c, "1", "Carnot efficiency 1 - T_c / T_h"),
            "power": _scalar(obs.power(result), "energy/time", "power output -W / t_cycle"),
        })
        for name in ("eps_star", "eps", "chi", "cooling_rate"):  # refrigerator measures: meaningless here
            del data[name]
    # phase t / t_cycle (not the time itself) as the coordinate, so that runs with different cycle times align
    ds = xr.Dataset(data, coords={"phase": np.linspace(0.0, 1.0, t.size), "level": np.arange(n_levels)})
    ds.attrs.update(provenance(SYSTEM, parameters))
    return ds
