"""The optimum over the frequencies (w_a, w_b) at given bath temperatures: eps*(eps_C) and eta*(eta_C).

Because chi = G(w_a, w_b) F(tau_c, tau_h) factorizes (`noneq.otto.closed_form`), the optimal frequencies do not
depend on gamma_c, gamma_h, tau_adi or the time allocation. In the dimensionless variables u = beta_c w_a,
v = beta_h w_b and r = T_h / T_c = 1 + 1/eps_C:

    refrigerator   G = T_c u^2 [tanh(v/2) - tanh(u/2)] / (2 (r v - u)),    eps = u / (r v - u),
    engine         P ~ T_c (r v - u) [tanh(u/2) - tanh(v/2)] / 2,          eta = 1 - u / (r v),  r = 1/(1 - eta_C),

so eps* (eta*) depends on eps_C (eta_C) only, not on the temperature scale. The stationarity conditions are the
paper's eqs. (21)-(22) with the sign of (22) corrected (NOTES.md), x_c = e^{-u}, x_h = e^{-v}:

    (21) beta_c x_c (w_b - w_a) / (x_c + 1) = (x_c - x_h) / (x_h + 1) * (2 w_b - w_a) / w_a
    (22) beta_h x_h (w_b - w_a) / (x_h + 1) = (x_c - x_h) / (x_c + 1)

Methods (``method=``): "newton" (default) - all eps_C at once: a coarse vectorized grid search gives the start,
then damped Newton steps on the gradient of log G with the analytic Hessian, every point in parallel; "scipy" -
a plain loop of scipy.optimize.minimize (Nelder-Mead) per eps_C, kept as an independent check and baseline.

Example
-------
>>> u, v, eps = optimal_refrigerator(np.array([1.0, 2.0]))
>>> bool(np.all(eps > 0))
True
"""

from __future__ import annotations

from typing import Callable

import numpy as np
from scipy.optimize import minimize

from noneq.core.errors import NumericalError, bad_value

GRADIENT_TOLERANCE = 1e-10  # |grad log G| below this: converged (log G is O(1) curvature near the optimum)
MAX_NEWTON_STEPS = 60
_GRID = np.linspace(0.05, 12.0, 40)  # coarse grid of v = beta_h w_b for the start: optimum sits at beta w ~ 1-4
_FRACTION = np.linspace(0.025, 0.975, 39)  # where u lies inside its allowed interval, for the start


def _refrigerator_start(r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start grid (len(r), n, m) inside the cooling domain 0 < u < v."""
    V = np.broadcast_to(_GRID[None, :, None], (r.size, _GRID.size, _FRACTION.size))
    return V * _FRACTION[None, None, :], V


def _engine_start(r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start grid inside the engine domain v < u < r v (thin when eta_C is small)."""
    V = np.broadcast_to(_GRID[None, :, None], (r.size, _GRID.size, _FRACTION.size))
    return V * (1.0 + (r[:, None, None] - 1.0) * _FRACTION[None, None, :]), V


def _check_positive_array(name: str, values) -> np.ndarray:
    values = np.atleast_1d(np.asarray(values, dtype=float))
    if values.ndim != 1 or not np.all(np.isfinite(values)) or np.any(values <= 0):
        raise bad_value(name, values.tolist() if values.size < 6 else "array", "finite positive number(s)")
    return values


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
    for _ in range(MAX_NEWTON_STEPS):
        with np.errstate(all="ignore"):
            value, grad, huu, huv, hvv = derivatives(u, v, r)
        if np.all(np.abs(grad) < GRADIENT_TOLERANCE):
            break
        det = huu * hvv - huv**2
        du = -(hvv * grad[:, 0] - huv * grad[:, 1]) / det
        dv = -(-huv * grad[:, 0] + huu * grad[:, 1]) / det
        ascent = (det > 0) & (huu < 0)  # Newton step is an ascent direction where the Hessian is neg. definite
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
    if not (np.all(np.abs(grad) < GRADIENT_TOLERANCE) and np.all(huu * hvv - huv**2 > 0) and np.all(huu < 0)):
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


def optimal_refrigerator(eps_c, *, method: str = "newton") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(beta_c w_a*, beta_h w_b*, eps*) maximizing chi for each Carnot COP in ``eps_c`` (array, > 0)."""
    eps_c = _check_positive_array("eps_c", eps_c)
    _check_method(method)
    r = 1.0 + 1.0 / eps_c
    u, v = _METHODS[method](_refrigerator_derivatives, r, _refrigerator_start)
    return u, v, u / (r * v - u)


def optimal_engine(eta_c, *, method: str = "newton") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(beta_c w_a*, beta_h w_b*, eta*) maximizing the power for each Carnot efficiency in ``eta_c`` (0 < . < 1)."""
    eta_c = _check_positive_array("eta_c", eta_c)
    if np.any(eta_c >= 1):
        raise bad_value("eta_c", eta_c.tolist() if eta_c.size < 6 else "array", "in (0, 1)")
    _check_method(method)
    r = 1.0 / (1.0 - eta_c)
    u, v = _METHODS[method](_engine_derivatives, r, _engine_start)
    return u, v, 1.0 - u / (r * v)


_METHODS = {"newton": _newton_maximize, "scipy": _scipy_maximize}


def _check_method(method: str) -> None:
    if method not in _METHODS:
        raise bad_value("method", method, "one of " + ", ".join(_METHODS))


def frequency_conditions(beta_c, w_a, beta_h, w_b) -> tuple[np.ndarray, np.ndarray]:
    """Residuals (lhs - rhs) of eqs. (21) and (22) as corrected in NOTES.md (zero at the optimum)."""
    x_c, x_h = np.exp(-beta_c * np.asarray(w_a)), np.exp(-beta_h * np.asarray(w_b))
    r21 = beta_c * x_c * (w_b - w_a) / (x_c + 1) - (x_c - x_h) / (x_h + 1) * (2 * w_b - w_a) / w_a
    r22 = beta_h * x_h * (w_b - w_a) / (x_h + 1) - (x_c - x_h) / (x_c + 1)
    return r21, r22


def high_temperature_optimum(eps_c, beta_h_w_b) -> np.ndarray:
    """COP maximizing the exact chi over w_a at fixed w_b (the paper's high-temperature procedure); as
    beta_h w_b -> 0 it tends to eps_+ (eq. 23). Returns eps for each eps_C (w_b fixed by beta_h w_b)."""
    from scipy.optimize import minimize_scalar

    eps_c = _check_positive_array("eps_c", eps_c)
    v = float(_check_positive_array("beta_h_w_b", beta_h_w_b)[0])
    out = np.empty_like(eps_c)
    for i, ec in enumerate(eps_c):
        r = 1.0 + 1.0 / ec

        def minus(log_x, r=r):  # u = v x, 0 < x < 1 (cooling needs beta_c w_a < beta_h w_b)
            x = 1.0 / (1.0 + np.exp(-log_x))
            return -float(_refrigerator_derivatives(v * x, v, r)[0])
        res = minimize_scalar(minus, bounds=(-30.0, 30.0), method="bounded", options={"xatol": 1e-12})
        u = v / (1.0 + np.exp(-res.x))
        out[i] = u / (r * v - u)
    return out
