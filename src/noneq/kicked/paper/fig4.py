"""Zhao and Jie, Fig. 4: R = D_q / D_c against hbar_eff for several mass ratios, and the "phase diagram".

(a) R(hbar_eff) = D_q / D_c (D = <p1^2>(t_f) / t_f) for each mass ratio m with the exponential fit
R ~ A exp(-alpha hbar_eff) (`noneq.kicked.paper.fits.exponential_fit`, alpha with its OLS standard error) over the
points above the saturation level (R > FIT_MIN_R). (b) The thresholds hbar_eff at R = 0.9 (classical diffusion)
and R = 0.1 (dynamical localization) against m, from the fit: hbar_eff(R) = ln(A / R) / alpha (error propagated
from alpha alone), next to the interpolated crossings of the measured points where they are bracketed.

K1 = 1.8, K2 = 0, coupling 2, lambda = 10, L = pi. Runs: `noneq.kicked.paper.runs` (the m = 0.001 ones are
Fig. 2's). Sizes `runs.TRANSITION_SIZES` - full: t_f = 100 kicks (paper 500), m = 0.001 at hbar_eff = 0.01,
0.02, 0.03, 0.05, 0.08 (0.08 at 500 kicks) and m = 0.01 at 0.03, 0.05, 0.08 (its 0.02 point would double this
figure's cost); paper: 500 kicks at 0.01..0.05 and 0.08 for both masses. The
paper's third mass m = 1 is left out: particle 2 then needs about as many sine modes as particle 1 (N2 ~ 180 at
hbar_eff = 0.05 by the a priori bound, N1 x N2^2 ~ 4e7 operations per sub-step; docs/notes/kicked.md).
"""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from noneq.core.results import labelled, provenance
from noneq.kicked.paper import budget, plots
from noneq.kicked.paper import runs as paper_runs
from noneq.kicked.paper.fits import crossing, exponential_fit
from noneq.reproduce import Claim, Experiment, judge
from noneq.reproduce.context import RunContext

SYSTEM = paper_runs.SYSTEM
LEVELS = (0.9, 0.1)  # paper: R = 0.9 marks classical diffusion, R = 0.1 dynamical localization
FIT_MIN_R = 0.15  # points at the saturation level R ~ 0.1 are left out of the exponential fit
SATURATION_BAND = (0.05, 0.25)  # "saturation level around R = 0.1": within a factor 2.5 either way
STANDARD_ERRORS = 2.0  # alpha(m) differences must exceed this many combined standard errors
LONG_NAMES = {
    "alpha": "decay rate alpha of R ~ A exp(-alpha hbar_eff)", "alpha_stderr": "OLS standard error of alpha",
    "prefactor": "prefactor A of the exponential fit", "fit_rms": "rms residual of log R about the fit",
    "hbar_classical": "hbar_eff at R = 0.9 from the fit", "hbar_classical_stderr": "its error (from alpha)",
    "hbar_classical_crossing": "hbar_eff at R = 0.9, interpolated between measured points (NaN: not bracketed)",
    "hbar_localized": "hbar_eff at R = 0.1 from the fit", "hbar_localized_stderr": "its error (from alpha)",
    "hbar_localized_crossing": "hbar_eff at R = 0.1, interpolated between measured points (NaN: not bracketed)",
}


def fit_row(hbars: np.ndarray, R: np.ndarray) -> dict[str, float]:
    """The exponential fit of R(hbar_eff) above FIT_MIN_R and the thresholds at LEVELS (module docstring)."""
    keep = np.isfinite(R) & (R > FIT_MIN_R)
    out = dict(alpha=math.nan, alpha_stderr=math.nan, prefactor=math.nan, fit_rms=math.nan)
    if keep.sum() >= 3:
        fit = exponential_fit(hbars[keep], R[keep])
        out.update(alpha=fit.rate, alpha_stderr=fit.rate_stderr, prefactor=fit.prefactor, fit_rms=fit.rms)
    for level, name in zip(LEVELS, ("classical", "localized")):
        alpha, A = out["alpha"], out["prefactor"]
        out[f"hbar_{name}"] = math.log(A / level) / alpha if alpha > 0 else math.nan
        out[f"hbar_{name}_stderr"] = abs(out[f"hbar_{name}"]) * out["alpha_stderr"] / alpha if alpha > 0 else math.nan
        out[f"hbar_{name}_crossing"] = crossing(hbars[np.isfinite(R)], R[np.isfinite(R)], level)
    return out


def plan_fig4(profile: str) -> list[dict]:
    """The runs of `compute_fig4` at ``profile`` (`noneq.kicked.paper.budget`): the pair at the masses other than
    Fig. 2's m = 0.001 (whose runs, and the classical ensembles, Fig. 2 computes)."""
    masses = [m for m in sorted(paper_runs.TRANSITION_SIZES[profile]["grid"]) if m != paper_runs.LIGHT]
    return budget.transition_plan(profile, masses, classical=False)


def compute_fig4(context: RunContext) -> dict[str, xr.Dataset]:
    """R over (m, hbar_eff) with the fits and thresholds per m."""
    size = paper_runs.TRANSITION_SIZES[context.profile]
    classical = paper_runs.classical_runs(context).sel(coupling=paper_runs.COUPLING)
    rows = []
    for m in sorted(size["grid"]):
        runs = paper_runs.coupled_runs(context, m)
        D_c, D_c_stderr = paper_runs.classical_at(classical.sel(m=m), runs.t_f)
        rows.append(xr.Dataset({
            "R": labelled(runs.D_q.values / D_c.values, "hbar_eff", "1", "R = D_q / D_c (both at the run's t_f)"),
            "D_q": runs.D_q, "substeps": runs.substeps, "p1_sq": runs.p1_sq, "t_f": runs.t_f,
            "D_c": D_c, "D_c_stderr": D_c_stderr,
        }, coords={"hbar_eff": runs.hbar_eff.values, "kick": runs.kick.values}).expand_dims(m=[m]))
    ds = xr.concat(rows, dim="m", join="outer")
    fits = [fit_row(ds.hbar_eff.values, ds.R.sel(m=m).values) for m in ds.m.values]
    for name, long_name in LONG_NAMES.items():
        ds[name] = labelled([row[name] for row in fits], "m", "1", long_name)
    ds.attrs.update(provenance(SYSTEM, dict(K1=paper_runs.K1, K2=0.0, coupling=paper_runs.COUPLING,
                                            interaction_lambda=paper_runs.INTERACTION_LAMBDA, L=float(np.pi),
                                            kicks=size["kicks"], samples=size["classical_samples"],
                                            quick=context.quick, profile=context.profile,
                                            fit_min_R=FIT_MIN_R),
                               seed=paper_runs.TRANSITION_SEED))
    return {"ratio": ds}


def plot_fig4(data) -> dict:
    """(a) R against hbar_eff with the fits; (b) the thresholds against m."""
    ds = data["ratio"]
    figure, (left, right) = plots.panels(2)
    hbars = np.linspace(0.0, float(ds.hbar_eff.max()), 100)
    for m, marker in zip(ds.m.values, "^os"):
        row = ds.sel(m=m)
        left.semilogy(ds.hbar_eff.values, row.R.values, marker, label=f"m = {m:g}")
        if np.isfinite(float(row.alpha)):
            left.semilogy(hbars, float(row.prefactor) * np.exp(-float(row.alpha) * hbars), "r--", linewidth=0.8)
    for level in LEVELS:
        left.axhline(level, color="gray", linewidth=0.5)
    left.set(xlabel="hbar_eff", ylabel="R = D_q / D_c", title="Fig. 4(a)")
    left.legend()
    for name, marker, label in (("classical", "o", "R = 0.9"), ("localized", "^", "R = 0.1")):
        right.errorbar(ds.m.values, ds[f"hbar_{name}"].values, yerr=ds[f"hbar_{name}_stderr"].values,
                       marker=marker, label=label)
    right.set(xscale="log", xlabel="m", ylabel="threshold hbar_eff", title="Fig. 4(b): phase diagram")
    right.legend()
    return {"fig4_ratio_phase": figure}


def claims_fig4(data) -> list[Claim]:
    """Exponential decay of R, its saturation near 0.1, alpha growing as m falls, ordered thresholds."""
    ds = data["ratio"]
    light_t_f = ds.t_f.sel(m=ds.m.values.min()).values
    note = paper_runs.size_note(paper_runs.parameters_of(ds), ds.hbar_eff.values, float(ds.D_c.min()), light_t_f)
    reduced = bool(note)  # the size note says what was reduced (paper -> ours); "" at the paper's sizes
    masses = ds.m.values
    alpha, alpha_err = ds.alpha.values, ds.alpha_stderr.values
    consistent = bool(np.all(np.isfinite(ds.D_c.values) | np.isnan(ds.D_q.values)))  # NaN: no run at (m, hbar)
    decays = bool(np.all(alpha > STANDARD_ERRORS * alpha_err))
    claims = [judge(
        "fig4-exponential-decay", "R decays exponentially with hbar_eff", paper="R ~ exp(-alpha hbar_eff)",
        measured=", ".join(f"m = {m:g}: alpha = {a:.3g} +- {e:.2g}, rms {r:.2g}"
                           for m, a, e, r in zip(masses, alpha, alpha_err, ds.fit_rms.values)),
        criterion=f"alpha > {STANDARD_ERRORS:g} standard errors for every m", agrees=decays, consistent=consistent,
        explanation="" if decays else note, reduced=reduced)]
    light = ds.sel(m=masses.min())
    R_min = float(np.nanmin(light.R.values))
    saturates = SATURATION_BAND[0] < R_min < SATURATION_BAND[1]
    largest = float(light.hbar_eff.values[np.nanargmin(light.R.values)])
    claims.append(judge(
        "fig4-saturation", f"m = {masses.min():g}: R saturates around 0.1 in the localized regime", paper=0.1,
        measured=round(R_min, 3), criterion=f"smallest R in {SATURATION_BAND}", agrees=saturates,
        consistent=consistent, reduced=reduced, explanation="" if saturates else paper_runs.localized_note(
            R_min, light.p1_sq.sel(hbar_eff=largest).values, int(light.t_f.sel(hbar_eff=largest)), note)))
    order = np.argsort(masses)
    gaps = [(alpha[i] - alpha[j], STANDARD_ERRORS * math.hypot(alpha_err[i], alpha_err[j]))
            for i, j in zip(order[:-1], order[1:])]
    ordered = all(gap > noise for gap, noise in gaps)
    claims.append(judge(
        "fig4-alpha-grows-as-m-falls", "the decay rate alpha increases as m decreases",
        paper="alpha(m) decreasing in m", measured=[round(float(a), 3) for a in alpha[order]],
        criterion=f"alpha(m_k) - alpha(m_k+1) > {STANDARD_ERRORS:g} combined standard errors (m increasing)",
        agrees=ordered, consistent=consistent, explanation="" if ordered else note, reduced=reduced))
    low, high = ds.hbar_classical.values, ds.hbar_localized.values
    thresholds = bool(np.all(np.isfinite(low) & np.isfinite(high)) and np.all(low < high))
    claims.append(judge(
        "fig4-thresholds-ordered", "the classical zone (R > 0.9) lies below the localized zone (R < 0.1) in "
        "hbar_eff, for every m", paper="hbar_eff(R = 0.9) < hbar_eff(R = 0.1)",
        measured=", ".join(f"m = {m:g}: {a:.3g} < {b:.3g}" for m, a, b in zip(masses, low, high)),
        criterion="fit thresholds finite and ordered for every m", agrees=thresholds, consistent=consistent,
        explanation="" if thresholds else note, reduced=reduced))
    return claims


FIG4 = Experiment("fig4", "R = D_q / D_c against hbar_eff and the phase diagram over (hbar_eff, m)", compute_fig4,
                  plot_fig4, claims_fig4, budget.estimator(plan_fig4))
