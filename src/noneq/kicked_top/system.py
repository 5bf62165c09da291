"""The kicked top registered as the noneq system ``kicked-top`` (parameters, outputs, experiments)."""

from __future__ import annotations

import math

from noneq.core.params import Parameter
from noneq.core.system import Output, System
from noneq.kicked_top.model import MAX_J
from noneq.kicked_top.simulate import check_combination, run_kicked_top


def _half_integer(value: float) -> str | None:
    return None if (2 * value).is_integer() else "a positive integer or half-integer (2j an integer)"


PARAMETERS = (
    Parameter("j", 1.5, "1", "total spin (2j qubits); j = 3/2 is the paper's three-qubit register",
              minimum=0.5, maximum=MAX_J, check=_half_integer,
              allowed_text=f"a positive integer or half-integer <= {MAX_J:g}"),
    Parameter("kappa", 0.5, "1", "twist (interaction) strength kappa"),
    Parameter("p", math.pi / 2, "rad", "rotation angle about y per step (accepts pi/2)"),
    Parameter("theta", math.pi / 2, "rad", "initial polar angle theta_0 (Bloch vector cos theta along z)",
              minimum=0.0, maximum=math.pi),
    Parameter("phi", 0.0, "rad",
              "initial azimuth phi_0, paper eq. (4): Bloch vector (sin th cos ph, -sin th sin ph, cos th)"),
    Parameter("steps", 20, "1", "number of Floquet steps", kind=int, minimum=1, maximum=100000),
    Parameter("include_initial", False, "", "time averages over n = 0..steps instead of 1..steps", kind=bool),
    Parameter("t1", math.inf, "us", "qubit energy relaxation time T1 (inf: none; needs 2j <= 5)",
              minimum=0.0, exclusive_minimum=True, allow_infinity=True),
    Parameter("t2", math.inf, "us", "qubit coherence time T2 <= 2 T1 (inf: none; needs 2j <= 5)",
              minimum=0.0, exclusive_minimum=True, allow_infinity=True),
    Parameter("rotation_time", 20.0, "ns", "duration of the y-rotation pulse (decoherence model)",
              minimum=0.0, exclusive_minimum=True),
    Parameter("interaction_time_per_kappa", 10.0, "ns",
              "interaction pulse duration per unit kappa (paper: 25 ns at kappa = 2.5)",
              minimum=0.0, exclusive_minimum=True),
)

OUTPUTS = (
    Output("bloch", ("step", "component"), "1", "single-qubit Bloch vector <J>/j at each step"),
    Output("entropy", ("step",), "bit", "single-qubit entanglement entropy at each step"),
    Output("mean_entropy", (), "bit", "entropy averaged over steps 1..steps (0..steps with include_initial)"),
    Output("final_entropy", (), "bit", "entropy after the last step"),
    Output("overlap", (), "1", "root fidelity of the time-averaged register state with the microcanonical "
           "ensemble P_sym/(2j+1) (2j <= 5)"),
    Output("overlap_vs_steps", ("step",), "1", "the same overlap for the average up to each step (2j <= 5)"),
    Output("purity", ("step",), "1", "register purity Tr rho^2 (2j <= 5)"),
    Output("pauli_values", ("step", "pauli"), "1", "expectation values of the 63 Pauli strings (j = 3/2)"),
)

SYSTEM = System(
    name="kicked-top",
    title="Quantum kicked top: entanglement, chaos and ergodicity",
    paper="Neill et al., Nature Physics 12, 1037 (2016)",
    parameters=PARAMETERS,
    outputs=OUTPUTS,
    run_function=run_kicked_top,
    check_combination=check_combination,
)
