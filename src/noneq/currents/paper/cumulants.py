"""Eq. (34), higher multi-time cumulants of independent walkers (annealed and quenched, Monte Carlo against the
lattice-exact generating route), and the final-time generating function against Derrida-Gerschenfeld."""

from __future__ import annotations

import numpy as np
import xarray as xr

from noneq.core.results import labelled, provenance
from noneq.currents import closed_forms as cf
from noneq.currents.generating import Grid, generating_functional, multi_time_cumulant
from noneq.currents.model import CurrentsModel
from noneq.currents.montecarlo import simulate
from noneq.currents.observables import annealed_cumulant, quenched_cumulant
from noneq.currents.paper import plots
from noneq.currents.paper.common import (DRAFT_TOLERANCE, MC_SIGMAS, RHO_A, RHO_B, ROOT_SEED, SAMPLES, SYSTEM,
                                         max_z, point_seeds)
from noneq.reproduce import Claim, Experiment, judge

KICKS = np.linspace(-4.0, 4.0, 17)  # final-time weights B (large: the numerical route is non-perturbative)
QUENCHED_RUNS = 80  # quenched cumulants: dynamical runs per initial configuration (k-statistics need >= 5)


def exact_cumulant_point(*, average: str, order: int, times: list[float]) -> xr.Dataset:
    """<Q(t_{5-n}) ... Q(t_4)>_c (n = order) of independent walkers, lattice exact (generating route)."""
    value = multi_time_cumulant(Grid.lattice(times[-1]), RHO_A, RHO_B, times[-order:], average)
    return xr.Dataset({"exact": labelled(value, (), "particles^n", f"lattice exact, {average}")})


def mc_cumulant_point(*, average: str, times: list[float], annealed_samples: int, configurations: int,
                      runs: int, seed: int) -> xr.Dataset:
    """Monte Carlo <Q(t_{5-n}) ... Q(t_4)>_c, n = 1..4, of independent walkers: annealed (``annealed_samples``,
    batch errors) or quenched (conditional k-statistics, ``runs`` per configuration, over ``configurations``)."""
    model = CurrentsModel("independent", RHO_A, RHO_B)
    quenched = average == "quenched"
    Q = simulate(model, times, samples=runs * configurations if quenched else annealed_samples,
                 seed=seed, configurations=configurations if quenched else 0).Q.isel(bond=0).values
    estimates = [quenched_cumulant(Q, configurations, tuple(range(4 - n, 4))) if quenched
                 else annealed_cumulant(Q, tuple(range(4 - n, 4))) for n in range(1, 5)]
    return xr.Dataset({
        "mc": labelled([float(e.cumulant) for e in estimates], "order", "particles^n", f"Monte Carlo, {average}"),
        "mc_stderr": labelled([float(e.stderr) for e in estimates], "order", "particles^n", "standard error")},
        coords={"order": np.arange(1, 5)})


def mu_point(*, average: str, B: float, T: float) -> xr.Dataset:
    """mu for lambda = B delta(T - t): PDE route (`generating_functional`) and Derrida-Gerschenfeld's closed form."""
    grid = Grid.continuum(T, points_per_length=24)
    return xr.Dataset({
        "numerical": labelled(generating_functional(grid, RHO_A, RHO_B, T, kicks={T: float(B)}, average=average),
                              (), "1", "mu, PDE"),
        "dg": labelled(cf.final_time_mu(RHO_A, RHO_B, T, float(B), average), (), "1", "mu, closed form")})


def compute_cumulants(context) -> dict[str, xr.Dataset]:
    T = 4.0 if context.quick else 8.0
    tm = T * np.array([0.25, 0.5, 0.75, 1.0])
    averages = ["annealed", "quenched"]
    exact = context.sweep("cumulants-exact", exact_cumulant_point, {"average": averages, "order": [1, 2, 3, 4]},
                          fixed=dict(times=tm.tolist()))
    configurations = SAMPLES[context.quick] // 10
    sweep = context.sweep("cumulants-montecarlo", mc_cumulant_point, {"average": averages},
                          fixed=dict(times=tm.tolist(), annealed_samples=4 * SAMPLES[context.quick],
                                     configurations=configurations, runs=QUENCHED_RUNS),
                          root_seed=ROOT_SEED + 20, seed_parameter="seed")
    mc = {a: sweep.sel(average=a) for a in averages}
    mu = context.sweep("cumulants-mu", mu_point, {"average": averages, "B": [float(b) for b in KICKS]},
                       fixed=dict(T=T))
    ds = xr.Dataset({
        "exact_annealed": labelled(exact["exact"].sel(average="annealed").values, "order", "particles^n",
                                   "<Q(t_{5-n}) ... Q(t_4)>_c, lattice exact (numerical route), annealed"),
        "exact_quenched": labelled(exact["exact"].sel(average="quenched").values, "order", "particles^n",
                                   "same, quenched"),
        "mc_annealed": labelled(mc["annealed"]["mc"].values, "order", "particles^n", "Monte Carlo, annealed"),
        "mc_annealed_stderr": labelled(mc["annealed"]["mc_stderr"].values, "order", "particles^n", "standard error"),
        "mc_quenched": labelled(mc["quenched"]["mc"].values, "order", "particles^n",
                                f"Monte Carlo, quenched (conditional k-statistics, {configurations} configurations)"),
        "mc_quenched_stderr": labelled(mc["quenched"]["mc_stderr"].values, "order", "particles^n", "standard error"),
        "mu_numerical_annealed": labelled(mu["numerical"].sel(average="annealed").values, "B", "1",
                                          "mu for lambda = B delta(T - t), PDE"),
        "mu_numerical_quenched": labelled(mu["numerical"].sel(average="quenched").values, "B", "1",
                                          "same, quenched"),
        "mu_dg_annealed": labelled(mu["dg"].sel(average="annealed").values, "B", "1",
                                   "Derrida-Gerschenfeld closed form, annealed"),
        "mu_dg_quenched": labelled(mu["dg"].sel(average="quenched").values, "B", "1",
                                   "Derrida-Gerschenfeld closed form, quenched"),
    }, coords={"order": np.arange(1, 5), "B": KICKS, "time": tm})
    ds.attrs.update(provenance(SYSTEM, {"process": "independent", "rho_a": RHO_A, "rho_b": RHO_B, "T": T},
                               seed=ROOT_SEED + 20, point_seeds=point_seeds(sweep)))
    return {"cumulants": ds}


def plot_cumulants(data) -> dict:
    ds = data["cumulants"]
    fig, axes = plots.panels(2, f"independent walkers, step {RHO_A} | {RHO_B}")
    plots.draw(axes[0], ds.order.values, {"exact annealed": ds.exact_annealed.values,
                                          "exact quenched": ds.exact_quenched.values},
               points={"Monte Carlo annealed": (ds.order.values, ds.mc_annealed.values,
                                                ds.mc_annealed_stderr.values),
                       "Monte Carlo quenched": (ds.order.values, ds.mc_quenched.values,
                                                ds.mc_quenched_stderr.values)},
               xlabel="n", ylabel="<Q(t_{5-n})...Q(t_4)>_c", title="multi-time cumulants")
    plots.draw(axes[1], ds.B.values, {"PDE annealed": ds.mu_numerical_annealed.values,
                                      "DG annealed": ds.mu_dg_annealed.values,
                                      "PDE quenched": ds.mu_numerical_quenched.values,
                                      "DG quenched": ds.mu_dg_quenched.values},
               xlabel="B", ylabel="mu", title="final time: lambda = B delta(T - t)")
    return {"cumulants": fig}


def claims_cumulants(data) -> list[Claim]:
    ds = data["cumulants"]
    z = max(max_z(ds.mc_annealed.values[2:], ds.mc_annealed_stderr.values[2:], ds.exact_annealed.values[2:]),
            max_z(ds.mc_quenched.values[2:], ds.mc_quenched_stderr.values[2:], ds.exact_quenched.values[2:]))
    err = max(float(np.max(np.abs(ds[f"mu_numerical_{a}"] - ds[f"mu_dg_{a}"]) / np.abs(ds[f"mu_dg_{a}"]).max()))
              for a in ("annealed", "quenched"))
    return [
        judge("cumulants-3-4", "third and fourth multi-time cumulants of Q, annealed (eq. 34) and quenched",
              paper="eq. (34)", measured=[float(v) for v in ds.mc_annealed.values[2:]]
              + [float(v) for v in ds.mc_quenched.values[2:]],
              criterion=f"Monte Carlo (annealed: plug-in; quenched: conditional k-statistics) within {MC_SIGMAS:g} "
                        f"stderr of the lattice-exact numerical route (max {z:.2f})", agrees=z < MC_SIGMAS),
        judge("final-time-dg", "lambda = B delta(T - t) reproduces Derrida-Gerschenfeld (|B| <= 4)",
              paper="Derrida-Gerschenfeld", measured=round(err, 6),
              criterion=f"max relative deviation of the PDE mu from the closed forms < {DRAFT_TOLERANCE}",
              agrees=err < DRAFT_TOLERANCE),
    ]


CUMULANTS = Experiment("cumulants", "higher cumulants and the final-time generating function",
                       compute_cumulants, plot_cumulants, claims_cumulants)
