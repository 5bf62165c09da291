"""Exact entropy production with finite reservoirs (Esposito, Lindenberg & Van den Broeck 2010).

General framework: `OpenSystem` (a small system, one or several finite `Reservoir` s, coupling V, optional
piecewise-constant protocol of `Stage` s) and `exact_thermodynamics` (every quantity of the paper versus time).
The paper's spin-GORM model: `SpinGorm`, its exact solver `spin_gorm_series`, the large-N Chebyshev solvers
`spin_gorm_typicality` (random-phase states, error bars) and `spin_gorm_components`, and
`spin_gorm_thermodynamics` (``solver=``);
the weak-coupling (Redfield) description in `noneq.reservoir.redfield` (spin-GORM, eqs. (30)-(33)) and
`noneq.reservoir.qme` (any OpenSystem, bath correlations from the finite reservoirs, optional Lamb shift,
per-reservoir heat currents and Spohn's entropy production rate).
"""

from noneq.reservoir.exact import Eigensystem, diagonalize, evolve_states, expectation_series, propagate_states
from noneq.reservoir.model import OpenSystem, Reservoir, Stage
from noneq.reservoir.qme import qme_evolution, qme_generator, qme_parts, qme_steady_state
from noneq.reservoir.redfield import (
    alpha_finite,
    alpha_infinite,
    alpha_tilde_finite,
    alpha_tilde_infinite,
    energy_shell_sz,
    lamb_shift_finite,
    lamb_shift_infinite,
    qme_entropy_production_bar,
    redfield_rates,
    redfield_rates_finite,
    redfield_rates_infinite,
    redfield_sz,
)
from noneq.reservoir.simulate import run_reservoir, spin_gorm_thermodynamics
from noneq.reservoir.spin_gorm import SpinGorm, spin_gorm_series
from noneq.reservoir.thermo import entropy_nats, exact_thermodynamics
from noneq.reservoir.typicality import spin_gorm_components, spin_gorm_typicality

__all__ = [
    "OpenSystem",
    "Reservoir",
    "Stage",
    "exact_thermodynamics",
    "qme_evolution",
    "qme_generator",
    "qme_parts",
    "qme_steady_state",
    "entropy_nats",
    "Eigensystem",
    "diagonalize",
    "expectation_series",
    "propagate_states",
    "evolve_states",
    "SpinGorm",
    "spin_gorm_series",
    "spin_gorm_typicality",
    "spin_gorm_components",
    "spin_gorm_thermodynamics",
    "run_reservoir",
    "alpha_tilde_infinite",
    "alpha_infinite",
    "alpha_finite",
    "alpha_tilde_finite",
    "redfield_rates",
    "redfield_rates_finite",
    "redfield_rates_infinite",
    "redfield_sz",
    "qme_entropy_production_bar",
    "energy_shell_sz",
    "lamb_shift_infinite",
    "lamb_shift_finite",
]
