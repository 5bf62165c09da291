"""Eq. (37), the mean current: the paper's formula against the exact lattice mean, the continuum limit and Monte
Carlo (SEP and independent walkers)."""

from __future__ import annotations

import numpy as np
import xarray as xr

from noneq.core.results import labelled, provenance
from noneq.currents import closed_forms as cf
from noneq.currents.paper import plots
from noneq.currents.paper.common import (CONTINUUM_TOLERANCE, DRAFT_TOLERANCE, EQ37_CORRECTION, FINAL_T,
                                         MC_SIGMAS, RHO_A, RHO_B, ROOT_SEED, SAMPLES, SYSTEM, max_z, mc_point,
                                         observation_times, point_seeds, relative)
from noneq.reproduce import Claim, Experiment, judge


def compute_mean(context) -> dict[str, xr.Dataset]:
    T = FINAL_T[context.quick]
    t = np.linspace(T / 40, T, 40)
    tm = observation_times(context.quick)
    data = {"lattice_exact": labelled(cf.lattice_mean(RHO_A, RHO_B, t), "time", "particles",
                                      "<Q(t)>, lattice exact (rho_a - rho_b) h(t)"),
            "continuum": labelled(cf.continuum_mean(RHO_A, RHO_B, t), "time", "particles",
                                  "<Q(t)>, continuum (rho_a - rho_b) sqrt(t/pi)")}
    mc = context.sweep("mean-montecarlo", mc_point, {"process": ["sep", "independent"]},
                       fixed=dict(average="annealed", rho_a=RHO_A, rho_b=RHO_B, times=tm.tolist(),
                                  samples=SAMPLES[context.quick]),
                       root_seed=ROOT_SEED, seed_parameter="seed")
    for name in ("sep", "independent"):
        point = mc.sel(process=name)
        data[f"mc_{name}"] = labelled(point["mean"].values, "mc_time", "particles", f"<Q(t)>, Monte Carlo {name}")
        data[f"mc_{name}_stderr"] = labelled(point["mean_stderr"].values, "mc_time", "particles", "standard error")
    ds = xr.Dataset(data, coords={"time": t, "mc_time": tm})
    ds.attrs.update(provenance(SYSTEM, {"rho_a": RHO_A, "rho_b": RHO_B, "T": T}, seed=ROOT_SEED,
                               point_seeds=point_seeds(mc)))
    return {"mean": ds}


def plot_mean(data) -> dict:
    ds = data["mean"]
    fig, (ax,) = plots.panels(1, f"mean integrated current, step rho_a = {RHO_A}, rho_b = {RHO_B}")
    points = {f"Monte Carlo {m}": (ds.mc_time.values, ds[f"mc_{m}"].values, ds[f"mc_{m}_stderr"].values)
              for m in ("sep", "independent")}
    plots.draw(ax, ds.time.values, {"lattice exact (rho_a-rho_b) h(t)": ds.lattice_exact.values,
                                    "continuum (rho_a-rho_b) sqrt(t/pi)": ds.continuum.values},
               points=points, xlabel="t", ylabel="<Q(t)>")
    return {"mean_current": fig}


def claims_mean(data) -> list[Claim]:
    ds = data["mean"]
    T = float(ds.time[-1])
    exact_mc = cf.lattice_mean(RHO_A, RHO_B, ds.mc_time.values)
    z = max(max_z(ds[f"mc_{m}"].values, ds[f"mc_{m}_stderr"].values, exact_mc) for m in ("sep", "independent"))
    measured = float(ds.lattice_exact[-1])
    continuum = float(ds.continuum[-1])
    return [
        judge("eq37-mean", f"eq. (37): <Q(t)> = (rho_a - rho_b)/sqrt(t), at t = {T:g}",
              paper=(RHO_A - RHO_B) / np.sqrt(T), measured=measured,
              criterion=f"relative difference < {DRAFT_TOLERANCE}", agrees=False,
              consistent=z < MC_SIGMAS and relative(measured, continuum) < CONTINUUM_TOLERANCE,
              correction=EQ37_CORRECTION[0], test=EQ37_CORRECTION[1],
              explanation=f"eq. (37) is wrong (docs/papers/currents.md): <Q(t)> = (rho_a - rho_b) sqrt(D t / pi) = "
                          f"{continuum:.4g} "
                          f"in the continuum; lattice exact (rho_a - rho_b) h(t) = {measured:.4g}; Monte Carlo "
                          f"(SEP and walkers) agrees with h(t) within {z:.2f} standard errors"),
        judge("mean-lattice-continuum", "lattice mean (rho_a - rho_b) h(t) tends to (rho_a - rho_b) sqrt(t/pi)",
              paper=continuum, measured=measured, criterion=f"relative difference < {CONTINUUM_TOLERANCE} at "
              f"t = {T:g} (finite-time correction {relative(measured, continuum):.2%})",
              agrees=relative(measured, continuum) < CONTINUUM_TOLERANCE, consistent=z < MC_SIGMAS),
    ]


MEAN = Experiment("mean-current", "<Q(t)>: eq. (37) vs exact lattice and Monte Carlo", compute_mean, plot_mean,
                  claims_mean)
