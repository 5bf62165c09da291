"""Beyond the paper: heat and work fluctuations of the optimal refrigerator from quantum-jump trajectories, and
the integral fluctuation theorem."""

from __future__ import annotations

import numpy as np
import xarray as xr

from noneq.otto import closed_form as cf
from noneq.otto.model import OttoCycle
from noneq.otto.observables import fluctuation_theorem, mean_and_error
from noneq.otto.optimum import optimal_refrigerator
from noneq.otto.paper.plots import finish, new_figure
from noneq.otto.trajectories import cycle_fluctuations
from noneq.reproduce import Claim, Experiment, judge
from noneq.reproduce.context import RunContext

SEED = 20140821
COP_CARNOT = 2.0
K_SIGMA = 4.0  # Monte Carlo agreement within 4 standard errors (false alarm ~6e-5 per check)


def fluctuation_cycle() -> OttoCycle:
    """The optimal two-level refrigerator at cop_carnot = 2, T_c = 1, gamma = 1, tau_adi = 1."""
    optimum = optimal_refrigerator(COP_CARNOT)
    T_h = 1.0 + 1.0 / COP_CARNOT
    times = cf.optimal_times(1.0, 1.0, 1.0)
    return OttoCycle(float(optimum.beta_c_w_a[0]), float(optimum.beta_h_w_b[0]) * T_h, 1.0, T_h, 1.0, 1.0,
                     times.tau_c, times.tau_h, 1.0)


def compute_fluctuations(context: RunContext) -> dict[str, xr.Dataset]:
    """5000 trajectories of 4 cycles (quick) or 50000 of 10."""
    samples, n_cycles = (5000, 4) if context.quick else (50000, 10)
    return {"trajectories": cycle_fluctuations(fluctuation_cycle(), samples=samples, n_cycles=n_cycles, seed=SEED)}


def plot_fluctuations(data) -> dict:
    """One-cycle distributions of q_c, w and sigma."""
    ds = data["trajectories"]
    fig, axes = new_figure(3, size=(11, 3.4))
    for ax, name, label in zip(axes, ("q_c", "work", "sigma"),
                               (r"heat from cold bath $q_c$", r"work $w$", r"entropy production $\sigma$")):
        values = ds[name].values.ravel()
        levels, counts = np.unique(np.round(values, 10), return_counts=True)
        ax.bar(levels, counts / values.size, width=0.6 * (np.min(np.diff(levels)) if levels.size > 1 else 1.0),
               color="tab:blue")
        ax.axvline(values.mean(), color="k", ls="--", lw=1, label=f"mean {values.mean():.3g}")
        ax.set_yscale("log")  # rare multi-jump cycles stay visible
        finish(ax, label, "probability per cycle")
    fig.suptitle("Quantum-jump trajectories of the optimal refrigerator ($\\varepsilon_C=2$): one-cycle "
                 "distributions", fontsize=10)
    return {"fluctuations": fig}


def claims_fluctuations(data) -> list[Claim]:
    """Monte Carlo means against the master equation; <exp(-sigma)> = 1."""
    ds = data["trajectories"]
    claims = []
    for name, master in (("q_c", "Q_c_master"), ("q_h", "Q_h_master"), ("work", "W_master")):
        estimate = mean_and_error(ds[name])
        z = estimate.z_score(float(ds[master]))
        claims.append(judge(f"mc-mean-{name}", f"(beyond the paper) Monte Carlo mean of {name} per cycle equals "
                            "the master equation", paper=float(ds[master]), measured=estimate.mean,
                            criterion=f"|z| < {K_SIGMA:g} standard errors (z = {z:.2f})", agrees=abs(z) < K_SIGMA))
    ift = fluctuation_theorem(ds.sigma)
    z = ift.z_score(1.0)
    claims.append(judge("integral-fluctuation-theorem", "(beyond the paper) <exp(-sigma)> = 1 per cycle",
                        paper=1.0, measured=ift.mean, criterion=f"|z| < {K_SIGMA:g} standard errors (z = {z:.2f})",
                        agrees=abs(z) < K_SIGMA))
    return claims


FLUCTUATIONS = Experiment(name="fluctuations", title="Beyond: heat and work distributions from quantum jumps",
                          compute=compute_fluctuations, plot=plot_fluctuations, claims=claims_fluctuations)
