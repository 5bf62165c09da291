"""Beyond the paper: the full counting statistics of the Otto refrigerator's heats, the fluctuation theorem of its
entropy production and its thermodynamic uncertainty relations (`noneq.otto.counting`, `noneq.otto.uncertainty`;
docs/papers/otto.md, "Beyond the paper: counting statistics")."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import xarray as xr

from noneq.core.results import labelled, provenance
from noneq.otto.counting import CURRENTS, SCHEMES, scaled_cumulants
from noneq.otto.counting_dense import scgf
from noneq.otto.counting_cycles import cycle_cumulants, heat_distribution
from noneq.otto.cycle import limit_cycle
from noneq.otto.model import OttoCycle
from noneq.otto.observables import entropy_production
from noneq.otto.paper.fluctuations import fluctuation_cycle
from noneq.otto.paper.plots import finish, new_figure
from noneq.otto.quantum_strokes import quantum_limit_cycle
from noneq.otto.trajectories import cycle_fluctuations
from noneq.otto.uncertainty import counting_statistics, scaled_in_time
from noneq.reproduce import Claim, Experiment, judge
from noneq.reproduce.context import RunContext

SYSTEM = "otto"
SEED = 20140821
K_SIGMA = 4.0  # Monte Carlo agreement within 4 standard errors (false alarm ~6e-5 per check)
BATCHES = 20  # the Monte Carlo error bars of the cumulants come from 20 independent batches of trajectories
MEAN_CRITERION = 1e-12  # kappa_1 against the limit cycle (relative): both exact, rounding only
SYMMETRY_CRITERION = 1e-12  # |lambda(chi) - lambda(-1 - chi)|: an identity, rounding of the eigenvalues only
BOUND_SLACK = 1e-7  # R >= B up to the central difference's error in d kappa_1 / d ln s (~1e-9 relative)
FAST_CRITERION = 1e-3  # |B - 1| at the fastest cycle (s = 1e-3): B - 1 ~ s gamma tau
INVASIVE_CRITERION = (1e-2, 1e-4)  # the two-point measurement changes Q_c by > 1 % somewhere, < 1e-4 for the
# slowest strokes (adiabatic: coherence ~1e-3, its effect on Q_c ~1e-5)
TILT = 0.5  # the finite-time unitary strokes of the friction experiment
SLOW_SCALE = 100.0  # the frequency curve's cycle: every stroke 100 times the reference's (isochores saturated)
CHI = np.linspace(-2.0, 1.0, 61)  # counting fields of the entropy production (symmetric about -1/2)


def violating_cycle() -> OttoCycle:
    """A refrigerator whose cold isochore runs at small beta_c w_a = 0.1 (beta_h w_b = 1.93): the slow-cycle
    TUR ratio is lowest near beta_c w_a -> 0, beta_h w_b ~ 2 (docs/papers/otto.md)."""
    return OttoCycle(0.1, 2.9, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0, tau_adi=1.0)


def quantum_cycle(tau_adi: float) -> OttoCycle:
    """The refrigerator of the friction experiment's frequencies with unitary strokes of tau_adi / 2 each."""
    return replace(fluctuation_cycle(), tau_adi=tau_adi)


def _statistics_dataset(cycles, dim: str, coordinate, units: str, long_name: str) -> xr.Dataset:
    ds = counting_statistics(cycles, dim=dim).assign_coords({dim: coordinate})
    ds[dim].attrs.update(units=units, long_name=long_name)
    return ds


def compute_counting(context: RunContext) -> dict[str, xr.Dataset]:
    """Curves over the cycle time and the hot frequency, the SCGF of Sigma, the unitary strokes' statistics, and
    Monte Carlo trajectories against the exact statistics."""
    points = 60 if context.quick else 200
    scales = np.geomspace(1e-3, 1e3, points)
    base = {"optimal": fluctuation_cycle(), "small-beta-w": violating_cycle()}
    time_scale = xr.concat([_statistics_dataset([scaled_in_time(c, s) for s in scales], "scale", scales, "1",
                                                "factor s on every stroke time") for c in base.values()],
                           dim=xr.DataArray(list(base), dims="cycle", name="cycle"))
    time_scale["cycle"].attrs.update(units="", long_name="refrigerator (optimal at cop_carnot = 2, or small beta w)")
    slow = scaled_in_time(violating_cycle(), SLOW_SCALE)
    w_b = slow.w_a * np.geomspace(1.02, 80.0, points)
    w_b = w_b[np.abs(w_b / slow.w_a - slow.T_h / slow.T_c) > 1e-3]  # not the idle Carnot point itself
    frequency = _statistics_dataset([replace(slow, w_b=x) for x in w_b], "beta_h_w_b", w_b / slow.T_h, "1",
                                    "beta_h w_b of the slow small-beta-w cycle (w_a fixed)")
    cycles = {"ideal": (fluctuation_cycle(), None)}
    cycles.update({scheme: (quantum_cycle(1.0), TILT) for scheme in SCHEMES})
    lam = np.array([scgf(c, -c.beta_c * CHI, -c.beta_h * CHI, tilt=tilt, scheme=name if tilt else "two-point")
                    for name, (c, tilt) in cycles.items()])
    mirrored = np.array([scgf(c, -c.beta_c * (-1 - CHI), -c.beta_h * (-1 - CHI), tilt=tilt,
                              scheme=name if tilt else "two-point") for name, (c, tilt) in cycles.items()])
    scgf_ds = xr.Dataset({
        "scgf": labelled(lam, ("strokes", "chi"), "1", "lambda(chi) of the entropy production per cycle"),
        "scgf_mirrored": labelled(mirrored, ("strokes", "chi"), "1", "lambda(-1 - chi)"),
    }, coords={"strokes": list(cycles), "chi": CHI})
    scgf_ds["strokes"].attrs.update(units="", long_name="adiabats: ideal, or unitary (tilt 0.5) measured at both "
                                                        "ends (two-point) or not (coherent)")
    scgf_ds["chi"].attrs.update(units="1", long_name="counting field of the entropy production")
    taus = np.geomspace(0.05, 2000.0, 7 if context.quick else 30)
    quantum = xr.concat([counting_statistics([quantum_cycle(t) for t in taus], tilt=TILT, scheme=scheme,
                                             dim="tau_adi").drop_vars(["tur_bound_periodic", "dmean_dlog_time"])
                         for scheme in SCHEMES], dim=xr.DataArray(list(SCHEMES), dims="scheme", name="scheme"))
    quantum = quantum.assign_coords(tau_adi=taus)
    quantum["tau_adi"].attrs.update(units="time", long_name="total time of both unitary strokes")
    quantum["scheme"].attrs.update(units="", long_name="unitary strokes measured at both ends, or coherent")
    quantum["Q_c_coherent_limit_cycle"] = labelled(
        np.array([quantum_limit_cycle(quantum_cycle(t), tilt=TILT).Q_c for t in taus]), "tau_adi", "energy",
        "Q_c of the quantum limit cycle (noneq.otto.quantum_strokes)")
    data = {"time_scale": time_scale, "frequency": frequency, "scgf": scgf_ds, "quantum": quantum,
            **_monte_carlo(context)}
    for name, ds in data.items():
        ds.attrs.update(provenance(SYSTEM, {"experiment": "counting", "part": name, "points": points},
                                   seed=SEED if name in ("monte_carlo", "distribution") else -1))
    return data


def _monte_carlo(context: RunContext) -> dict[str, xr.Dataset]:
    """Quantum-jump trajectories of the optimal refrigerator: cumulants 1-3 of the sums over n cycles (batch
    errors) against the exact ones, the variance per cycle against the scaled cumulant, and the distribution."""
    samples, n_cycles = (2000, 100) if context.quick else (20000, 200)
    cycle = fluctuation_cycle()
    runs = cycle_fluctuations(cycle, samples=samples, n_cycles=n_cycles, seed=SEED)
    exact = cycle_cumulants(cycle, n_cycles, order=3)
    scaled = scaled_cumulants(cycle, order=3)
    estimate, error = np.empty((len(CURRENTS), 3)), np.empty((len(CURRENTS), 3))
    for row, current in enumerate(CURRENTS):
        sums = runs[current].sum("cycle").values.reshape(BATCHES, -1)
        size = sums.shape[1]
        centred = sums - sums.mean(axis=1, keepdims=True)
        batches = np.stack([sums.mean(axis=1), sums.var(axis=1, ddof=1),
                            (centred ** 3).mean(axis=1) * size ** 2 / ((size - 1) * (size - 2))])
        estimate[row], error[row] = batches.mean(axis=1), batches.std(axis=1, ddof=1) / np.sqrt(BATCHES)
    dims = ("current", "order")
    monte_carlo = xr.Dataset({
        "estimate": labelled(estimate, dims, "energy^order (sigma: nats^order)",
                             f"Monte Carlo cumulant of the sum over {n_cycles} cycles ({samples} trajectories)"),
        "error": labelled(error, dims, "energy^order (sigma: nats^order)", "standard error (20 batches)"),
        "exact": labelled(exact.values, dims, "energy^order (sigma: nats^order)",
                          f"exact cumulant over {n_cycles} cycles from the limit cycle"),
        "scaled": labelled(scaled.values * n_cycles, dims, "energy^order (sigma: nats^order)",
                           f"{n_cycles} x the scaled cumulant per cycle"),
    }, coords={"current": list(CURRENTS), "order": [1, 2, 3]})
    monte_carlo["current"].attrs.update(units="", long_name="current")
    monte_carlo["order"].attrs.update(units="1", long_name="cumulant order")
    exact_distribution = heat_distribution(cycle, n_cycles)
    quanta = exact_distribution.quanta_c.values
    counts = np.bincount(np.rint(runs.q_c.sum("cycle").values / cycle.w_a).astype(int) - quanta[0],
                         minlength=quanta.size)[:quanta.size]
    distribution = xr.Dataset({
        "exact": labelled(exact_distribution.distribution.sum("quanta_h").values, "quanta_c", "1",
                          f"exact probability of the cold-bath quanta over {n_cycles} cycles"),
        "monte_carlo": labelled(counts / samples, "quanta_c", "1", "fraction of the trajectories"),
    }, coords={"quanta_c": quanta})
    distribution["quanta_c"].attrs.update(units="1", long_name="quanta absorbed from the cold bath (Q_c / w_a)")
    return {"monte_carlo": monte_carlo, "distribution": distribution}


def _invasiveness(quantum: xr.Dataset) -> xr.DataArray:
    """|Q_c(two-point) - Q_c(quantum limit cycle)| in units of the ideal-adiabat Q_c."""
    measured = quantum.cumulants.sel(scheme="two-point", current="q_c", order=1)
    return np.abs(measured - quantum.Q_c_coherent_limit_cycle) / limit_cycle(fluctuation_cycle()).Q_c


def plot_counting(data) -> dict:
    """(a) TUR ratio and the periodic-driving bound against the cycle time; (b) against beta_h w_b; (c) the SCGF
    of Sigma and its mirror image; (d) unitary strokes; (e) the distribution of Q_c over n cycles."""
    fig, axes = new_figure(5, size=(22, 4.2))
    ts = data["time_scale"]
    for name, color in zip(ts.cycle.values, ("tab:blue", "tab:red")):
        part = ts.sel(cycle=name, current="q_c")
        axes[0].plot(ts.scale, part.tur_ratio, color=color, label=f"TUR ratio R ({name})")
        axes[0].plot(ts.scale, part.tur_bound_periodic, color=color, ls="--", label=f"bound B ({name})")
    axes[0].axhline(1.0, color="k", lw=0.8)
    axes[0].set_xscale("log")
    finish(axes[0], "stroke-time factor s", "ratio", "TUR ratio of Q_c and its periodic-driving bound")
    fr = data["frequency"].sel(current="q_c")
    axes[1].plot(fr.beta_h_w_b, fr.tur_ratio, "k-", label="R (slow, beta_c w_a = 0.1)")
    bound = float(fr.tur_bound_periodic.max())
    axes[1].plot(fr.beta_h_w_b, fr.tur_bound_periodic, "k--",
                 label="bound B (saturated strokes: 0)" if bound < 1e-6 else "bound B")
    axes[1].axhline(1.0, color="0.5", lw=0.8)
    axes[1].set_xscale("log")
    axes[1].set_ylim(0.9, 1.3)
    finish(axes[1], r"$\beta_h w_b$", "ratio", "TUR ratio against the hot frequency")
    sg = data["scgf"]
    for name, style in zip(sg.strokes.values, ("-", "--", ":")):
        axes[2].plot(sg.chi, sg.scgf.sel(strokes=name), style, label=f"{name}")
        axes[2].plot(sg.chi, sg.scgf_mirrored.sel(strokes=name), "o", ms=2, color="0.4")
    axes[2].axvline(-0.5, color="k", lw=0.8)
    finish(axes[2], r"counting field $\chi$ of $\Sigma$", r"$\lambda(\chi)$; dots: $\lambda(-1-\chi)$",
           "Gallavotti-Cohen symmetry")
    qu = data["quantum"]
    for scheme, style in zip(qu.scheme.values, ("-", "--")):
        for current, color in (("work", "tab:green"), ("sigma", "tab:purple")):
            axes[3].plot(qu.tau_adi, qu.tur_ratio.sel(scheme=scheme, current=current), style, color=color,
                         label=f"R of {current}, {scheme}")
    axes[3].set_yscale("log")
    axes[3].axhline(1.0, color="0.5", lw=0.8)
    axes[3].set_xscale("log")
    finish(axes[3], r"stroke time $\tau_{adi}$", "TUR ratio", f"unitary strokes (tilt {TILT:g})", loc="upper left")
    twin = axes[3].twinx()
    twin.loglog(qu.tau_adi, _invasiveness(qu), "k:", label="|Q_c(two-point) - Q_c| / Q_c(ideal)")
    twin.set_ylabel("invasiveness of the two-point measurement")
    twin.legend(fontsize=8, loc="lower right")
    di = data["distribution"]
    axes[4].bar(di.quanta_c, di.monte_carlo, width=0.8, color="0.7", label="quantum jumps")
    axes[4].plot(di.quanta_c, di.exact, "k.-", label="exact")
    mean = float((di.quanta_c * di.exact).sum())
    width = float(np.sqrt((di.exact * (di.quanta_c - mean) ** 2).sum()))
    axes[4].set_xlim(mean - 5 * width, mean + 5 * width)
    finish(axes[4], "cold-bath quanta over the run", "probability", "Q_c / w_a over the Monte Carlo run")
    return {"counting": fig}


def claims_counting(data) -> list[Claim]:
    """Means, Monte Carlo, Gallavotti-Cohen, the TUR and its periodic-driving bound, two-point invasiveness."""
    claims = []
    ideal = fluctuation_cycle()
    result = limit_cycle(ideal)
    kappa = scaled_cumulants(ideal, order=1).values[:, 0]
    quantum = quantum_limit_cycle(quantum_cycle(1.0), tilt=TILT)
    coherent = scaled_cumulants(quantum_cycle(1.0), order=1, tilt=TILT, scheme="coherent").values[:3, 0]
    gap = max(np.max(np.abs(kappa / [result.Q_c, result.Q_h, result.W, entropy_production(result)] - 1)),
              np.max(np.abs(coherent / [quantum.Q_c, quantum.Q_h, quantum.W] - 1)))
    claims.append(judge("fcs-mean", "(beyond the paper) the first scaled cumulants are the limit cycle's heats, "
                        "work and entropy production (also for unmeasured unitary strokes)", paper="equal",
                        measured=float(gap), criterion=f"max relative difference < {MEAN_CRITERION:g}",
                        agrees=bool(gap < MEAN_CRITERION)))
    mc = data["monte_carlo"]
    z = float(np.max(np.abs((mc.estimate - mc.exact) / mc.error)))
    per_cycle = mc.sel(order=2)
    z_scaled = float(np.max(np.abs((per_cycle.estimate - per_cycle.scaled) / per_cycle.error)))
    claims.append(judge("fcs-monte-carlo", "(beyond the paper) quantum-jump trajectories agree with the exact "
                        "counting statistics: cumulants 1-3 over the run, and the variance per cycle with the "
                        "scaled cumulant", paper=f"|z| < {K_SIGMA:g}", measured=[z, z_scaled],
                        criterion=f"max |z| < {K_SIGMA:g} (cumulants; scaled variance)",
                        agrees=bool(max(z, z_scaled) < K_SIGMA)))
    sg = data["scgf"]
    asymmetry = float(np.max(np.abs(sg.scgf - sg.scgf_mirrored)))
    claims.append(judge("gallavotti-cohen", "(beyond the paper) the entropy production's scaled cumulant "
                        "generating function obeys lambda(chi) = lambda(-1 - chi) (ideal adiabats; unitary "
                        "strokes measured at both ends or not)", paper=0.0, measured=asymmetry,
                        criterion=f"max |lambda(chi) - lambda(-1 - chi)| < {SYMMETRY_CRITERION:g}, chi in [-2, 1]",
                        agrees=asymmetry < SYMMETRY_CRITERION))
    ts, fr = data["time_scale"], data["frequency"]
    optimal = float(ts.tur_ratio.sel(cycle="optimal").min())
    claims.append(judge("tur-optimal-refrigerator", "(beyond the paper) the optimal refrigerator (cop_carnot = 2) "
                        "obeys the steady-state TUR at every cycle time", paper=">= 1", measured=optimal,
                        criterion="min over s in [1e-3, 1e3] of the TUR ratio >= 1", agrees=optimal >= 1.0))
    ratios = fr.tur_ratio.sel(current="q_c")
    low = ratios.where(ratios < 1, drop=True)
    where = (f"beta_h w_b in [{float(low.beta_h_w_b.min()):.3g}, {float(low.beta_h_w_b.max()):.3g}]"
             if low.size else "nowhere")
    minimum = float(min(ts.tur_ratio.min(), fr.tur_ratio.min()))
    claims.append(judge("tur-violated", "(beyond the paper) the steady-state TUR is violated by the periodically "
                        "driven refrigerator for slow cycles at small beta_c w_a, as expected for time-periodic "
                        "driving", paper="< 1 somewhere", measured=minimum,
                        criterion=f"min TUR ratio < 1 (slow cycle at beta_c w_a = 0.1: below 1 for {where})",
                        agrees=minimum < 1.0))
    slack = float(min((ts.tur_ratio - ts.tur_bound_periodic).min(), (fr.tur_ratio - fr.tur_bound_periodic).min()))
    claims.append(judge("tur-periodic-bound", "(beyond the paper) the Koyuk-Seifert bound for periodic driving, "
                        "kappa_2 <Sigma> >= 2 (d kappa_1 / d ln s)^2, holds at every point of both curves",
                        paper="R >= B", measured=slack, criterion=f"min (R - B) >= -{BOUND_SLACK:g}",
                        agrees=slack >= -BOUND_SLACK))
    fastest = ts.isel(scale=0)
    fast_gap = float(np.abs(fastest.tur_bound_periodic - 1).max())
    fast_ratio = float(fastest.tur_ratio.min())
    claims.append(judge("tur-fast-driving", "(beyond the paper) for fast driving the periodic bound becomes the "
                        "steady-state TUR (B -> 1), which then holds", paper="B -> 1, R >= 1",
                        measured=[fast_gap, fast_ratio], criterion=f"at s = 1e-3: |B - 1| < {FAST_CRITERION:g} "
                        "and R >= 1", agrees=fast_gap < FAST_CRITERION and fast_ratio >= 1.0))
    qu = data["quantum"]
    change = _invasiveness(qu)
    largest = float(change.max())
    at = float(change.tau_adi[int(np.argmax(change.values))])
    claims.append(judge("tpm-invasive", "(beyond the paper) measuring the energy at both ends of finite-time "
                        "unitary strokes changes the refrigerator's heat (the measurement removes the coherences); "
                        "for slow (adiabatic) strokes it does not", paper="invasive unless adiabatic",
                        measured=[largest, float(change[-1])],
                        criterion=f"max |Q_c(two-point) - Q_c(quantum limit cycle)| / Q_c(ideal adiabats) > "
                        f"{INVASIVE_CRITERION[0]:g} "
                        f"(at tau_adi = {at:.3g}), < {INVASIVE_CRITERION[1]:g} at tau_adi = "
                        f"{float(qu.tau_adi[-1]):g}",
                        agrees=largest > INVASIVE_CRITERION[0] and float(change[-1]) < INVASIVE_CRITERION[1]))
    return claims


COUNTING = Experiment(name="counting", title="Beyond: full counting statistics, fluctuation theorem and TUR",
                      compute=compute_counting, plot=plot_counting, claims=claims_counting)
