"""Beyond the paper: the cycle as a heat engine, its efficiency at maximum power against Curzon-Ahlborn."""

from __future__ import annotations

import numpy as np
import xarray as xr

from noneq.core.results import labelled, provenance
from noneq.otto import closed_form as cf
from noneq.otto.optimum import optimal_engine
from noneq.otto.paper.plots import finish, new_figure
from noneq.reproduce import Claim, Experiment, judge
from noneq.reproduce.context import RunContext

SYSTEM = "otto"
SMALL_ETA = 0.01  # where eta* = eta_C/2 + eta_C^2/8 + O(eta_C^3) (tight coupling, symmetric) is tested
SMALL_ETA_CRITERION = 1e-4  # relative gap to eta_CA at eta_C = 0.01: third-order terms ~ eta_C^2 = 1e-4


def compute_engine(context: RunContext) -> dict[str, xr.Dataset]:
    """eta*(eta_carnot) from the structured solver, with the small-eta point first."""
    eta_carnot = np.concatenate([[SMALL_ETA], np.linspace(0.02, 0.98, 40 if context.quick else 300)])
    optimum = optimal_engine(eta_carnot)
    ds = xr.Dataset({
        "eta_star": labelled(optimum.eta_star.values, "eta_carnot", "1", "efficiency at maximum power"),
        "eta_ca": labelled(cf.eta_ca(eta_carnot), "eta_carnot", "1", "Curzon-Ahlborn efficiency 1 - sqrt(1 - eta_C)"),
        "beta_c_w_a": labelled(optimum.beta_c_w_a.values, "eta_carnot", "1", "optimal beta_c w_a"),
        "beta_h_w_b": labelled(optimum.beta_h_w_b.values, "eta_carnot", "1", "optimal beta_h w_b"),
    }, coords={"eta_carnot": eta_carnot})
    ds["eta_carnot"].attrs.update(units="1", long_name="Carnot efficiency 1 - T_c / T_h")
    ds.attrs.update(provenance(SYSTEM, {"n": int(eta_carnot.size)}))
    return {"engine": ds}


def plot_engine(data) -> dict:
    """eta*, eta_CA, eta_C / 2 and eta_C against eta_C."""
    ds = data["engine"]
    fig, ax = new_figure(size=(4.8, 3.8))
    ax.plot(ds.eta_carnot, ds.eta_star, "k-", lw=2, label=r"$\eta^*$ (Otto, max power)")
    ax.plot(ds.eta_carnot, ds.eta_ca, "r--", label=r"$\eta_{CA}=1-\sqrt{1-\eta_C}$")
    ax.plot(ds.eta_carnot, ds.eta_carnot / 2, "g:", label=r"$\eta_C/2$")
    ax.plot(ds.eta_carnot, ds.eta_carnot, color="0.5", lw=0.8, label=r"$\eta_C$")
    finish(ax, r"Carnot efficiency $\eta_C$", "efficiency at maximum power", "Two-level Otto engine")
    return {"engine": fig}


def claims_engine(data) -> list[Claim]:
    """Curzon-Ahlborn to second order at small eta_C; eta_C / 2 <= eta* <= eta_C."""
    ds = data["engine"]
    small = float(ds.eta_star.sel(eta_carnot=SMALL_ETA) / ds.eta_ca.sel(eta_carnot=SMALL_ETA) - 1.0)
    gap = (ds.eta_star / ds.eta_ca - 1.0).values
    ratio = ds.eta_star / ds.eta_carnot
    return [
        judge("engine-small-eta", "(beyond the paper) the engine's efficiency at maximum power agrees with "
              "Curzon-Ahlborn to second order in eta_C (tight coupling, symmetric)", paper="eta_CA",
              measured=small, criterion=f"|eta*/eta_CA - 1| < {SMALL_ETA_CRITERION:g} at eta_C = {SMALL_ETA:g}",
              agrees=abs(small) < SMALL_ETA_CRITERION),
        judge("engine-bounds", "(beyond the paper) eta_C/2 <= eta* <= eta_C", paper="eta_C/2 <= eta* <= eta_C",
              measured=[float(np.min(ratio)), float(np.max(ratio))],
              criterion="min and max of eta*/eta_C within [1/2, 1]; max |eta*/eta_CA - 1| = "
                        f"{float(np.max(np.abs(gap))):.3g}",
              agrees=bool(np.all(ds.eta_star >= ds.eta_carnot / 2) and np.all(ds.eta_star <= ds.eta_carnot))),
    ]


ENGINE = Experiment(name="engine", title="Beyond: the Otto engine's efficiency at maximum power vs Curzon-Ahlborn",
                    compute=compute_engine, plot=plot_engine, claims=claims_engine)
