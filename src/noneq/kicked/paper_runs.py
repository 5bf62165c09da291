"""The runs behind Zhao & Jie's Figs. 2-5, as sweep point functions, and a memo that shares them between figures.

Point functions (module level, picklable; each returns an `xarray.Dataset`):

- `coupled_point`: the quantum pair (particle 1 of unit mass, particle 2 of mass m), both in the well's ground
  state, evolved with `noneq.kicked.two_particle.evolve_two` (strict resolution guards: an under-resolved run
  raises `NumericalError`). Basis: ``mode_margin`` = 0 grows it with the state (`evolve_two`); otherwise
  ``mode_margin`` x the a priori momentum bound, at least 15 modes for particle 2. Returns <p1^2>(t), the
  purity Tr rho_1^2(t), the final |p1| density of particle 1 (sine mode n at momentum +-p_n = hbar_eff n pi / L,
  averaged in bins of ``profile_bin`` on the common grid [0, ``momentum_max``]: dim ``momentum``, the same for
  every hbar_eff so that sweeps assemble), D_q = <p1^2>(t_f) / t_f and the guards' values.
- `uncoupled_point`: the same particle 1 without partner (eps = 0: the pair factorizes exactly, tested in
  tests/kicked/test_kicked_two_particle.py), by `noneq.kicked.single.evolve_single`.
- `random_kick_point`: the random-kick model K -> K + dK_n, dK_n uniform in [-W, W] (NOTES.md), averaged over
  realizations: <p^2>(t), D_q with its standard error over realizations, the realization-averaged final |p|
  density on the common bins. (Generalizes `noneq.kicked.paper_noise.noise_point`, which is fixed at
  hbar_eff = 0.01, to any hbar_eff, and adds the density.)
- classical D_c: `noneq.kicked.paper.dc_point` (Fig. 1's point function), imported lazily (paper.py imports the
  experiments built on this module); `classical_profile`: the classical eps = 0 |p1| density on the same bins.

`size_note` says why a claim may not reproduce at reduced sizes (the claims' explanation).

`shared_sweep` runs ``context.sweep`` once per process for a given (mode, key, function, grid, fixed
parameters, seed) and hands later callers a copy: Fig. 2's m = 0.001 runs are Fig. 3(c)'s and Fig. 4's.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence

import numpy as np
import xarray as xr

from noneq.core.results import labelled, to_json
from noneq.kicked.fits import binned_density
from noneq.kicked.model import KickedParticles, fast_modes
from noneq.kicked.simulate import AUTO_MODE_MARGIN
from noneq.kicked.sectors import odd_fast_modes
from noneq.kicked.single import evolve_single
from noneq.kicked.two_particle import MIN_MODES2, evolve_two
from noneq.reproduce.context import RunContext

LAM = 10.0  # interaction width parameter of every figure (NOTES.md default interaction exp(-lam d^2))
UNCOUPLED_MODE_MARGIN = 3.0  # alone, particle 1 at hbar_eff = 0.01 puts 1.1e-6 in the top tenth of 2x the bound

_SHARED: dict[tuple, xr.Dataset] = {}


def pair_modes(model: KickedParticles, kicks: int, mode_margin: float = AUTO_MODE_MARGIN) -> tuple[int, int]:
    """(N1, N2): ``mode_margin`` x the a priori requirement `KickedParticles.required_modes`, fast DST sizes;
    (0, 0) for ``mode_margin`` = 0: a basis that grows with the state (`evolve_two`)."""
    if mode_margin == 0:
        return 0, 0
    need1, need2 = model.required_modes(kicks)
    return odd_fast_modes(int(mode_margin * need1)), fast_modes(max(int(mode_margin * need2), MIN_MODES2))


def profile_edges(momentum_max: float, profile_bin: float) -> np.ndarray:
    """Bin edges 0, w, 2w, ... up to momentum_max (the common momentum grid of every point's profile)."""
    return np.arange(int(round(momentum_max / profile_bin)) + 1) * profile_bin


def _profile(model: KickedParticles, probabilities: np.ndarray, momentum_max: float, profile_bin: float,
             long_name: str) -> tuple[xr.Variable, dict[str, np.ndarray]]:
    """Final |p| density on the common bins (`noneq.kicked.fits.binned_density`) and its coordinate."""
    edges = profile_edges(momentum_max, profile_bin)
    p = model.momentum_quantum * np.arange(1, probabilities.size + 1)
    density = binned_density(p, probabilities, edges)
    return labelled(density, "momentum", "1", long_name), {"momentum": 0.5 * (edges[1:] + edges[:-1])}


def coupled_point(*, m: float, hbar_eff: float, kicks: int, substeps: int, eps: float = 2.0, K1: float = 1.8,
                  K2: float = 0.0, mode_margin: float = 0.0, momentum_max: float = 30.0,
                  profile_bin: float = 0.2) -> xr.Dataset:
    """One quantum two-particle run (module docstring); strict guards."""
    model = KickedParticles(K1=K1, K2=K2, m=m, eps=eps, lam=LAM, hbar_eff=hbar_eff)
    modes1, modes2 = pair_modes(model, kicks, mode_margin)
    result = evolve_two(model, modes1=modes1, modes2=modes2, substeps=substeps, kicks=kicks)
    density, momentum = _profile(model, result.probabilities1, momentum_max, profile_bin,
                                 "final |p1| density of particle 1 (bin means)")
    return xr.Dataset({
        "p1_sq": labelled(result.p1_sq, "kick", "1", "quantum <p1^2> after each period"),
        "purity": labelled(result.purity, "kick", "1", "purity Tr rho_1^2 of particle 1"),
        "density1": density,
        "D_q": labelled(result.p1_sq[-1] / kicks, (), "1", "quantum diffusion coefficient <p1^2>(t_f) / t_f"),
        "modes1": labelled(result.modes1, (), "1", "sine modes of particle 1 (at the end of the run)"),
        "modes2": labelled(result.modes2, (), "1", "sine modes of particle 2 (at the end of the run)"),
        "substeps": labelled(getattr(result, "substeps", substeps), (), "1", "sub-steps per period (at the end of the run)"),
        "substep_error": labelled(result.substep_error, (), "1", "estimated splitting error of the final state"),
        "top_mode_probability": labelled(max(result.top_mode1, result.top_mode2), (), "1",
                                         "largest probability in either particle's top modes"),
    }, coords={"kick": np.arange(kicks + 1), **momentum})


def uncoupled_point(*, hbar_eff: float, kicks: int, K1: float = 1.8, mode_margin: float = AUTO_MODE_MARGIN,
                    momentum_max: float = 30.0, profile_bin: float = 0.2) -> xr.Dataset:
    """Particle 1 alone (eps = 0) from its ground state; strict guards."""
    model = KickedParticles(K1=K1, eps=0.0, hbar_eff=hbar_eff)
    modes = fast_modes(int(mode_margin * model.required_modes(kicks)[0]))
    result = evolve_single(model, modes, kicks)
    density, momentum = _profile(model, result.probabilities[0], momentum_max, profile_bin,
                                 "final |p1| density without partner (bin means)")
    return xr.Dataset({
        "p1_sq": labelled(result.p_sq[0], "kick", "1", "quantum <p1^2> without partner (eps = 0)"),
        "density1": density,
        "D_q": labelled(result.p_sq[0, -1] / kicks, (), "1", "<p1^2>(t_f) / t_f without partner"),
    }, coords={"kick": np.arange(kicks + 1), **momentum})


def random_kick_point(*, noise_W: float, hbar_eff: float, kicks: int, realizations: int, seed: int,
                      K: float = 1.8, mode_margin: float = AUTO_MODE_MARGIN, momentum_max: float = 30.0,
                      profile_bin: float = 0.2) -> xr.Dataset:
    """Random-kick model averaged over realizations (module docstring); strict guards."""
    model = KickedParticles(K1=K, hbar_eff=hbar_eff, noise_W=noise_W)
    realizations = realizations if noise_W > 0.0 else 1  # without noise every realization is the same
    modes = fast_modes(int(mode_margin * model.required_modes(kicks)[0]))
    result = evolve_single(model, modes, kicks, realizations=realizations, seed=seed)
    final = result.p_sq[:, -1]
    stderr = final.std(ddof=1) / np.sqrt(realizations) / kicks if realizations > 1 else 0.0
    density, momentum = _profile(model, result.probabilities.mean(axis=0), momentum_max, profile_bin,
                                 "final |p| density averaged over realizations (bin means)")
    return xr.Dataset({
        "p_sq": labelled(result.p_sq.mean(axis=0), "kick", "1", "<p^2> averaged over realizations"),
        "density": density,
        "D_q": labelled(final.mean() / kicks, (), "1", "quantum diffusion coefficient <p^2>(t_f)/t_f"),
        "D_q_stderr": labelled(stderr, (), "1", "standard error over realizations"),
        "purity": labelled(result.purity, "kick", "1", "purity of the realization-averaged state"),
    }, coords={"kick": np.arange(kicks + 1), **momentum})


def classical_profile(*, kicks: int, trajectories: int, seed: int, momentum_max: float, profile_bin: float,
                      K1: float = 1.8) -> xr.Dataset:
    """|p1| density of the classical unperturbed particle (eps = 0: exact free flight between kicks, one step per
    period) after ``kicks`` kicks, on the same bins as the quantum profiles: the classical shape that a quantum
    profile approaches when it "becomes classical"."""
    from noneq.kicked import classical

    model = KickedParticles(K1=K1, eps=0.0)
    history, _ = classical.evolve_ensemble(model, classical.initial_ensemble(model, trajectories, seed=seed), kicks, 1)
    edges = profile_edges(momentum_max, profile_bin)
    counts, _ = np.histogram(np.abs(history[-1]), bins=edges)
    density = np.where(counts > 0, counts / trajectories / profile_bin, np.nan)
    return xr.Dataset({"density_classical": labelled(density, "momentum", "1",
                                                     "classical |p1| density, eps = 0 (histogram, empty bins NaN)")},
                      coords={"momentum": 0.5 * (edges[1:] + edges[:-1])})


def shared_sweep(context: RunContext, key: str, function: Callable[..., xr.Dataset],
                 axes: Mapping[str, Sequence[Any]], *, fixed: Mapping[str, Any], root_seed: int = 0,
                 seed_parameter: str | None = None) -> xr.Dataset:
    """``context.sweep(...)``, computed once per process for identical arguments (module docstring)."""
    token = (context.quick, key, f"{function.__module__}.{function.__qualname__}",
             to_json({k: list(v) for k, v in axes.items()}), to_json(dict(fixed)), root_seed, seed_parameter)
    if token not in _SHARED:
        _SHARED[token] = context.sweep(key, function, axes, fixed=fixed, root_seed=root_seed,
                                       seed_parameter=seed_parameter)
    return _SHARED[token].copy(deep=True)


# --- the quantum-classical transition runs shared by Figs. 2, 3(c) and 4 -------------------------------------------

K1 = 1.8
EPS = 2.0
LIGHT = 0.001  # Fig. 2's and Fig. 3(c)'s mass ratio
TRANSITION_SEED = 2021
# Sizes (chosen for cost; see paper_quantum's module docstring). ``grid``: hbar_eff values per mass ratio m;
# ``substeps`` 0: automatic choice by `evolve_two` (guarded); ``trajectories``: classical ensemble per m.
TRANSITION_SIZES = {
    True: dict(kicks=10, substeps=0, trajectories=300, mode_margin=0.0, momentum_max=8.0,
               grid={0.001: (0.25, 0.35, 0.5), 0.01: (0.25, 0.35, 0.5)}),
    False: dict(kicks=100, substeps=0, trajectories=1000, mode_margin=0.0, momentum_max=20.0,
                grid={0.001: (0.01, 0.02, 0.03, 0.05, 0.08), 0.01: (0.03, 0.05, 0.08)}),
}
PROFILE_BIN = 0.2  # momentum bin of the stored profiles: 20 sine modes at hbar_eff = 0.01, 4 at 0.05


def coupled_runs(context: RunContext, m: float) -> xr.Dataset:
    """Quantum pair at mass ratio m over the size's hbar_eff grid (dims hbar_eff, kick, momentum); shared."""
    size = TRANSITION_SIZES[context.quick]
    fixed = dict(m=m, eps=EPS, K1=K1, kicks=size["kicks"], substeps=size["substeps"],
                 mode_margin=size["mode_margin"], momentum_max=size["momentum_max"], profile_bin=PROFILE_BIN)
    return shared_sweep(context, f"coupled_m{m:g}", coupled_point, {"hbar_eff": list(size["grid"][m])},
                        fixed=fixed)


def classical_runs(context: RunContext) -> xr.Dataset:
    """Classical ensembles (Fig. 1's `dc_point`) at eps = 2 for every mass of the grid, and eps = 0 (m is then
    irrelevant: its entry at the smallest mass stands for the unperturbed particle); dims (m, eps, kick); shared."""
    from noneq.kicked.paper import dc_point  # lazy: paper.py imports the experiments built on this module

    size = TRANSITION_SIZES[context.quick]
    masses = sorted(size["grid"])
    return shared_sweep(context, "classical", dc_point, {"m": masses, "eps": [0.0, EPS]},
                        fixed=dict(kicks=size["kicks"], trajectories=size["trajectories"]),
                        root_seed=TRANSITION_SEED, seed_parameter="seed")


def uncoupled_runs(context: RunContext) -> xr.Dataset:
    """Particle 1 alone (eps = 0) at the light mass's hbar_eff grid (dims hbar_eff, kick, momentum); shared."""
    size = TRANSITION_SIZES[context.quick]
    return shared_sweep(context, "uncoupled", uncoupled_point, {"hbar_eff": list(size["grid"][LIGHT])},
                        fixed=dict(kicks=size["kicks"], K1=K1, mode_margin=UNCOUPLED_MODE_MARGIN,
                                   momentum_max=size["momentum_max"], profile_bin=PROFILE_BIN))


PAPER_KICKS = 500  # the paper's t_f


def size_note(parameters: Mapping[str, Any], hbars: Sequence[float], D_c: float) -> str:
    """Why a transition claim may not reproduce at these sizes ("" at the paper's sizes).

    ``parameters``: the dataset's provenance parameters (``kicks``, ``quick``). Dynamical localization of the
    uncoupled particle sets in after the break time t* ~ D_c / (2 hbar_eff^2) kicks (kicked-rotor estimate,
    localization length ~ D_c / (2 hbar_eff^2) momentum quanta), so a t_f below the paper's 500 shows less of it.
    """
    kicks = int(parameters["kicks"])
    breaks = ", ".join(f"{D_c / (2.0 * h * h):.0f} at {h:g}" for h in hbars)
    if parameters.get("quick"):
        return f"quick sizes ({kicks} kicks, hbar_eff = {', '.join(f'{h:g}' for h in hbars)}): machinery only"
    if kicks < PAPER_KICKS:
        return (f"t_f = {kicks} kicks (paper {PAPER_KICKS}) and hbar_eff >= {min(hbars):g} (paper 0.01), for cost: "
                f"m = 0.001 needs ~1000 sub-steps per period; break times D_c / (2 hbar_eff^2) = {breaks} kicks")
    return ""


SATURATED = 1.1  # <p^2> over the last quarter of the run within 10% of the third quarter: no more diffusion


def saturation_ratio(p_sq) -> float:
    """Mean <p^2> over the last quarter of the kicks divided by the mean over the third quarter (1: saturated)."""
    p_sq = np.asarray(p_sq, dtype=float)
    quarter = max(1, (p_sq.size - 1) // 4)
    return float(p_sq[-quarter:].mean() / p_sq[-2 * quarter:-quarter].mean())


def localized_note(R: float, p_sq, kicks: int, fallback: str) -> str:
    """Explanation for a localized R above the paper's level at t_f < 500: a saturated <p^2> makes
    R = <p^2>(t_f) / (D_c t_f) fall like 1 / t_f, so R t_f / 500 is what the paper's t_f would show."""
    ratio = saturation_ratio(p_sq)
    if kicks >= PAPER_KICKS or ratio > SATURATED:
        return fallback
    return (f"<p1^2> has saturated (last / third quarter of the run: {ratio:.2f}); a localized <p1^2> is constant, "
            f"so R = <p1^2> / (D_c t_f) falls like 1 / t_f: R = {R:.2f} at t_f = {kicks} is {R * kicks / PAPER_KICKS:.2f} "
            f"at the paper's t_f = {PAPER_KICKS} (the paper: its R ~ 0.1 saturation is this finite-time effect)")
