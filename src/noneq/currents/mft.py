"""Macroscopic fluctuation theory at equilibrium: two-time current correlations for any D(rho), sigma(rho).

Draft eqs. (48), (49) (correct, NOTES.md), density rho on both sides, t1, t2 > 0:

    quenched:  <Q(t1) Q(t2)>_c = sigma(rho) / (2 sqrt(pi D(rho))) [sqrt(t1 + t2) - sqrt(|t2 - t1|)]
    annealed:  <Q(t1) Q(t2)>_c = sigma(rho) / (2 sqrt(pi D(rho))) [sqrt(t1) + sqrt(t2) - sqrt(|t2 - t1|)]

Equal times: annealed / quenched = 2 / sqrt(2) = sqrt(2). Transport coefficients (hop rate 1 each way):
independent walkers D = 1, sigma = 2 rho; SEP D = 1, sigma = 2 rho (1 - rho); KMP D = 1, sigma = 2 rho^2.

The optimal-path equations (8)-(11) themselves (any D, sigma, step initial condition, annealed or quenched, any
history weight, all orders in lambda) are solved numerically in `noneq.currents.mft_solver` (`solve_mft`, and
`linear_response` for the second order); at equilibrium its second order reproduces the formulas above.

Example
-------
>>> round(float(equilibrium_covariance(TRANSPORT["sep"], 0.5, 1.0, 1.0, "annealed")), 4)
0.2821
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from noneq.core.errors import bad_value
from noneq.currents.model import check_average


@dataclass(frozen=True)
class Transport:
    """Diffusivity D(rho) and mobility sigma(rho) of a diffusive system (name for display)."""

    name: str
    D: Callable[[float], float]
    sigma: Callable[[float], float]


TRANSPORT = {
    "independent": Transport("independent walkers", lambda rho: 1.0, lambda rho: 2.0 * rho),
    "sep": Transport("symmetric exclusion", lambda rho: 1.0, lambda rho: 2.0 * rho * (1.0 - rho)),
    "kmp": Transport("Kipnis-Marchioro-Presutti", lambda rho: 1.0, lambda rho: 2.0 * rho ** 2),
}


def equilibrium_covariance(transport: Transport, rho: float, t1, t2, average: str):
    """Eqs. (48) / (49): equilibrium two-time current covariance for ``transport`` at density ``rho``."""
    check_average(average)
    D, sigma = float(transport.D(rho)), float(transport.sigma(rho))
    if D <= 0:
        raise bad_value("rho", rho, f"a density where D(rho) > 0 for {transport.name}")
    t1, t2 = np.asarray(t1, float), np.asarray(t2, float)
    lag = np.sqrt(np.abs(t2 - t1))
    bracket = (np.sqrt(t1 + t2) - lag) if average == "quenched" else (np.sqrt(t1) + np.sqrt(t2) - lag)
    return sigma / (2 * np.sqrt(np.pi * D)) * bracket
