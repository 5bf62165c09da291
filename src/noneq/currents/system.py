"""Integrated-current fluctuations of 1D diffusive systems, registered as the noneq system ``currents``."""

from __future__ import annotations

from noneq.core.params import Parameter
from noneq.core.system import Output, System
from noneq.currents.model import AVERAGES, MAX_BOND_DISTANCE, MODELS
from noneq.currents.run import METHODS, check_combination, run_currents

MAX_TIME = 200.0  # the exact SEP solve at t = 200 takes ~15 s of CPU ((2L)^2 correlations, L = 145); keep runs short

PARAMETERS = (
    Parameter("model", "sep", "", "particles: independent walkers or symmetric simple exclusion", kind=str,
              choices=MODELS),
    Parameter("method", "exact", "", "exact (lattice), mft (macroscopic), montecarlo", kind=str,
              choices=tuple(METHODS)),
    Parameter("average", "annealed", "", "annealed (random initial state) or quenched (fixed initial state)",
              kind=str, choices=AVERAGES),
    Parameter("rho_a", 0.5, "1", "mean density left of the origin (sites <= 0); in [0, 1] for SEP",
              minimum=0.0),
    Parameter("rho_b", 0.5, "1", "mean density right of the origin (sites >= 1); in [0, 1] for SEP",
              minimum=0.0),
    Parameter("t1", 5.0, "1/hop rate", "first observation time", minimum=0.0, exclusive_minimum=True,
              maximum=MAX_TIME),
    Parameter("t2", 10.0, "1/hop rate", "second observation time (> t1)", minimum=0.0, exclusive_minimum=True,
              maximum=MAX_TIME),
    Parameter("seed", 12345, "1", "root seed of the Monte Carlo", kind=int, minimum=0),
    Parameter("realizations", 20000, "1", "Monte Carlo realizations", kind=int, minimum=40, maximum=10 ** 8),
    Parameter("configurations", 0, "1", "quenched Monte Carlo: initial configurations (0: realizations / 50)",
              kind=int, minimum=0),
    Parameter("bond1", 0, "sites", "bond of Q(t1): bond b joins sites b and b + 1 (0: the origin bond)", kind=int,
              minimum=-MAX_BOND_DISTANCE, maximum=MAX_BOND_DISTANCE),
    Parameter("bond2", 0, "sites", "bond of Q(t2) (cov_q_t1_t2 = <Q_bond1(t1) Q_bond2(t2)>_c)", kind=int,
              minimum=-MAX_BOND_DISTANCE, maximum=MAX_BOND_DISTANCE),
    Parameter("half_width", 0, "sites", "lattice half-width L (0: the smallest safe one for t2)", kind=int,
              minimum=0),
)

OUTPUTS = (
    Output("mean_q_t1", (), "particles", "<Q(t1)> (at bond1)"),
    Output("mean_q_t2", (), "particles", "<Q(t2)> (at bond2)"),
    Output("var_q_t1", (), "particles^2", "<Q(t1)^2>_c (at bond1)"),
    Output("var_q_t2", (), "particles^2", "<Q(t2)^2>_c (at bond2)"),
    Output("cov_q_t1_t2", (), "particles^2", "<Q_bond1(t1) Q_bond2(t2)>_c"),
    Output("stderr_*", (), "", "Monte Carlo standard errors of the above (method=montecarlo)"),
)

SYSTEM = System(
    name="currents",
    title="Multi-time correlations of the integrated current in 1D diffusive systems (SEP, independent walkers)",
    paper="shared/papers/current_correlations_diffusive.md (draft; corrections in NOTES.md)",
    parameters=PARAMETERS,
    outputs=OUTPUTS,
    run_function=run_currents,
    check_combination=check_combination,
)
