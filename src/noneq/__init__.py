"""noneq: a Python laboratory for nonequilibrium physics.

Layers: `noneq.quantum` (quantum-information toolkit), `noneq.core` (parameters, results, registry),
one package per physical system (`noneq.kicked_top`, ...), `noneq.reproduce` (paper figures and claims), and
the ``noneq`` command line. Importing noneq imports no system and has no side effects.
"""

from noneq._version import __version__
from noneq.core.registry import get_system, system_names

__all__ = ["__version__", "get_system", "system_names"]
