"""Two interacting kicked particles in a square well: quantum-to-classical transition (Zhao & Jie).

Model (`model`), classical ensembles (`classical`), quantum single particle and random kicks (`single`), the
interacting pair (`two_particle`), resolution guards (`guards`), observables (`observables`), the ``noneq run
kicked`` dataset (`simulate`) and the paper's experiments (`paper`, `paper_noise`). See shared/papers/NOTES.md.
"""

from noneq.kicked.classical import Ensemble, auto_steps, evolve_ensemble, initial_ensemble
from noneq.kicked.model import KickedParticles
from noneq.kicked.simulate import run_kicked
from noneq.kicked.single import evolve_single
from noneq.kicked.two_particle import Propagator, evolve_two

__all__ = ["KickedParticles", "Ensemble", "initial_ensemble", "evolve_ensemble", "auto_steps", "evolve_single",
           "evolve_two", "Propagator", "run_kicked"]
