"""The quantum kicked top (Neill et al., Nature Physics 12, 1037 (2016)) and its classical limit.

`model` (KickedTop, Decoherence: validated parameters, the Floquet operator), `quantum` (pure-state dynamics of
batches of coherent states), `decoherence` (the 2j-qubit register with T1 and T2), `classical` (the classical
map, Lyapunov exponents, classical ensembles), `observables` (Bloch vectors, entropies in bits, overlap with the
microcanonical ensemble), `maps` (entropy maps over a grid of initial states, as datasets), `system` (the
``noneq run kicked-top`` face). The paper's figures and claims live in the subpackage ``paper``.
"""

from noneq.kicked_top.classical import (angles_from_xyz, classical_kick, classical_orbits, coherent_cloud,
                                        ensemble_entropy, finite_time_lyapunov, random_sphere_points)
from noneq.kicked_top.decoherence import evolve_register, kick_superoperator, register_states
from noneq.kicked_top.maps import classical_maps, entropy_map
from noneq.kicked_top.model import Decoherence, KickedTop
from noneq.kicked_top.observables import (bloch_vectors, connected_correlation_weight, entropy_from_bloch,
                                          overlap_with_microcanonical, qubit_density_matrices, running_average)
from noneq.kicked_top.quantum import coherent_batch, floquet_kicks, propagate_observe
from noneq.kicked_top.system import run_kicked_top

__all__ = ["Decoherence", "KickedTop", "angles_from_xyz", "bloch_vectors", "classical_kick", "classical_maps",
           "classical_orbits", "coherent_batch", "coherent_cloud", "connected_correlation_weight",
           "ensemble_entropy", "entropy_from_bloch", "entropy_map", "evolve_register", "finite_time_lyapunov",
           "floquet_kicks", "kick_superoperator", "overlap_with_microcanonical", "propagate_observe",
           "qubit_density_matrices", "random_sphere_points", "register_states", "run_kicked_top",
           "running_average"]
