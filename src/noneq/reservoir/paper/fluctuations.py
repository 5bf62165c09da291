"""Beyond the paper: the exact two-point-measurement (TPM) statistics of the heat, the spin energy change and the
entropy production of the spin-GORM model (`noneq.reservoir.statistics`; docs/papers/reservoir.md, "Beyond the
paper: heat statistics"), at the parameters of Fig. 1 for N from tens to thousands of levels.

Two initial states: a product of Gibbs states (spin and reservoir at beta; the integral and, H being real, the
detailed fluctuation theorems hold exactly) and the paper's |down> (x) Gibbs (not full rank: the integral theorem
holds as <e^{-Sigma}> = 1 - lambda(t), lambda the absolute irreversibility). Thresholds are named constants with
their reason; no measured number is written here.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import xarray as xr

from noneq.core.results import labelled, provenance
from noneq.quantum import thermal_state
from noneq.reproduce.claim import Claim, judge
from noneq.reproduce.context import RunContext
from noneq.reproduce.experiment import Experiment
from noneq.reproduce.figures import pyplot
from noneq.reservoir.exact import diagonalize, expectation_series
from noneq.reservoir.model import SYSTEM_NAME, SpinGorm
from noneq.reservoir.paper.fig1 import PAPER, SEED, T_MAX
from noneq.reservoir.paper.plots import colors
from noneq.reservoir.statistics import tpm_basis, tpm_cumulants
from noneq.reservoir.transitions import tpm_distribution, tpm_transitions

# constants
N_TIMES = 200  # output times in [0, T_MAX] (the window of Fig. 1)
FLUCTUATION_N = {True: (25, 50, 100, 200), False: (50, 200, 500, 2000)}  # quick, full
DOWN_MAX_N = 500  # the |down> statistics (a second set of changes of basis) up to this N
DISTRIBUTION_MAX_N = 500  # the distributions (exact transitions, O(N^3) per time) up to this N
DISTRIBUTION_TIMES = (25.0, 100.0, T_MAX)  # a few times only
BINS = 201  # heat bins of width ~0.01 on [-1, 1] (the bandwidth): resolves the quantum Delta = 0.1
IFT_CRITERION = 1e-12  # |<e^{-Sigma}> - 1|: an identity (unitarity), rounding of the eigenvectors only
MEAN_CRITERION = 1e-10  # |kappa_1(Q) - <Q>| / max|<Q>|: both exact, different sums of the same eigenbasis
RATIO_CRITERION = 1e-9  # |P(Sigma) / (e^Sigma P(-Sigma)) - 1|: rounding of probabilities above PROBABILITY_FLOOR
PROBABILITY_FLOOR = 1e-10
NON_GAUSSIAN = 3.0  # |late-time excess kurtosis| above this: far from a Gaussian (0)
CONVERGED = 0.25  # relative change of the late-time skewness and kurtosis between the two largest N (GOE
# realization-to-realization spread ~5 % at N = 200-400)


# compute
def _late_shape(cumulants: np.ndarray, late: np.ndarray) -> tuple[float, float]:
    """Late-time means of the skewness kappa_3 / kappa_2^1.5 and excess kurtosis kappa_4 / kappa_2^2."""
    k = cumulants[late]
    return float(np.mean(k[:, 2] / k[:, 1] ** 1.5)), float(np.mean(k[:, 3] / k[:, 1] ** 2))


def _detailed(system, time: float) -> tuple[float, int]:
    """max |P(Sigma) / (e^Sigma P(-Sigma)) - 1| over the exact values Sigma > 0 where both probabilities exceed
    PROBABILITY_FLOOR, and how many such values there are."""
    basis = tpm_basis(system)
    y, x = basis.functions("entropy_production")
    sigma = y[:, None] - x[None, basis.support]
    weights = tpm_transitions(basis, time) * basis.probabilities[basis.support]
    keys, first, inverse = np.unique(np.round(sigma, 8).ravel(), return_index=True, return_inverse=True)
    P = np.bincount(inverse, weights=weights.ravel())
    exact = sigma.ravel()[first]
    where = {key: k for k, key in enumerate(keys)}
    ratios = [P[k] / (np.exp(exact[k]) * P[where[-key]]) - 1.0 for k, key in enumerate(keys)
              if key > 0 and -key in where and min(P[k], P[where[-key]]) > PROBABILITY_FLOOR]
    return float(np.max(np.abs(ratios))), len(ratios)


def compute_fluctuations(context: RunContext) -> dict[str, xr.Dataset]:
    ns = FLUCTUATION_N[context.quick]
    t = np.linspace(0.0, T_MAX, N_TIMES)
    cumulants, ift, mean_heat, distributions, transitions_ift = [], [], [], [], []
    down = {}
    for N in ns:
        model = SpinGorm(N=N, seed=SEED, **PAPER)
        paper_state = model.open_system()
        gibbs = replace(paper_state, rho_s0=thermal_state(paper_state.H_s, model.beta))
        eig = diagonalize(gibbs.hamiltonian(), gibbs.initial_state())  # shared by the mean and the statistics
        ds = tpm_cumulants(gibbs, t, eig=eig)
        cumulants.append(ds.cumulants.values)
        ift.append(ds.fluctuation_theorem.values)
        energy = expectation_series(eig, [gibbs.embed(gibbs.reservoirs[0].H, 1)], t)[0].real
        mean_heat.append(energy[0] - energy)
        if N <= DISTRIBUTION_MAX_N:
            dist = tpm_distribution(gibbs, DISTRIBUTION_TIMES, bins=BINS, eig=eig)
            distributions.append(dist.heat_0_distribution.values)
            transitions_ift.append(dist.fluctuation_theorem.values)
            heat_bins = dist.heat_0_bin.values
        if N <= DOWN_MAX_N:
            down[N] = tpm_cumulants(paper_state, t, eig=eig, reference_beta=model.beta)
    time = labelled(t, "time", "1/energy", "time t (hbar = 1)")
    main = xr.Dataset(coords={"N": list(ns), "time": time, "quantity": ds.quantity.values,
                              "order": ds.order.values})
    main["cumulants"] = labelled(np.array(cumulants), ("N", "time", "quantity", "order"), "energy^order (entropy "
                                 "production: nat^order)", "TPM cumulants, spin and reservoir initially Gibbs at beta")
    main["fluctuation_theorem"] = labelled(np.array(ift), ("N", "time"), "1", "<exp(-Sigma)> (product of Gibbs "
                                                                               "states)")
    main["mean_heat"] = labelled(np.array(mean_heat), ("N", "time"), "energy", "mean heat <H_r>_0 - <H_r>_t from "
                                 "the unmeasured dynamics")
    dist = xr.Dataset(coords={
        "N": [n for n in ns if n <= DISTRIBUTION_MAX_N],
        "time": labelled(np.array(DISTRIBUTION_TIMES), "time", "1/energy", "time t (hbar = 1)"),
        "heat_0_bin": labelled(heat_bins, "heat_0_bin", "energy", "bin centre of the heat")})
    dist["heat_distribution"] = labelled(np.array(distributions), ("N", "time", "heat_0_bin"), "1",
                                         "probability of the heat out of the reservoir in each bin")
    dist["fluctuation_theorem"] = labelled(np.array(transitions_ift), ("N", "time"), "1",
                                           "<exp(-Sigma)> from the exact transition probabilities")
    small = FLUCTUATION_N[context.quick][0]
    model = SpinGorm(N=small, seed=SEED, **PAPER).open_system()
    gibbs = replace(model, rho_s0=thermal_state(model.H_s, PAPER["beta"]))
    checks = [_detailed(gibbs, time) for time in DISTRIBUTION_TIMES]
    dist["detailed_deviation"] = labelled([c[0] for c in checks], "time", "1", f"max |P(Sigma) / (e^Sigma "
                                          f"P(-Sigma)) - 1| over exact Sigma values, N = {small}")
    dist["detailed_pairs"] = labelled([c[1] for c in checks], "time", "1", "number of Sigma > 0 compared")
    paper = xr.Dataset(coords={"N": list(down), "time": time})
    paper["fluctuation_theorem"] = labelled(np.array([d.fluctuation_theorem.values for d in down.values()]),
                                            ("N", "time"), "1", "<exp(-Sigma)>, spin initially |down>")
    paper["absolute_irreversibility"] = labelled(np.array([d.absolute_irreversibility.values
                                                           for d in down.values()]), ("N", "time"), "1",
                                                 "lambda(t) = Tr[P_up U^dagger p~ U]")
    data = {"statistics": main, "distribution": dist, "paper_state": paper}
    for name, ds in data.items():
        ds.attrs.update(provenance(SYSTEM_NAME, dict(PAPER, t_max=T_MAX, n_times=N_TIMES, part=name), seed=SEED,
                                   experiment="fluctuations"))
    return data


# plot
def plot_fluctuations(data) -> dict[str, Any]:
    """(a) |<e^{-Sigma}> - 1| and the |down> residual; (b) the heat's skewness and excess kurtosis versus t;
    (c) the heat distribution at t_max with the Gaussian of the same mean and variance; (d) lambda(t)."""
    plt = pyplot()
    main, dist, paper = data["statistics"], data["distribution"], data["paper_state"]
    ns = [int(n) for n in main.N.values]
    palette = colors(len(ns))
    t = main.time.values
    fig, axes = plt.subplots(1, 4, figsize=(20, 4.4), constrained_layout=True)
    floor = 1e-18
    for n, c in zip(ns, palette):
        axes[0].semilogy(t, np.abs(main.fluctuation_theorem.sel(N=n) - 1) + floor, color=c, lw=1, label=f"N = {n}")
    for n in paper.N.values:
        residual = paper.fluctuation_theorem.sel(N=n) - 1 + paper.absolute_irreversibility.sel(N=n)
        axes[0].semilogy(t, np.abs(residual) + floor, color="0.5", lw=0.6, ls=":")
    axes[0].axhline(IFT_CRITERION, color="k", lw=0.8, ls="--", label="criterion")
    axes[0].set_ylim(floor, 1e-10)
    axes[0].set(xlabel="t", ylabel=r"$|\langle e^{-\Sigma}\rangle - 1|$ (dotted: $|\ldots - 1 + \lambda|$, |down>)",
                title="integral fluctuation theorem")
    axes[0].legend(fontsize=7)
    heat = main.cumulants.sel(quantity="heat_0")
    later = t > 0
    for n, c in zip(ns, palette):
        k = heat.sel(N=n).values[later]
        axes[1].plot(t[later], k[:, 2] / k[:, 1] ** 1.5, color=c, lw=1, ls="--")
        axes[1].plot(t[later], k[:, 3] / k[:, 1] ** 2, color=c, lw=1, label=f"N = {n}")
    axes[1].axhline(0.0, color="k", lw=0.6)
    axes[1].set(xlabel="t", ylabel="excess kurtosis (solid), skewness (dashed)", title="heat: shape cumulants")
    axes[1].legend(fontsize=7)
    final = dist.heat_distribution.isel(time=-1)
    q = dist.heat_0_bin.values
    width = q[1] - q[0]
    resolved = [n for n in dist.N.values if 1.0 / (n - 1) < width] or list(dist.N.values)  # lattice finer than a bin
    for n in resolved:
        c = palette[ns.index(int(n))]
        axes[2].semilogy(q, final.sel(N=n) / width + 1e-12, color=c, lw=1, label=f"N = {int(n)}")
    largest = int(resolved[-1])
    k = heat.sel(N=largest).isel(time=-1).values
    gauss = np.exp(-(q - k[0]) ** 2 / (2 * k[1])) / np.sqrt(2 * np.pi * k[1])
    axes[2].semilogy(q, gauss, "k--", lw=1, label=f"Gaussian, same mean and variance (N = {largest})")
    axes[2].set_ylim(1e-4, None)
    axes[2].set_xlim(-0.5, 0.5)
    axes[2].set(xlabel="heat Q out of the reservoir", ylabel="probability density",
                title=f"heat distribution at t = {float(dist.time[-1]):g}")
    axes[2].legend(fontsize=7)
    for n in paper.N.values:
        axes[3].plot(t, paper.absolute_irreversibility.sel(N=n), lw=1, label=f"N = {int(n)}")
    axes[3].set(xlabel="t", ylabel=r"$\lambda(t) = 1 - \langle e^{-\Sigma}\rangle$",
                title="spin initially |down>: absolute irreversibility")
    axes[3].legend(fontsize=7)
    fig.suptitle(f"Two-point-measurement statistics, spin-GORM: $\\Delta = {PAPER['delta']}$, "
                 f"$\\beta = {PAPER['beta']}$, $\\lambda = {PAPER['coupling']}$", fontsize=11)
    return {"fluctuations": fig}


# claims
def claims_fluctuations(data) -> list[Claim]:
    main, dist, paper = data["statistics"], data["distribution"], data["paper_state"]
    ns = [int(n) for n in main.N.values]
    t = main.time.values
    out = []
    residual = float(np.abs(main.fluctuation_theorem - 1).max())
    out.append(judge("ift_product_gibbs", f"(beyond the paper) the integral fluctuation theorem <e^(-Sigma)> = 1 "
                     f"holds at every time for a product of Gibbs states, N = {', '.join(map(str, ns))}",
                     paper="1", measured=residual,
                     criterion=f"max over N and {t.size} times of |<e^(-Sigma)> - 1| < {IFT_CRITERION:g}",
                     agrees=residual < IFT_CRITERION))
    from_transitions = float(np.abs(dist.fluctuation_theorem - 1).max())
    out.append(judge("ift_transitions", "(beyond the paper) the same from the exact transition probabilities "
                     "p_a |<b|U(t)|a>|^2 (an independent sum)", paper="1", measured=from_transitions,
                     criterion=f"max over N = {', '.join(str(int(n)) for n in dist.N.values)} and t = "
                               f"{', '.join(f'{x:g}' for x in dist.time.values)} of |<e^(-Sigma)> - 1| < "
                               f"{IFT_CRITERION:g}",
                     agrees=from_transitions < IFT_CRITERION))
    lam = paper.absolute_irreversibility
    gap = float(np.abs(paper.fluctuation_theorem - 1 + lam).max())
    smallest = float(lam.isel(time=slice(1, None)).min())
    out.append(judge("absolute_irreversibility", "(beyond the paper) for the paper's |down> spin (not full rank) "
                     "the integral theorem holds as <e^(-Sigma)> = 1 - lambda(t), lambda > 0 the absolute "
                     "irreversibility", paper="1 - lambda", measured=[gap, smallest, float(lam.isel(time=-1).mean())],
                     criterion=f"[max |<e^(-Sigma)> - 1 + lambda| < {IFT_CRITERION:g}, min lambda(t > 0) > 0, "
                               f"lambda(t_max)] for N = {', '.join(str(int(n)) for n in paper.N.values)}",
                     agrees=gap < IFT_CRITERION and smallest > 0))
    first = main.cumulants.sel(quantity="heat_0", order=1)
    mean_gap = float((np.abs(first - main.mean_heat).max("time") / np.abs(main.mean_heat).max("time")).max())
    out.append(judge("first_moment_mean_heat", "(beyond the paper) the first TPM moment of the heat is the mean "
                     "heat of the unmeasured dynamics (eq. (9))", paper="equal", measured=mean_gap,
                     criterion=f"max over N of max_t |kappa_1 - <Q>| / max_t |<Q>| < {MEAN_CRITERION:g}",
                     agrees=mean_gap < MEAN_CRITERION))
    deviation = float(dist.detailed_deviation.max())
    pairs = int(dist.detailed_pairs.min())
    out.append(judge("detailed_fluctuation_theorem", "(beyond the paper) P(Sigma) / P(-Sigma) = e^Sigma for the "
                     "product of Gibbs states (H real: time-reversal symmetric)", paper="e^Sigma",
                     measured=[deviation, pairs],
                     criterion=f"[max |P(Sigma) / (e^Sigma P(-Sigma)) - 1| < {RATIO_CRITERION:g} over exact values "
                               f"with both P > {PROBABILITY_FLOOR:g}, fewest values compared] at N = {ns[0]}",
                     agrees=deviation < RATIO_CRITERION and pairs > 0))
    late = t >= T_MAX / 2
    heat = main.cumulants.sel(quantity="heat_0").values
    shapes = [_late_shape(heat[k], late) for k in range(len(ns))]
    (skew_a, kurt_a), (skew_b, kurt_b) = shapes[-2], shapes[-1]
    change = max(abs(skew_b - skew_a) / abs(skew_b), abs(kurt_b - kurt_a) / abs(kurt_b))
    out.append(judge("heat_not_gaussian", "(beyond the paper) the heat distribution does not approach a Gaussian "
                     "as N grows: its skewness and excess kurtosis converge to N-independent values far from 0",
                     paper="Gaussian?", measured=[skew_b, kurt_b, change],
                     criterion=f"[late-time (t >= {T_MAX / 2:g}) skewness and excess kurtosis at N = {ns[-1]}, "
                               f"relative change from N = {ns[-2]}]: |kurtosis| > {NON_GAUSSIAN:g} and change < "
                               f"{CONVERGED:g}",
                     agrees=abs(kurt_b) > NON_GAUSSIAN and change < CONVERGED))
    return out


FLUCTUATIONS = Experiment("fluctuations", "Beyond: two-point-measurement heat statistics and fluctuation theorems",
                          compute_fluctuations, plot_fluctuations, claims_fluctuations)
