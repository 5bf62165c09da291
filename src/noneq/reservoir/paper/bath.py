"""The bath behind Fig. 1 and its claims: the finite-reservoir spectral density alpha~ against the N -> infinity
form (corrected eq. (33), docs/papers/reservoir.md), and the eq. (27) offset Delta_i S - Delta_i S_bar =
-beta (<V>_t - <V>_0) versus the coupling lambda (it vanishes as lambda^2, not with N).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import xarray as xr

from noneq.core.results import labelled, provenance
from noneq.reproduce.claim import Claim, judge
from noneq.reproduce.context import RunContext
from noneq.reproduce.experiment import Experiment
from noneq.reproduce.figures import pyplot
from noneq.reservoir.model import SYSTEM_NAME, SpinGorm
from noneq.reservoir.paper.fig1 import PAPER, SEED, run_parameters
from noneq.reservoir.paper.plots import colors
from noneq.reservoir.redfield import alpha_tilde_finite, alpha_tilde_infinite
from noneq.reservoir.system import spin_gorm_thermodynamics

# constants
BATH_N = (128, 512, 2000)  # the histogram costs O(N^2) only: the same in quick mode
BIN_WIDTH = 0.05  # alpha~ histogram bins: ~0.05 N levels per bin keep the finite-N noise at the % level
COUPLINGS = (0.025, 0.05, 0.1, 0.2)  # lambda scan of the eq. (27) offset
COUPLING_N = {True: 128, False: 512}
COUPLING_T_MAX = {0.025: 6000.0, 0.05: 2000.0, 0.1: 600.0, 0.2: 300.0}  # ~6 relaxation times, gamma ~ lambda^2
COUPLING_TIMES = 301
ALPHA_AGREEMENT = 0.05  # relative: finite-N alpha~ bin mean at +-Delta vs the N -> infinity form
WEAK_COUPLING_RATIO = 0.2  # eq. (27) offset at the smallest lambda, relative to lambda = 0.1: "vanishes"


# compute
def bath_point(N: int, seed: int, beta: float) -> xr.Dataset:
    """alpha~ of one finite reservoir on bins of width BIN_WIDTH, next to the N -> infinity form."""
    edges = np.arange(-1.0, 1.0 + BIN_WIDTH / 2, BIN_WIDTH) + BIN_WIDTH / 2
    edges = edges[edges <= 1.0]
    centers = 0.5 * (edges[1:] + edges[:-1])
    fine = np.linspace(edges[:-1], edges[1:], 41)                       # bin averages of the formula
    exact = alpha_tilde_infinite(fine, beta).mean(axis=0)
    finite = alpha_tilde_finite(SpinGorm(N=int(N), beta=beta, seed=int(seed)), edges)
    coords = {"omega": labelled(centers, "omega", "energy", "bin centre (reservoir absorbs omega)")}
    return xr.Dataset({"alpha_tilde_finite": labelled(finite, "omega", "1", "finite-reservoir alpha~, bin mean"),
                       "alpha_tilde_infinite": labelled(exact, "omega", "1", "N -> infinity alpha~, bin mean")},
                      coords=coords)


def coupling_point(coupling: float, seed: int, N: int, delta: float, beta: float, n_times: int) -> xr.Dataset:
    """Late-time eq. (27) offset Delta_i S - Delta_i S_bar = -beta (<V>_t - <V>_0) at this ``coupling``."""
    t_max = COUPLING_T_MAX[float(coupling)]
    ds = spin_gorm_thermodynamics(SpinGorm(N=int(N), delta=delta, beta=beta, coupling=coupling, seed=int(seed)),
                                  np.linspace(0.0, t_max, n_times))
    late = ds.time >= t_max / 2
    offset = (ds.entropy_production - ds.entropy_production_bar).where(late, drop=True).mean()
    sz = ds.sz.where(late, drop=True).mean()
    return xr.Dataset({"offset": labelled(float(offset), (), "nat", "late-time mean of Delta_i S - Delta_i S_bar"),
                       "sz_late": labelled(float(sz), (), "1", "late-time mean of exact <sz>")})


def compute_bath(context: RunContext) -> dict[str, xr.Dataset]:
    bath = context.sweep("bath", bath_point, {"N": list(BATH_N)}, fixed={"beta": PAPER["beta"]},
                         root_seed=SEED, seed_parameter="seed")
    bath.attrs.update(provenance(SYSTEM_NAME, {"beta": PAPER["beta"], "bin_width": BIN_WIDTH}, seed=SEED,
                                 experiment="bath"))
    fixed = dict(N=COUPLING_N[context.quick], delta=PAPER["delta"], beta=PAPER["beta"], n_times=COUPLING_TIMES)
    scan = context.sweep("coupling", coupling_point, {"coupling": list(COUPLINGS)}, fixed=fixed,
                         root_seed=SEED, seed_parameter="seed")
    scan.attrs.update(provenance(SYSTEM_NAME, dict(N=COUPLING_N[context.quick], delta=PAPER["delta"],
                                                   beta=PAPER["beta"]), seed=SEED, experiment="coupling"))
    return {"bath": bath, "coupling": scan}


# plot
def plot_bath(data) -> dict[str, Any]:
    """Finite-reservoir alpha~(omega) vs the N -> infinity form; eq. (27) offset vs lambda^2."""
    plt = pyplot()
    bath, scan = data["bath"], data["coupling"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2), constrained_layout=True)
    omega = bath.omega.values
    ns = [int(n) for n in bath.N.values]
    for n, c in zip(ns, colors(len(ns))):
        left.step(omega, bath.alpha_tilde_finite.sel(N=n), where="mid", color=c, lw=1.0, label=f"N = {n}")
    left.plot(omega, bath.alpha_tilde_infinite.isel(N=0), "k--", lw=1.5, label=r"$N\to\infty$ (corrected eq. 33)")
    left.set_xlabel(r"$\omega$ (reservoir absorbs $\omega$)")
    left.set_ylabel(r"$\tilde\alpha(\omega)$ (bin mean)")
    left.set_title(r"Bath spectral density at $\beta = 10$", fontsize=10)
    left.legend(fontsize=8)
    lam = scan.coupling.values
    right.plot(lam ** 2, scan.offset, "o-", label=r"late-time $\Delta_i S - \Delta_i \bar S$")
    right.set_xlabel(r"$\lambda^2$")
    right.set_ylabel("offset (nats)")
    right.set_title(r"Eq. (27) offset $-\beta(\langle V\rangle_t - \langle V\rangle_0)$ vs coupling", fontsize=10)
    right.legend(fontsize=8)
    return {"bath_alpha": fig}


# claims
def claims_bath(data) -> list[Claim]:
    bath, scan = data["bath"], data["coupling"]
    delta = run_parameters(scan)["delta"]
    out = []
    omega = bath.omega.values
    at = [int(np.argmin(np.abs(omega - w))) for w in (delta, -delta)]
    errors = []
    for n in bath.N.values:
        row = bath.sel(N=n)
        errors.append(max(abs(float(row.alpha_tilde_finite[i] / row.alpha_tilde_infinite[i]) - 1) for i in at))
    out.append(judge("alpha_finite_N", "the finite-reservoir alpha~(+-Delta) approaches the N -> infinity form "
                     "(corrected eq. (33))", paper="N -> infinity limit", measured=errors,
                     criterion=f"max relative deviation at +-Delta for N = {[int(n) for n in bath.N.values]}; "
                               f"largest N within {ALPHA_AGREEMENT:.0%}",
                     agrees=errors[-1] < ALPHA_AGREEMENT))
    lams = [float(x) for x in scan.coupling.values]
    offsets = [float(scan.offset.sel(coupling=x)) for x in lams]
    ratio = offsets[0] / float(scan.offset.sel(coupling=0.1))
    scaled = [o / x ** 2 for o, x in zip(offsets, lams)]
    out.append(judge("offset_weak_coupling", "Delta_i S - Delta_i S_bar (eq. (27)) vanishes in the weak-coupling "
                     "limit", paper="-> 0", measured=[ratio] + scaled,
                     criterion=f"[offset(lambda = {lams[0]}) / offset(0.1) < {WEAK_COUPLING_RATIO}, "
                               f"then offset / lambda^2 for lambda = {lams}]",
                     agrees=ratio < WEAK_COUPLING_RATIO and offsets[0] > 0))
    return out


BATH = Experiment("bath", "Bath spectral density of the finite reservoir and the eq. (27) offset", compute_bath,
                  plot_bath, claims_bath)
