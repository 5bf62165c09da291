"""Zhao and Jie, Fig. 3(b, c): the random-kick model across hbar_eff, and its states next to the interacting pair.

Random-kick model: one particle in the well, kick K -> K + dK_n, dK_n uniform in [-W, W] drawn per kick and per
realization, <p^2> averaged over realizations (`noneq.kicked.paper.runs.random_kick_point`).

(b) <p^2>(t) at fixed W for several hbar_eff (paper: 0.01, 0.02, 0.03, 0.05), with the classical unperturbed
<p^2>_c(t). The paper's W for (b) and (c) was lost in extraction; W = 0.01 is assumed, the largest noise of
Fig. 3(a) as `noneq.kicked.paper.fig3a` reconstructs it (also an assumption there).
(c) the final |p| densities of the random-kick model and of the interacting pair (m = 0.001, coupling 2; the runs
of Fig. 2, shared), compared at every hbar_eff by the total-variation distance TV = 0.5 sum |P - Q| on the common
momentum bins coarsened to DISTANCE_BIN (`noneq.kicked.paper.fits.total_variation`; plotted: the smallest and
largest hbar_eff). Two reference scales: the TV distance between the pair's own densities at the two end hbar_eff
(two different regimes), and the TV distance between the noiseless particle (coupling 0, shared runs) and the
pair - the noise should bring the single particle closer to the pair, not farther.

Sizes: the transition grid of `noneq.kicked.paper.runs.TRANSITION_SIZES` (its hbar_eff list for m = 0.001; full:
t_f = 100 kicks, 500 at 0.08, hbar_eff = 0.01, 0.02, 0.03, 0.05, 0.08; paper: 500 kicks at 0.01, 0.02, 0.03, 0.05,
0.08) with SAMPLES = 50 realizations (the paper's number; the standard error over realizations is reported);
quick: 10 kicks, hbar_eff = 0.25, 0.35, 0.5, 4 realizations. One more random-kick run at W_CHECK = 2 W and the
smallest hbar_eff measures how much the claims depend on the assumed W; the claims' explanations are computed
from the run's numbers (R's standard error, the doubled W, the break time against t_f, the pair's diffusion).
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from noneq.core.results import labelled, provenance
from noneq.kicked.paper import budget, plots
from noneq.kicked.paper import runs as paper_runs
from noneq.kicked.paper.fits import total_variation
from noneq.kicked.system import AUTO_MODE_MARGIN
from noneq.reproduce import Claim, Experiment, judge
from noneq.reproduce.context import RunContext

SYSTEM = paper_runs.SYSTEM
NOISE_W = 0.01  # assumption: the paper's value was lost (module docstring)
SEED = 34
SAMPLES = {"quick": 4, "full": 50, "paper": 50}  # realizations of the kick noise (paper: 50)
CLASSICAL_BAND = 0.2  # "classically chaotic diffusion": D_q / D_c within 20% of 1
DISTANCE_BIN = 1.0  # momentum resolution of the distances: >= 12 sine modes per bin at hbar_eff <= 0.08, coarser
#                     than the mode-to-mode speckle of a localized state (which differs between any two systems)
MATCH_FRACTION = 0.5  # "good agreement": TV(random kicks, pair) below half the TV between the two regimes
W_CHECK = 2.0 * NOISE_W  # the assumed W doubled, at the smallest hbar_eff: how much the claims depend on it
STANDARD_ERRORS = 3.0  # a miss within this many standard errors of R is the Monte Carlo error of the ensembles
W_EFFECT = 0.1  # a relative change below 10% (TV at the doubled W; D_c with and without partner) "barely matters"


def coarse(density: np.ndarray, factor: int) -> np.ndarray:
    """Sum of the density over groups of ``factor`` adjacent bins (empty bins count 0; a partial last group is
    dropped): probabilities up to the common bin width, at a resolution coarser than the mode-to-mode speckle."""
    values = np.nan_to_num(np.asarray(density, dtype=float))
    return values[: values.size // factor * factor].reshape(-1, factor).sum(axis=1)


def distances(ds: xr.Dataset) -> xr.Dataset:
    """Total-variation distances (module docstring) on bins of DISTANCE_BIN, from the stored densities."""
    factor = max(1, int(round(DISTANCE_BIN / float(ds.momentum[1] - ds.momentum[0]))))
    hbars = ds.hbar_eff.values

    def tv(a, b):
        return total_variation(coarse(a, factor), coarse(b, factor))

    pair = ds.density_pair
    small = hbars.min()
    return xr.Dataset({
        "distance_W_check": labelled(tv(ds.density_W_check.values, pair.sel(hbar_eff=small).values), (), "1",
                                     f"total-variation distance, random kicks at W = {W_CHECK:g} vs pair, at the "
                                     "smallest hbar_eff"),
        "distance": labelled([tv(ds.density.sel(hbar_eff=h).values, pair.sel(hbar_eff=h).values) for h in hbars],
                             "hbar_eff", "1", "total-variation distance, random kicks vs pair (m = 0.001)"),
        "distance_uncoupled": labelled([tv(ds.density_uncoupled.sel(hbar_eff=h).values, pair.sel(hbar_eff=h).values)
                                        for h in hbars], "hbar_eff", "1",
                                       "total-variation distance, no noise (coupling 0) vs pair"),
        "regime_distance": labelled(tv(pair.sel(hbar_eff=hbars.min()).values, pair.sel(hbar_eff=hbars.max()).values),
                                    (), "1", "total-variation distance of the pair's densities at the end hbar_eff"),
    }, coords={"hbar_eff": hbars})


def random_kick_hbars(profile: str) -> list[float]:
    """The hbar_eff values of (b) at ``profile``: the transition grid at m = 0.001 without 0.04 (the paper's list)."""
    return [h for h in paper_runs.TRANSITION_SIZES[profile]["grid"][paper_runs.LIGHT] if not np.isclose(h, 0.04)]


def plan_fig3bc(profile: str) -> list[dict]:
    """The runs of `compute_fig3bc` at ``profile`` (`noneq.kicked.paper.budget`; the pair's runs are Fig. 2's)."""
    size = paper_runs.TRANSITION_SIZES[profile]
    hbars = random_kick_hbars(profile)
    kicks = [paper_runs.point_kicks(size, paper_runs.LIGHT, h) for h in hbars]
    return ([budget.single(hbar_eff=h, kicks=t, mode_margin=AUTO_MODE_MARGIN, noise_W=NOISE_W,
                           samples=SAMPLES[profile]) for h, t in zip(hbars, kicks)]
            + [budget.single(hbar_eff=hbars[0], kicks=kicks[0], mode_margin=AUTO_MODE_MARGIN, noise_W=W_CHECK,
                             samples=SAMPLES[profile])])


def compute_fig3bc(context: RunContext) -> dict[str, xr.Dataset]:
    """The random-kick model over hbar_eff with the pair's and the uncoupled particle's densities and distances."""
    size = paper_runs.TRANSITION_SIZES[context.profile]
    hbars = random_kick_hbars(context.profile)
    common = dict(samples=SAMPLES[context.profile], K=paper_runs.K1, momentum_max=size["momentum_max"],
                  profile_bin=paper_runs.PROFILE_BIN)
    noise = paper_runs.sweep_by_kicks(context, "random_kicks", paper_runs.random_kick_point, paper_runs.LIGHT, hbars,
                                      fixed=dict(noise_W=NOISE_W, **common), root_seed=SEED, seed_parameter="seed")
    small = min(hbars)
    check = context.sweep("random_kicks_W", paper_runs.random_kick_point, {"noise_W": [W_CHECK]},
                          fixed=dict(hbar_eff=small, kicks=int(noise.t_f.sel(hbar_eff=small)), **common),
                          root_seed=SEED, seed_parameter="seed").sel(noise_W=W_CHECK)
    classical = paper_runs.classical_runs(context).sel(m=paper_runs.LIGHT)
    free = classical.sel(coupling=0.0)
    noise["D_c"], noise["D_c_stderr"] = paper_runs.classical_at(free, noise.t_f)
    noise["p_sq_classical"] = free.p1_sq
    noise["R"] = labelled(noise.D_q.values / noise.D_c.values, "hbar_eff", "1",
                          "D_q / D_c (classical, coupling 0, at the run's t_f)")
    noise["D_q_W_check"] = labelled(float(check.D_q), (), "1", f"D_q at W = {W_CHECK:g} and the smallest hbar_eff")
    noise["D_q_W_check_stderr"] = labelled(float(check.D_q_stderr), (), "1", "its standard error")
    noise["density_W_check"] = labelled(check.density.values, "momentum", "1",
                                        f"final |p| density at W = {W_CHECK:g} and the smallest hbar_eff")
    pair = paper_runs.coupled_runs(context, paper_runs.LIGHT).sel(hbar_eff=hbars)
    noise["density_pair"] = pair.density1
    noise["D_q_pair"] = pair.D_q
    D_c_pair = paper_runs.classical_at(classical.sel(coupling=paper_runs.COUPLING), noise.t_f)[0]
    noise["D_c_pair"] = labelled(D_c_pair.values, "hbar_eff", "1",
                                 "the pair's classical D_c (m = 0.001, coupling 2) at the run's t_f")
    alone = paper_runs.uncoupled_runs(context).sel(hbar_eff=hbars)
    noise["density_uncoupled"] = alone.density1
    noise["D_q_uncoupled"] = alone.D_q
    noise = noise.merge(distances(noise))
    pair_parameters = dict(m=paper_runs.LIGHT, coupling=paper_runs.COUPLING,
                           interaction_lambda=paper_runs.INTERACTION_LAMBDA)
    noise.attrs.update(provenance(SYSTEM, dict(K=paper_runs.K1, noise_W=NOISE_W, L=float(np.pi), kicks=size["kicks"],
                                               samples=SAMPLES[context.profile], quick=context.quick,
                                               profile=context.profile, classical_samples=size["classical_samples"],
                                               pair=pair_parameters), seed=SEED))
    return {"random_kicks": noise}


def plot_fig3bc(data) -> dict:
    """(b) <p^2>(t) over hbar_eff with the classical curve; (c) final densities, random kicks vs the pair."""
    ds = data["random_kicks"]
    figure, (left, right) = plots.panels(2)
    for hbar in ds.hbar_eff.values:
        left.plot(ds.kick.values, ds.p_sq.sel(hbar_eff=hbar).values, label=f"hbar_eff = {hbar:g}")
    left.plot(ds.kick.values, ds.p_sq_classical.values, "r--", label="classical")
    left.set(xlabel="t (kicks)", ylabel="<p^2>", title=f"Fig. 3(b): random kicks, W = {NOISE_W:g}")
    left.legend(fontsize=7)
    for hbar, color in ((ds.hbar_eff.values.min(), "blue"), (ds.hbar_eff.values.max(), "green")):
        for name, style, label in (("density", dict(color=color), "random kicks"),
                                   ("density_pair", dict(color="black", linewidth=0.7), "pair m = 0.001")):
            plots.density_curve(right, ds.momentum.values, ds[name].sel(hbar_eff=hbar).values,
                                label=f"{label}, hbar_eff = {hbar:g}", **style)
    right.set(xlabel="|p|", ylabel="density of |p|", ylim=(1e-6, None), title="Fig. 3(c): final distributions")
    right.legend(fontsize=7)
    return {"fig3bc_random_kicks": figure}


def claims_fig3bc(data) -> list[Claim]:
    """D_q falls with hbar_eff; classical at the smallest; the random-kick densities match the pair's."""
    ds = data["random_kicks"]
    small = float(ds.hbar_eff.min())
    note = paper_runs.size_note(paper_runs.parameters_of(ds), ds.hbar_eff.values,
                                float(ds.D_c.sel(hbar_eff=small)), ds.t_f.values)
    D = ds.D_q.values
    consistent = bool(np.all(np.isfinite(D)) and np.all(np.isfinite(ds.distance.values)))
    falling = bool(np.all(np.diff(D) < 0))
    R_small = float(ds.R.sel(hbar_eff=small))
    classical = abs(R_small - 1.0) < CLASSICAL_BAND
    tv_pair = ds.distance.values
    reference = float(ds.regime_distance)
    alone = ds.distance_uncoupled.values
    close, closer = tv_pair < MATCH_FRACTION * reference, tv_pair <= alone
    matches = bool(np.all(close) and np.all(closer))
    classical_note, reduced = classical_explanation(ds, note)
    return [
        judge("fig3b-transition-with-hbar", f"W = {NOISE_W:g}: the quantum diffusion falls as hbar_eff grows",
              paper="D_q decreasing in hbar_eff", measured=[round(float(d), 4) for d in D],
              criterion="strictly decreasing over hbar_eff = " + ", ".join(f"{h:g}" for h in ds.hbar_eff.values),
              agrees=falling, consistent=consistent, explanation="" if falling else note, reduced=bool(note)),
        judge("fig3b-classical-small-hbar", f"W = {NOISE_W:g}, hbar_eff = {small:g}: classically chaotic diffusion",
              paper=1.0, measured=f"{R_small:.3g} (D_q {float(ds.D_q.sel(hbar_eff=small)):.3g}, pair's D_q "
                                  f"{float(ds.D_q_pair.sel(hbar_eff=small)):.3g}, D_c(eps = 0) "
                                  f"{float(ds.D_c.sel(hbar_eff=small)):.3g})",
              criterion=f"D_q / D_c(eps = 0) within {CLASSICAL_BAND:.0%} of 1",
              agrees=classical, consistent=consistent, explanation="" if classical else classical_note,
              reduced=reduced),
        judge("fig3c-random-kicks-match-pair", "the random-kick model reproduces the pair's momentum distribution "
              "(m = 0.001) in both regimes", paper="good agreement",
              measured=", ".join(f"TV = {d:.3g} (no noise {u:.3g}) at {h:g}" for h, d, u in
                                 zip(ds.hbar_eff.values, tv_pair, alone))
              + f"; the pair's two end states are {reference:.3g} apart",
              criterion=f"TV(random kicks, pair) < {MATCH_FRACTION:g} x TV(pair at the two end hbar_eff) and no "
                        "larger than TV(no noise, pair), at every hbar_eff",
              agrees=matches, consistent=consistent,
              explanation="" if matches else match_explanation(ds, close, closer, note)),
    ]


def classical_explanation(ds: xr.Dataset, note: str) -> tuple[str, bool]:
    """Why R at the smallest hbar_eff misses the classical band, from the run's numbers: R's standard error (the
    classical reference's and the realizations'), R at the doubled W, the break time against t_f, R without noise.
    Returns the text and whether the miss is within STANDARD_ERRORS of R (then the reduced ensembles explain it)."""
    small = float(ds.hbar_eff.min())
    row = ds.sel(hbar_eff=small)
    R, D_q, D_c = float(row.R), float(row.D_q), float(row.D_c)
    error = R * float(np.hypot(float(row.D_c_stderr) / D_c, float(row.D_q_stderr) / D_q))
    miss = abs(R - 1.0) - CLASSICAL_BAND
    t_f, t_star = int(row.t_f), D_c / (2.0 * small * small)
    samples = paper_runs.parameters_of(ds)["classical_samples"]
    R_W = float(ds.D_q_W_check) / D_c
    text = (f"R = {R:.3g} +- {error:.2g} (standard error, mostly from the classical reference D_c(eps = 0) = "
            f"{D_c:.3g} +- {float(row.D_c_stderr):.2g} of {samples} trajectories; paper 10^4): the miss beyond the "
            f"band, {miss:.2g}, is {miss / error:.1f} standard errors. "
            + ("Not" if abs(R_W - R) < miss else "Partly") + f" the assumed W: W = {W_CHECK:g} gives R = {R_W:.3g}. "
            + (f"Not localization cut short: the break time D_c / (2 hbar_eff^2) = {t_star:.0f} kicks is beyond "
               f"t_f = {t_f}" if t_star > t_f else
               f"The break time D_c / (2 hbar_eff^2) = {t_star:.0f} kicks is within t_f = {t_f}")
            + f". Without noise R = {float(row.D_q_uncoupled) / D_c:.3g}; the pair's D_q / D_c(eps = 0) = "
            f"{float(row.D_q_pair) / D_c:.3g}")
    within = miss < STANDARD_ERRORS * error
    if paper_runs.parameters_of(ds).get("quick"):
        return f"{note}; {text}", True
    return text, within


def match_explanation(ds: xr.Dataset, close: np.ndarray, closer: np.ndarray, note: str) -> str:
    """Where and why the random-kick densities miss the pair's, from the run's numbers: which test fails at which
    hbar_eff, the distance at the doubled W, and the diffusion of the pair next to the random-kick particle's
    (the reconstructed coupling lowers the pair's classical D_c below the unperturbed one: Fig. 1)."""
    hbars = ds.hbar_eff.values
    small = float(hbars.min())
    row = ds.sel(hbar_eff=small)
    failing = "; ".join(
        f"hbar_eff = {h:g}: " + " and ".join(
            ([f"TV {d:.3g} >= {MATCH_FRACTION:g} x {float(ds.regime_distance):.3g}"] if not c else [])
            + ([f"the noiseless particle is closer ({u:.3g})"] if not n else []))
        for h, d, u, c, n in zip(hbars, ds.distance.values, ds.distance_uncoupled.values, close, closer)
        if not (c and n))
    tv, tv_W = float(row.distance), float(ds.distance_W_check)
    slower = float(row.D_c_pair) < (1.0 - W_EFFECT) * float(row.D_c)
    text = (f"fails at {failing}. W = {W_CHECK:g} moves TV at hbar_eff = {small:g} from {tv:.3g} to {tv_W:.3g} ("
            + ("the assumed W barely matters" if abs(tv_W - tv) < W_EFFECT * tv else "the assumed W matters")
            + f"). At hbar_eff = {small:g} the pair's particle 1 diffuses at D_q = {float(row.D_q_pair):.3g} (its "
            f"classical D_c with the partner {float(row.D_c_pair):.3g}), the random-kick particle at "
            f"{float(row.D_q):.3g} (classical without partner {float(row.D_c):.3g})"
            + (": the reconstructed coupling lowers particle 1's classical diffusion (Fig. 1), which no noise on the "
               "unperturbed particle reproduces" if slower else ""))
    return f"{note}; {text}" if paper_runs.parameters_of(ds).get("quick") else text


FIG3BC = Experiment("fig3bc", "Random-kick model across hbar_eff, and its states next to the interacting pair",
                    compute_fig3bc, plot_fig3bc, claims_fig3bc, budget.estimator(plan_fig3bc))
