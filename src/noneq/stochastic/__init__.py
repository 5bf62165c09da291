"""System-agnostic classical stochastic numerics: master equations, jump trajectories, cumulants from moments
(no physics of any particular system lives here).

The jump trajectories (`noneq.stochastic.jumps`, compiled with numba) are imported on first use, so the numpy-only
parts (master equations, cumulants) do not pay numba's start-up.
"""

from importlib import import_module

from noneq.stochastic.master import (boltzmann, cycle_map, generator, ladder_rates, periodic_steady_state,
                                     propagate, propagator, reversible_propagator)
from noneq.stochastic.moments import cumulants_from_moments

__all__ = [
    "JumpRecord",
    "jump_trajectories",
    "boltzmann",
    "cumulants_from_moments",
    "cycle_map",
    "generator",
    "ladder_rates",
    "periodic_steady_state",
    "propagate",
    "propagator",
    "reversible_propagator",
]

_LAZY = {"JumpRecord": "noneq.stochastic.jumps", "jump_trajectories": "noneq.stochastic.jumps"}


def __getattr__(name: str):
    """The numba-compiled members, imported on first access."""
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
