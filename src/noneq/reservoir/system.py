"""The spin-GORM model registered as the noneq system ``reservoir`` (parameters, outputs, experiments)."""

from __future__ import annotations

from noneq.core.params import Parameter
from noneq.core.system import Output, System
from noneq.reservoir.simulate import AUTO_EIGH_MAX_N, SOLVERS, check_combination, run_reservoir
from noneq.reservoir.spin_gorm import MAX_N
from noneq.reservoir.typicality import DEFAULT_SAMPLES

PARAMETERS = (
    Parameter("N", 200, "1", "number of reservoir levels (equally spaced in [-1/2, 1/2])", kind=int,
              minimum=2, maximum=MAX_N),
    Parameter("delta", 0.1, "energy", "spin splitting Delta (H_s = Delta sigma_z / 2)"),
    Parameter("beta", 10.0, "1/energy", "initial inverse temperature of the reservoir", minimum=0.0),
    Parameter("lam", 0.1, "energy", "coupling strength lambda (V = lambda sigma_x R)"),
    Parameter("seed", 0, "1", "seed of the GOE draw of R", kind=int, minimum=0),
    Parameter("t_max", 500.0, "1/energy", "final time (hbar = 1)", minimum=0.0, exclusive_minimum=True),
    Parameter("n_times", 201, "1", "number of equally spaced output times in [0, t_max]", kind=int,
              minimum=2),
    Parameter("solver", "auto", "1", f"eigh (exact, dense 2N x 2N), typicality (Chebyshev, random-phase states, "
              f"error bars), components (Chebyshev, thermal components) or auto (eigh up to N = {AUTO_EIGH_MAX_N})",
              kind=str, choices=SOLVERS),
    Parameter("samples", DEFAULT_SAMPLES, "1", "random-phase vectors of the typicality solver", kind=int,
              minimum=2),
)

OUTPUTS = (
    Output("sz", ("time",), "1", "exact <sigma_z>_t (also sx, sy)"),
    Output("system_entropy", ("time",), "nat", "spin entropy S(t)"),
    Output("heat", ("time",), "energy", "heat out of the reservoir Q = <H_r>_0 - <H_r>_t"),
    Output("entropy_production", ("time",), "nat", "exact Delta_i S, eq. (10)"),
    Output("entropy_production_bar", ("time",), "nat", "exact Delta_i S_bar, eq. (25)"),
    Output("entropy_production_bar_qme", ("time",), "nat", "Redfield (QME) Delta_i S_bar"),
    Output("sz_redfield", ("time",), "1", "Redfield <sigma_z>_t, eq. (30)"),
    Output("gamma_redfield", (), "energy", "Redfield rate gamma, eq. (31) (N -> infinity bath)"),
    Output("sz_eq_redfield", (), "1", "Redfield equilibrium <sigma_z>"),
    Output("entropy_production_min", (), "nat", "minimum over time of exact Delta_i S"),
    Output("entropy_production_final", (), "nat", "exact Delta_i S at t_max"),
    Output("entropy_production_bar_min", (), "nat", "minimum over time of exact Delta_i S_bar"),
    Output("sz_final", (), "1", "exact <sigma_z> at t_max"),
    Output("entropy_production_error", ("time",), "nat", "solver typicality only: standard error of Delta_i S "
           "(also sz_error, system_entropy_error, heat_error, entropy_production_bar_error)"),
    Output("entropy_production_final_error", (), "nat", "solver typicality only: standard error of "
           "entropy_production_final (also sz_final_error)"),
    Output("truncated_weight", (), "1", "solver components only: discarded Boltzmann weight (error bound)"),
)

SYSTEM = System(
    name="reservoir",
    title="Entropy production with finite reservoirs (spin-GORM)",
    paper="Esposito, Lindenberg & Van den Broeck, New J. Phys. 12, 013013 (2010)",
    parameters=PARAMETERS,
    outputs=OUTPUTS,
    run_function=run_reservoir,
    check_combination=check_combination,
)
