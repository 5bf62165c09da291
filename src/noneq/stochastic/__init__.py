"""System-agnostic classical stochastic numerics: master equations, jump trajectories, cumulants from moments
(no physics of any particular system lives here)."""

from noneq.stochastic.jumps import JumpRecord, jump_trajectories
from noneq.stochastic.moments import cumulants_from_moments
from noneq.stochastic.master import (boltzmann, cycle_map, generator, ladder_rates, periodic_steady_state,
                                     propagate, propagator, reversible_propagator)

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
