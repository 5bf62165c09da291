"""Two interacting kicked particles in a square well: the quantum-to-classical transition (Zhao and Jie).

The model (`model`: `KickedParticles`), its dynamics - classical ensembles with exact walls and step control
(`classical`, compiled kernels in `classical_kernels`), particle 1 alone and the random-kick model (`single`),
the interacting pair (`two_particle`: `evolve_two`; one period in `propagator`, its parity sectors in `sectors`
and `sector_kernels`, its sub-step control in `substeps`), on the sine basis of the well (`basis`) that grows with
the state (`growth`) under resolution guards (`guards`) - observables (`observables`), what runs cost (`costs`),
checkpoints and progress of long runs (`longrun`), and the ``noneq run kicked`` face (`system`). The paper's
figures and claims live in `noneq.kicked.paper`; the paper in our words, with the reconstructed model:
docs/papers/kicked.md.
"""

from noneq.kicked.classical import ClassicalRun, Ensemble, initial_ensemble, integrate
from noneq.kicked.model import KickedParticles
from noneq.kicked.propagator import Propagator
from noneq.kicked.single import SingleResult, evolve_single
from noneq.kicked.system import run_kicked
from noneq.kicked.two_particle import TwoResult, evolve_two

__all__ = ["KickedParticles", "Ensemble", "ClassicalRun", "initial_ensemble", "integrate", "SingleResult",
           "evolve_single", "Propagator", "TwoResult", "evolve_two", "run_kicked"]
