"""Neill et al., Supplementary claims: entropy fluctuations shrink with j; at large kappa every state thermalizes.

Both run beyond the three qubits (j up to 40) with `noneq.kicked_top.quantum` and `noneq.kicked_top.maps`.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from noneq.core.results import labelled, provenance
from noneq.kicked_top.classical import finite_time_lyapunov
from noneq.kicked_top.maps import entropy_map
from noneq.kicked_top.model import KickedTop
from noneq.kicked_top.observables import bloch_vectors, entropy_from_bloch
from noneq.kicked_top.paper import plots
from noneq.kicked_top.paper.common import J_PAPER, SYSTEM, paper_grid
from noneq.kicked_top.quantum import propagate_observe
from noneq.quantum import bloch_vector_from_angles
from noneq.reproduce import Claim, Experiment, judge
from noneq.reproduce.context import RunContext

FLUCTUATION_KAPPA = 2.5
FLUCTUATION_J = {True: (1.5, 3.0, 5.0, 10.0), False: (1.5, 3.0, 5.0, 10.0, 20.0, 40.0)}
FLUCTUATION_WINDOW = {True: (10, 50), False: (10, 110)}  # kicks over which the temporal spread is measured
CHAOS_THRESHOLD = 0.2  # per kick: a classical FTLE above this marks an initial state in the chaotic sea
CHAOS_LYAPUNOV_KICKS = 200
SHRINK_RATIO = 0.3  # "decrease": the spread at the largest j below this fraction of the spread at j = 3/2 ...
SHRINK_SPEARMAN = -0.8  # ... and a rank correlation between j and the spread at most this
THREE_QUBIT_STRONGEST = 3 * np.pi / 2  # j = 3/2: U(kappa + 3 pi) = U(kappa) up to a phase
LARGE_KAPPAS = (2.5, THREE_QUBIT_STRONGEST, 6.0)
LARGE_KAPPA_J = {True: (1.5, 5.0), False: (1.5, 5.0, 10.0)}
LARGE_KAPPA_KICKS = {True: 30, False: 50}
NEAR_MAXIMAL = 0.85  # "near-maximal": every state's averaged entropy at least this fraction of the map's maximum


# ---------------------------------------------------------------- compute

def _chaotic_states(quick: bool) -> tuple[np.ndarray, np.ndarray]:
    theta, phi = paper_grid(9, 17) if quick else paper_grid(16, 31)
    TH, PH = np.meshgrid(theta[1:-1], phi[:-1], indexing="ij")
    lyap = finite_time_lyapunov(bloch_vector_from_angles(TH, PH), FLUCTUATION_KAPPA, CHAOS_LYAPUNOV_KICKS)
    chaotic = lyap > CHAOS_THRESHOLD
    return TH[chaotic], PH[chaotic]


def fluctuation_point(j: float, kappa: float, start: int, stop: int, theta: list, phi: list) -> xr.Dataset:
    """Temporal spread of the entropy over kicks start..stop for the paired initial states (a sweep point)."""
    th, ph = np.asarray(theta), np.asarray(phi)
    model = KickedTop(j, kappa)
    bloch = propagate_observe(model, th, ph, stop, lambda psi: bloch_vectors(psi, model.j))
    entropy = entropy_from_bloch(bloch)[start:]  # (kicks, states)
    return xr.Dataset({
        "temporal_std": labelled(entropy.std(axis=0).mean(), (), "bit",
                                 "temporal standard deviation of the single-qubit entropy, averaged over "
                                 "the chaotic initial states"),
        "temporal_mean": labelled(entropy.mean(), (), "bit", "time- and state-averaged entropy"),
    })


def compute_fluctuations(context: RunContext) -> dict[str, xr.Dataset]:
    """The temporal spread of the entropy of classically chaotic initial states, versus j."""
    start, stop = FLUCTUATION_WINDOW[context.quick]
    th, ph = _chaotic_states(context.quick)
    out = context.sweep("fluctuations", fluctuation_point, {"j": list(FLUCTUATION_J[context.quick])},
                        fixed=dict(kappa=FLUCTUATION_KAPPA, start=start, stop=stop, theta=th.tolist(),
                                   phi=ph.tolist()))
    out["n_states"] = labelled(th.size, (), "1", "number of chaotic initial states")
    out.attrs = provenance(SYSTEM, {"kappa": FLUCTUATION_KAPPA, "window": [start, stop],
                                    "chaos_threshold": CHAOS_THRESHOLD})
    return {"fluctuations": out}


def averaged_map_point(j: float, kappa: float, kicks: int, n_theta: int, n_phi: int) -> xr.Dataset:
    """The entropy map averaged over kicks 1..kicks at one (j, kappa) (a sweep point)."""
    theta, phi = paper_grid(n_theta, n_phi)
    return entropy_map(KickedTop(j, kappa), theta, phi, kicks)[["mean_entropy"]].isel(kick=-1, drop=True)


def compute_large_kappa(context: RunContext) -> dict[str, xr.Dataset]:
    """Time-averaged entropy maps at kappa = 2.5, 3 pi / 2 and 6 for several j."""
    kicks = LARGE_KAPPA_KICKS[context.quick]
    n_theta, n_phi = (11, 21) if context.quick else (31, 61)
    ds = context.sweep("large_kappa", averaged_map_point,
                       {"j": list(LARGE_KAPPA_J[context.quick]), "kappa": list(LARGE_KAPPAS)},
                       fixed=dict(kicks=kicks, n_theta=n_theta, n_phi=n_phi))
    ds.mean_entropy.attrs["long_name"] = f"entropy averaged over kicks 1..{kicks}"
    ds.attrs = provenance(SYSTEM, {"kicks": kicks})
    return {"large_kappa": ds}


# ---------------------------------------------------------------- plot

def plot_fluctuations(data) -> dict:
    """The temporal spread versus j."""
    ds = data["fluctuations"]
    return {"supp_fluctuations": plots.lines(
        ds.j.values, {"temporal std of S": ds.temporal_std.values}, "j", "std of S (bits)",
        "entropy fluctuations shrink with j (kappa = 2.5, chaotic states)", logx=True)}


def plot_large_kappa(data) -> dict:
    """One row of averaged maps per j."""
    ds = data["large_kappa"]
    figures = {}
    for j in ds.j.values:
        figures[f"supp_large_kappa_j{j:g}"] = plots.map_panels(
            [ds.mean_entropy.sel(j=j, kappa=k).values for k in ds.kappa.values],
            [f"kappa = {k:.3g}" for k in ds.kappa.values], ds.theta.values, ds.phi.values,
            f"Supplementary: time-averaged entropy at larger kappa, j = {j:g}")
    return figures


# ---------------------------------------------------------------- claims

def claims_fluctuations(data) -> list[Claim]:
    """The spread shrinks with j."""
    from scipy.stats import spearmanr  # here, not at import: `noneq list` loads this module

    ds = data["fluctuations"]
    spread = ds.temporal_std.values
    rho = float(spearmanr(ds.j.values, spread).statistic)
    ratio = float(spread[-1] / spread[0])
    return [judge(
        "supp-fluctuations-shrink", "temporal entropy fluctuations decrease with increasing system size j",
        paper="decrease", measured=round(ratio, 3),
        criterion=f"std at j = {ds.j.values[-1]:g} / std at j = 3/2 < {SHRINK_RATIO} and Spearman(j, std) <= "
                  f"{SHRINK_SPEARMAN} (measured {rho:.2f})",
        agrees=ratio < SHRINK_RATIO and rho <= SHRINK_SPEARMAN)]


def claims_large_kappa(data) -> list[Claim]:
    """Every initial state near-maximal at large kappa."""
    values = data["large_kappa"].mean_entropy
    ratio = values.min(("theta", "phi")) / values.max(("theta", "phi"))
    j_max = float(values.j.values[-1])
    small = float(ratio.sel(j=J_PAPER, kappa=THREE_QUBIT_STRONGEST))
    large = float(ratio.sel(j=j_max, kappa=LARGE_KAPPAS[-1]))
    reference = float(ratio.sel(j=J_PAPER, kappa=LARGE_KAPPAS[0]))
    return [judge(
        "supp-large-kappa", "at larger kappa all initial states obtain near-maximal entropy",
        paper="all near-maximal", measured=[round(small, 3), round(large, 3)],
        criterion=f"minimum over the grid of the time-averaged entropy >= {NEAR_MAXIMAL} x its maximum, for "
                  f"j = 3/2 at kappa = {THREE_QUBIT_STRONGEST:g} and for j = {j_max:g} at kappa = "
                  f"{LARGE_KAPPAS[-1]:g} (at kappa = {LARGE_KAPPAS[0]:g}, j = 3/2 the ratio is {reference:.2f}). "
                  f"For j = 3/2 the Floquet operator is periodic in kappa with period 3 pi, so kappa = 3 pi / 2 "
                  f"is as far from the regular kappa = 0 as it gets; larger kappa is not stronger there",
        agrees=small >= NEAR_MAXIMAL and large >= NEAR_MAXIMAL)]


FLUCTUATIONS = Experiment("supp-fluctuations", "Supplementary: temporal entropy fluctuations versus j",
                          compute_fluctuations, plot_fluctuations, claims_fluctuations)
LARGE_KAPPA = Experiment("supp-large-kappa", "Supplementary: near-maximal entropy everywhere at large kappa",
                         compute_large_kappa, plot_large_kappa, claims_large_kappa)
