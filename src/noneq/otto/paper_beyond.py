"""Beyond the paper: the cycle as a heat engine (efficiency at maximum power vs Curzon-Ahlborn), N-level working
substances, and fluctuations of heat and work from quantum-jump trajectories (integral fluctuation theorem)."""

from __future__ import annotations

import numpy as np
import xarray as xr

from noneq.core.results import labelled, provenance
from noneq.otto import closed_form as cf
from noneq.otto import plots
from noneq.otto.model import OttoCycle
from noneq.otto.nlevel import optimal_frequencies_numeric
from noneq.otto.optimum import optimal_engine, optimal_refrigerator
from noneq.otto.trajectories import cycle_fluctuations, fluctuation_theorem, mean_and_error
from noneq.reproduce import Claim, Experiment, judge
from noneq.reproduce.context import RunContext

SYSTEM = "otto"
SEED = 20140821
SMALL_ETA_C = 0.01  # where eta* = eta_C/2 + eta_C^2/8 + O(eta_C^3) (tight coupling, symmetric) is tested
SMALL_ETA_CRITERION = 1e-4  # relative gap to eta_CA at eta_C = 0.01: third-order terms ~ eta_C^2 = 1e-4
K_SIGMA = 4.0  # Monte Carlo agreement within 4 standard errors (false alarm ~6e-5 per check)
NLEVEL_EPS_C = 2.0
NLEVEL_CRITERION = 1e-6  # two-level case: numeric maximization vs structured solver
FLUCT_EPS_C = 2.0


# ------------------------------------------------------------------ engine

def compute_engine(context: RunContext) -> dict[str, xr.Dataset]:
    eta_c = np.concatenate([[SMALL_ETA_C], np.linspace(0.02, 0.98, 40 if context.quick else 300)])
    u, v, eta = optimal_engine(eta_c)
    ds = xr.Dataset({
        "eta_star": labelled(eta, "eta_c", "1", "efficiency at maximum power"),
        "eta_ca": labelled(cf.eta_ca(eta_c), "eta_c", "1", "Curzon-Ahlborn efficiency 1 - sqrt(1 - eta_C)"),
        "beta_c_w_a": labelled(u, "eta_c", "1", "optimal beta_c w_a"),
        "beta_h_w_b": labelled(v, "eta_c", "1", "optimal beta_h w_b"),
    }, coords={"eta_c": eta_c})
    ds["eta_c"].attrs.update(units="1", long_name="Carnot efficiency eta_C")
    ds.attrs.update(provenance(SYSTEM, {"n": int(eta_c.size)}))
    return {"engine": ds}


def claims_engine(data) -> list[Claim]:
    ds = data["engine"]
    small = float(ds.eta_star.sel(eta_c=SMALL_ETA_C) / ds.eta_ca.sel(eta_c=SMALL_ETA_C) - 1.0)
    gap = (ds.eta_star / ds.eta_ca - 1.0).values
    return [
        judge("engine-small-eta", "(beyond the paper) the engine's efficiency at maximum power agrees with "
              "Curzon-Ahlborn to second order in eta_C (tight coupling, symmetric)", paper="eta_CA",
              measured=small, criterion=f"|eta*/eta_CA - 1| < {SMALL_ETA_CRITERION:g} at eta_C = {SMALL_ETA_C:g}",
              agrees=abs(small) < SMALL_ETA_CRITERION),
        judge("engine-bounds", "(beyond the paper) eta_C/2 <= eta* <= eta_C", paper="eta_C/2 <= eta* <= eta_C",
              measured=[float(np.min(ds.eta_star / ds.eta_c)), float(np.max(ds.eta_star / ds.eta_c))],
              criterion="min and max of eta*/eta_C within [1/2, 1]; max |eta*/eta_CA - 1| = "
                        f"{float(np.max(np.abs(gap))):.3g}",
              agrees=bool(np.all(ds.eta_star >= ds.eta_c / 2) and np.all(ds.eta_star <= ds.eta_c))),
    ]


ENGINE = Experiment(name="engine", title="Beyond: the Otto engine's efficiency at maximum power vs Curzon-Ahlborn",
                    compute=compute_engine, plot=plots.plot_engine, claims=claims_engine)


# ------------------------------------------------------------------ N levels

def compute_nlevel(context: RunContext) -> dict[str, xr.Dataset]:
    ns = np.arange(2, 5 if context.quick else 9)
    T_c, T_h = 1.0, 1.0 + 1.0 / NLEVEL_EPS_C
    tau_c, tau_h = cf.optimal_times(1.0, 1.0, 1.0)
    eps = []
    for n in ns:
        w_a, w_b, _ = optimal_frequencies_numeric(T_c, T_h, 1.0, 1.0, tau_c, tau_h, 1.0,
                                                  tuple(float(k) for k in range(1, n + 1)))
        eps.append(w_a / (w_b - w_a))
    ds = xr.Dataset({
        "eps_star": labelled(eps, "n_levels", "1", "COP at max chi, equally spaced N-level ladder"),
        "eps_star_two_level": labelled(optimal_refrigerator(np.array([NLEVEL_EPS_C]))[2][0], (), "1",
                                       "two-level eps* from the structured solver"),
        "eps_ca": labelled(cf.eps_ca(NLEVEL_EPS_C), (), "1", "eps_CA"),
        "eps_plus": labelled(cf.eps_plus(NLEVEL_EPS_C), (), "1", "eps_+"),
    }, coords={"n_levels": ns})
    ds.attrs.update(provenance(SYSTEM, {"eps_c": NLEVEL_EPS_C, "gamma": 1.0, "tau_adi": 1.0}))
    return {"nlevel": ds}


def claims_nlevel(data) -> list[Claim]:
    ds = data["nlevel"]
    two = float(ds.eps_star.sel(n_levels=2) / ds.eps_star_two_level - 1.0)
    eps = ds.eps_star.values
    return [
        judge("nlevel-two-level-limit", "(beyond the paper) the N-level machinery with N = 2 is the paper's model",
              paper="eps*(two-level)", measured=two, criterion=f"|relative difference| < {NLEVEL_CRITERION:g}",
              agrees=abs(two) < NLEVEL_CRITERION),
        judge("nlevel-window", "(beyond the paper) eps* of N-level ladders stays between eps_CA and eps_+ "
              "(and below eps_C)", paper="eps_CA < eps* < eps_+", measured=[float(eps.min()), float(eps.max())],
              criterion=f"eps_CA = {float(ds.eps_ca):.4g} < min, max over N of eps* < eps_+ = {float(ds.eps_plus):.4g}",
              agrees=bool(eps.min() > float(ds.eps_ca) and eps.max() < float(ds.eps_plus) < NLEVEL_EPS_C)),
    ]


NLEVEL = Experiment(name="nlevel", title="Beyond: N-level working substances (equally spaced ladder)",
                    compute=compute_nlevel, plot=plots.plot_nlevel, claims=claims_nlevel)


# ------------------------------------------------------------------ fluctuations

def fluctuation_cycle() -> OttoCycle:
    """The optimal two-level refrigerator at eps_C = 2, T_c = 1, gamma = 1, tau_adi = 1."""
    u, v, _ = optimal_refrigerator(np.array([FLUCT_EPS_C]))
    T_h = 1.0 + 1.0 / FLUCT_EPS_C
    tau_c, tau_h = cf.optimal_times(1.0, 1.0, 1.0)
    return OttoCycle(float(u[0]), float(v[0]) * T_h, 1.0, T_h, 1.0, 1.0, tau_c, tau_h, 1.0)


def compute_fluctuations(context: RunContext) -> dict[str, xr.Dataset]:
    n_traj, n_cycles = (5000, 4) if context.quick else (50000, 10)
    return {"trajectories": cycle_fluctuations(fluctuation_cycle(), n_trajectories=n_traj, n_cycles=n_cycles,
                                               seed=SEED)}


def claims_fluctuations(data) -> list[Claim]:
    ds = data["trajectories"]
    claims = []
    for name, master in (("q_c", "Q_c_master"), ("q_h", "Q_h_master"), ("work", "W_master")):
        mean, error = mean_and_error(ds[name])
        z = (mean - float(ds[master])) / error
        claims.append(judge(f"mc-mean-{name}", f"(beyond the paper) Monte Carlo mean of {name} per cycle equals "
                            "the master equation", paper=float(ds[master]), measured=mean,
                            criterion=f"|z| < {K_SIGMA:g} standard errors (z = {z:.2f})", agrees=abs(z) < K_SIGMA))
    ift, error = fluctuation_theorem(ds.sigma)
    z = (ift - 1.0) / error
    claims.append(judge("integral-fluctuation-theorem", "(beyond the paper) <exp(-sigma)> = 1 per cycle",
                        paper=1.0, measured=ift, criterion=f"|z| < {K_SIGMA:g} standard errors (z = {z:.2f})",
                        agrees=abs(z) < K_SIGMA))
    return claims


FLUCTUATIONS = Experiment(name="fluctuations", title="Beyond: heat and work distributions from quantum jumps",
                          compute=compute_fluctuations, plot=plots.plot_fluctuations, claims=claims_fluctuations)
