"""What each figure's runs cost at a profile, from `noneq.kicked.costs`, before anything runs.

Every sweep point of the reproduction is written here as the parameters of the equivalent ``noneq run kicked``
(`noneq.kicked.system`): `classical_pair` for `noneq.kicked.paper.runs.dc_point`, `pair` for `coupled_point`,
`single` for `uncoupled_point` and `random_kick_point`, `classical_single` for the one-step-per-period classical
runs without partner. `seconds` validates each (`noneq.kicked.system.check_combination`: the refusal of a run
that cannot fit in memory or would take more than a week) and returns its one-core time estimate
(`noneq.kicked.system.estimate`); `noneq.reproduce.projection` turns those into a projected wall time. Each
figure module lists its runs (``plan_<figure>(profile)``); the transition runs shared by Figs. 2, 3(c) and 4 are
counted once, by the figure that computes them first (`transition_plan`).

Examples
--------
>>> seconds([classical_pair(m=1.0, coupling=0.0, kicks=10, samples=100)])[0] < 1.0
True
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping, Sequence

from noneq.kicked import system
from noneq.kicked.model import KickedParticles, fast_modes
from noneq.kicked.paper import runs

Values = dict[str, Any]


def classical_pair(*, m: float, coupling: float, kicks: int, samples: int) -> Values:
    """The run of `noneq.kicked.paper.runs.dc_point`: the classical pair, automatic step control."""
    return dict(dynamics="classical", particles=2, K1=runs.K1, K2=0.0, m=m, coupling=coupling,
                interaction_lambda=runs.INTERACTION_LAMBDA, kicks=kicks, samples=samples)


def classical_single(*, kicks: int, samples: int, K1: float = runs.K1) -> Values:
    """A classical particle without partner, one exact step per period (`runs.classical_profile`, Fig. 3(a))."""
    return dict(dynamics="classical", particles=1, K1=K1, coupling=0.0, kicks=kicks, samples=samples, substeps=1)


def pair(*, m: float, hbar_eff: float, kicks: int, substeps: int, coupling: float = runs.COUPLING,
         K1: float = runs.K1, K2: float = 0.0, mode_margin: float = 0.0, modes2_margin: float = 0.0) -> Values:
    """The run of `noneq.kicked.paper.runs.coupled_point` (its basis: `runs.pair_modes`)."""
    model = KickedParticles(K1=K1, K2=K2, m=m, coupling=coupling, interaction_lambda=runs.INTERACTION_LAMBDA,
                            hbar_eff=hbar_eff)
    modes1, modes2 = runs.pair_modes(model, kicks, mode_margin, modes2_margin)
    return dict(dynamics="quantum", particles=2, K1=K1, K2=K2, m=m, coupling=coupling,
                interaction_lambda=runs.INTERACTION_LAMBDA, hbar_eff=hbar_eff, kicks=kicks, substeps=substeps,
                modes1=modes1, modes2=modes2)


def single(*, hbar_eff: float, kicks: int, mode_margin: float, K: float = runs.K1, noise_W: float = 0.0,
           samples: int = 1) -> Values:
    """The run of `runs.uncoupled_point` (noise_W = 0) or `runs.random_kick_point` (its fixed basis)."""
    model = KickedParticles(K1=K, coupling=0.0, hbar_eff=hbar_eff, noise_W=noise_W)
    modes = fast_modes(int(mode_margin * model.required_modes(kicks)[0]))
    return dict(dynamics="quantum", particles=1, K1=K, coupling=0.0, hbar_eff=hbar_eff, kicks=kicks,
                noise_W=noise_W, samples=samples if noise_W > 0.0 else 1, modes1=modes)


def seconds(plan: Iterable[Mapping[str, Any]]) -> list[float]:
    """One-core seconds of each run of ``plan`` by the cost model; `noneq.core.errors.NoneqInputError` for a run
    the system refuses (module docstring)."""
    return [float(system.estimate(system.SYSTEM.resolve(dict(values))).seconds) for values in plan]


def estimator(plan: Callable[[str], Sequence[Values]]) -> Callable[[str], list[float]]:
    """``profile -> seconds(plan(profile))``: an `noneq.reproduce.Experiment`'s ``estimate``."""
    return lambda profile: seconds(plan(profile))


def transition_plan(profile: str, masses: Sequence[float], *, classical: bool) -> list[Values]:
    """The quantum pair over the profile's hbar_eff grid at each of ``masses`` (`runs.coupled_runs`) and, with
    ``classical``, the classical ensembles (`runs.classical_runs`) and the uncoupled particle
    (`runs.uncoupled_runs`)."""
    size = runs.TRANSITION_SIZES[profile]
    plan = [pair(m=m, hbar_eff=h, kicks=runs.point_kicks(size, m, h), substeps=size["substeps"],
                 mode_margin=size["mode_margin"], modes2_margin=size.get("modes2_margin", {}).get(m, 0.0))
            for m in masses for h in size["grid"][m]]
    if classical:
        plan += [classical_pair(m=m, coupling=c, kicks=runs.longest_kicks(size), samples=size["classical_samples"])
                 for m in sorted(size["grid"]) for c in (0.0, runs.COUPLING)]
        plan += [single(hbar_eff=h, kicks=runs.point_kicks(size, runs.LIGHT, h), mode_margin=runs.UNCOUPLED_MODE_MARGIN)
                 for h in size["grid"][runs.LIGHT]]
    return plan
