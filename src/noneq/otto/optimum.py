"""The optimum over the frequencies (w_a, w_b) at given bath temperatures: cop*(cop_carnot), eta*(eta_carnot).

Because chi = G(w_a, w_b) F(tau_c, tau_h) factorizes (`noneq.otto.closed_form`), the optimal frequencies do not
depend on gamma_c, gamma_h, tau_adi or the time allocation. In the dimensionless variables u = beta_c w_a,
v = beta_h w_b and r = T_h / T_c = 1 + 1 / cop_carnot:

    refrigerator   G = T_c u^2 [tanh(v/2) - tanh(u/2)] / (2 (r v - u)),    cop = u / (r v - u),
    engine         P ~ T_c (r v - u) [tanh(u/2) - tanh(v/2)] / 2,          eta = 1 - u / (r v),  r = 1/(1 - eta_C),

so cop* (eta*) depends on cop_carnot (eta_carnot) only, not on the temperature scale. The stationarity conditions
are the paper's eqs. (21)-(22) with the sign of (22) corrected (docs/papers/otto.md), x_c = e^{-u}, x_h = e^{-v}:

    (21) beta_c x_c (w_b - w_a) / (x_c + 1) = (x_c - x_h) / (x_h + 1) * (2 w_b - w_a) / w_a
    (22) beta_h x_h (w_b - w_a) / (x_h + 1) = (x_c - x_h) / (x_c + 1)

Methods (``method=``): "newton" (default), all points at once: a coarse vectorized grid search gives the start,
then damped Newton steps on the gradient of log G with the analytic Hessian, every point in parallel; "scipy":
a loop of scipy.optimize.minimize (Nelder-Mead) per point, an independent check.

Result type: `optimal_refrigerator` and `optimal_engine` return an `xarray.Dataset` over the Carnot values
(``beta_c_w_a``, ``beta_h_w_b`` and ``cop_star`` or ``eta_star``).

Examples
--------
>>> opt = optimal_refrigerator([1.0, 2.0])
>>> bool(np.all(opt.cop_star > 0))
True
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import xarray as xr
from scipy.optimize import minimize, minimize_scalar

from noneq.core.errors import NumericalError, bad_value
from noneq.core.resources import check_memory
from noneq.core.results import labelled
from noneq.core.validation import choice, real_array

__all__ = ["frequency_conditions", "high_temperature_optimum", "optimal_engine", "optimal_refrigerator"]

GRADIENT_TOLERANCE = 1e-10  # |grad log G| below this: converged (log G is O(1) curvature near the optimum)
STEP_TOLERANCE = 1e-9  # or an ascent Newton step below this relative to (u, v): converged (quadratically: the next
# step would be ~1e-18); near the Carnot limit (r -> 1) the rounding floor of the gradient lies above
# GRADIENT_TOLERANCE (the terms of grad log G grow as 1 / (r - 1)), and only this test can end the iteration
MAX_NEWTON_STEPS = 60
_GRID = np.linspace(0.05, 12.0, 40)  # coarse grid of v = beta_h w_b for the start: optimum sits at beta w ~ 1-4
_FRACTION = np.linspace(0.025, 0.975, 39)  # where u lies inside its allowed interval, for the start
_START_BYTES = 16 * 8 * _GRID.size * _FRACTION.size  # per Carnot value: the start grids and their derivatives


def _refrigerator_start(r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start grid (len(r), n, m) inside the cooling domain 0 < u < v."""
    V = np.broadcast_to(_GRID[None, :, None], (r.size, _GRID.size, _FRACTION.size))
    return V * _FRACTION[None, None, :], V


def _engine_start(r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start grid inside the engine domain v < u < r v (thin when eta_C is small)."""
    V = np.broadcast_to(_GRID[None, :, None], (r.size, _GRID.size, _FRACTION.size))
    return V * (1.0 + (r[:, None, None] - 1.0) * _FRACTION[None, None, :]), V


def _carnot_values(name: str, values, *, below_one: bool = False) -> np.ndarray:
    """``values`` as a 1-d float array of positive numbers (below 1 with ``below_one``), else the standard error;
    the memory of the start grids (`_START_BYTES` per value) is checked."""
    allowed = "finite number(s) in (0, 1)" if below_one else "finite positive number(s)"
    array = np.atleast_1d(real_array(name, values, minimum=0.0, exclusive_minimum=True, allowed=allowed))
    if array.ndim != 1 or (below_one and np.any(array >= 1.0)):
        raise bad_value(name, array.tolist() if array.size < 6 else "array", allowed)
    check_memory(_START_BYTES * array.size, f"the optimum for {array.size} values of {name}",
                 f"pass fewer values of {name}")
    return array


def _dtanh(x):
    """(d/dx tanh(x/2), d^2/dx^2 tanh(x/2))."""
    t = np.tanh(x / 2.0)
    a = 0.5 * (1.0 - t * t)
    return t, a, -a * t


def _refrigerator_derivatives(u, v, r):
    """log G (up to constants), gradient and Hessian in (u, v)."""
    tu, a, da = _dtanh(u)
    tv, b, db = _dtanh(v)
    D, c = tv - tu, r * v - u
    value = 2.0 * np.log(u) + np.log(D) - np.log(c)
    grad = np.stack([2.0 / u - a / D + 1.0 / c, b / D - r / c], axis=-1)
    huu = -2.0 / u**2 - da / D - (a / D) ** 2 + 1.0 / c**2
    huv = a * b / D**2 - r / c**2
    hvv = db / D - (b / D) ** 2 + r**2 / c**2
    return value, grad, huu, huv, hvv


def _engine_derivatives(u, v, r):
    """log P (up to constants), gradient and Hessian in (u, v)."""
    tu, a, da = _dtanh(u)
    tv, b, db = _dtanh(v)
    E, c = tu - tv, r * v - u
    value = np.log(c) + np.log(E)
    grad = np.stack([-1.0 / c + a / E, r / c - b / E], axis=-1)
    huu = -1.0 / c**2 + da / E - (a / E) ** 2
    huv = r / c**2 + a * b / E**2
    hvv = -r**2 / c**2 - db / E - (b / E) ** 2
    return value, grad, huu, huv, hvv


def _newton_maximize(derivatives: Callable, r: np.ndarray, start: Callable) -> tuple[np.ndarray, np.ndarray]:
    """Maximize derivatives(u, v, r)[0] for every r at once: grid start, then damped Newton (see module)."""
    U, V = start(r)
    with np.errstate(all="ignore"):
        values = derivatives(U, V, r[:, None, None])[0]
    values = np.where(np.isfinite(values), values, -np.inf).reshape(r.size, -1)
    best = np.argmax(values, axis=1)
    rows = np.arange(r.size)
    u, v = U.reshape(r.size, -1)[rows, best].copy(), V.reshape(r.size, -1)[rows, best].copy()
    converged = np.zeros(r.shape, dtype=bool)
    for _ in range(MAX_NEWTON_STEPS):
        with np.errstate(all="ignore"):
            value, grad, huu, huv, hvv = derivatives(u, v, r)
            det = huu * hvv - huv**2
            du = -(hvv * grad[:, 0] - huv * grad[:, 1]) / det
            dv = -(-huv * grad[:, 0] + huu * grad[:, 1]) / det
        ascent = (det > 0) & (huu < 0)  # Newton step is an ascent direction where the Hessian is neg. definite
        converged = np.all(np.abs(grad) < GRADIENT_TOLERANCE, axis=1) | (
            ascent & (np.abs(du) <= STEP_TOLERANCE * np.abs(u)) & (np.abs(dv) <= STEP_TOLERANCE * np.abs(v)))
        if np.all(converged):
            break
        du = np.where(ascent, du, 0.1 * grad[:, 0])
        dv = np.where(ascent, dv, 0.1 * grad[:, 1])
        step = np.ones_like(u)
        for _ in range(30):  # backtrack where the step leaves the domain or lowers the objective
            with np.errstate(all="ignore"):
                trial = derivatives(u + step * du, v + step * dv, r)[0]
            bad = ~(np.isfinite(trial) & (trial >= value - 1e-14))
            if not np.any(bad):
                break
            step = np.where(bad, step / 2.0, step)
        u, v = u + step * du, v + step * dv
    with np.errstate(all="ignore"):
        _, grad, huu, huv, hvv = derivatives(u, v, r)
    if not (np.all(converged) and np.all(huu * hvv - huv**2 > 0) and np.all(huu < 0)):
        raise NumericalError("Newton iteration for the optimal frequencies did not converge to a maximum")
    return u, v


def _scipy_maximize(derivatives: Callable, r: np.ndarray, start: Callable) -> tuple[np.ndarray, ...]:
    """Independent baseline: Nelder-Mead from a fixed generic start (the middle of the start grid) per point."""
    u, v = np.empty_like(r), np.empty_like(r)
    for i, ri in enumerate(r):
        U, V = start(np.array([ri]))
        first = (float(U[0, U.shape[1] // 4, U.shape[2] // 2]), float(V[0, V.shape[1] // 4, 0]))
        def minus(x, ri=ri):
            with np.errstate(all="ignore"):
                val = derivatives(x[0], x[1], ri)[0]
            return -val if np.isfinite(val) else 1e300
        res = minimize(minus, np.array(first), method="Nelder-Mead",
                       options={"xatol": 1e-11, "fatol": 1e-15, "maxiter": 4000})
        u[i], v[i] = res.x
    return u, v


def optimal_refrigerator(cop_carnot, *, method: str = "newton") -> xr.Dataset:
    """The frequencies maximizing chi, and the COP there, for each Carnot COP.

    Parameters
    ----------
    cop_carnot : float or array_like
        Carnot COPs T_c / (T_h - T_c), > 0 (1-d).
    method : {"newton", "scipy"}
        Vectorized damped Newton (default) or a Nelder-Mead loop (see the module docstring).

    Returns
    -------
    xarray.Dataset
        Over dim ``cop_carnot``: ``beta_c_w_a``, ``beta_h_w_b`` (the optimal beta w) and ``cop_star``
        = beta_c w_a / (r beta_h w_b - beta_c w_a), r = 1 + 1 / cop_carnot.

    Examples
    --------
    >>> opt = optimal_refrigerator(2.0)
    >>> round(float(opt.cop_star[0]), 4), round(float(opt.beta_c_w_a[0]), 3), round(float(opt.beta_h_w_b[0]), 3)
    (0.7672, 1.952, 2.997)
    """
    cop_carnot = _carnot_values("cop_carnot", cop_carnot)
    method = choice("method", method, tuple(_METHODS))
    r = 1.0 + 1.0 / cop_carnot
    u, v = _METHODS[method](_refrigerator_derivatives, r, _refrigerator_start)
    return _optimum_dataset("cop_carnot", cop_carnot, "Carnot COP T_c / (T_h - T_c)", u, v,
                            "cop_star", u / (r * v - u), "COP at maximum chi")


def optimal_engine(eta_carnot, *, method: str = "newton") -> xr.Dataset:
    """The frequencies maximizing the power, and the efficiency there, for each Carnot efficiency.

    Parameters
    ----------
    eta_carnot : float or array_like
        Carnot efficiencies 1 - T_c / T_h in (0, 1) (1-d).
    method : {"newton", "scipy"}
        As for `optimal_refrigerator`.

    Returns
    -------
    xarray.Dataset
        Over dim ``eta_carnot``: ``beta_c_w_a``, ``beta_h_w_b`` and ``eta_star`` = 1 - beta_c w_a / (r beta_h w_b),
        r = 1 / (1 - eta_carnot).

    Examples
    --------
    >>> opt = optimal_engine([0.01, 0.5])
    >>> bool(np.all((opt.eta_star > opt.eta_carnot / 2) & (opt.eta_star < opt.eta_carnot)))
    True
    """
    eta_carnot = _carnot_values("eta_carnot", eta_carnot, below_one=True)
    method = choice("method", method, tuple(_METHODS))
    r = 1.0 / (1.0 - eta_carnot)
    u, v = _METHODS[method](_engine_derivatives, r, _engine_start)
    return _optimum_dataset("eta_carnot", eta_carnot, "Carnot efficiency 1 - T_c / T_h", u, v,
                            "eta_star", 1.0 - u / (r * v), "efficiency at maximum power")


_METHODS = {"newton": _newton_maximize, "scipy": _scipy_maximize}


def _optimum_dataset(dim: str, carnot: np.ndarray, carnot_name: str, u: np.ndarray, v: np.ndarray, name: str,
                     value: np.ndarray, long_name: str) -> xr.Dataset:
    ds = xr.Dataset({
        "beta_c_w_a": labelled(u, dim, "1", "optimal beta_c w_a"),
        "beta_h_w_b": labelled(v, dim, "1", "optimal beta_h w_b"),
        name: labelled(value, dim, "1", long_name),
    }, coords={dim: carnot})
    ds[dim].attrs.update(units="1", long_name=carnot_name)
    return ds


def frequency_conditions(beta_c, w_a, beta_h, w_b) -> np.ndarray:
    """Residuals (lhs - rhs) of eqs. (21) and (22) as corrected (zero at the optimum); broadcasts.

    Returns
    -------
    numpy.ndarray
        Shape (2, ...): the residual of eq. (21), then of eq. (22).

    Examples
    --------
    >>> opt = optimal_refrigerator(2.0)
    >>> u, v = float(opt.beta_c_w_a[0]), float(opt.beta_h_w_b[0])
    >>> bool(np.all(np.abs(frequency_conditions(1.0, u, 1.0 / 1.5, 1.5 * v)) < 1e-9))
    True
    """
    beta_c, w_a, beta_h, w_b = (real_array(name, value, minimum=0.0, exclusive_minimum=True) for name, value in
                                (("beta_c", beta_c), ("w_a", w_a), ("beta_h", beta_h), ("w_b", w_b)))
    x_c, x_h = np.exp(-beta_c * w_a), np.exp(-beta_h * w_b)
    r21 = beta_c * x_c * (w_b - w_a) / (x_c + 1) - (x_c - x_h) / (x_h + 1) * (2 * w_b - w_a) / w_a
    r22 = beta_h * x_h * (w_b - w_a) / (x_h + 1) - (x_c - x_h) / (x_c + 1)
    return np.stack(np.broadcast_arrays(r21, r22))


def high_temperature_optimum(cop_carnot, beta_h_w_b) -> np.ndarray:
    """The COP maximizing the exact chi over w_a at fixed w_b (the paper's high-temperature procedure).

    Parameters
    ----------
    cop_carnot : float or array_like
        Carnot COPs, > 0.
    beta_h_w_b : float
        The fixed beta_h w_b, > 0; as it tends to 0 the result tends to cop_+ (eq. 23).

    Returns
    -------
    numpy.ndarray
        The COP at the optimum over w_a, one per Carnot COP.

    Examples
    --------
    >>> round(float(high_temperature_optimum(2.0, 1e-3)[0]), 6)    # cop_+(2) = 1
    1.0
    """
    cop_carnot = _carnot_values("cop_carnot", cop_carnot)
    v = float(_carnot_values("beta_h_w_b", beta_h_w_b)[0])
    out = np.empty_like(cop_carnot)
    for i, ec in enumerate(cop_carnot):
        r = 1.0 + 1.0 / ec

        def minus(log_x, r=r):  # u = v x, 0 < x < 1 (cooling needs beta_c w_a < beta_h w_b)
            x = 1.0 / (1.0 + np.exp(-log_x))
            return -float(_refrigerator_derivatives(v * x, v, r)[0])
        res = minimize_scalar(minus, bounds=(-30.0, 30.0), method="bounded", options={"xatol": 1e-12})
        u = v / (1.0 + np.exp(-res.x))
        out[i] = u / (r * v - u)
    return out
