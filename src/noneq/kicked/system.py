"""The kicked particles registered as the noneq system ``kicked`` (parameters, outputs, experiments)."""

from __future__ import annotations

import math

from noneq.core.params import Parameter
from noneq.core.system import Output, System
from noneq.kicked.model import INTERACTIONS
from noneq.kicked.simulate import check_combination, run_kicked

MAX_KICKS = 100_000

PARAMETERS = (
    Parameter("method", "quantum", "", "dynamics: quantum (wave function) or classical (trajectory ensemble)",
              kind=str, choices=("quantum", "classical")),
    Parameter("particles", 1, "1", "1: the single kicked particle (random-kick model when noise_W > 0); "
              "2: the interacting pair", kind=int, minimum=1, maximum=2),
    Parameter("K1", 1.8, "1", "kick strength of particle 1 (potential K1 cos x1 once per period)"),
    Parameter("K2", 0.0, "1", "kick strength of particle 2"),
    Parameter("m", 0.001, "1", "mass ratio m2/m1", minimum=0.0, exclusive_minimum=True),
    Parameter("eps", 2.0, "1", "interaction strength (eps G(x1 - x2))"),
    Parameter("lam", 10.0, "1", "interaction width parameter lambda", minimum=0.0, exclusive_minimum=True),
    Parameter("interaction", "gaussian", "", "G(d): gaussian exp(-lam d^2) (NOTES.md default) or inverse "
              "exp(-d^2/lam)", kind=str, choices=INTERACTIONS),
    Parameter("L", math.pi, "1", "width of the square well (accepts pi)", minimum=0.0, exclusive_minimum=True),
    Parameter("hbar_eff", 0.05, "1", "effective Planck constant", minimum=0.0, exclusive_minimum=True),
    Parameter("kicks", 100, "1", "number of kick periods t_f", kind=int, minimum=1, maximum=MAX_KICKS),
    Parameter("seed", 0, "1", "root seed of the random draws (initial ensemble, kick noise)", kind=int,
              minimum=0),
    Parameter("trajectories", 10_000, "1", "classical ensemble size", kind=int, minimum=2, maximum=10_000_000),
    Parameter("steps_per_kick", 0, "1", "classical velocity-Verlet steps per period (0: automatic, from "
              "tolerance)", kind=int, minimum=0, maximum=1_000_000),
    Parameter("tolerance", 1e-3, "1", "classical step control: target error of p1 per period (90% of "
              "trajectories)", minimum=0.0, exclusive_minimum=True, maximum=0.5),
    Parameter("noise_W", 0.0, "1", "random-kick model: K1 -> K1 + dK_n, dK_n uniform in [-W, W]", minimum=0.0),
    Parameter("realizations", 50, "1", "random-kick realizations averaged over", kind=int, minimum=1,
              maximum=100_000),
    Parameter("modes1", 0, "1", "sine modes of particle 1 (0: automatic; two particles: grown with the state; odd "
              "values run the parity sectors on two threads)", kind=int, minimum=0, maximum=1_000_000),
    Parameter("modes2", 0, "1", "sine modes of particle 2 (0: automatic; two particles: grown with the state)",
              kind=int, minimum=0, maximum=4096),
    Parameter("substeps", 0, "1", "Strang sub-steps per period, two-particle quantum (0: automatic, from a "
              "pilot run and the sub-step guard; m = 0.001 needs several hundred)", kind=int, minimum=0,
              maximum=1_000_000),
    Parameter("strict", True, "", "raise NumericalError when a resolution guard fails (else flag the result)",
              kind=bool),
)

OUTPUTS = (
    Output("p1_sq", ("kick",), "1", "<p1^2> after each period (ensemble / realization mean)"),
    Output("p1_sq_final", (), "1", "<p1^2> after the last period"),
    Output("D", (), "1", "diffusion coefficient p1_sq_final / kicks"),
    Output("purity", ("kick",), "1", "purity Tr rho_1^2 (quantum, two particles)"),
    Output("purity_final", (), "1", "purity after the last period (quantum, two particles)"),
    Output("momentum_distribution", ("momentum",), "1", "final momentum distribution of particle 1"),
    Output("resolved", (), "", "quantum: all resolution guards passed"),
    Output("substeps", (), "1", "quantum, two particles: Strang sub-steps per period used (automatic when 0)"),
    Output("steps_per_period", (), "1", "classical: mean velocity-Verlet steps per period and trajectory"),
    Output("step_error", (), "1", "classical: estimated error of p1 per period (step guard)"),
)

SYSTEM = System(
    name="kicked",
    title="Two interacting kicked particles: quantum-to-classical transition",
    paper="Zhao and Jie, Chin. Phys. B (kicked_particles_quantum_classical.md)",
    parameters=PARAMETERS,
    outputs=OUTPUTS,
    run_function=run_kicked,
    check_combination=check_combination,
)
