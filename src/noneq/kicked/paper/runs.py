"""The runs behind Zhao and Jie's figures, as sweep point functions, and a memo that shares them between figures.

Point functions (module level, picklable; each returns an `xarray.Dataset`):

- `dc_point`: one classical ensemble (p1 = p2 = 0, x uniform): <p1^2>(t), D_c = <p1^2>(t_f) / t_f and the late
  slope d<p1^2>/dt over the second half of the run, each with its Monte Carlo standard error (Figs. 1, 2, 4).
- `coupled_point`: the quantum pair from the product of ground states (`noneq.kicked.two_particle.evolve_two`,
  strict guards): <p1^2>(t), the purity Tr rho_1^2(t), the final |p1| density of particle 1 on the common bins
  [0, ``momentum_max``] of width ``profile_bin`` (the same for every hbar_eff, so that sweeps assemble), D_q and
  the guards' values. ``mode_margin`` = 0 grows the basis with the state. With a ``checkpoint_dir`` (a
  reproduction's `noneq.reproduce.context.RunContext.checkpoint_dir`, passed by `pair_point`) a long point keeps
  checkpoints there and resumes within the point.
- `uncoupled_point`: particle 1 alone (coupling 0: the pair factorizes exactly), by `evolve_single`.
- `random_kick_point`: the random-kick model K -> K + dK_n averaged over ``samples`` realizations: <p^2>(t), D_q
  with its standard error, the realization-averaged final |p| density.
- `classical_profile`: the classical |p1| density without partner on the same bins.

`shared_sweep` / `shared` compute a sweep once per process and hand later callers a copy: Fig. 2's m = 0.001
runs are also Fig. 3(c)'s and Fig. 4's. `size_note` and `localized_note` say why a claim may not reproduce at the
reduced sizes (the claims' explanations).
"""

from __future__ import annotations

import functools
import json
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import xarray as xr

from noneq.core.checkpoint import Checkpoint
from noneq.core.results import labelled, to_json
from noneq.kicked import classical
from noneq.kicked.model import KickedParticles, fast_modes
from noneq.kicked.observables import binned_density
from noneq.kicked.sectors import odd_fast_modes
from noneq.kicked.single import evolve_single
from noneq.kicked.system import AUTO_MODE_MARGIN
from noneq.kicked.growth import MIN_MODES2
from noneq.kicked.two_particle import evolve_two
from noneq.reproduce.context import RunContext
from noneq.sweep import point_seed

SYSTEM = "kicked"
K1 = 1.8  # particle 1's kick strength in Figs. 1-4
COUPLING = 2.0  # the paper's epsilon in Figs. 2-4
INTERACTION_LAMBDA = 10.0  # interaction width parameter of every figure (default interaction exp(-lambda d^2))
LIGHT = 0.001  # Fig. 2's and Fig. 3(c)'s mass ratio
TRANSITION_SEED = 2021
# Sizes of the quantum-classical transition runs (Figs. 2, 3(c), 4; why these: the figures' module docstrings),
# per profile of `noneq.reproduce.context` (quick, full, paper): ``grid``: hbar_eff values per mass ratio m;
# ``substeps`` 0: automatic (guarded); ``classical_samples``: classical ensemble per m; ``mode_margin`` 0: a basis
# that grows with the state; ``long`` (per m): hbar_eff values whose runs (pair, uncoupled, random kicks) go to
# the paper's t_f = PAPER_KICKS whatever ``kicks`` (the cheap localized end, full profile: docs/notes/kicked.md);
# the classical ensembles then run to PAPER_KICKS too and give D_c at each run's t_f. ``modes2_margin`` (per m):
# particle 2's basis fixed at that multiple of its a priori need (paper, m = 0.01: at hbar_eff = 0.01 the growth
# limit, 13499 x 179, is estimated at ~25 GiB and refused; 2x the need, 89 modes, ~6.3 GiB, where a grown basis
# reaches ~1.5x). paper: the paper's t_f = 500, Fig. 2's hbar_eff = 0.01..0.05 (and 0.08, the localized end of
# Fig. 4) for both m = 0.001 and 0.01, 10^4 classical trajectories.
TRANSITION_SIZES = {
    "quick": dict(kicks=10, substeps=0, classical_samples=300, mode_margin=0.0, momentum_max=8.0,
                  grid={0.001: (0.25, 0.35, 0.5), 0.01: (0.25, 0.35, 0.5)}),
    "full": dict(kicks=100, substeps=0, classical_samples=1000, mode_margin=0.0, momentum_max=20.0,
                 grid={0.001: (0.01, 0.02, 0.03, 0.05, 0.08), 0.01: (0.03, 0.05, 0.08)}, long={0.001: (0.08,)}),
    "paper": dict(kicks=500, substeps=0, classical_samples=10_000, mode_margin=0.0, momentum_max=30.0,
                  grid={0.001: (0.01, 0.02, 0.03, 0.04, 0.05, 0.08), 0.01: (0.01, 0.02, 0.03, 0.04, 0.05, 0.08)},
                  modes2_margin={0.01: 2.0}),
}
PROFILE_BIN = 0.2  # momentum bin of the stored profiles: 20 sine modes at hbar_eff = 0.01, 4 at 0.05
UNCOUPLED_MODE_MARGIN = 3.0  # alone, particle 1 at hbar_eff = 0.01 puts 1.1e-6 in the top tenth of 2x the bound
PAPER_KICKS = 500  # the paper's t_f
SATURATED = 1.1  # <p^2> over the last quarter of the run within 10% of the third quarter: no more diffusion

_SHARED: dict[tuple, xr.Dataset] = {}


# --- point functions -------------------------------------------------------------------------------------------

def dc_point(*, m: float, coupling: float, kicks: int, samples: int, seed: int) -> xr.Dataset:
    """One classical ensemble at mass ratio m and coupling (K1, INTERACTION_LAMBDA, L = pi; module docstring)."""
    model = KickedParticles(K1=K1, K2=0.0, m=m, coupling=coupling, interaction_lambda=INTERACTION_LAMBDA)
    state = classical.initial_ensemble(model, samples, seed=seed)
    run = classical.integrate(model, state, kicks)
    squares = run.history ** 2
    late = (squares[-1] - squares[kicks // 2]) / (kicks - kicks // 2)
    return xr.Dataset({
        "p1_sq": labelled(squares.mean(axis=1), "kick", "1", "ensemble mean <p1^2>"),
        "p1_sq_stderr": labelled(squares.std(axis=1, ddof=1) / np.sqrt(samples), "kick", "1",
                                 "standard error of <p1^2>"),
        "D_c": labelled(squares[-1].mean() / kicks, (), "1", "classical diffusion coefficient of particle 1"),
        "D_c_stderr": labelled(squares[-1].std(ddof=1) / np.sqrt(samples) / kicks, (), "1",
                               "standard error of D_c"),
        "slope": labelled(late.mean(), (), "1", "late slope d<p1^2>/dt over the second half of the run"),
        "slope_stderr": labelled(late.std(ddof=1) / np.sqrt(samples), (), "1", "standard error of the slope"),
        "substeps": labelled(run.substeps, (), "1", "mean velocity-Verlet steps per period"),
        "step_error": labelled(run.guard_error, (), "1", "estimated error of p1 per period (step guard)"),
    }, coords={"kick": np.arange(kicks + 1)})


def ensemble_seed(root_seed: int, m: float, coupling: float) -> int:
    """Seed of the classical ensemble at (m, coupling) of a seeded classical sweep.

    `noneq.sweep.point_seed` of ``root_seed`` and the point {"m": m, "eps": coupling}: the key "eps" (the paper's
    symbol for the coupling) is part of this definition and fixes the ensembles behind the claim tables.
    """
    return point_seed(root_seed, {"m": m, "eps": coupling})


def seeded_dc_point(*, m: float, coupling: float, kicks: int, samples: int, root_seed: int) -> xr.Dataset:
    """`dc_point` with the seed `ensemble_seed` (root_seed, m, coupling): a sweep point function."""
    return dc_point(m=m, coupling=coupling, kicks=kicks, samples=samples,
                    seed=ensemble_seed(root_seed, m, coupling))


def pair_modes(model: KickedParticles, kicks: int, mode_margin: float = AUTO_MODE_MARGIN,
               modes2_margin: float = 0.0) -> tuple[int, int]:
    """(N1, N2): ``mode_margin`` x the a priori requirement `KickedParticles.required_modes`, fast DST sizes;
    (0, 0) for ``mode_margin`` = 0: a basis that grows with the state (`evolve_two`). ``modes2_margin`` > 0 (with
    ``mode_margin`` = 0): particle 2's basis fixed at that multiple of its need, particle 1's growing."""
    need1, need2 = model.required_modes(kicks)
    if mode_margin == 0:
        return 0, (fast_modes(max(int(modes2_margin * need2), MIN_MODES2)) if modes2_margin > 0 else 0)
    return odd_fast_modes(int(mode_margin * need1)), fast_modes(max(int(mode_margin * need2), MIN_MODES2))


def profile_edges(momentum_max: float, profile_bin: float) -> np.ndarray:
    """Bin edges 0, w, 2w, ... up to momentum_max (the common momentum grid of every point's profile)."""
    return np.arange(int(round(momentum_max / profile_bin)) + 1) * profile_bin


def _profile(model: KickedParticles, probabilities: np.ndarray, momentum_max: float, profile_bin: float,
             long_name: str) -> tuple[xr.Variable, dict[str, np.ndarray]]:
    """Final |p| density on the common bins (`noneq.kicked.observables.binned_density`) and its coordinate."""
    edges = profile_edges(momentum_max, profile_bin)
    p = model.momentum_quantum * np.arange(1, probabilities.size + 1)
    density = binned_density(p, probabilities, edges)
    return labelled(density, "momentum", "1", long_name), {"momentum": 0.5 * (edges[1:] + edges[:-1])}


def coupled_point(*, m: float, hbar_eff: float, kicks: int, substeps: int, coupling: float = COUPLING,
                  K1: float = K1, K2: float = 0.0, mode_margin: float = 0.0, momentum_max: float = 30.0,
                  profile_bin: float = 0.2, checkpoint_dir: str | None = None,
                  modes2_margin: float = 0.0) -> xr.Dataset:
    """One quantum two-particle run (module docstring); strict guards; checkpoints in ``checkpoint_dir``;
    ``mode_margin``, ``modes2_margin``: the basis (`pair_modes`)."""
    model = KickedParticles(K1=K1, K2=K2, m=m, coupling=coupling, interaction_lambda=INTERACTION_LAMBDA,
                            hbar_eff=hbar_eff)
    modes1, modes2 = pair_modes(model, kicks, mode_margin, modes2_margin)
    identity = dict(m=m, hbar_eff=hbar_eff, kicks=kicks, substeps=substeps, coupling=coupling, K1=K1, K2=K2,
                    interaction_lambda=INTERACTION_LAMBDA, modes1=modes1, modes2=modes2)
    result = evolve_two(model, modes1=modes1, modes2=modes2, substeps=substeps, kicks=kicks,
                        checkpoint=Checkpoint(checkpoint_dir, f"{SYSTEM}-pair", identity))
    density, momentum = _profile(model, result.probabilities1, momentum_max, profile_bin,
                                 "final |p1| density of particle 1 (bin means)")
    return xr.Dataset({
        "p1_sq": labelled(result.p1_sq, "kick", "1", "quantum <p1^2> after each period"),
        "purity": labelled(result.purity, "kick", "1", "purity Tr rho_1^2 of particle 1"),
        "density1": density,
        "D_q": labelled(result.p1_sq[-1] / kicks, (), "1", "quantum diffusion coefficient <p1^2>(t_f) / t_f"),
        "modes1": labelled(result.modes1, (), "1", "sine modes of particle 1 (at the end of the run)"),
        "modes2": labelled(result.modes2, (), "1", "sine modes of particle 2 (at the end of the run)"),
        "substeps": labelled(result.substeps, (), "1", "sub-steps per period (at the end of the run)"),
        "substep_error": labelled(result.substep_error, (), "1", "estimated splitting error of the final state"),
        "top_mode_probability": labelled(max(result.top_mode1, result.top_mode2), (), "1",
                                         "largest probability in either particle's top modes"),
    }, coords={"kick": np.arange(kicks + 1), **momentum})


def uncoupled_point(*, hbar_eff: float, kicks: int, K1: float = K1, mode_margin: float = AUTO_MODE_MARGIN,
                    momentum_max: float = 30.0, profile_bin: float = 0.2) -> xr.Dataset:
    """Particle 1 alone (coupling 0) from its ground state; strict guards."""
    model = KickedParticles(K1=K1, coupling=0.0, hbar_eff=hbar_eff)
    modes = fast_modes(int(mode_margin * model.required_modes(kicks)[0]))
    result = evolve_single(model, modes, kicks)
    density, momentum = _profile(model, result.probabilities[0], momentum_max, profile_bin,
                                 "final |p1| density without partner (bin means)")
    return xr.Dataset({
        "p1_sq": labelled(result.p_sq[0], "kick", "1", "quantum <p1^2> without partner (coupling 0)"),
        "density1": density,
        "D_q": labelled(result.p_sq[0, -1] / kicks, (), "1", "<p1^2>(t_f) / t_f without partner"),
    }, coords={"kick": np.arange(kicks + 1), **momentum})


def random_kick_point(*, noise_W: float, hbar_eff: float, kicks: int, samples: int, seed: int, K: float = K1,
                      mode_margin: float = AUTO_MODE_MARGIN, momentum_max: float = 30.0,
                      profile_bin: float = 0.2) -> xr.Dataset:
    """Random-kick model averaged over ``samples`` realizations of the noise (module docstring); strict guards."""
    model = KickedParticles(K1=K, hbar_eff=hbar_eff, noise_W=noise_W)
    samples = samples if noise_W > 0.0 else 1  # without noise every realization is the same
    modes = fast_modes(int(mode_margin * model.required_modes(kicks)[0]))
    result = evolve_single(model, modes, kicks, samples=samples, seed=seed)
    final = result.p_sq[:, -1]
    stderr = final.std(ddof=1) / np.sqrt(samples) / kicks if samples > 1 else 0.0
    density, momentum = _profile(model, result.probabilities.mean(axis=0), momentum_max, profile_bin,
                                 "final |p| density averaged over realizations (bin means)")
    return xr.Dataset({
        "p_sq": labelled(result.p_sq.mean(axis=0), "kick", "1", "<p^2> averaged over realizations"),
        "density": density,
        "D_q": labelled(final.mean() / kicks, (), "1", "quantum diffusion coefficient <p^2>(t_f)/t_f"),
        "D_q_stderr": labelled(stderr, (), "1", "standard error over realizations"),
        "purity": labelled(result.purity, "kick", "1", "purity of the realization-averaged state"),
    }, coords={"kick": np.arange(kicks + 1), **momentum})


def classical_profile(*, kicks: int, samples: int, seed: int, momentum_max: float, profile_bin: float,
                      K1: float = K1) -> xr.Dataset:
    """|p1| density of the classical particle without partner (coupling 0: exact free flight between kicks, one
    step per period) after ``kicks`` kicks, on the same bins as the quantum profiles."""
    model = KickedParticles(K1=K1, coupling=0.0)
    run = classical.integrate(model, classical.initial_ensemble(model, samples, seed=seed), kicks, 1, guard=False)
    edges = profile_edges(momentum_max, profile_bin)
    counts, _ = np.histogram(np.abs(run.history[-1]), bins=edges)
    density = np.where(counts > 0, counts / samples / profile_bin, np.nan)
    return xr.Dataset({"density_classical": labelled(density, "momentum", "1", "classical |p1| density, "
                                                     "coupling 0 (histogram, empty bins NaN)")},
                      coords={"momentum": 0.5 * (edges[1:] + edges[:-1])})


def pair_point(context: RunContext) -> Callable[..., xr.Dataset]:
    """`coupled_point` keeping its checkpoints in ``context.checkpoint_dir`` (a picklable sweep point function)."""
    folder = context.checkpoint_dir
    return functools.partial(coupled_point, checkpoint_dir=None if folder is None else str(folder))


# --- shared sweeps -----------------------------------------------------------------------------------------------

def shared(context: RunContext, key: str, compute: Callable[[], xr.Dataset], *identity: Any) -> xr.Dataset:
    """``compute()`` once per process for (profile, ``key``, ``identity``); every caller gets a copy."""
    token = (context.profile, key, to_json(list(identity)))
    if token not in _SHARED:
        _SHARED[token] = compute()
    return _SHARED[token].copy(deep=True)


def shared_sweep(context: RunContext, key: str, function: Callable[..., xr.Dataset],
                 axes: Mapping[str, Sequence[Any]], *, fixed: Mapping[str, Any], root_seed: int = 0,
                 seed_parameter: str | None = None) -> xr.Dataset:
    """``context.sweep(...)``, computed once per process for identical arguments (`shared`)."""
    named = getattr(function, "func", function)  # a functools.partial is named by its function
    return shared(context, key, lambda: context.sweep(key, function, axes, fixed=fixed, root_seed=root_seed,
                                                       seed_parameter=seed_parameter),
                  f"{named.__module__}.{named.__qualname__}", {k: list(v) for k, v in axes.items()},
                  dict(fixed), root_seed, seed_parameter)


def classical_sweep(context: RunContext, key: str, masses: Sequence[float], couplings: Sequence[float], *,
                    kicks: int, samples: int, root_seed: int) -> xr.Dataset:
    """`dc_point` over (m, coupling), each ensemble seeded by `ensemble_seed`; dims (m, coupling, kick)."""
    ds = context.sweep(key, seeded_dc_point, {"m": list(masses), "coupling": list(couplings)},
                       fixed=dict(kicks=kicks, samples=samples, root_seed=root_seed))
    seeds = [[ensemble_seed(root_seed, float(m), float(c)) for c in ds.coupling.values] for m in ds.m.values]
    ds["point_seed"] = labelled(np.array(seeds, dtype=np.int64), ("m", "coupling"), "1",
                                "seed of each point's classical ensemble (ensemble_seed)")
    ds.attrs["seed"] = int(root_seed)
    return ds


def point_kicks(size: Mapping[str, Any], m: float, hbar_eff: float) -> int:
    """t_f of the transition runs at (m, hbar_eff): PAPER_KICKS where the size lists hbar_eff as ``long`` for m,
    else its ``kicks``."""
    return PAPER_KICKS if any(np.isclose(hbar_eff, h) for h in size.get("long", {}).get(m, ())) else size["kicks"]


def longest_kicks(size: Mapping[str, Any]) -> int:
    """The longest t_f of any transition run of the size (the classical ensembles run that long)."""
    return max(point_kicks(size, m, h) for m, grid in size["grid"].items() for h in grid)


def sweep_by_kicks(context: RunContext, key: str, function: Callable[..., xr.Dataset], m: float,
                   hbars: Sequence[float], *, fixed: Mapping[str, Any], **options: Any) -> xr.Dataset:
    """`shared_sweep` of ``function`` over hbar_eff with ``kicks`` = `point_kicks` (m, hbar_eff): one sweep per
    t_f, joined along hbar_eff (the kick axis runs to the longest t_f; a shorter run's series are NaN beyond its
    own), with the variable ``t_f`` (hbar_eff)."""
    size = TRANSITION_SIZES[context.profile]
    groups: dict[int, list[float]] = {}
    for h in hbars:
        groups.setdefault(point_kicks(size, m, h), []).append(h)
    parts = []
    for kicks, values in sorted(groups.items()):
        name = key if kicks == size["kicks"] else f"{key}_t{kicks}"
        ds = shared_sweep(context, name, function, {"hbar_eff": values}, fixed={**fixed, "kicks": kicks}, **options)
        ds["t_f"] = labelled(np.full(len(values), kicks), "hbar_eff", "1", "t_f: the run's number of kicks")
        parts.append(ds)
    if len(parts) == 1:
        return parts[0]
    return xr.concat(parts, dim="hbar_eff", join="outer", combine_attrs="override").sortby("hbar_eff")


def classical_at(classical: xr.Dataset, t_f: xr.DataArray) -> tuple[xr.DataArray, xr.DataArray]:
    """D_c = <p1^2>(t_f) / t_f and its standard error from classical ensembles run at least t_f kicks
    (``t_f``: e.g. a run's ``t_f`` over hbar_eff; the result has its dims)."""
    p1_sq, stderr = classical.p1_sq.sel(kick=t_f), classical.p1_sq_stderr.sel(kick=t_f)
    return (labelled((p1_sq / t_f).values, p1_sq.dims, "1", "classical D_c = <p1^2>(t_f) / t_f at each run's t_f"),
            labelled((stderr / t_f).values, p1_sq.dims, "1", "standard error of D_c"))


def coupled_runs(context: RunContext, m: float) -> xr.Dataset:
    """Quantum pair at mass ratio m over the size's hbar_eff grid (dims hbar_eff, kick, momentum; ``t_f`` per
    hbar_eff: `sweep_by_kicks`); shared."""
    size = TRANSITION_SIZES[context.profile]
    fixed = dict(m=m, coupling=COUPLING, K1=K1, substeps=size["substeps"], mode_margin=size["mode_margin"],
                 momentum_max=size["momentum_max"], profile_bin=PROFILE_BIN)
    if size.get("modes2_margin", {}).get(m):
        fixed["modes2_margin"] = size["modes2_margin"][m]
    return sweep_by_kicks(context, f"coupled_m{m:g}", pair_point(context), m, size["grid"][m], fixed=fixed)


def classical_runs(context: RunContext) -> xr.Dataset:
    """Classical ensembles (`dc_point`) at coupling COUPLING for every mass of the grid, and at coupling 0 (m is
    then irrelevant: its entry at the smallest mass stands for the unperturbed particle); dims (m, coupling,
    kick up to `longest_kicks`: `classical_at` gives D_c at any shorter t_f); shared."""
    size = TRANSITION_SIZES[context.profile]
    masses, couplings = sorted(size["grid"]), [0.0, COUPLING]
    options = dict(kicks=longest_kicks(size), samples=size["classical_samples"], root_seed=TRANSITION_SEED)
    return shared(context, "classical", lambda: classical_sweep(context, "classical", masses, couplings, **options),
                  masses, couplings, options)


def uncoupled_runs(context: RunContext) -> xr.Dataset:
    """Particle 1 alone (coupling 0) at the light mass's hbar_eff grid (dims hbar_eff, kick, momentum; ``t_f`` as
    the pair's, `sweep_by_kicks`); shared."""
    size = TRANSITION_SIZES[context.profile]
    return sweep_by_kicks(context, "uncoupled", uncoupled_point, LIGHT, size["grid"][LIGHT],
                          fixed=dict(K1=K1, mode_margin=UNCOUPLED_MODE_MARGIN, momentum_max=size["momentum_max"],
                                     profile_bin=PROFILE_BIN))


# --- explanations --------------------------------------------------------------------------------------------------

def parameters_of(ds: xr.Dataset) -> dict[str, Any]:
    """The provenance parameters recorded in a figure's dataset (``attrs["parameters"]``)."""
    return json.loads(ds.attrs["parameters"])


def size_note(parameters: Mapping[str, Any], hbars: Sequence[float], D_c: float,
              t_f: Sequence[int] | None = None) -> str:
    """Why a transition claim may not reproduce at these sizes ("" at the paper's sizes).

    ``parameters``: the dataset's provenance parameters (``kicks``, ``quick``); ``t_f``: each hbar_eff's run length
    where some run the paper's (`point_kicks`). Dynamical localization of the
    uncoupled particle sets in after the break time t* ~ D_c / (2 hbar_eff^2) kicks (kicked-rotor estimate,
    localization length ~ D_c / (2 hbar_eff^2) momentum quanta), so a t_f below the paper's 500 shows less of it.
    """
    kicks = int(parameters["kicks"])
    breaks = ", ".join(f"{D_c / (2.0 * h * h):.0f} at {h:g}" for h in hbars)
    if parameters.get("quick"):
        return (f"quick sizes (paper: {PAPER_KICKS} kicks, hbar_eff down to 0.01 -> here {kicks} kicks, hbar_eff = "
                f"{', '.join(f'{h:g}' for h in hbars)}): machinery only")
    long = [h for h, t in zip(hbars, t_f if t_f is not None else [kicks] * len(hbars)) if t >= PAPER_KICKS]
    longer = f"; {PAPER_KICKS} at hbar_eff = {', '.join(f'{h:g}' for h in long)}" if long else ""
    if kicks < PAPER_KICKS:
        return (f"t_f = {kicks} kicks (paper {PAPER_KICKS}{longer}) and hbar_eff >= {min(hbars):g} (paper 0.01), for "
                f"cost: m = 0.001 needs ~1000 sub-steps per period; break times D_c / (2 hbar_eff^2) = {breaks} kicks")
    return ""


def saturation_ratio(p_sq) -> float:
    """Mean <p^2> over the last quarter of the kicks divided by the mean over the third quarter (1: saturated);
    the series ends at its last finite value (a shorter run's series is NaN beyond its t_f, `sweep_by_kicks`)."""
    p_sq = np.asarray(p_sq, dtype=float)
    p_sq = p_sq[np.isfinite(p_sq)]
    quarter = max(1, (p_sq.size - 1) // 4)
    return float(p_sq[-quarter:].mean() / p_sq[-2 * quarter:-quarter].mean())


def localized_note(R: float, p_sq, kicks: int, fallback: str) -> str:
    """Explanation for a localized R above the paper's level at t_f < 500: a saturated <p^2> makes
    R = <p^2>(t_f) / (D_c t_f) fall like 1 / t_f, so R t_f / 500 is what the paper's t_f would show."""
    ratio = saturation_ratio(p_sq)
    if kicks >= PAPER_KICKS or ratio > SATURATED:
        return fallback
    return (f"<p1^2> has saturated (last / third quarter of the run: {ratio:.2f}); a localized <p1^2> is constant, "
            f"so R = <p1^2> / (D_c t_f) falls like 1 / t_f: R = {R:.2f} at t_f = {kicks} is "
            f"{R * kicks / PAPER_KICKS:.2f} at the paper's t_f = {PAPER_KICKS} (the paper: its R ~ 0.1 saturation is "
            "this finite-time effect)")
