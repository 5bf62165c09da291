"""Fluctuations: quantum-jump trajectories of the Otto cycle, heat and work distributions, fluctuation theorem.

Each trajectory starts in a level drawn from the limit-cycle distribution p_1 and runs ``n_cycles`` cycles
(`noneq.stochastic.jump_trajectories`, Gillespie with the isochores' ladder rates; ideal adiabats are energy
switches). Per cycle and trajectory (absorbed heats, `noneq.otto.model` sign convention):

    q_c = energy absorbed in jumps during the cold isochore,  q_h = same for the hot isochore,
    w   = work of both adiabats = (w_b - w_a) (levels[x_2] - levels[x_4]) = -(q_c + q_h) + Delta E,
    sigma = -beta_c q_c - beta_h q_h + ln p_1(x_start) - ln p_1(x_end)     (total entropy production).

The means agree with the master equation (Q_c, Q_h, W) and, because every cycle starts and ends in the periodic
steady state p_1, the integral fluctuation theorem <exp(-sigma)> = 1 holds exactly.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from noneq.core.errors import bad_value
from noneq.core.results import labelled, provenance
from noneq.otto.cycle import limit_cycle
from noneq.otto.model import OttoCycle
from noneq.stochastic import jump_trajectories, ladder_rates

SYSTEM = "otto"


def cycle_fluctuations(cycle: OttoCycle, *, n_trajectories: int, n_cycles: int, seed: int) -> xr.Dataset:
    """Per-cycle q_c, q_h, w, sigma for many trajectories; dims (realization, cycle)."""
    if int(n_trajectories) < 2 or int(n_cycles) < 1:
        raise bad_value("n_trajectories", n_trajectories, "at least 2 trajectories of at least 1 cycle")
    steady = limit_cycle(cycle)
    E_a, E_b = cycle.energies(cycle.w_a), cycle.energies(cycle.w_b)
    rates = np.stack([ladder_rates(E_a, cycle.beta_c, cycle.gamma_c), ladder_rates(E_b, cycle.beta_h, cycle.gamma_h)])
    record = jump_trajectories(rates, np.array([cycle.tau_c, cycle.tau_h]), np.stack([E_a, E_b]), steady.p1,
                               n_trajectories=int(n_trajectories), n_periods=int(n_cycles), seed=int(seed))
    q_c, q_h = record.heat[..., 0], record.heat[..., 1]
    work = record.work.sum(axis=-1)
    log_p = np.log(steady.p1)
    boundary = log_p[record.start_state[:, :-1]] - log_p[record.start_state[:, 1:]]
    sigma = -cycle.beta_c * q_c - cycle.beta_h * q_h + boundary
    dims = ("realization", "cycle")
    ds = xr.Dataset({
        "q_c": labelled(q_c, dims, "energy", "heat absorbed from the cold bath in one cycle"),
        "q_h": labelled(q_h, dims, "energy", "heat absorbed from the hot bath in one cycle"),
        "work": labelled(work, dims, "energy", "work done on the working substance in one cycle"),
        "sigma": labelled(sigma, dims, "1", "total entropy production in one cycle"),
        "jumps": labelled(record.jumps.sum(axis=-1), dims, "1", "number of quantum jumps in one cycle"),
        "Q_c_master": labelled(steady.Q_c, (), "energy", "Q_c from the master equation"),
        "Q_h_master": labelled(steady.Q_h, (), "energy", "Q_h from the master equation"),
        "W_master": labelled(steady.W, (), "energy", "W from the master equation"),
    }, coords={"cycle": np.arange(int(n_cycles))})
    ds.attrs.update(provenance(SYSTEM, _parameters(cycle, n_trajectories, n_cycles), seed=int(seed)))
    return ds


def _parameters(cycle: OttoCycle, n_trajectories: int, n_cycles: int) -> dict:
    from dataclasses import asdict

    return {**asdict(cycle), "n_trajectories": int(n_trajectories), "n_cycles": int(n_cycles)}


def mean_and_error(values: xr.DataArray) -> tuple[float, float]:
    """Mean over all cycles and realizations, and its standard error from per-realization averages (cycles of
    one trajectory are correlated; realizations are independent)."""
    per_realization = values.mean("cycle").values
    return float(per_realization.mean()), float(per_realization.std(ddof=1) / np.sqrt(per_realization.size))


def fluctuation_theorem(sigma: xr.DataArray) -> tuple[float, float]:
    """<exp(-sigma)> and its standard error (per-realization averages, as in `mean_and_error`)."""
    return mean_and_error(np.exp(-sigma))
