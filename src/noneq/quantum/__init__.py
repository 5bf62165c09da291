"""Finite-dimensional quantum toolkit: states, operators, information measures and superoperators (hbar = 1).

Every function taking an operator or state also accepts a ``qutip.Qobj`` (qutip is not imported here).
Tensor ordering: subsystem / qubit 0 is the leftmost kron factor.  Spin bases are ordered m = j, ..., -j.
"""

from noneq.quantum.measures import (
    binary_entropy,
    fidelity,
    mutual_information,
    partial_trace,
    purity,
    relative_entropy,
    von_neumann_entropy,
)
from noneq.quantum.operators import (
    PAULI,
    pauli_expectations,
    pauli_labels,
    pauli_string,
    spin_jplus,
    spin_jz_diagonal,
    spin_operators,
    symmetric_embedding,
)
from noneq.quantum.superoperators import (
    apply_superoperator,
    commutator_generator,
    dissipator,
    fixed_point,
    lindblad_generator,
    null_vector,
    steady_state,
    unvec,
    vec,
)
from noneq.quantum.states import (
    bloch_vector_from_angles,
    random_density_matrix,
    random_pure_state,
    spin_coherent_state,
    thermal_state,
)

__all__ = [
    "von_neumann_entropy",
    "relative_entropy",
    "partial_trace",
    "purity",
    "fidelity",
    "mutual_information",
    "binary_entropy",
    "thermal_state",
    "spin_coherent_state",
    "bloch_vector_from_angles",
    "random_pure_state",
    "random_density_matrix",
    "spin_operators",
    "spin_jz_diagonal",
    "spin_jplus",
    "PAULI",
    "pauli_string",
    "pauli_labels",
    "pauli_expectations",
    "symmetric_embedding",
    "vec",
    "unvec",
    "commutator_generator",
    "dissipator",
    "lindblad_generator",
    "apply_superoperator",
    "null_vector",
    "fixed_point",
    "steady_state",
]
