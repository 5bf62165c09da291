"""The quantum kicked top (Neill et al., Nature Physics 12, 1037 (2016)).

Model and operators in `model`, pure-state dynamics in `quantum`, the decohering qubit register in
`decoherence`, the classical map in `classical`, observables in `observables`, grid maps in `maps`, one run in
`simulate`, and the paper's experiments in `paper`.
"""

from noneq.kicked_top.classical import classical_orbits, classical_step, finite_time_lyapunov
from noneq.kicked_top.decoherence import Decoherence, evolve_register
from noneq.kicked_top.maps import classical_maps, entropy_map, paper_grid
from noneq.kicked_top.model import KickedTop
from noneq.kicked_top.observables import (bloch_vectors, entropy_from_bloch, overlap_with_microcanonical,
                                          running_average)
from noneq.kicked_top.quantum import floquet_steps, propagate_observe
from noneq.kicked_top.simulate import run_kicked_top

__all__ = ["Decoherence", "KickedTop", "bloch_vectors", "classical_maps", "classical_orbits", "classical_step",
           "entropy_from_bloch", "entropy_map", "evolve_register", "finite_time_lyapunov", "floquet_steps",
           "overlap_with_microcanonical", "paper_grid", "propagate_observe", "run_kicked_top",
           "running_average"]
