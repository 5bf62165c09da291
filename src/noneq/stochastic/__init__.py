"""System-agnostic classical stochastic numerics: master equations and jump trajectories (no physics of any
particular system lives here)."""

from noneq.stochastic.jumps import JumpRecord, jump_trajectories
from noneq.stochastic.master import (boltzmann, cycle_map, generator, ladder_rates, periodic_steady_state,
                                     propagate, propagator, reversible_propagator)

__all__ = [
    "JumpRecord",
    "jump_trajectories",
    "boltzmann",
    "cycle_map",
    "generator",
    "ladder_rates",
    "periodic_steady_state",
    "propagate",
    "propagator",
    "reversible_propagator",
]
