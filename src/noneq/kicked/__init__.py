"""Two interacting kicked particles in a square well: quantum-to-classical transition (Zhao & Jie).

Model (`model`), classical ensembles with exact walls and step control (`classical`, kernels in
`classical_kernels`), quantum single particle and random kicks (`single`), the interacting pair with automatic
sub-steps (`two_particle`), resolution guards (`guards`), observables and fits (`observables`, `fits`), the
``noneq run kicked`` dataset (`simulate`) and the paper's experiments: Fig. 1 (`paper`), Fig. 2
(`paper_quantum`), Fig. 3 (`paper_noise`, `paper_random`), Fig. 4 (`paper_phase`), Fig. 5 (`paper_purity`),
sharing point functions (`paper_runs`). See shared/papers/NOTES.md.
"""

from noneq.kicked.classical import Ensemble, auto_steps, evolve_ensemble, initial_ensemble, integrate
from noneq.kicked.model import KickedParticles
from noneq.kicked.simulate import run_kicked
from noneq.kicked.single import evolve_single
from noneq.kicked.two_particle import Propagator, evolve_two

__all__ = ["KickedParticles", "Ensemble", "initial_ensemble", "evolve_ensemble", "integrate", "auto_steps",
           "evolve_single",
           "evolve_two", "Propagator", "run_kicked"]
