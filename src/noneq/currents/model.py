"""Step-initial-condition current problem as validated data (no solving here).

Conventions used throughout `noneq.currents`:

* Lattice: sites ..., -1, 0, 1, 2, ...; the origin bond joins site 0 and site 1. Each particle hops to each
  neighbour at rate 1 (SEP: only if the target is empty). Continuum limit: D = 1, variance of a free particle's
  displacement 2 t.
* Q(t) counts particles crossing the origin bond left -> right minus right -> left during [0, t] (continuum:
  Q(t) = int_0^inf [rho(x, t) - rho(x, 0)] dx, draft eq. (3)).
* Step initial state: mean density rho_a on sites <= 0 (x < 0), rho_b on sites >= 1 (x > 0). Initial occupations
  are independent: Bernoulli for SEP, Poisson for independent walkers (their equilibrium measures).
* annealed: averages over initial configurations and dynamics together, <.> = E[.].
  quenched: cumulants conditional on the initial configuration, then averaged over it, e.g.
  <Q(t1) Q(t2)>_c,quenched = E_init[Cov(Q(t1), Q(t2) | init)] (the log of the generating function averaged over
  initial configurations; macroscopically: initial profile without fluctuations, draft eq. (12)).

Example
-------
>>> CurrentsModel("sep", 0.75, 0.25).mean_density
0.5
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from scipy.stats import poisson, skellam

from noneq.core.errors import bad_value

MODELS = ("independent", "sep")
AVERAGES = ("annealed", "quenched")
MAX_INDEPENDENT_DENSITY = 1e3  # Poisson occupations: any density works; this only guards against typos
LEAK_PROBABILITY = 1e-12  # a lattice is "large enough" if a walker crosses half of it with at most this probability
MAX_BOND_DISTANCE = 1000  # recorded bonds farther than this would only grow the lattice: a guard against typos
FRONT_PROBABILITY = 1e-9  # Monte Carlo: chance that the wall's causal front (Poisson(t)) reaches the origin


@dataclass(frozen=True)
class CurrentsModel:
    """Particle model and step initial densities.

    model: "independent" (non-interacting walkers) or "sep" (symmetric simple exclusion).
    rho_a, rho_b: mean initial densities left (sites <= 0) and right (sites >= 1) of the origin bond;
    in [0, 1] for SEP, >= 0 for independent walkers.
    """

    model: str
    rho_a: float
    rho_b: float

    def __post_init__(self) -> None:
        if self.model not in MODELS:
            raise bad_value("model", self.model, "one of " + ", ".join(MODELS))
        high = 1.0 if self.model == "sep" else MAX_INDEPENDENT_DENSITY
        for name in ("rho_a", "rho_b"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not math.isfinite(value) or not 0.0 <= value <= high:
                raise bad_value(name, value, f"a density in [0, {high:g}] for model {self.model!r}")
            object.__setattr__(self, name, float(value))

    @property
    def mean_density(self) -> float:
        return 0.5 * (self.rho_a + self.rho_b)

    @property
    def equilibrium(self) -> bool:
        return self.rho_a == self.rho_b

    def occupation_variance(self, rho: np.ndarray | float) -> np.ndarray | float:
        """Variance of one site's initial occupation: rho (1 - rho) for SEP (Bernoulli), rho for walkers (Poisson)."""
        return rho * (1.0 - rho) if self.model == "sep" else rho


def check_average(average: str) -> str:
    if average not in AVERAGES:
        raise bad_value("average", average, "one of " + ", ".join(AVERAGES))
    return average


def check_times(times: Sequence[float], name: str = "times") -> np.ndarray:
    """Observation times: positive, finite and strictly increasing; returned as a float array."""
    t = np.atleast_1d(np.asarray(times, dtype=float))
    if t.ndim != 1 or t.size == 0 or not np.all(np.isfinite(t)):
        raise bad_value(name, list(np.ravel(t)), "a non-empty list of finite times")
    if t[0] <= 0:
        raise bad_value(name, t.tolist(), "times > 0 (T <= 0 has no current)")
    if np.any(np.diff(t) <= 0):
        raise bad_value(name, t.tolist(), "strictly increasing times t1 < t2 < ...")
    return t


def exact_half_width(t_max: float) -> int:
    """Smallest half-width L such that a free walker moves >= L sites by time t_max with probability
    <= LEAK_PROBABILITY (Skellam tail): the lattice [-L, L] then behaves as the infinite line."""
    n = int(math.ceil(math.sqrt(2 * t_max))) + 1
    while 2 * skellam.sf(n - 1, t_max, t_max) > LEAK_PROBABILITY:
        n += max(1, n // 8)
    return n


def montecarlo_half_width(t_max: float) -> int:
    """Smallest half-width L for which the causal front of a reflecting wall (it advances one site each time the
    bond at the front is updated: a Poisson(t) process) reaches the origin bond with probability
    <= FRONT_PROBABILITY."""
    n = 2
    while poisson.sf(n - 1, t_max) > FRONT_PROBABILITY:
        n += max(1, n // 8)
    return n


def check_half_width(half_width: int | None, t_max: float, *, montecarlo: bool, reach: int = 0) -> int:
    """Validate a user lattice half-width against the times requested and the farthest recorded bond ``reach``
    (sites from the origin); None or 0: the smallest safe one."""
    need = (montecarlo_half_width(t_max) if montecarlo else exact_half_width(t_max)) + int(reach)
    if half_width is None or half_width == 0:
        return need
    if int(half_width) < need:
        raise bad_value("half_width", half_width,
                        f"at least {need} sites for times up to {t_max:g}" + (f" and bonds up to {reach} sites from "
                        f"the origin" if reach else "") + " (lattice too small: the boundaries would be felt at "
                        "the recorded bonds)")
    return int(half_width)


def check_bonds(bonds: Sequence[int] | int, name: str = "bonds") -> np.ndarray:
    """Bonds b (joining sites b and b + 1; 0 is the origin bond): integers with |b| <= MAX_BOND_DISTANCE."""
    values = np.atleast_1d(np.asarray(bonds))
    if values.ndim != 1 or values.size == 0 or not all(
            isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_)) for v in values.tolist()):
        raise bad_value(name, bonds, "a non-empty list of integer bonds (bond b joins sites b and b + 1)")
    if np.any(np.abs(values) > MAX_BOND_DISTANCE):
        raise bad_value(name, values.tolist(), f"bonds within {MAX_BOND_DISTANCE} sites of the origin")
    return values.astype(np.int64)
