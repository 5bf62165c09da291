"""Beyond the paper: the thermodynamic uncertainty ratio R = Var(Q) Sigma / (2 <Q>^2) of the current through the
origin bond while a step relaxes (SEP and independent walkers, annealed and quenched): lattice exact, large-t
closed forms, Monte Carlo, and the exact entropy production of a short SEP segment (docs/papers/currents.md,
"Beyond the paper: the uncertainty relation of the relaxation")."""

from __future__ import annotations

import numpy as np
import xarray as xr

from noneq.core.results import labelled, provenance
from noneq.currents.model import CurrentsModel
from noneq.currents.montecarlo import simulate
from noneq.currents.observables import tur_ratio_estimate
from noneq.currents.paper import plots
from noneq.currents.paper.common import (FINAL_T, MC_SIGMAS, ROOT_SEED, RUNS_PER_CONFIGURATION, SAMPLES, SYSTEM,
                                         extrapolate, observation_times, point_seeds, relative)
from noneq.currents.segment import segment_statistics
from noneq.currents.tur import tur_ratio_large_t, tur_statistics
from noneq.reproduce import Claim, Experiment, judge

STEPS = {"0.8|0.2": (0.8, 0.2), "1|0": (1.0, 0.0)}  # (rho_a, rho_b); 1|0: walkers' annealed R stays above 1
PROCESSES = ("independent", "sep")
AVERAGES = ("annealed", "quenched")
SHORT_TIME = 1e-4  # first time of the exact curves: R is within ~2e-4 of its t -> 0 limit there
BOUND_TOLERANCE = 1e-9  # pseudo ratio / relaxation bound >= 1 - this (a theorem; equality as t -> 0: rounding)
SHORT_TIME_TOLERANCE = 1e-3  # R(SHORT_TIME) vs the one-bond limit: corrections O(t ln t) ~ 1e-3 at t = 1e-4
EXTRAPOLATION_TOLERANCE = 0.02  # fit a + b/sqrt(t) + c/t of R(t) on [T/2, T] vs the closed-form limit
SEGMENT_SITES = {True: 10, False: 12}  # exact master equation on 2^N configurations (quick / full)
SEGMENT_TIMES = np.linspace(0.05, 4.0, 12)  # before and after the segment's ends are felt (t ~ (N/2)^2 / 2)
SEED_OFFSET = 70  # root seed of this experiment's Monte Carlo: ROOT_SEED + SEED_OFFSET


def exact_times(T: float) -> np.ndarray:
    """From SHORT_TIME to T, log-spaced, plus 8 evenly spaced times on [T/2, T] for the large-t fit."""
    return np.unique(np.concatenate([np.geomspace(SHORT_TIME, T, 24), np.linspace(T / 2, T, 8)]))


def tur_point(*, process: str, step: str, T: float, mc_times: list[float], samples: int, seed: int) -> xr.Dataset:
    """One gas and step: the exact ratios over time and the Monte Carlo ratio at ``mc_times``, annealed and
    quenched (seeds seed, seed + 1), and the large-t limits."""
    model = CurrentsModel(process, *STEPS[step])
    t, tm = exact_times(T), np.asarray(mc_times, float)
    union = np.union1d(t, tm)
    on_grid, at_mc = np.searchsorted(union, t), np.searchsorted(union, tm)
    names = ("tur_ratio", "tur_ratio_pseudo", "relaxation_bound")
    curves = {name: [] for name in (*names, "exact_at_mc", "mc_ratio", "mc_ratio_stderr", "large_t")}
    for k, average in enumerate(AVERAGES):
        exact = tur_statistics(model, union, average=average)
        for name in names:
            curves[name].append(exact[name].values[on_grid])
        configurations = 0 if average == "annealed" else samples // RUNS_PER_CONFIGURATION
        sim = simulate(model, tm, samples=samples, seed=seed + k, configurations=configurations)
        estimate = tur_ratio_estimate(sim.Q.isel(bond=0), exact.entropy_production.values[at_mc],
                                      configurations=configurations)
        curves["exact_at_mc"].append(exact.tur_ratio.values[at_mc])
        curves["mc_ratio"].append(estimate.tur_ratio.values)
        curves["mc_ratio_stderr"].append(estimate.tur_ratio_stderr.values)
        curves["large_t"].append(tur_ratio_large_t(process, *STEPS[step], average))
    data = {
        "tur_ratio": labelled(curves["tur_ratio"], ("average", "time"), "1", "Var(Q) Sigma / (2 <Q>^2), exact"),
        "tur_ratio_pseudo": labelled(curves["tur_ratio_pseudo"], ("average", "time"), "1",
                                     "Var(Q) Sigma_ps / (2 <Q>^2), exact"),
        "relaxation_bound": labelled(curves["relaxation_bound"], ("average", "time"), "1",
                                     "(t d<Q>/dt / <Q>)^2"),
        "exact_at_mc": labelled(curves["exact_at_mc"], ("average", "mc_time"), "1",
                                "exact ratio at the Monte Carlo times"),
        "mc_ratio": labelled(curves["mc_ratio"], ("average", "mc_time"), "1", "Monte Carlo ratio (exact Sigma)"),
        "mc_ratio_stderr": labelled(curves["mc_ratio_stderr"], ("average", "mc_time"), "1",
                                    "standard error (delta method)"),
        "large_t": labelled(curves["large_t"], "average", "1", "lim R(t), closed forms"),
    }
    return xr.Dataset(data, coords={"average": list(AVERAGES), "time": t, "mc_time": tm})


def segment_point(*, step: str, n_sites: int) -> xr.Dataset:
    """The exact master equation of SEP on ``n_sites`` sites (`noneq.currents.segment`)."""
    ds = segment_statistics(n_sites, *STEPS[step], SEGMENT_TIMES)
    ds.attrs = {}  # provenance is the experiment's (compute_tur)
    return ds


def compute_tur(context) -> dict[str, xr.Dataset]:
    T = FINAL_T[context.quick]
    tm = observation_times(context.quick)
    seed = ROOT_SEED + SEED_OFFSET
    ds = context.sweep("tur", tur_point, {"process": list(PROCESSES), "step": list(STEPS)},
                       fixed=dict(T=T, mc_times=tm.tolist(), samples=SAMPLES[context.quick]), root_seed=seed,
                       seed_parameter="seed")
    ds.attrs.update(provenance(SYSTEM, {"steps": STEPS, "T": T, "samples": SAMPLES[context.quick]}, seed=seed,
                               point_seeds=point_seeds(ds)))
    n_sites = SEGMENT_SITES[context.quick]
    segment = context.sweep("tur-segment", segment_point, {"step": list(STEPS)}, fixed=dict(n_sites=n_sites))
    segment["n_sites"] = labelled(n_sites, (), "sites", "sites of the SEP segment")
    segment.attrs.update(provenance(SYSTEM, {"process": "sep", "steps": STEPS, "n_sites": n_sites,
                                             "times": SEGMENT_TIMES}))
    return {"tur": ds, "tur_segment": segment}


def plot_tur(data) -> dict:
    ds, segment = data["tur"], data["tur_segment"]
    plt = plots.pyplot()
    fig, axes = plt.subplots(2, 2, figsize=(10.0, 8.0), squeeze=False)
    fig.suptitle("Uncertainty ratio R = Var(Q) Sigma / (2 <Q>^2) of the relaxing step")
    t, tm = ds.time.values, ds.mc_time.values
    for row, process in enumerate(PROCESSES):
        for col, average in enumerate(AVERAGES):
            ax = axes[row][col]
            curves, points = {}, {}
            for step in STEPS:
                sel = ds.sel(process=process, step=step, average=average)
                curves[f"R, {step}"] = sel.tur_ratio.values
                curves[f"R_ps, {step}"] = sel.tur_ratio_pseudo.values
                points[f"Monte Carlo, {step}"] = (tm, sel.mc_ratio.values, sel.mc_ratio_stderr.values)
                ax.axhline(float(sel.large_t), color="0.6", lw=0.8, ls="-.")
            curves["relaxation bound (t d<Q>/dt / <Q>)^2"] = ds.sel(process=process, step="0.8|0.2",
                                                                   average=average).relaxation_bound.values
            ax.axhline(1.0, color="k", lw=0.8)
            plots.draw(ax, t, curves, points=points, xlabel="t", ylabel="ratio", title=f"{process}, {average} "
                       "(dash-dot: t -> inf; black: the steady-state bound 1)", logx=True, logy=True)
            ax.set_ylim(0.2, 12.0)
    fig.tight_layout()
    fig2, (left, right) = plots.panels(2, f"SEP on {int(segment.n_sites)} sites: exact entropy production")
    st = segment.time.values
    sigmas, ratios = {}, {}
    for step in STEPS:
        sel = segment.sel(step=step)
        sigmas[f"Sigma_ps, {step}"] = sel.pseudo_entropy_production.values
        sigmas[f"Sigma exact, {step}"] = sel.entropy_production.values
        sigmas[f"Sigma local, {step}"] = sel.entropy_production_local.values
        scale = 2 * sel["mean"].values ** 2 * sel.relaxation_bound.values
        ratios[f"Var Sigma / bound, {step}"] = sel.variance.values * sel.entropy_production.values / scale
        ratios[f"Var_q Sigma_ps / bound, {step}"] = (sel.variance_quenched.values
                                                     * sel.pseudo_entropy_production.values / scale)
    plots.draw(left, st, sigmas, xlabel="t", ylabel="nats", title="Sigma_ps <= Sigma <= Sigma_local")
    right.axhline(1.0, color="k", lw=0.8)
    plots.draw(right, st, ratios, xlabel="t", ylabel="Var Sigma / (2 (t d<Q>/dt)^2)",
               title="relaxation TUR with the exact entropy production (>= 1)")
    return {"tur_ratio": fig, "tur_segment": fig2}


def _cases(ds):
    for process in PROCESSES:
        for step in STEPS:
            for average in AVERAGES:
                yield process, step, average, ds.sel(process=process, step=step, average=average)


def _short_time_limit(process: str, step: str) -> float:
    """R(t -> 0) = (A + B) ln(A/B) / (2 (A - B)): one bond crossed by Poisson jumps at rates A (right) and B."""
    rho_a, rho_b = STEPS[step]
    A, B = (rho_a * (1 - rho_b), rho_b * (1 - rho_a)) if process == "sep" else (rho_a, rho_b)
    return float((A + B) * np.log(A / B) / (2 * (A - B)))


def claims_tur(data) -> list[Claim]:
    ds, segment = data["tur"], data["tur_segment"]
    t = ds.time.values
    tail = t >= t[-1] / 2
    bound_margin = min(float(np.min(sel.tur_ratio_pseudo.values / sel.relaxation_bound.values))
                       for *_, sel in _cases(ds))
    ordered = all(bool(np.all(sel.tur_ratio.values >= sel.tur_ratio_pseudo.values)) for *_, sel in _cases(ds))
    limits = {(p, s, a): (extrapolate(t[tail], sel.tur_ratio.values[tail]), float(sel.large_t))
              for p, s, a, sel in _cases(ds)}
    worst_limit = max(relative(*pair) for pair in limits.values())
    z = max(float(np.max(np.abs(sel.mc_ratio.values - sel.exact_at_mc.values) / sel.mc_ratio_stderr.values))
            for *_, sel in _cases(ds))
    short = {(p, a): (float(ds.sel(process=p, step="0.8|0.2", average=a).tur_ratio[0]), _short_time_limit(p, "0.8|0.2"))
             for p in PROCESSES for a in AVERAGES}
    worst_short = max(relative(*pair) for pair in short.values())
    final = {(p, s, a): float(sel.tur_ratio[-1]) for p, s, a, sel in _cases(ds)}
    mc_final = {(p, s, a): (float(sel.mc_ratio[-1]), float(sel.mc_ratio_stderr[-1])) for p, s, a, sel in _cases(ds)}
    below = [key for key, (_, limit) in limits.items() if limit < 1]
    above = [key for key, (_, limit) in limits.items() if limit >= 1]
    violated = all(final[key] < 1 and mc_final[key][0] + MC_SIGMAS * mc_final[key][1] < 1 for key in below)
    never = all(bool(np.all(ds.sel(process=p, step=s, average=a).tur_ratio.values >= 1)) for p, s, a in above)
    seg_sigma = max(float(np.max(sel.pseudo_entropy_production.values / sel.entropy_production.values))
                    for sel in (segment.sel(step=s) for s in STEPS))
    seg_local = max(float(np.max(sel.entropy_production.values / sel.entropy_production_local.values))
                    for sel in (segment.sel(step=s) for s in STEPS))
    seg_bound = min(float(np.min(sel.variance.values * sel.entropy_production.values
                                 / (2 * (sel.time.values * sel.current_rate.values) ** 2)))
                    for sel in (segment.sel(step=s) for s in STEPS))
    seg_quenched = min(float(np.min(sel.variance_quenched.values * sel.pseudo_entropy_production.values
                                    / (2 * (sel.time.values * sel.current_rate.values) ** 2)))
                       for sel in (segment.sel(step=s) for s in STEPS))
    n_sites = int(segment.n_sites)

    def names(keys):
        return "; ".join(f"{p} {s} {a}" for p, s, a in keys) or "none"

    return [
        judge("tur-relaxation-bound", "the uncertainty relation of a relaxation from a non-stationary state "
              "(Liu, Gong, Ueda 2020), with the pseudo entropy production: Var(Q) Sigma_ps >= 2 (t d<Q>/dt)^2 at "
              "every time, SEP and walkers, annealed and quenched", paper=1.0, measured=bound_margin,
              criterion=f"min over cases and times of Var Sigma_ps / (2 (t d<Q>/dt)^2) >= 1 - {BOUND_TOLERANCE:g} "
                        "(equality as t -> 0); Sigma >= Sigma_ps everywhere",
              agrees=bound_margin >= 1 - BOUND_TOLERANCE, consistent=ordered),
        judge("tur-exact-entropy-segment", f"SEP with the exact entropy production S(p_t) - S(p_0) (a {n_sites}-site "
              "segment, all configurations): Sigma_ps <= Sigma <= Sigma_local, Var(Q) Sigma >= 2 (t d<Q>/dt)^2, "
              "and the quenched variance obeys the bound with Sigma_ps", paper=1.0,
              measured=[seg_bound, seg_quenched, seg_sigma, seg_local],
              criterion="min Var Sigma / (2 (t d<Q>/dt)^2) and min Var_q Sigma_ps / (...) >= 1; max Sigma_ps / "
                        "Sigma and max Sigma / Sigma_local <= 1",
              agrees=min(seg_bound, seg_quenched) >= 1 - BOUND_TOLERANCE and max(seg_sigma, seg_local) <= 1),
        judge("tur-large-t", "R(t) -> pi v Sigma_inf / (2 (rho_a - rho_b)^2) (Derrida-Gerschenfeld's step variance "
              "and its quenched and walkers' counterparts v, <Q> ~ (rho_a - rho_b) sqrt(t / pi), Sigma ~ "
              "Sigma_inf sqrt(t))", paper=[round(v[1], 4) for v in limits.values()],
              measured=[round(v[0], 4) for v in limits.values()],
              criterion=f"fit a + b/sqrt(t) + c/t on [T/2, T] within {EXTRAPOLATION_TOLERANCE:.0%} for all 8 cases "
                        f"(max {worst_limit:.2%})", agrees=worst_limit < EXTRAPOLATION_TOLERANCE),
        judge("tur-short-time", "R(t) -> (A + B) ln(A/B) / (2 (A - B)) >= 1 as t -> 0 (one bond crossed at rates "
              "A, B: the steady-state TUR of a biased Poisson current), step 0.8|0.2",
              paper=[round(v[1], 4) for v in short.values()], measured=[round(v[0], 4) for v in short.values()],
              criterion=f"R({SHORT_TIME:g}) within {SHORT_TIME_TOLERANCE:g} relative (max {worst_short:.1e})",
              agrees=worst_short < SHORT_TIME_TOLERANCE),
        judge("tur-monte-carlo", "the exact ratio agrees with Monte Carlo (same Sigma) at T/4, T/2, 3T/4, T",
              paper=MC_SIGMAS, measured=z, criterion=f"max |z| < {MC_SIGMAS:g} over 8 cases x 4 times",
              agrees=z < MC_SIGMAS),
        judge("tur-steady-state-violated", "the steady-state TUR (R >= 1) fails during the relaxation exactly where "
              f"the closed-form limit is below 1 ({names(below)}); it holds at all times where the limit is >= 1 "
              f"({names(above)})", paper=[round(limits[k][1], 4) for k in final],
              measured=[round(v, 4) for v in final.values()],
              criterion=f"R(T) < 1 exactly and the Monte Carlo R(T) + {MC_SIGMAS:g} stderr < 1 where the limit is "
                        "below 1; R(t) >= 1 at every t elsewhere", agrees=violated and never),
    ]


TUR = Experiment("tur", "Beyond the paper: the thermodynamic uncertainty ratio of the relaxing step",
                 compute_tur, plot_tur, claims_tur)
