"""The finite-time quantum Otto machine registered as the noneq system ``otto`` (parameters, outputs,
experiments)."""

from __future__ import annotations

from noneq.core.params import Parameter
from noneq.core.system import Output, System
from noneq.otto.simulate import check_combination, run_otto

PARAMETERS = (
    Parameter("eps_c", 2.0, "1", "Carnot COP T_c / (T_h - T_c); the optimum over w_a, w_b is computed",
              minimum=0.0, exclusive_minimum=True),
    Parameter("T_c", 1.0, "energy", "cold bath temperature (k_B = 1)", minimum=0.0, exclusive_minimum=True),
    Parameter("gamma_c", 1.0, "1/time", "cold bath coupling rate gamma_c", minimum=0.0, exclusive_minimum=True),
    Parameter("gamma_h", 1.0, "1/time", "hot bath coupling rate gamma_h", minimum=0.0, exclusive_minimum=True),
    Parameter("tau_adi", 1.0, "time", "total time of both adiabats", minimum=0.0, exclusive_minimum=True),
    Parameter("tau_c", 0.0, "time", "cold isochore time (0 with tau_h = 0: optimal allocation, eq. 20)",
              minimum=0.0),
    Parameter("tau_h", 0.0, "time", "hot isochore time (0 with tau_c = 0: optimal allocation, eq. 20)",
              minimum=0.0),
    Parameter("w_a", 0.0, "energy", "cold-isochore frequency (0 with w_b = 0: the optimum)", minimum=0.0),
    Parameter("w_b", 0.0, "energy", "hot-isochore frequency > w_a (0 with w_a = 0: the optimum)", minimum=0.0),
    Parameter("n_levels", 2, "1", "levels of the working substance, spectrum w (1, 2, ..., n)", kind=int,
              minimum=2, maximum=30),
    Parameter("machine", "refrigerator", "",
              "optimize chi (refrigerator) or power (engine, eta_C = 1/(1 + eps_c))", kind=str,
              choices=("refrigerator", "engine")),
)

OUTPUTS = (
    Output("eps_star", (), "1", "COP at maximum chi (refrigerator)"),
    Output("eps", (), "1", "COP of the reported cycle (the optimum unless w_a, w_b are given)"),
    Output("eps_ca", (), "1", "Curzon-Ahlborn COP sqrt(1 + eps_C) - 1"),
    Output("eps_plus", (), "1", "upper bound (sqrt(9 + 8 eps_C) - 3) / 2"),
    Output("beta_c_w_a", (), "1", "optimal beta_c w_a"),
    Output("beta_h_w_b", (), "1", "optimal beta_h w_b"),
    Output("Q_c", (), "energy", "heat absorbed from the cold bath per cycle"),
    Output("chi", (), "energy/time", "figure of merit eps Q_c / t_cycle"),
    Output("entropy_production", (), "1", "entropy production per cycle"),
    Output("eta_star", (), "1", "efficiency at maximum power (engine)"),
    Output("populations", ("phase", "level"), "1", "limit-cycle populations along one cycle"),
    Output("time", ("phase",), "time", "time at each phase t / t_cycle of the cycle"),
)

SYSTEM = System(
    name="otto",
    title="Finite-time quantum Otto refrigerator (and engine) with a two-level or N-level working substance",
    paper="Yuan, Wang, He, Ma, Wang, arXiv:1408.4917 (2014)",
    parameters=PARAMETERS,
    outputs=OUTPUTS,
    run_function=run_otto,
    check_combination=check_combination,
)
