"""Compiled (numba) time steps of the discrete optimal-path equations for polynomial D(rho), sigma(rho).

The lowest layer of `noneq.currents.mft`: it imports nothing from the package. It holds the Thomas algorithm
(`solve_tridiagonal`), the Newton tolerances every implicit step uses, the recognition of polynomial transport
coefficients (`polynomial_coefficients`), and the compiled forward / backward segment sweeps. The discretisation
is the one written out in `noneq.currents.mft.steps` (which also has the generic numpy version for any callable
D, sigma); here D and sigma are polynomials given by coefficient arrays (highest power first, as numpy.polyval),
which covers independent walkers, SEP and KMP. A whole segment of the forward (q) or backward (p) sweep runs in
one compiled call; each Crank-Nicolson step is solved by Newton's method with the Thomas algorithm. A failed
step returns its index (the caller raises NumericalError), -1 means success. Every compiled function and every
constant they read lives in this module, so numba's on-disk cache (keyed by this file) never goes stale.

Examples
--------
>>> polynomial_coefficients(lambda rho: 2 * rho * (1 - rho)).round(12).tolist()
[-2.0, 2.0, 0.0]
>>> solve_tridiagonal(np.zeros(2), np.full(2, 2.0), np.zeros(2), np.ones(2)).tolist()
[0.5, 0.5]
"""

from __future__ import annotations

import math

import numba
import numpy as np


NEWTON_TOLERANCE = 1e-12  # max |Newton update| (absolute, fields are O(1)) ending an implicit step
NEWTON_MAX_ITERATIONS = 30  # an implicit step needing more has a time step too large for its nonlinearity
POLYNOMIAL_MAX_DEGREE = 6  # D, sigma recognised as polynomials up to this degree
POLYNOMIAL_CHECK = 1e-12  # relative misfit at check points above which D or sigma is not a polynomial
_FIT_POINTS = np.linspace(0.0, 1.0, POLYNOMIAL_MAX_DEGREE + 3)
_CHECK_POINTS = np.array([0.0371, 0.2913, 0.6182, 0.9437, 1.7, 3.3])


def polynomial_coefficients(f) -> np.ndarray | None:
    """Coefficients (numpy.polyval order) if ``f`` is a polynomial of degree <= POLYNOMIAL_MAX_DEGREE, else None."""
    try:
        values = np.array([float(f(r)) for r in _FIT_POINTS])
        check = np.array([float(f(r)) for r in _CHECK_POINTS])
    except (TypeError, ValueError, ArithmeticError):
        return None
    if not (np.all(np.isfinite(values)) and np.all(np.isfinite(check))):
        return None
    scale = max(1.0, float(np.max(np.abs(check))))
    for degree in range(POLYNOMIAL_MAX_DEGREE + 1):  # lowest degree that fits: no noise in unused powers
        coefficients = np.polyfit(_FIT_POINTS, values, degree)
        if np.max(np.abs(np.polyval(coefficients, _CHECK_POINTS) - check)) <= POLYNOMIAL_CHECK * scale:
            return coefficients
    return None


@numba.njit(cache=True)
def solve_tridiagonal(lower, diag, upper, rhs):
    """Thomas algorithm: lower[k] multiplies x[k-1] (lower[0] unused), upper[k] multiplies x[k+1]."""
    n = diag.size
    c = np.empty(n)
    d = np.empty(n)
    c[0] = upper[0] / diag[0]
    d[0] = rhs[0] / diag[0]
    for k in range(1, n):
        m = diag[k] - lower[k] * c[k - 1]
        c[k] = upper[k] / m
        d[k] = (rhs[k] - lower[k] * d[k - 1]) / m
    x = np.empty(n)
    x[n - 1] = d[n - 1]
    for k in range(n - 2, -1, -1):
        x[k] = d[k] - c[k] * x[k + 1]
    return x


@numba.njit(cache=True, inline="always")
def _poly(c, x):
    """Value and first three derivatives of the polynomial c at x (Horner with derivatives)."""
    p0, p1, p2, p3 = 0.0, 0.0, 0.0, 0.0
    for k in range(c.size):
        p3 = p3 * x + p2
        p2 = p2 * x + p1
        p1 = p1 * x + p0
        p0 = p0 * x + c[k]
    return p0, p1, 2.0 * p2, 6.0 * p3


@numba.njit(cache=True)
def _faces(q, Dc, Sc):
    """a, b, a_l, a_r, b_l, b_r per face (the numpy twin is `steps.face_rates`)."""
    m = q.size - 1
    out = np.empty((6, m))
    for f in range(m):
        qf, dq = 0.5 * (q[f] + q[f + 1]), q[f + 1] - q[f]
        D, Dp, _, _ = _poly(Dc, qf)
        s, s1, s2, s3 = _poly(Sc, qf)
        mobility = s - s2 * dq * dq / 8  # the face mobility s_f (steps module docstring)
        common = 0.25 * s1 - s3 * dq * dq / 32
        split = s2 * dq / 8
        out[0, f], out[1, f] = 0.5 * (mobility - D * dq), 0.5 * (mobility + D * dq)
        out[2, f] = common + split - 0.25 * Dp * dq + 0.5 * D
        out[3, f] = common - split - 0.25 * Dp * dq - 0.5 * D
        out[4, f] = common + split + 0.25 * Dp * dq - 0.5 * D
        out[5, f] = common - split + 0.25 * Dp * dq + 0.5 * D
    return out


@numba.njit(cache=True)
def q_rate(q, p, dx, Dc, Sc, lower, diag, upper):
    """dq/dt; fills the Jacobian bands (lower, diag, upper)."""
    n = q.size
    F = _faces(q, Dc, Sc)
    rate = np.zeros(n)
    diag[:] = 0.0
    upper[:] = 0.0
    lower[:] = 0.0
    for f in range(n - 1):
        up, down = np.exp(p[f + 1] - p[f]), np.exp(p[f] - p[f + 1])
        J = (F[0, f] * up - F[1, f] * down) / dx
        dl = (F[2, f] * up - F[4, f] * down) / dx
        dr = (F[3, f] * up - F[5, f] * down) / dx
        rate[f] -= J / dx
        rate[f + 1] += J / dx
        diag[f] -= dl / dx
        upper[f] -= dr / dx
        diag[f + 1] += dr / dx
        lower[f + 1] += dl / dx
    return rate


@numba.njit(cache=True)
def p_rate(q, p, dx, Dc, Sc, source, linear, lower, diag, upper):
    """-dp/dt; fills the Jacobian bands in p. ``linear``: first-order equation."""
    n = q.size
    F = _faces(q, Dc, Sc)
    rate = source.copy()
    diag[:] = 0.0
    upper[:] = 0.0
    lower[:] = 0.0
    h2 = dx * dx
    for f in range(n - 1):
        dp = p[f + 1] - p[f]
        if linear:
            up, down, d_up, d_down = 1.0 + dp, 1.0 - dp, 1.0, 1.0
        else:
            up, down = np.exp(dp), np.exp(-dp)
            d_up, d_down = up, down
        rate[f] += (F[2, f] * (up - 1) + F[4, f] * (down - 1)) / h2
        rate[f + 1] += (F[3, f] * (up - 1) + F[5, f] * (down - 1)) / h2
        u = (F[2, f] * d_up - F[4, f] * d_down) / h2
        v = (F[3, f] * d_up - F[5, f] * d_down) / h2
        upper[f] += u
        diag[f] -= u
        diag[f + 1] += v
        lower[f + 1] -= v
    return rate


NEWTON_CONTINUE, NEWTON_CONVERGED, NEWTON_DIVERGED = 0, 1, 2


@numba.njit(cache=True)
def newton_status(y, delta):
    """After a Newton update ``delta`` of ``y``: converged when max|delta| < NEWTON_TOLERANCE max(1, max|y|),
    diverged when it is not finite, else continue."""
    big = 1.0
    worst = 0.0
    for k in range(y.size):
        big = max(big, abs(y[k]))
        worst = max(worst, abs(delta[k]))
    if not math.isfinite(worst):
        return NEWTON_DIVERGED
    if worst < NEWTON_TOLERANCE * big:
        return NEWTON_CONVERGED
    return NEWTON_CONTINUE


@numba.njit(cache=True)
def implicit_solve(y, known, theta, dt, backward, fixed, dx, Dc, Sc, source, linear, lower, diag, upper):
    """Solve y = known + theta dt rate(y) in place by Newton's method (tridiagonal Jacobian bands); rate =
    q_rate(y, p = fixed) forward, p_rate(q = fixed, y) backward (``source``, ``linear``: backward only).
    True when converged (`newton_status`)."""
    for _ in range(NEWTON_MAX_ITERATIONS):
        if backward:
            rate = p_rate(fixed, y, dx, Dc, Sc, source, linear, lower, diag, upper)
        else:
            rate = q_rate(y, fixed, dx, Dc, Sc, lower, diag, upper)
        delta = solve_tridiagonal(-theta * dt * lower, 1.0 - theta * dt * diag, -theta * dt * upper,
                                  known + theta * dt * rate - y)
        y += delta
        status = newton_status(y, delta)
        if status != NEWTON_CONTINUE:
            return status == NEWTON_CONVERGED
    return False


@numba.njit(cache=True)
def forward_segment(q0, P, nodes, theta, dx, Dc, Sc, Q):
    """Fill Q (nodes x cells) from Q[0] = q0 with p = P; returns the failed step index or -1."""
    n = q0.size
    lower, diag, upper = np.empty(n), np.empty(n), np.empty(n)
    q = q0.copy()
    Q[0] = q
    for j in range(nodes.size - 1):
        dt = nodes[j + 1] - nodes[j]
        known = q + (1 - theta) * dt * q_rate(q, P[j], dx, Dc, Sc, lower, diag, upper)
        y = q.copy()
        if not implicit_solve(y, known, theta, dt, False, P[j + 1], dx, Dc, Sc, P[j + 1], False, lower, diag, upper):
            return j
        q = y
        Q[j + 1] = q
    return -1


@numba.njit(cache=True)
def backward_segment(p_end, Q, nodes, sources, theta, dx, Dc, Sc, linear, P):
    """Fill P (nodes x cells) backwards from P[-1] = p_end with q = Q; returns the failed step index or -1."""
    n = p_end.size
    lower, diag, upper = np.empty(n), np.empty(n), np.empty(n)
    p = p_end.copy()
    P[nodes.size - 1] = p
    for j in range(nodes.size - 2, -1, -1):
        dt = nodes[j + 1] - nodes[j]
        known = p + (1 - theta) * dt * p_rate(Q[j + 1], p, dx, Dc, Sc, sources[j + 1], linear, lower, diag, upper)
        y = p.copy()
        if not implicit_solve(y, known, theta, dt, True, Q[j], dx, Dc, Sc, sources[j], linear, lower, diag, upper):
            return j
        p = y
        P[j] = p
    return -1
