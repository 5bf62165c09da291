"""Closed forms of the two-level Otto cycle and the optimal time allocation (hbar = k_B = 1).

Corrected forms of the paper's eqs. (4), (11)-(12), (17)-(20) and (23), see docs/papers/otto.md. Rates:
k_down = gamma (1 + s), k_up = gamma (1 - s), s = tanh(beta w / 2); the excited population relaxes at rate 2 gamma
to p_e^eq = (1 - s) / 2. With n = p_g + 2 p_e (energy E = n w), over one cycle of the periodic steady state

    n_2 - n_1 = Delta n^eq f,    Delta n^eq = [tanh(beta_h w_b / 2) - tanh(beta_c w_a / 2)] / 2,
    f = (1 - a)(1 - b) / (1 - a b),   a = exp(-2 gamma_c tau_c),  b = exp(-2 gamma_h tau_h)     (eq. 17)

(the paper's f with the factor 2 absorbed into the times). Heats absorbed per cycle (sign convention of
`noneq.otto.model`): Q_c = w_a Delta n^eq f, Q_h = -w_b Delta n^eq f, W = (w_b - w_a) Delta n^eq f; COP
cop = w_a / (w_b - w_a) (eq. 16); cooling needs beta_c w_a < beta_h w_b. Figure of merit chi = cop Q_c / t_cycle
= G(w_a, w_b) F(tau_c, tau_h) with G = w_a^2 Delta n^eq / (w_b - w_a) and F = f / (tau_adi + tau_c + tau_h).

Result types: `closed_form_limit_cycle` returns the `noneq.otto.cycle.CycleResult` of the numerical solver;
`optimal_times` returns a `TimeAllocation`; the other functions return floats or arrays (they broadcast).

Examples
--------
>>> round(float(cop_plus(2.0)), 12), round(float(cop_ca(3.0)), 12)
(1.0, 1.0)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr
from scipy.optimize import minimize_scalar
from scipy.special import expit

from noneq.core.errors import bad_value
from noneq.core.results import labelled
from noneq.core.validation import real, real_array
from noneq.otto.cycle import CycleResult
from noneq.otto.model import OttoCycle, check_cycle

__all__ = ["TimeAllocation", "chi_closed_form", "chi_high_temperature", "closed_form_limit_cycle", "cop_ca",
           "cop_plus", "delta_n_eq", "eta_ca", "optimal_hot_time", "optimal_times", "time_allocation_objective",
           "time_factor"]

SATURATED = 300.0  # gamma tau beyond which an isochore has relaxed to double precision (exp(-600) ~ 1e-261)


def _positive(**values) -> list[np.ndarray]:
    """Each value as a float array of finite numbers > 0 (the arguments of the closed forms broadcast)."""
    return [real_array(name, value, minimum=0.0, exclusive_minimum=True) for name, value in values.items()]


def _increasing(w_a: np.ndarray, w_b: np.ndarray) -> None:
    if np.any(w_b <= w_a):
        raise bad_value("w_b", w_b.tolist() if w_b.size < 6 else "array", "greater than w_a (elementwise)")


def _non_negative(**values) -> list[np.ndarray]:
    return [real_array(name, value, minimum=0.0) for name, value in values.items()]


def delta_n_eq(beta_c, w_a, beta_h, w_b):
    """Delta n^eq = [tanh(beta_h w_b / 2) - tanh(beta_c w_a / 2)] / 2 (corrected sign); broadcasts.

    Examples
    --------
    >>> float(delta_n_eq(1.0, 1.0, 1.0, 1.0))
    0.0
    """
    beta_c, w_a, beta_h, w_b = _positive(beta_c=beta_c, w_a=w_a, beta_h=beta_h, w_b=w_b)
    return 0.5 * (np.tanh(0.5 * beta_h * w_b) - np.tanh(0.5 * beta_c * w_a))


def time_factor(gamma_c, tau_c, gamma_h, tau_h):
    """f(tau_c, tau_h) = (1 - a)(1 - b) / (1 - a b), a = exp(-2 gamma_c tau_c), b = exp(-2 gamma_h tau_h).

    Examples
    --------
    >>> round(float(time_factor(1.0, 50.0, 1.0, 50.0)), 12)    # quasi-static isochores: f -> 1
    1.0
    """
    gamma_c, gamma_h = _positive(gamma_c=gamma_c, gamma_h=gamma_h)
    tau_c, tau_h = _positive(tau_c=tau_c, tau_h=tau_h)
    return 1.0 / _inverse_time_factor(gamma_c, tau_c, gamma_h, tau_h)


def _inverse_time_factor(gamma_c, tau_c, gamma_h, tau_h):
    """1 / f = 1 / (1 - a) + 1 / (1 - b) - 1: no product of two small numbers (which would underflow)."""
    with np.errstate(divide="ignore"):
        one_minus_a = -np.expm1(-2.0 * np.asarray(gamma_c) * tau_c)
        one_minus_b = -np.expm1(-2.0 * np.asarray(gamma_h) * tau_h)
        return 1.0 / one_minus_a + 1.0 / one_minus_b - 1.0


def closed_form_limit_cycle(cycle: OttoCycle) -> CycleResult:
    """The limit cycle of a two-level cycle from the closed forms (corrected eqs. (11), (12), (17)).

    Parameters
    ----------
    cycle : OttoCycle
        A two-level cycle; for ``levels`` other than (1, 2) the gap (levels[1] - levels[0]) w is used.

    Returns
    -------
    CycleResult
        Corner populations p1 (start of the cold isochore), p2 (its end) and Q_c, Q_h, W.

    Notes
    -----
    With p_c = (1 - s_c) / 2, p_h = (1 - s_h) / 2 (s = tanh(beta gap / 2)), the excited populations are
    p_e1 = [p_h (1 - b) + b p_c (1 - a)] / (1 - a b) and p_e2 = p_c + (p_e1 - p_c) a (the printed eqs. (11)-(12)
    are these with g and e swapped); Q_c = gap_a Delta n^eq f, Q_h = -gap_b Delta n^eq f.

    Examples
    --------
    >>> r = closed_form_limit_cycle(OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0))
    >>> round(r.Q_c / r.W, 12)                                   # cop = w_a / (w_b - w_a)
    1.0
    """
    if check_cycle(cycle).n_levels != 2:
        raise bad_value("cycle", f"{cycle.n_levels} levels", "a cycle with two levels (limit_cycle solves "
                        "N levels)")
    gap = cycle.levels[1] - cycle.levels[0]
    x_c, x_h = 2.0 * cycle.gamma_c * cycle.tau_c, 2.0 * cycle.gamma_h * cycle.tau_h
    a, b = np.exp(-x_c), np.exp(-x_h)
    one_minus_a, one_minus_b, one_minus_ab = -np.expm1(-x_c), -np.expm1(-x_h), -np.expm1(-x_c - x_h)
    p_c = expit(-cycle.beta_c * gap * cycle.w_a)  # (1 - tanh(x / 2)) / 2 without cancellation at large x
    p_h = expit(-cycle.beta_h * gap * cycle.w_b)
    p_e1 = float((p_h * one_minus_b + b * p_c * one_minus_a) / one_minus_ab)
    p_e2 = float(p_c + (p_e1 - p_c) * a)
    w_a, w_b = gap * cycle.w_a, gap * cycle.w_b
    dn = float(delta_n_eq(cycle.beta_c, w_a, cycle.beta_h, w_b)
               * time_factor(cycle.gamma_c, cycle.tau_c, cycle.gamma_h, cycle.tau_h))
    return CycleResult(cycle=cycle, p1=np.array([1.0 - p_e1, p_e1]), p2=np.array([1.0 - p_e2, p_e2]),
                       Q_c=w_a * dn, Q_h=-w_b * dn, W=(w_b - w_a) * dn)


def chi_closed_form(w_a, w_b, beta_c, beta_h, F=1.0):
    """chi = G(w_a, w_b) F with G = w_a^2 Delta n^eq / (w_b - w_a) (two levels, gap w); broadcasts.

    Examples
    --------
    >>> bool(chi_closed_form(1.0, 2.0, 1.0, 1.0) > 0)             # equal temperatures, w_a < w_b: cools
    True
    """
    w_a, w_b, F = *_positive(w_a=w_a, w_b=w_b), real_array("F", F, minimum=0.0)
    _increasing(w_a, w_b)
    return w_a**2 * delta_n_eq(beta_c, w_a, beta_h, w_b) / (w_b - w_a) * F


def chi_high_temperature(w_a, w_b, beta_c, beta_h, F=1.0):
    """High-temperature form chi ~ w_a^2 (beta_h w_b - beta_c w_a) F / (4 (w_b - w_a)) (corrected sign).

    Examples
    --------
    >>> float(chi_high_temperature(1.0, 2.0, 1e-3, 1e-3))
    0.00025
    """
    w_a, w_b, beta_c, beta_h = _positive(w_a=w_a, w_b=w_b, beta_c=beta_c, beta_h=beta_h)
    F = real_array("F", F, minimum=0.0)
    _increasing(w_a, w_b)
    return w_a**2 * (beta_h * w_b - beta_c * w_a) * F / (4.0 * (w_b - w_a))


def cop_ca(cop_carnot):
    """Curzon-Ahlborn-type COP cop_CA = sqrt(1 + cop_carnot) - 1.

    Examples
    --------
    >>> float(cop_ca(3.0))
    1.0
    """
    return np.sqrt(1.0 + _positive(cop_carnot=cop_carnot)[0]) - 1.0


def cop_plus(cop_carnot):
    """Upper bound cop_+ = (sqrt(9 + 8 cop_carnot) - 3) / 2, the root of cop^2 + 3 cop - 2 cop_carnot = 0 (eq. 23).

    Examples
    --------
    >>> float(cop_plus(2.0))
    1.0
    """
    return 0.5 * (np.sqrt(9.0 + 8.0 * _positive(cop_carnot=cop_carnot)[0]) - 3.0)


def eta_ca(eta_carnot):
    """Curzon-Ahlborn efficiency 1 - sqrt(1 - eta_carnot).

    Examples
    --------
    >>> float(eta_ca(0.75))
    0.5
    """
    return 1.0 - np.sqrt(1.0 - real_array("eta_carnot", eta_carnot, minimum=0.0, maximum=1.0))


def optimal_hot_time(gamma_c: float, tau_c, gamma_h: float):
    """tau_h of the optimal time allocation for a given tau_c: eq. (20) in physical time (factor 2 restored).

    Notes
    -----
    gamma_c [cosh(2 gamma_h tau_h) - 1] = gamma_h [cosh(2 gamma_c tau_c) - 1]; with cosh(2y) - 1 = 2 sinh(y)^2,
    gamma_h tau_h = arcsinh(sqrt(gamma_h / gamma_c) sinh(gamma_c tau_c)).

    Examples
    --------
    >>> float(optimal_hot_time(1.0, 0.7, 1.0))                  # equal rates: equal times
    0.7
    """
    gamma_c, gamma_h = _positive(gamma_c=gamma_c, gamma_h=gamma_h)
    tau_c = real_array("tau_c", tau_c, minimum=0.0, allowed="finite times >= 0")
    if np.any(gamma_c * tau_c > SATURATED):
        raise bad_value("tau_c", tau_c.tolist() if tau_c.size < 6 else "array", f"at most {SATURATED:g} / gamma_c "
                        "(beyond, the isochore has relaxed to double precision and sinh overflows)")
    return np.arcsinh(np.sqrt(gamma_h / gamma_c) * np.sinh(gamma_c * tau_c)) / gamma_h


def time_allocation_objective(tau_c, tau_h, gamma_c, gamma_h, tau_adi):
    """F(tau_c, tau_h) = f / (tau_adi + tau_c + tau_h), the time part of chi = G F; broadcasts.

    Examples
    --------
    >>> round(float(time_allocation_objective(50.0, 50.0, 1.0, 1.0, 0.0)), 12)
    0.01
    """
    tau_c, tau_h = _positive(tau_c=tau_c, tau_h=tau_h)
    (tau_adi,) = _non_negative(tau_adi=tau_adi)
    return time_factor(gamma_c, tau_c, gamma_h, tau_h) / (tau_adi + tau_c + tau_h)


@dataclass(frozen=True)
class TimeAllocation:
    """The isochore times (tau_c, tau_h) maximizing F at given rates and adiabat time, and F there."""

    tau_c: float
    tau_h: float
    objective: float

    def to_xarray(self) -> xr.Dataset:
        """The three numbers as a labelled dataset.

        Examples
        --------
        >>> sorted(optimal_times(1.0, 1.0, 1.0).to_xarray().data_vars)
        ['objective', 'tau_c', 'tau_h']
        """
        return xr.Dataset({
            "tau_c": labelled(self.tau_c, (), "time", "optimal cold isochore time"),
            "tau_h": labelled(self.tau_h, (), "time", "optimal hot isochore time"),
            "objective": labelled(self.objective, (), "1/time", "F = f / t_cycle at the optimum"),
        })


def optimal_times(gamma_c: float, gamma_h: float, tau_adi: float) -> TimeAllocation:
    """The time allocation (tau_c, tau_h) maximizing F = f / (tau_adi + tau_c + tau_h).

    Parameters
    ----------
    gamma_c, gamma_h : float
        Bath rates, > 0.
    tau_adi : float
        Total adiabat time, > 0 (with tau_adi = 0, F grows without bound as the times shrink).

    Returns
    -------
    TimeAllocation

    Notes
    -----
    Eq. (20) (`optimal_hot_time`) ties tau_h to tau_c; F is then maximized over log(gamma_c tau_c) by a bounded
    scalar search (gamma_c tau_c <= SATURATED = 300, where f is saturated and sinh still finite: for
    gamma_c tau_adi beyond ~1e250 the optimum would lie further out, with an F equal to the one at 300 to
    double precision).

    Examples
    --------
    >>> t = optimal_times(1.0, 1.0, 1.0)
    >>> round(t.tau_c / t.tau_h, 9)
    1.0
    """
    gamma_c = real("gamma_c", gamma_c, minimum=0.0, exclusive_minimum=True)
    gamma_h = real("gamma_h", gamma_h, minimum=0.0, exclusive_minimum=True)
    tau_adi = real("tau_adi", tau_adi, minimum=0.0, exclusive_minimum=True)

    def minus_log_F(log_x: float) -> float:  # -log F = log(1 / f) + log(t_cycle): finite where F underflows
        tau_c = np.exp(log_x) / gamma_c
        tau_h = optimal_hot_time(gamma_c, tau_c, gamma_h)
        return float(np.log(_inverse_time_factor(gamma_c, tau_c, gamma_h, tau_h)) + np.log(tau_adi + tau_c + tau_h))

    scale = np.log(gamma_c) + np.log(tau_adi)  # log(gamma_c tau_adi), also where the product over- or underflows
    upper = min(scale + 12.0, np.log(SATURATED))
    with np.errstate(over="ignore", under="ignore"):
        res = minimize_scalar(minus_log_F, bounds=(min(scale - 12.0, upper - 1.0), upper), method="bounded",
                              options={"xatol": 1e-12})
    tau_c = float(np.exp(res.x) / gamma_c)
    tau_h = float(optimal_hot_time(gamma_c, tau_c, gamma_h))
    return TimeAllocation(tau_c=tau_c, tau_h=tau_h,
                          objective=float(time_allocation_objective(tau_c, tau_h, gamma_c, gamma_h, tau_adi)))
