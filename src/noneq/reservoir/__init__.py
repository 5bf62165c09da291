"""Exact entropy production with finite reservoirs (Esposito, Lindenberg & Van den Broeck 2010).

General framework: `OpenSystem` (a small system, one or several finite `Reservoir` s, coupling V, optional
piecewise-constant protocol of `Stage` s) and `exact_thermodynamics` (every quantity of the paper versus time);
the weak-coupling master equation of any OpenSystem with bath correlations from the finite reservoirs
(`qme_evolution`, `qme_parts`, `qme_generator`). The paper's spin-GORM model: `SpinGorm`, its solvers
`spin_gorm_series` (exact), `spin_gorm_typicality` (random-phase states, error bars) and `spin_gorm_components`
(one result type, `SpinGormSeries`), `spin_gorm_thermodynamics` (``method=``) and the Redfield description
(eqs. (30)-(33)). Beyond the paper: the exact two-point-measurement statistics of the heat, the system energy
change and the entropy production of any OpenSystem (`tpm_cumulants`, `tpm_distribution`). Thermodynamic
formulas as pure functions: `noneq.reservoir.observables`. The paper's figures and claims:
`noneq.reservoir.paper` (not imported here).
"""

from noneq.reservoir.exact import (Eigensystem, diagonalize, evolve_states, exact_thermodynamics,
                                   expectation_series, propagate_states)
from noneq.reservoir.model import OpenSystem, Reservoir, SpinGorm, Stage
from noneq.reservoir.observables import (entropy_flow, entropy_production, entropy_production_bar, heat,
                                         spin_entropy, spin_state)
from noneq.reservoir.qme import QmeParts, qme_evolution, qme_generator, qme_parts
from noneq.reservoir.redfield import (
    RedfieldRates,
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
from noneq.reservoir.spin_gorm import SpinGormSeries, spin_gorm_eigensystem, spin_gorm_series
from noneq.reservoir.statistics import TpmBasis, tpm_basis, tpm_cumulants
from noneq.reservoir.transitions import tpm_distribution, tpm_transitions
from noneq.reservoir.system import run_reservoir, spin_gorm_thermodynamics
from noneq.reservoir.typicality import jackknife_error, spin_gorm_components, spin_gorm_typicality

__all__ = [
    "OpenSystem",
    "Reservoir",
    "Stage",
    "SpinGorm",
    "Eigensystem",
    "diagonalize",
    "expectation_series",
    "propagate_states",
    "evolve_states",
    "exact_thermodynamics",
    "spin_state",
    "spin_entropy",
    "heat",
    "entropy_flow",
    "entropy_production",
    "entropy_production_bar",
    "QmeParts",
    "qme_parts",
    "qme_generator",
    "qme_evolution",
    "SpinGormSeries",
    "spin_gorm_series",
    "spin_gorm_eigensystem",
    "TpmBasis",
    "tpm_basis",
    "tpm_cumulants",
    "tpm_distribution",
    "tpm_transitions",
    "spin_gorm_typicality",
    "spin_gorm_components",
    "jackknife_error",
    "spin_gorm_thermodynamics",
    "run_reservoir",
    "RedfieldRates",
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
