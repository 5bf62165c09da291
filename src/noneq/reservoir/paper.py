"""The paper's Fig. 1 and claims (Esposito, Lindenberg & Van den Broeck 2010), registered with noneq.reproduce.

Fig. 1: exact Delta_i S (eq. (10)), exact Delta_i S_bar (eq. (25)) and the Redfield (QME) Delta_i S_bar versus t,
Delta = 0.1, beta = 10, lambda = 0.1, for N from a few levels to thousands: single realizations as in the paper
and, beyond it, the mean and spread over GOE realizations (a `context.sweep` over N x realization, parallel and
resumable). A second experiment checks the bath: the finite-reservoir alpha~ against the N -> infinity form
(corrected eq. (33), NOTES.md) and the eq. (27) offset Delta_i S - Delta_i S_bar versus lambda.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from noneq.core.results import labelled, provenance
from noneq.reproduce.context import RunContext
from noneq.reproduce.experiment import Experiment
from noneq.reservoir.paper_claims import claims_bath, claims_fig1
from noneq.reservoir.plots import plot_bath, plot_fig1
from noneq.reservoir.redfield import alpha_tilde_finite, alpha_tilde_infinite
from noneq.reservoir.simulate import SYSTEM, spin_gorm_thermodynamics
from noneq.reservoir.spin_gorm import SpinGorm

PAPER = dict(delta=0.1, beta=10.0, lam=0.1)  # Fig. 1 caption
SEED = 20100115  # root seed of every GOE draw (per-point seeds derived from it)
T_MAX, N_TIMES = 600.0, 601  # ~6 Redfield relaxation times; dt = 1 resolves the small-N oscillations
FIG1_N = {True: (4, 16, 128, 1024), False: (4, 16, 64, 256, 1024, 2000)}  # quick, full
REALIZATIONS = {True: 2, False: 4}
BATH_N = (128, 512, 2000)  # the histogram costs O(N^2) only: the same in quick mode
BIN_WIDTH = 0.05  # alpha~ histogram bins: ~0.05 N levels per bin keep the finite-N noise at the % level
COUPLINGS = (0.025, 0.05, 0.1, 0.2)  # lambda scan of the eq. (27) offset
COUPLING_N = {True: 128, False: 512}
COUPLING_T_MAX = {0.025: 6000.0, 0.05: 2000.0, 0.1: 600.0, 0.2: 300.0}  # ~6 relaxation times, gamma ~ lambda^2

KEEP = ("sz", "sz_redfield", "system_entropy", "heat", "interaction_energy", "entropy_production",
        "entropy_production_bar", "entropy_production_bar_qme", "gamma_redfield", "sz_eq_redfield")


def fig1_point(N: int, realization: int, seed: int, delta: float, beta: float, lam: float, t_max: float,
               n_times: int) -> xr.Dataset:
    """One (N, realization) curve of Fig. 1 (module-level so that sweeps can pickle it)."""
    model = SpinGorm(N=int(N), delta=delta, beta=beta, lam=lam, seed=int(seed))
    return spin_gorm_thermodynamics(model, np.linspace(0.0, t_max, n_times))[list(KEEP)]


def compute_fig1(context: RunContext) -> dict[str, xr.Dataset]:
    axes = {"N": list(FIG1_N[context.quick]), "realization": list(range(REALIZATIONS[context.quick]))}
    ds = context.sweep("fig1", fig1_point, axes, fixed=dict(PAPER, t_max=T_MAX, n_times=N_TIMES),
                       root_seed=SEED, seed_parameter="seed")
    ds.attrs.update(provenance(SYSTEM, dict(PAPER, t_max=T_MAX, n_times=N_TIMES), seed=SEED,
                               experiment="fig1"))
    return {"fig1": ds}


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


def coupling_point(lam: float, seed: int, N: int, delta: float, beta: float, n_times: int) -> xr.Dataset:
    """Late-time eq. (27) offset Delta_i S - Delta_i S_bar = -beta (<V>_t - <V>_0) at coupling ``lam``."""
    t_max = COUPLING_T_MAX[float(lam)]
    ds = spin_gorm_thermodynamics(SpinGorm(N=int(N), delta=delta, beta=beta, lam=lam, seed=int(seed)),
                                  np.linspace(0.0, t_max, n_times))
    late = ds.time >= t_max / 2
    offset = (ds.entropy_production - ds.entropy_production_bar).where(late, drop=True).mean()
    sz = ds.sz.where(late, drop=True).mean()
    return xr.Dataset({"offset": labelled(float(offset), (), "nat", "late-time mean of Delta_i S - Delta_i S_bar"),
                       "sz_late": labelled(float(sz), (), "1", "late-time mean of exact <sz>")})


def compute_bath(context: RunContext) -> dict[str, xr.Dataset]:
    bath = context.sweep("bath", bath_point, {"N": list(BATH_N)}, fixed={"beta": PAPER["beta"]},
                         root_seed=SEED, seed_parameter="seed")
    bath.attrs.update(provenance(SYSTEM, {"beta": PAPER["beta"], "bin_width": BIN_WIDTH}, seed=SEED,
                                 experiment="bath"))
    coupling = context.sweep("coupling", coupling_point, {"lam": list(COUPLINGS)},
                             fixed=dict(N=COUPLING_N[context.quick], delta=PAPER["delta"], beta=PAPER["beta"],
                                        n_times=301), root_seed=SEED, seed_parameter="seed")
    coupling.attrs.update(provenance(SYSTEM, dict(N=COUPLING_N[context.quick], delta=PAPER["delta"],
                                                  beta=PAPER["beta"]), seed=SEED, experiment="coupling"))
    return {"bath": bath, "coupling": coupling}


FIG1 = Experiment("fig1", "Fig. 1: exact and QME entropy production versus reservoir size N", compute_fig1,
                  plot_fig1, claims_fig1)
BATH = Experiment("bath", "Bath spectral density of the finite reservoir and the eq. (27) offset", compute_bath,
                  plot_bath, claims_bath)

EXPERIMENTS = (FIG1, BATH)
