"""Quantum-jump trajectories of the Otto cycle: per-cycle heat, work and entropy production.

Each trajectory starts in a level drawn from the limit-cycle distribution p_1 and runs ``n_cycles`` cycles
(`noneq.stochastic.jump_trajectories`, Gillespie with the isochores' ladder rates; ideal adiabats are energy
switches). Per cycle and trajectory (absorbed heats, `noneq.otto.model` sign convention):

    q_c = energy absorbed in jumps during the cold isochore,  q_h = same for the hot isochore,
    w   = work of both adiabats = (w_b - w_a) (levels[x_2] - levels[x_4]) = -(q_c + q_h) + Delta E,
    sigma = -beta_c q_c - beta_h q_h + ln p_1(x_start) - ln p_1(x_end)     (total entropy production, nats).

The means agree with the master equation (Q_c, Q_h, W) and, because every cycle starts and ends in the periodic
steady state p_1, the integral fluctuation theorem <exp(-sigma)> = 1 holds exactly (averages:
`noneq.otto.observables.mean_and_error`, `noneq.otto.observables.fluctuation_theorem`).
"""

from __future__ import annotations

from dataclasses import asdict

import numpy as np
import xarray as xr

from noneq.core.resources import check_memory
from noneq.core.results import labelled, provenance
from noneq.core.validation import integer
from noneq.otto.cycle import limit_cycle
from noneq.otto.model import OttoCycle, check_cycle
from noneq.stochastic import jump_trajectories, ladder_rates

__all__ = ["cycle_fluctuations"]

SYSTEM = "otto"
BYTES_PER_SAMPLE_CYCLE = 256  # the trajectories' records and the dataset, per sample and cycle (measured ~90)


def cycle_fluctuations(cycle: OttoCycle, *, samples: int, n_cycles: int, seed: int) -> xr.Dataset:
    """Per-cycle q_c, q_h, w and sigma of ``samples`` independent trajectories of ``n_cycles`` cycles each.

    Parameters
    ----------
    cycle : OttoCycle
    samples : int
        Number of trajectories, >= 2.
    n_cycles : int
        Cycles per trajectory, >= 1.
    seed : int
        Root seed of the random draws (recorded in the dataset's ``seed`` attribute).

    Returns
    -------
    xarray.Dataset
        ``q_c``, ``q_h``, ``work``, ``sigma``, ``jumps`` with dims (sample, cycle), and the master-equation
        values ``Q_c_master``, ``Q_h_master``, ``W_master`` (energies in the units of w, sigma in nats).

    Examples
    --------
    >>> c = OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0)
    >>> ds = cycle_fluctuations(c, samples=20, n_cycles=3, seed=1)
    >>> dict(ds.sizes), ds.attrs["seed"]
    ({'sample': 20, 'cycle': 3}, 1)
    """
    cycle = check_cycle(cycle)
    samples = integer("samples", samples, minimum=2)
    n_cycles = integer("n_cycles", n_cycles, minimum=1)
    seed = integer("seed", seed, minimum=0)
    check_memory(BYTES_PER_SAMPLE_CYCLE * samples * n_cycles, f"{samples} trajectories of {n_cycles} cycles",
                 "lower samples or n_cycles")
    steady = limit_cycle(cycle)
    E_a, E_b = cycle.energies(cycle.w_a), cycle.energies(cycle.w_b)
    rates = np.stack([ladder_rates(E_a, cycle.beta_c, cycle.gamma_c), ladder_rates(E_b, cycle.beta_h, cycle.gamma_h)])
    record = jump_trajectories(rates, np.array([cycle.tau_c, cycle.tau_h]), np.stack([E_a, E_b]), steady.p1,
                               n_trajectories=samples, n_periods=n_cycles, seed=seed)
    q_c, q_h = record.heat[..., 0], record.heat[..., 1]
    work = record.work.sum(axis=-1)
    log_p = np.log(steady.p1)
    boundary = log_p[record.start_state[:, :-1]] - log_p[record.start_state[:, 1:]]
    sigma = -cycle.beta_c * q_c - cycle.beta_h * q_h + boundary
    dims = ("sample", "cycle")
    ds = xr.Dataset({
        "q_c": labelled(q_c, dims, "energy", "heat absorbed from the cold bath in one cycle"),
        "q_h": labelled(q_h, dims, "energy", "heat absorbed from the hot bath in one cycle"),
        "work": labelled(work, dims, "energy", "work done on the working substance in one cycle"),
        "sigma": labelled(sigma, dims, "1", "total entropy production in one cycle (nats)"),
        "jumps": labelled(record.jumps.sum(axis=-1), dims, "1", "number of quantum jumps in one cycle"),
        "Q_c_master": labelled(steady.Q_c, (), "energy", "Q_c from the master equation"),
        "Q_h_master": labelled(steady.Q_h, (), "energy", "Q_h from the master equation"),
        "W_master": labelled(steady.W, (), "energy", "W from the master equation"),
    }, coords={"cycle": np.arange(n_cycles)})
    parameters = {**asdict(cycle), "samples": samples, "n_cycles": n_cycles}
    ds.attrs.update(provenance(SYSTEM, parameters, seed=seed))
    return ds
