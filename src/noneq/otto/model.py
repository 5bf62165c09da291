"""The quantum Otto cycle as validated data (Yuan et al., arXiv:1408.4917; corrections from shared/papers/NOTES.md).

Conventions: hbar = k_B = 1. The working substance has the scaled spectrum E_k(w) = w * levels[k] (default
``levels = (1, 2)``: the paper's two-level system with energies w and 2w, gap w). One cycle, in time order:

1. cold isochore: frequency w_a, contact with the cold bath (temperature T_c, rate gamma_c) for a time tau_c;
2. adiabatic compression w_a -> w_b (populations unchanged), time tau_adi / 2;
3. hot isochore: frequency w_b > w_a, hot bath (T_h > T_c, rate gamma_h) for a time tau_h;
4. adiabatic expansion w_b -> w_a, time tau_adi / 2.

``tau_adi`` is the total time of both adiabats (the paper's tau_adi = tau_ch + tau_hc); t_cycle = tau_c + tau_h +
tau_adi. Heat sign convention: Q_c and Q_h are the energies the working substance *absorbs* from the cold and hot
bath per cycle; W = -(Q_c + Q_h) is the work done *on* it. Refrigerator: Q_c > 0, W > 0; engine: Q_h > 0, W < 0.

Example
-------
>>> cycle = OttoCycle(w_a=1.0, w_b=2.0, T_c=1.0, T_h=1.5, gamma_c=1.0, gamma_h=1.0, tau_c=1.0, tau_h=1.0)
>>> cycle.t_cycle
2.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from noneq.core.errors import bad_value


def _real(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise bad_value(name, value, "a finite real number")
    value = float(value)
    if not math.isfinite(value):
        raise bad_value(name, value, "a finite real number")
    return value


def positive(name: str, value) -> float:
    """``value`` as a float if finite and > 0, else the standard bad-input error naming ``name``."""
    value = _real(name, value)
    if value <= 0:
        raise bad_value(name, value, "a finite real number > 0")
    return value


def non_negative(name: str, value) -> float:
    """``value`` as a float if finite and >= 0 (durations), else the standard bad-input error."""
    value = _real(name, value)
    if value < 0:
        raise bad_value(name, value, "a finite real number >= 0 (a duration)")
    return value


def check_levels(levels) -> tuple[float, ...]:
    """Dimensionless level energies: at least 2, strictly increasing, finite."""
    try:
        values = tuple(float(x) for x in levels)
    except (TypeError, ValueError):
        raise bad_value("levels", levels, "a sequence of at least two increasing numbers") from None
    if len(values) < 2 or not all(math.isfinite(x) for x in values) or any(
            b <= a for a, b in zip(values, values[1:])):
        raise bad_value("levels", levels, "a sequence of at least two strictly increasing finite numbers")
    return values


@dataclass(frozen=True)
class OttoCycle:
    """Parameters of one Otto cycle (see module docstring); validated at construction."""

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
        for name in ("w_a", "w_b", "T_c", "T_h", "gamma_c", "gamma_h"):
            object.__setattr__(self, name, positive(name, getattr(self, name)))
        for name in ("tau_c", "tau_h"):
            object.__setattr__(self, name, positive(name, getattr(self, name)))
        object.__setattr__(self, "tau_adi", non_negative("tau_adi", self.tau_adi))
        object.__setattr__(self, "levels", check_levels(self.levels))
        if self.w_b <= self.w_a:
            raise bad_value("w_b", self.w_b, f"greater than w_a = {self.w_a:g}")
        if self.T_h <= self.T_c:
            raise bad_value("T_h", self.T_h, f"greater than T_c = {self.T_c:g}")

    @property
    def beta_c(self) -> float:
        return 1.0 / self.T_c

    @property
    def beta_h(self) -> float:
        return 1.0 / self.T_h

    @property
    def t_cycle(self) -> float:
        """Cycle time tau_c + tau_h + tau_adi."""
        return self.tau_c + self.tau_h + self.tau_adi

    @property
    def n_levels(self) -> int:
        return len(self.levels)

    def energies(self, w: float) -> np.ndarray:
        """Level energies w * levels at frequency w."""
        return w * np.asarray(self.levels)

    @property
    def carnot_cop(self) -> float:
        """eps_C = T_c / (T_h - T_c)."""
        return self.T_c / (self.T_h - self.T_c)

    @property
    def carnot_efficiency(self) -> float:
        """eta_C = 1 - T_c / T_h."""
        return 1.0 - self.T_c / self.T_h
