"""Beyond the paper: N-level working substances (equally spaced ladder w (1, ..., N)) at cop_carnot = 2."""

from __future__ import annotations

import numpy as np
import xarray as xr

from noneq.core.results import labelled, provenance
from noneq.otto import closed_form as cf
from noneq.otto.nlevel import optimal_frequencies_numeric
from noneq.otto.optimum import optimal_refrigerator
from noneq.otto.paper.plots import finish, new_figure
from noneq.reproduce import Claim, Experiment, judge
from noneq.reproduce.context import RunContext

SYSTEM = "otto"
COP_CARNOT = 2.0
TWO_LEVEL_CRITERION = 1e-6  # two-level case: numeric maximization vs structured solver


def compute_nlevel(context: RunContext) -> dict[str, xr.Dataset]:
    """cop* of the N-level ladder by direct maximization, N = 2..4 (quick) or 2..8."""
    ns = np.arange(2, 5 if context.quick else 9)
    T_c, T_h = 1.0, 1.0 + 1.0 / COP_CARNOT
    times = cf.optimal_times(1.0, 1.0, 1.0)
    cop_star = [float(optimal_frequencies_numeric(T_c, T_h, 1.0, 1.0, times.tau_c, times.tau_h, 1.0,
                                                  tuple(float(k) for k in range(1, n + 1))).cop_star)
                for n in ns]
    ds = xr.Dataset({
        "cop_star": labelled(cop_star, "n_levels", "1", "COP at max chi, equally spaced N-level ladder"),
        "cop_star_two_level": labelled(optimal_refrigerator(COP_CARNOT).cop_star.values[0], (), "1",
                                       "two-level cop* from the structured solver"),
        "cop_ca": labelled(cf.cop_ca(COP_CARNOT), (), "1", "cop_CA"),
        "cop_plus": labelled(cf.cop_plus(COP_CARNOT), (), "1", "cop_+"),
    }, coords={"n_levels": ns})
    ds.attrs.update(provenance(SYSTEM, {"cop_carnot": COP_CARNOT, "gamma": 1.0, "tau_adi": 1.0}))
    return {"nlevel": ds}


def plot_nlevel(data) -> dict:
    """cop* against N, with cop_CA and cop_+."""
    ds = data["nlevel"]
    fig, ax = new_figure(size=(4.8, 3.6))
    ax.plot(ds.n_levels, ds.cop_star, "ko-", label=r"$\varepsilon^*$, ladder $\omega(1,\dots,N)$")
    ax.axhline(float(ds.cop_ca), color="r", ls="--", label=r"$\varepsilon_{CA}$")
    ax.axhline(float(ds.cop_plus), color="b", ls=":", label=r"$\varepsilon_+$")
    finish(ax, "number of levels N", "COP at maximum $\\chi$", "N-level working substance, $\\varepsilon_C=2$")
    return {"nlevel": fig}


def claims_nlevel(data) -> list[Claim]:
    """N = 2 reproduces the two-level solver; cop* stays between cop_CA and cop_+ for every N."""
    ds = data["nlevel"]
    two = float(ds.cop_star.sel(n_levels=2) / ds.cop_star_two_level - 1.0)
    cop = ds.cop_star.values
    return [
        judge("nlevel-two-level-limit", "(beyond the paper) the N-level machinery with N = 2 is the paper's model",
              paper="cop*(two-level)", measured=two, criterion=f"|relative difference| < {TWO_LEVEL_CRITERION:g}",
              agrees=abs(two) < TWO_LEVEL_CRITERION),
        judge("nlevel-window", "(beyond the paper) cop* of N-level ladders stays between cop_CA and cop_+ "
              "(and below cop_carnot)", paper="cop_CA < cop* < cop_+", measured=[float(cop.min()), float(cop.max())],
              criterion=f"cop_CA = {float(ds.cop_ca):.4g} < min, max over N of cop* < cop_+ = "
                        f"{float(ds.cop_plus):.4g}",
              agrees=bool(cop.min() > float(ds.cop_ca) and cop.max() < float(ds.cop_plus) < COP_CARNOT)),
    ]


NLEVEL = Experiment(name="nlevel", title="Beyond: N-level working substances (equally spaced ladder)",
                    compute=compute_nlevel, plot=plot_nlevel, claims=claims_nlevel)
