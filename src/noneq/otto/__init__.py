"""Finite-time quantum Otto machines (Yuan et al., arXiv:1408.4917; the paper and its corrections in our words:
docs/papers/otto.md): two-level and N-level working substances, refrigerator and engine, limit cycles from the
master equation, closed forms, optimal frequencies and times, Onsager description, quantum-jump fluctuations,
finite-time quantum adiabats, and the full counting statistics of the heats with the uncertainty relations.
hbar = k_B = 1; heats are absorbed by the working substance, W is done on it; entropies in nats.

Examples
--------
>>> from noneq.otto import OttoCycle, limit_cycle, cop, optimal_refrigerator
>>> round(float(optimal_refrigerator(2.0).cop_star[0]), 4)
0.7672
>>> r = limit_cycle(OttoCycle(w_a=1.0, w_b=2.0, T_c=1.0, T_h=3.0, gamma_c=1.0, gamma_h=1.0, tau_c=1.0, tau_h=1.0))
>>> round(cop(r), 6)
1.0
"""

from noneq.otto.closed_form import (TimeAllocation, chi_closed_form, chi_high_temperature, closed_form_limit_cycle,
                                    cop_ca, cop_plus, delta_n_eq, eta_ca, optimal_hot_time, optimal_times,
                                    time_allocation_objective, time_factor)
from noneq.otto.counting import CURRENTS, SCHEMES, cycle_strokes, scaled_cumulants
from noneq.otto.counting_dense import scgf, tilted_map
from noneq.otto.counting_cycles import cycle_cumulants, heat_distribution, lattice_unit
from noneq.otto.cycle import CycleResult, heat_exchange, limit_cycle, populations_along_cycle
from noneq.otto.model import OttoCycle, check_levels
from noneq.otto.nlevel import optimal_frequencies_numeric
from noneq.otto.observables import (Estimate, chi, cooling_rate, cop, efficiency, entropy_production,
                                    fluctuation_theorem, mean_and_error, mean_energy_levels, mode, power)
from noneq.otto.onsager import coupling_strength, fluxes, lit_cop_at_max_chi, onsager_matrix
from noneq.otto.optimum import (frequency_conditions, high_temperature_optimum, optimal_engine,
                                optimal_refrigerator)
from noneq.otto.quantum_strokes import (QuantumCycleResult, isochore_map, ladder_coupling, quantum_limit_cycle,
                                        stroke_unitary, transition_probability)
from noneq.otto.trajectories import cycle_fluctuations
from noneq.otto.uncertainty import counting_statistics, scaled_in_time

__all__ = [
    "OttoCycle",
    "check_levels",
    "CycleResult",
    "limit_cycle",
    "heat_exchange",
    "populations_along_cycle",
    "cop",
    "cooling_rate",
    "chi",
    "efficiency",
    "power",
    "entropy_production",
    "mode",
    "mean_energy_levels",
    "Estimate",
    "mean_and_error",
    "fluctuation_theorem",
    "delta_n_eq",
    "time_factor",
    "closed_form_limit_cycle",
    "chi_closed_form",
    "chi_high_temperature",
    "cop_ca",
    "cop_plus",
    "eta_ca",
    "optimal_hot_time",
    "time_allocation_objective",
    "TimeAllocation",
    "optimal_times",
    "optimal_refrigerator",
    "optimal_engine",
    "frequency_conditions",
    "high_temperature_optimum",
    "optimal_frequencies_numeric",
    "onsager_matrix",
    "fluxes",
    "coupling_strength",
    "lit_cop_at_max_chi",
    "cycle_fluctuations",
    "QuantumCycleResult",
    "quantum_limit_cycle",
    "stroke_unitary",
    "isochore_map",
    "ladder_coupling",
    "transition_probability",
    "CURRENTS",
    "SCHEMES",
    "cycle_strokes",
    "tilted_map",
    "scgf",
    "scaled_cumulants",
    "cycle_cumulants",
    "heat_distribution",
    "lattice_unit",
    "counting_statistics",
    "scaled_in_time",
]
