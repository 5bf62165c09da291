"""The quantum Otto cycle as validated data: `OttoCycle` and the check of a scaled spectrum.

Conventions (docs/papers/otto.md): hbar = k_B = 1. The working substance has the scaled spectrum
E_k(w) = w levels[k] (default ``levels = (1, 2)``: the paper's two-level system with energies w and 2w, gap w).
One cycle, in time order:

1. cold isochore: frequency w_a, contact with the cold bath (temperature T_c, rate gamma_c) for a time tau_c;
2. adiabatic compression w_a -> w_b (populations unchanged), time tau_adi / 2;
3. hot isochore: frequency w_b > w_a, hot bath (T_h > T_c, rate gamma_h) for a time tau_h;
4. adiabatic expansion w_b -> w_a, time tau_adi / 2.

``tau_adi`` is the total time of both adiabats (the paper's tau_adi = tau_ch + tau_hc); t_cycle = tau_c + tau_h +
tau_adi. Heat sign convention: Q_c and Q_h are the energies the working substance *absorbs* from the cold and hot
bath per cycle; W = -(Q_c + Q_h) is the work done *on* it. Refrigerator: Q_c > 0, W > 0; engine: Q_h > 0, W < 0.

Examples
--------
>>> cycle = OttoCycle(w_a=1.0, w_b=2.0, T_c=1.0, T_h=1.5, gamma_c=1.0, gamma_h=1.0, tau_c=1.0, tau_h=1.0)
>>> cycle.t_cycle
2.0
>>> cycle.cop_carnot
2.0
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from noneq.core.errors import bad_value
from noneq.core.resources import check_memory
from noneq.core.validation import real, real_array

__all__ = ["OttoCycle", "check_cycle", "check_levels"]

_LEVELS_ALLOWED = "a sequence of at least two strictly increasing finite numbers"
LEVEL_MATRIX_COPIES = 40  # n x n complex matrices alive at once in the solvers of a cycle with n levels
SMALL_SPECTRUM = 64  # up to this many levels the matrices take < 3 MB: no memory check (it reads /proc)


def check_levels(levels) -> tuple[float, ...]:
    """The dimensionless level energies ``levels`` as a tuple of floats, checked.

    Parameters
    ----------
    levels : sequence of float
        At least two strictly increasing finite numbers (the spectrum is E_k = w levels[k]).

    Returns
    -------
    tuple of float

    Raises
    ------
    NoneqInputError
        When ``levels`` is not such a sequence.

    Examples
    --------
    >>> check_levels([1, 2, 3])
    (1.0, 2.0, 3.0)
    """
    values = real_array("levels", levels, ndim=1, increasing=True, allowed=_LEVELS_ALLOWED)
    if values.size < 2:
        raise bad_value("levels", levels, _LEVELS_ALLOWED)
    if values.size > SMALL_SPECTRUM:
        check_memory(LEVEL_MATRIX_COPIES * 16.0 * values.size ** 2, f"a working substance of {values.size} levels",
                     "use fewer levels")
    return tuple(float(x) for x in values)


def _positive(name: str, value) -> float:
    return real(name, value, minimum=0.0, exclusive_minimum=True)


@dataclass(frozen=True)
class OttoCycle:
    """Parameters of one Otto cycle (see the module docstring), validated at construction.

    Parameters
    ----------
    w_a, w_b : float
        Frequencies of the cold and hot isochores, 0 < w_a < w_b (energy).
    T_c, T_h : float
        Bath temperatures, 0 < T_c < T_h (energy, k_B = 1).
    gamma_c, gamma_h : float
        Bath coupling rates (1/time), > 0.
    tau_c, tau_h : float
        Isochore times, > 0.
    tau_adi : float, optional
        Total time of both adiabats, >= 0 (default 0).
    levels : sequence of float, optional
        Scaled spectrum (default (1, 2), the paper's two-level system), see `check_levels`.

    Raises
    ------
    NoneqInputError
        Naming the first parameter out of range.

    Examples
    --------
    >>> c = OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0, tau_adi=0.5, levels=(1, 2, 3))
    >>> c.n_levels, c.energies(2.0).tolist()
    (3, [2.0, 4.0, 6.0])
    """

    w_a: float
    w_b: float
    T_c: float
    T_h: float
    gamma_c: float
    gamma_h: float
    tau_c: float
    tau_h: float
    tau_adi: float = 0.0
    levels: tuple[float, ...] = (1.0, 2.0)

    def __post_init__(self) -> None:
        for name in ("w_a", "w_b", "T_c", "T_h", "gamma_c", "gamma_h", "tau_c", "tau_h"):
            object.__setattr__(self, name, _positive(name, getattr(self, name)))
        object.__setattr__(self, "tau_adi", real("tau_adi", self.tau_adi, minimum=0.0))
        object.__setattr__(self, "levels", check_levels(self.levels))
        if self.w_b <= self.w_a:
            raise bad_value("w_b", self.w_b, f"greater than w_a = {self.w_a:g}")
        if self.T_h <= self.T_c:
            raise bad_value("T_h", self.T_h, f"greater than T_c = {self.T_c:g}")

    @property
    def beta_c(self) -> float:
        """Inverse cold temperature 1 / T_c."""
        return 1.0 / self.T_c

    @property
    def beta_h(self) -> float:
        """Inverse hot temperature 1 / T_h."""
        return 1.0 / self.T_h

    @property
    def t_cycle(self) -> float:
        """Cycle time tau_c + tau_h + tau_adi."""
        return self.tau_c + self.tau_h + self.tau_adi

    @property
    def n_levels(self) -> int:
        """Number of levels of the working substance."""
        return len(self.levels)

    def energies(self, w: float) -> np.ndarray:
        """Level energies w * levels at frequency w."""
        return w * np.asarray(self.levels)

    @property
    def cop_carnot(self) -> float:
        """Carnot COP T_c / (T_h - T_c)."""
        return self.T_c / (self.T_h - self.T_c)

    @property
    def eta_carnot(self) -> float:
        """Carnot efficiency 1 - T_c / T_h."""
        return 1.0 - self.T_c / self.T_h


def check_cycle(cycle) -> OttoCycle:
    """``cycle`` if it is an `OttoCycle` (`NoneqInputError` naming ``cycle`` otherwise).

    >>> check_cycle(OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0)).n_levels
    2
    """
    if not isinstance(cycle, OttoCycle):
        raise bad_value("cycle", type(cycle).__name__, "a noneq.otto.OttoCycle")
    return cycle
