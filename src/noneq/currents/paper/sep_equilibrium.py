"""Eqs. (48)-(49), SEP at equilibrium: two-time current correlations (lattice exact, closed two-point equations,
Monte Carlo, MFT) and the equal-time annealed / quenched ratio sqrt(2)."""

from __future__ import annotations

import numpy as np
import xarray as xr

from noneq.core.results import labelled, provenance
from noneq.currents import closed_forms as cf
from noneq.currents.lattice import lattice_correlations
from noneq.currents.mft import TRANSPORT, equilibrium_covariance
from noneq.currents.model import CurrentsModel
from noneq.currents.paper import plots
from noneq.currents.paper.common import (CONTINUUM_TOLERANCE, FINAL_T, FINITE_TIME, MC_SIGMAS, ROOT_SEED, SAMPLES,
                                         SYSTEM, max_z, mc_point, observation_times, point_seeds, relative)
from noneq.reproduce import Claim, Experiment, judge

RHO = 0.5  # equilibrium density
ODE_AGREEMENT = 1e-6  # closed two-point equations vs the h(t) closed form (ODE tolerance 1e-9, 1e-12)


def compute_equilibrium(context) -> dict[str, xr.Dataset]:
    T = FINAL_T[context.quick]
    tm = observation_times(context.quick)
    model = CurrentsModel("sep", RHO, RHO)
    t2 = np.linspace(0, T, 41)
    ode = lattice_correlations(model, tm)
    mc_all = context.sweep("equilibrium-montecarlo", mc_point, {"average": ["annealed", "quenched"]},
                           fixed=dict(process="sep", rho_a=RHO, rho_b=RHO, times=tm.tolist(),
                                      samples=SAMPLES[context.quick]),
                           root_seed=ROOT_SEED + 30, seed_parameter="seed")
    data = {}
    for average in ("annealed", "quenched"):
        exact = [[cf.lattice_covariance("sep", RHO, RHO, a, max(a, b), average) for b in t2] for a in tm[:3]]
        mft = [equilibrium_covariance(TRANSPORT["sep"], RHO, a, np.maximum(a, t2), average) for a in tm[:3]]
        data[f"exact_{average}"] = labelled(exact, ("t1", "t2"), "particles^2",
                                            f"lattice exact, rho(1-rho) (h(t1)+h(t2)-h(t2-t1)) route, {average}")
        equation = "49" if average == "annealed" else "48"
        data[f"mft_{average}"] = labelled(mft, ("t1", "t2"), "particles^2", f"MFT eq. ({equation}), {average}")
        key = "covariance" if average == "annealed" else "covariance_quenched"
        data[f"ode_{average}"] = labelled(ode[key].values, ("mc_i", "mc_j"), "particles^2",
                                          f"closed two-point equations, {average}")
        mc = mc_all.sel(average=average)
        data[f"mc_{average}"] = labelled(mc["covariance"].values, ("mc_i", "mc_j"), "particles^2",
                                         f"Monte Carlo, {average}")
        data[f"mc_{average}_stderr"] = labelled(mc["covariance_stderr"].values, ("mc_i", "mc_j"), "particles^2",
                                                "standard error")
    late = [FINITE_TIME, 4 * FINAL_T[False]]
    data["late_times"] = labelled(late, "late", "1/hop rate", "times for the approach to MFT")
    for average in ("annealed", "quenched"):
        data[f"late_exact_{average}"] = labelled([cf.lattice_covariance("sep", RHO, RHO, s, s, average) for s in late],
                                                 "late", "particles^2", f"lattice exact <Q^2>_c, {average}")
    ds = xr.Dataset(data, coords={"t1": tm[:3], "t2": t2, "mc_time": ("mc_i", tm)})
    ds.attrs.update(provenance(SYSTEM, {"process": "sep", "rho": RHO}, seed=ROOT_SEED + 30,
                               point_seeds=point_seeds(mc_all)))
    return {"equilibrium": ds}


def plot_equilibrium(data) -> dict:
    return {"sep_equilibrium": plots.two_time_panels(
        data["equilibrium"], f"SEP at equilibrium, rho = {RHO}: <Q(t1) Q(t2)>_c", {"lattice": "exact", "MFT": "mft"})}


def claims_equilibrium(data) -> list[Claim]:
    ds = data["equilibrium"]
    tm = ds.mc_time.values
    out = []
    for average, eq in (("annealed", "49"), ("quenched", "48")):
        closed = np.array([[cf.lattice_covariance("sep", RHO, RHO, a, b, average) for b in tm] for a in tm])
        z = max_z(ds[f"mc_{average}"].values, ds[f"mc_{average}_stderr"].values, closed)
        ode_gap = float(np.max(np.abs(ds[f"ode_{average}"].values - closed)))
        late_t = float(ds.late_times[-1])
        measured = float(ds[f"late_exact_{average}"][-1])
        mft = float(equilibrium_covariance(TRANSPORT["sep"], RHO, late_t, late_t, average))
        out.append(judge(
            f"eq{eq}-sep", f"eq. ({eq}): {average} equilibrium <Q(t1)Q(t2)>_c, SEP (sigma = 2 rho(1-rho), D = 1)",
            paper=mft, measured=measured,
            criterion=f"lattice exact <Q(t)^2>_c at t = {late_t:g} within {CONTINUUM_TOLERANCE:.0%}; Monte Carlo "
                      f"within {MC_SIGMAS:g} stderr of lattice exact (max {z:.2f}); two-point equations vs h(t) "
                      f"closed form within {ODE_AGREEMENT:g} (gap {ode_gap:.1e})",
            agrees=relative(measured, mft) < CONTINUUM_TOLERANCE,
            consistent=z < MC_SIGMAS and ode_gap < ODE_AGREEMENT))
    ratio = float(ds.late_exact_annealed[-1] / ds.late_exact_quenched[-1])
    mc_ratio = float(ds.mc_annealed.values[-1, -1] / ds.mc_quenched.values[-1, -1])
    out.append(judge("equal-time-ratio", "equal-time annealed / quenched variance ratio at equilibrium = sqrt(2)",
                     paper=float(np.sqrt(2)), measured=ratio,
                     criterion=f"lattice exact at t = {float(ds.late_times[-1]):g} within "
                               f"{CONTINUUM_TOLERANCE:.0%} (Monte Carlo at t = {tm[-1]:g}: {mc_ratio:.3f})",
                     agrees=relative(ratio, np.sqrt(2)) < CONTINUUM_TOLERANCE))
    return out


EQUILIBRIUM = Experiment("sep-equilibrium", "SEP equilibrium two-time correlations: eqs. (48)-(49)",
                         compute_equilibrium, plot_equilibrium, claims_equilibrium)
