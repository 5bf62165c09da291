"""Finite-time quantum Otto machines (Yuan et al., arXiv:1408.4917, with the corrections of
shared/papers/NOTES.md): two-level and N-level working substances, refrigerator and engine, limit cycles from the
master equation, closed forms, optimal frequencies and times, Onsager description, quantum-jump fluctuations and
finite-time quantum adiabats. hbar = k_B = 1; heats are absorbed by the working substance, W is done on it.

Example
-------
>>> from noneq.otto import OttoCycle, limit_cycle, cop, optimal_refrigerator
>>> u, v, eps_star = optimal_refrigerator([2.0])
>>> r = limit_cycle(OttoCycle(w_a=1.0, w_b=2.0, T_c=1.0, T_h=3.0, gamma_c=1.0, gamma_h=1.0, tau_c=1.0, tau_h=1.0))
>>> round(cop(r), 6)
1.0
"""

from noneq.otto.closed_form import (chi_closed_form, delta_n_eq, eps_ca, eps_plus, eta_ca, excited_populations,
                                    heats, optimal_hot_time, optimal_times, time_factor)
from noneq.otto.cycle import CycleResult, limit_cycle, populations_along_cycle
from noneq.otto.model import OttoCycle
from noneq.otto.nlevel import optimal_frequencies_numeric
from noneq.otto.observables import chi, cooling_rate, cop, efficiency, entropy_production, mode, power
from noneq.otto.onsager import coupling_strength, lit_cop_at_max_chi, onsager_matrix
from noneq.otto.optimum import (frequency_conditions, high_temperature_optimum, optimal_engine,
                                optimal_refrigerator)
from noneq.otto.quantum_strokes import QuantumCycleResult, quantum_limit_cycle, stroke_unitary
from noneq.otto.trajectories import cycle_fluctuations, fluctuation_theorem, mean_and_error

__all__ = [
    "OttoCycle",
    "CycleResult",
    "limit_cycle",
    "populations_along_cycle",
    "cop",
    "cooling_rate",
    "chi",
    "efficiency",
    "power",
    "entropy_production",
    "mode",
    "delta_n_eq",
    "time_factor",
    "excited_populations",
    "heats",
    "chi_closed_form",
    "eps_ca",
    "eps_plus",
    "eta_ca",
    "optimal_hot_time",
    "optimal_times",
    "optimal_refrigerator",
    "optimal_engine",
    "frequency_conditions",
    "high_temperature_optimum",
    "optimal_frequencies_numeric",
    "onsager_matrix",
    "coupling_strength",
    "lit_cop_at_max_chi",
    "cycle_fluctuations",
    "fluctuation_theorem",
    "mean_and_error",
    "QuantumCycleResult",
    "quantum_limit_cycle",
    "stroke_unitary",
]
