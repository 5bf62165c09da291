"""The step-initial-condition current problem as validated data, and the checks shared by every solver.

Exposes `CurrentsModel` (process, rho_a, rho_b) and the input checks built on `noneq.core.validation`
(`check_model`, `check_average`, `check_times`, `check_densities`, `check_bonds`, `check_half_width`) with the
safe lattice sizes (`exact_half_width`, `montecarlo_half_width`). Nothing is solved here.

Conventions used throughout `noneq.currents`:

* Lattice: sites ..., -1, 0, 1, 2, ...; bond b joins sites b and b + 1, the origin bond (b = 0) joins sites 0 and 1.
  Each particle hops to each neighbour at rate 1 (SEP: only if the target is empty). Continuum limit: D = 1, the
  variance of a free particle's displacement is 2 t. Times are in units of the inverse hop rate.
* Q(t) counts particles crossing the origin bond left -> right minus right -> left during [0, t] (continuum:
  Q(t) = int_0^inf [rho(x, t) - rho(x, 0)] dx, eq. (3) of the paper, docs/papers/currents.md).
* Step initial state: mean density rho_a on sites <= 0 (x < 0), rho_b on sites >= 1 (x > 0). Initial occupations
  are independent: Bernoulli for SEP, Poisson for independent walkers (their equilibrium measures).
* annealed: averages over initial configurations and dynamics together, <.> = E[.].
  quenched: cumulants conditional on the initial configuration, then averaged over it, e.g.
  <Q(t1) Q(t2)>_c,quenched = E_init[Cov(Q(t1), Q(t2) | init)] (the log of the generating function averaged over
  initial configurations; macroscopically: an initial profile without fluctuations, eq. (12)).

Examples
--------
>>> CurrentsModel("sep", 0.75, 0.25).mean_density
0.5
>>> check_times([1.0, 2.5]).tolist()
[1.0, 2.5]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from noneq.core.errors import bad_value
from noneq.core.validation import choice, integer, real, real_array

PROCESSES = ("independent", "sep")
AVERAGES = ("annealed", "quenched")
MAX_INDEPENDENT_DENSITY = 1e3  # Poisson occupations: any density works; this only guards against typos
LEAK_PROBABILITY = 1e-12  # a lattice is "large enough" if a walker crosses half of it with at most this probability
MAX_BOND_DISTANCE = 1000  # recorded bonds farther than this would only grow the lattice: a guard against typos
FRONT_PROBABILITY = 1e-9  # Monte Carlo: chance that the wall's causal front (Poisson(t)) reaches the origin
MAX_LATTICE_TIME = 1e6  # lattice closed forms: scipy's Skellam tails take seconds there (and Bessel ive is NaN
# beyond 2t ~ 1e9)


@dataclass(frozen=True)
class CurrentsModel:
    """Particle process and step initial densities (frozen, validated at construction).

    Parameters
    ----------
    process : {"independent", "sep"}
        Non-interacting random walkers or the symmetric simple exclusion process (hop rate 1 each way).
    rho_a, rho_b : float
        Mean initial densities left (sites <= 0) and right (sites >= 1) of the origin bond; in [0, 1] for SEP,
        in [0, 1000] for independent walkers.

    Raises
    ------
    NoneqInputError
        An unknown process or a density outside its range.

    Examples
    --------
    >>> model = CurrentsModel("independent", 2.5, 0.5)
    >>> model.process, model.equilibrium, float(model.occupation_variance(2.5))
    ('independent', False, 2.5)
    """

    process: str
    rho_a: float
    rho_b: float

    def __post_init__(self) -> None:
        choice("process", self.process, PROCESSES)
        high = 1.0 if self.process == "sep" else MAX_INDEPENDENT_DENSITY
        for name in ("rho_a", "rho_b"):
            value = real(name, getattr(self, name), minimum=0.0, maximum=high,
                         allowed=f"a density in [0, {high:g}] for process {self.process!r}")
            object.__setattr__(self, name, value)

    @property
    def mean_density(self) -> float:
        """(rho_a + rho_b) / 2."""
        return 0.5 * (self.rho_a + self.rho_b)

    @property
    def equilibrium(self) -> bool:
        """True when rho_a = rho_b (no step)."""
        return self.rho_a == self.rho_b

    def occupation_variance(self, rho: np.ndarray | float) -> np.ndarray | float:
        """Variance of one site's initial occupation: rho (1 - rho) for SEP (Bernoulli), rho for walkers (Poisson)."""
        return rho * (1.0 - rho) if self.process == "sep" else rho


def check_average(average: Any) -> str:
    """``average`` if it is "annealed" or "quenched" (`NoneqInputError` otherwise).

    >>> check_average("quenched")
    'quenched'
    """
    return choice("average", average, AVERAGES)


def check_process(process: Any) -> str:
    """``process`` if it is "independent" or "sep" (`NoneqInputError` otherwise).

    >>> check_process("sep")
    'sep'
    """
    return choice("process", process, PROCESSES)


def check_times(times: Any, name: str = "times") -> np.ndarray:
    """Observation times: positive, finite and strictly increasing, as a 1-d float array (a scalar is one time).

    >>> check_times(2.0)
    array([2.])
    """
    allowed = "a non-empty list of finite times > 0, strictly increasing (t1 < t2 < ...)"
    t = real_array(name, times, minimum=0.0, exclusive_minimum=True, increasing=True, allowed=allowed)
    if t.ndim > 1:
        raise bad_value(name, times, allowed)
    return np.atleast_1d(t)


def exact_half_width(t_max: float) -> int:
    """Smallest half-width L such that a free walker moves >= L sites by time ``t_max`` with probability
    <= LEAK_PROBABILITY (Skellam tail): the lattice [-L + 1, L] then behaves as the infinite line.

    >>> exact_half_width(1.0)
    15
    """
    from scipy.stats import skellam  # here, not at import: scipy.stats costs ~0.5 s of start-up

    t_max = _lattice_time(t_max)
    n = int(math.ceil(math.sqrt(2 * t_max))) + 1
    while 2 * skellam.sf(n - 1, t_max, t_max) > LEAK_PROBABILITY:
        n += max(1, n // 8)
    return n


def montecarlo_half_width(t_max: float) -> int:
    """Smallest half-width L for which the causal front of a reflecting wall (it advances one site each time the
    bond at the front is updated: a Poisson(t) process) reaches the origin bond with probability
    <= FRONT_PROBABILITY.

    >>> montecarlo_half_width(1.0)
    12
    """
    from scipy.stats import poisson

    t_max = _lattice_time(t_max)
    n = 2
    while poisson.sf(n - 1, t_max) > FRONT_PROBABILITY:
        n += max(1, n // 8)
    return n


def _lattice_time(t_max: Any) -> float:
    return real("times", t_max, minimum=0.0, exclusive_minimum=True, maximum=MAX_LATTICE_TIME,
                allowed=f"times in (0, {MAX_LATTICE_TIME:g}] for a lattice (its size grows as sqrt(t))")


def check_half_width(half_width: Any, t_max: float, *, montecarlo: bool, reach: int = 0) -> int:
    """A lattice half-width checked against the times requested and the farthest recorded bond ``reach`` (sites
    from the origin); None or 0: the smallest safe one (`exact_half_width`, or `montecarlo_half_width` for the
    SEP Monte Carlo, plus ``reach``).

    >>> check_half_width(None, 1.0, montecarlo=False)
    15
    """
    need = (montecarlo_half_width(t_max) if montecarlo else exact_half_width(t_max)) + int(reach)
    if half_width is None:
        return need
    value = integer("half_width", half_width, minimum=0)
    if value == 0:
        return need
    if value < need:
        raise bad_value("half_width", half_width,
                        f"at least {need} sites for times up to {t_max:g}" + (f" and bonds up to {reach} sites from "
                        f"the origin" if reach else "") + " (lattice too small: the boundaries would be felt at "
                        "the recorded bonds)")
    return value


def check_bonds(bonds: Sequence[int] | int, name: str = "bonds") -> np.ndarray:
    """Bonds b (joining sites b and b + 1; 0 is the origin bond): integers with |b| <= MAX_BOND_DISTANCE.

    >>> check_bonds((0, -2)).tolist()
    [0, -2]
    """
    values = np.atleast_1d(np.asarray(bonds, dtype=object))
    if values.ndim != 1 or values.size == 0:
        raise bad_value(name, bonds, "a non-empty list of integer bonds (bond b joins sites b and b + 1)")
    checked = [integer(name, b, minimum=-MAX_BOND_DISTANCE, maximum=MAX_BOND_DISTANCE,
                       allowed=f"integer bonds within {MAX_BOND_DISTANCE} sites of the origin") for b in values]
    return np.array(checked, dtype=np.int64)


def check_model(model: Any) -> CurrentsModel:
    """``model`` if it is a `CurrentsModel` (`NoneqInputError` naming ``model`` otherwise).

    >>> check_model(CurrentsModel("sep", 0.5, 0.5)).process
    'sep'
    """
    if not isinstance(model, CurrentsModel):
        raise bad_value("model", type(model).__name__, "a noneq.currents.CurrentsModel")
    return model


def check_densities(rho_a: Any, rho_b: Any, *, maximum: float = MAX_INDEPENDENT_DENSITY) -> tuple[float, float]:
    """Step densities rho_a, rho_b: finite, in [0, maximum] (1 for SEP).

    >>> check_densities(0.7, 0.2)
    (0.7, 0.2)
    """
    allowed = f"a density in [0, {maximum:g}]"
    return (real("rho_a", rho_a, minimum=0.0, maximum=maximum, allowed=allowed),
            real("rho_b", rho_b, minimum=0.0, maximum=maximum, allowed=allowed))


def check_lattice_times(name: str, times: Any) -> np.ndarray:
    """Times for the lattice closed forms: finite, in [0, MAX_LATTICE_TIME] (broadcast: any shape).

    >>> check_lattice_times("t", [0.0, 2.0]).tolist()
    [0.0, 2.0]
    """
    return real_array(name, times, minimum=0.0, maximum=MAX_LATTICE_TIME)
