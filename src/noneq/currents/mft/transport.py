"""Transport coefficients D(rho), sigma(rho) of a diffusive system, and the equilibrium two-time covariance they fix.

Bottom layer of `noneq.currents.mft` beside `kernels` (imports nothing from the subpackage). Exposes `Transport`,
the table `TRANSPORT` (hop rate 1 each way: independent walkers D = 1, sigma = 2 rho; SEP D = 1,
sigma = 2 rho (1 - rho); KMP D = 1, sigma = 2 rho^2) and `equilibrium_covariance`, eqs. (48)-(49) of the paper
(correct as printed, docs/papers/currents.md), density rho on both sides, t1, t2 > 0:

    quenched:  <Q(t1) Q(t2)>_c = sigma(rho) / (2 sqrt(pi D(rho))) [sqrt(t1 + t2) - sqrt(|t2 - t1|)]
    annealed:  <Q(t1) Q(t2)>_c = sigma(rho) / (2 sqrt(pi D(rho))) [sqrt(t1) + sqrt(t2) - sqrt(|t2 - t1|)]

Equal times: annealed / quenched = 2 / sqrt(2) = sqrt(2). The optimal-path equations themselves are solved in
`noneq.currents.mft.solver`; at equilibrium their second order (`noneq.currents.mft.response`) reproduces these.

Examples
--------
>>> round(float(equilibrium_covariance(TRANSPORT["sep"], 0.5, 1.0, 1.0, "annealed")), 4)
0.2821
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from noneq.core.errors import bad_value
from noneq.core.validation import real, real_array
from noneq.currents.model import check_average


@dataclass(frozen=True)
class Transport:
    """Diffusivity D(rho) and mobility sigma(rho) of a diffusive system.

    Parameters
    ----------
    name : str
        For display and error messages.
    D, sigma : callable
        rho -> D(rho), sigma(rho); vectorised callables are used as such, polynomials (up to degree 6) are
        recognised and run compiled in the solver.

    Examples
    --------
    >>> kmp = Transport("Kipnis-Marchioro-Presutti", lambda rho: 1.0, lambda rho: 2.0 * rho ** 2)
    >>> kmp.sigma(0.5)
    0.5
    """

    name: str
    D: Callable[[float], float]
    sigma: Callable[[float], float]


TRANSPORT = {
    "independent": Transport("independent walkers", lambda rho: 1.0, lambda rho: 2.0 * rho),
    "sep": Transport("symmetric exclusion", lambda rho: 1.0, lambda rho: 2.0 * rho * (1.0 - rho)),
    "kmp": Transport("Kipnis-Marchioro-Presutti", lambda rho: 1.0, lambda rho: 2.0 * rho ** 2),
}


def equilibrium_covariance(transport: Transport, rho: float, t1, t2, average: str):
    """Equilibrium two-time current covariance <Q(t1) Q(t2)>_c, eqs. (48) (quenched) and (49) (annealed).

    Parameters
    ----------
    transport : Transport
        D and sigma of the system.
    rho : float
        The density on both sides (D(rho) > 0).
    t1, t2 : float or array
        Observation times (broadcast together), in units of the inverse hop rate.
    average : {"annealed", "quenched"}

    Returns
    -------
    float or ndarray
        Covariance in particles^2.

    Examples
    --------
    >>> a = equilibrium_covariance(TRANSPORT["independent"], 0.3, 2.0, 2.0, "annealed")
    >>> q = equilibrium_covariance(TRANSPORT["independent"], 0.3, 2.0, 2.0, "quenched")
    >>> round(float(a / q), 6)  # sqrt(2)
    1.414214
    """
    check_average(average)
    if not isinstance(transport, Transport):
        raise bad_value("transport", type(transport).__name__, "a noneq.currents.Transport (e.g. TRANSPORT['sep'])")
    rho = real("rho", rho, minimum=0.0)
    D, sigma = float(transport.D(rho)), float(transport.sigma(rho))
    if not (math.isfinite(D) and D > 0 and math.isfinite(sigma) and sigma >= 0):
        raise bad_value("rho", rho, f"a density where D(rho) > 0 and sigma(rho) >= 0 for {transport.name}")
    t1, t2 = (real_array(name, t, minimum=0.0, exclusive_minimum=True) for name, t in (("t1", t1), ("t2", t2)))
    lag = np.sqrt(np.abs(t2 - t1))
    bracket = (np.sqrt(t1 + t2) - lag) if average == "quenched" else (np.sqrt(t1) + np.sqrt(t2) - lag)
    return sigma / (2 * np.sqrt(np.pi * D)) * bracket
