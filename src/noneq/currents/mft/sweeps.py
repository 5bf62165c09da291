"""Forward (q) and backward (p) sweeps of the discrete optimal-path equations, the initial-condition terms, and the
observables on a path.

Third layer of `noneq.currents.mft` (imports `steps` and `kernels`; the discretisation is described in `steps`).
Exposes `forward`, `backward`, `linear_q_forward` (the first-order q_1), `annealed_initial`, `free_energy`,
`noise_cost`, `currents_at`, `smooth_observable` and `fluctuating`.

Initial conditions (eqs. 10-13, step rho_0(x) = rho_a Theta(-x) + rho_b Theta(x)):
    quenched: q(x, 0) = rho_0(x);
    annealed: p(x, 0) = Theta(x) Lambda + f'(q(x, 0)) - f'(rho_0(x)),  f''(r) = 2 D(r) / sigma(r),
              solved for q(x, 0) (f' is increasing); where sigma(rho_0) = 0 (rho_0 = 0, or 1 for SEP) the initial
              density has no fluctuations and q(x, 0) = rho_0(x).
Free energy of eq. (7): F[q] = int dx int_{rho_0}^{q} dr f''(r) (q - r)  (annealed; 0 when quenched).

Examples
--------
>>> from noneq.currents.mft.steps import Coefficients
>>> co = Coefficients(lambda q: 1.0 + 0 * q, lambda q: 2 * q * (1 - q))  # SEP: q = rho_0 e^t / (1 - rho_0 + rho_0 e^t)
>>> annealed_initial(co, np.array([0.5]), np.array([np.log(3.0)])).round(12).tolist()
[0.75]
"""

from __future__ import annotations

import numpy as np

from noneq.core.errors import NumericalError
from noneq.currents.mft import kernels
from noneq.currents.mft.kernels import solve_tridiagonal
from noneq.currents.mft.steps import Coefficients, SpaceTimeGrid, face_rates, implicit_step, p_rate, q_rate

GAUSS_NODES = 24  # Gauss-Legendre nodes for int f''(r) dr on [rho_0, q]: error ~1e-10 at q / rho_0 = 20 (pole r = 0)
INVERSION_TOLERANCE = 1e-13  # Newton tolerance of the annealed initial condition f'(q) - f'(rho_0) = target
INVERSION_MAX_ITERATIONS = 100  # damped Newton: more means an inadmissible target density
DAMPING_HALVINGS = 60  # Newton step halvings keeping sigma(q) > 0 (2^-60: below rounding)


def _curvature(co: Coefficients, r: np.ndarray) -> np.ndarray:
    """f''(r) = 2 D(r) / sigma(r)."""
    return 2 * co.values(co.D, r) / co.values(co.sigma, r)


def _free_energy_parts(co: Coefficients, rho0: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(f'(q) - f'(rho_0), int_{rho_0}^{q} f''(r) (q - r) dr) by Gauss-Legendre quadrature, cell by cell."""
    nodes, weights = np.polynomial.legendre.leggauss(GAUSS_NODES)
    half = 0.5 * (q - rho0)
    r = rho0[:, None] + half[:, None] * (1 + nodes[None, :])
    f2 = _curvature(co, r.ravel()).reshape(r.shape)
    return half * (f2 @ weights), half * ((f2 * (q[:, None] - r)) @ weights)


def fluctuating(co: Coefficients, rho0: np.ndarray) -> np.ndarray:
    """Cells whose initial density fluctuates (sigma(rho_0) > 0)."""
    return co.values(co.sigma, rho0) > 0


def annealed_initial(co: Coefficients, rho0: np.ndarray, target: np.ndarray) -> np.ndarray:
    """q(x, 0) solving f'(q) - f'(rho_0) = target (damped Newton that keeps sigma(q) > 0)."""
    live = fluctuating(co, rho0)
    q = rho0.copy()
    r0, t = rho0[live], target[live]
    y = r0.copy()
    for _ in range(INVERSION_MAX_ITERATIONS):
        g, _ = _free_energy_parts(co, r0, y)
        step = (t - g) / _curvature(co, y)
        for _ in range(DAMPING_HALVINGS):
            trial = y + step
            bad = ~(co.values(co.sigma, trial) > 0) | (trial < 0)
            if not bad.any():
                break
            step = np.where(bad, 0.5 * step, step)
        y = trial
        if np.max(np.abs(step), initial=0.0) < INVERSION_TOLERANCE * max(1.0, float(np.max(np.abs(y), initial=0))):
            q[live] = y
            return q
    raise NumericalError("annealed initial condition: f'(q) - f'(rho_0) = p(x, 0) - Theta(x) Lambda has no "
                         "admissible solution q (lambda too large for this transport)")


def free_energy(co: Coefficients, rho0: np.ndarray, q0: np.ndarray, dx: float) -> float:
    """F[q(., 0)] of eq. (7) on the grid (annealed)."""
    live = fluctuating(co, rho0)
    return float(dx * np.sum(_free_energy_parts(co, rho0[live], q0[live])[1]))


def _failed(where: str, t: float) -> NumericalError:
    return NumericalError(f"Newton's method failed in the implicit step {where} at t = {t:.4g}: the optimal path is "
                          f"too steep for this time grid; raise time_steps or lower lambda")


def forward(grid: SpaceTimeGrid, co: Coefficients, q0: np.ndarray, p_segments, theta: float) -> list[np.ndarray]:
    """q on every node of every segment (eq. 8) from q(x, 0) = q0 with p given."""
    q, dx, out = q0, grid.dx, []
    for index, (nodes, P) in enumerate(zip(grid.segments, p_segments)):
        Q = np.empty((nodes.size, q.size))
        if co.polynomials is not None:
            failed = kernels.forward_segment(np.ascontiguousarray(q, float), np.ascontiguousarray(P), nodes, theta,
                                             dx, *co.polynomials, Q)
            if failed >= 0:
                raise _failed("for q", nodes[failed + 1])
        else:
            Q[0] = q
            for j in range(nodes.size - 1):
                dt = nodes[j + 1] - nodes[j]
                known = Q[j] + (1 - theta) * dt * q_rate(co, Q[j], P[j], dx)[0]
                Q[j + 1] = implicit_step(lambda y, P=P[j + 1]: q_rate(co, y, P, dx), known, Q[j], theta, dt,
                                         f"for q at t = {nodes[j + 1]:.4g}")
        q = Q[-1]
        out.append(Q)
    return out


def backward(grid: SpaceTimeGrid, co: Coefficients, q_segments, kicks: dict, smooth, theta: float, *,
             linear: bool = False) -> list[np.ndarray]:
    """p on every node (eq. 9) from p(x, T) = 0, jumping by B_i Theta(x) at each kick (p at a segment's last node
    is the value just before the kick there). ``linear``: the first-order equation (sigma'(q) p_x^2 / 2 dropped)."""
    theta_x, dx = grid.theta, grid.dx
    p = np.zeros_like(grid.x)
    out: list[np.ndarray] = [np.empty(0)] * len(grid.segments)
    for index in range(len(grid.segments) - 1, -1, -1):
        nodes, Q = grid.segments[index], q_segments[index]
        p = p + kicks.get(float(nodes[-1]), 0.0) * theta_x
        weights = np.zeros(nodes.size) if smooth is None else np.array([float(smooth(t)) for t in nodes])
        sources = weights[:, None] * theta_x[None, :]
        P = np.empty((nodes.size, p.size))
        if co.polynomials is not None:
            failed = kernels.backward_segment(p, np.ascontiguousarray(Q), nodes, sources, theta, dx,
                                              *co.polynomials, linear, P)
            if failed >= 0:
                raise _failed("for p", nodes[failed])
        else:
            P[-1] = p
            for j in range(nodes.size - 2, -1, -1):
                dt = nodes[j + 1] - nodes[j]
                known = P[j + 1] + (1 - theta) * dt * p_rate(co, Q[j + 1], P[j + 1], dx, sources[j + 1],
                                                             linear=linear)[0]
                P[j] = implicit_step(lambda y, Qj=Q[j], s=sources[j]: p_rate(co, Qj, y, dx, s, linear=linear),
                                     known, P[j + 1], theta, dt, f"for p at t = {nodes[j]:.4g}")
        p = P[0]
        out[index] = P
    return out


def currents_at(grid: SpaceTimeGrid, q_segments) -> np.ndarray:
    """Q_t[q] = int_0^inf [q(x, t) - q(x, 0)] dx at every stop after 0 (eq. 3)."""
    right = grid.x > 0
    start = q_segments[0][0][right]
    return np.array([grid.dx * np.sum(Q[-1][right] - start) for Q in q_segments])


def smooth_observable(grid: SpaceTimeGrid, q_segments, smooth) -> float:
    """int lambda_smooth(t) Q_t[q] dt by the trapezoidal rule on the time nodes."""
    if smooth is None:
        return 0.0
    right = grid.x > 0
    start = q_segments[0][0][right]
    total = 0.0
    for nodes, Q in zip(grid.segments, q_segments):
        values = grid.dx * np.sum(Q[:, right] - start, axis=1) * np.array([smooth(t) for t in nodes])
        total += float(np.sum(0.5 * (values[1:] + values[:-1]) * np.diff(nodes)))
    return total


def noise_cost(grid: SpaceTimeGrid, co: Coefficients, q_segments, p_segments) -> float:
    """int dt [sum_k dx p_k q_k' - H] (the last term of eq. 14, int int sigma(q) p_x^2 / 2 in the continuum):
    per face [a_f (1 + (dp - 1) e^{dp}) + b_f (1 - (dp + 1) e^{-dp})] / dx, trapezoidal in time."""
    total = 0.0
    for nodes, Q, P in zip(grid.segments, q_segments, p_segments):
        density = np.empty(nodes.size)
        for j in range(nodes.size):
            a, b, _, _ = face_rates(co, Q[j])
            dp = np.diff(P[j])
            density[j] = np.sum(a * (1 + (dp - 1) * np.exp(dp)) + b * (1 - (dp + 1) * np.exp(-dp))) / grid.dx
        total += float(np.sum(0.5 * (density[1:] + density[:-1]) * np.diff(nodes)))
    return total


def linear_q_forward(grid: SpaceTimeGrid, co: Coefficients, q_background, p1_segments, q1_start: np.ndarray,
                     theta: float) -> list[np.ndarray]:
    """First-order q_1 (linearised eq. 8 about the lambda = 0 path q_0, p_0 = 0):
    dq_1/dt = A(q_0) q_1 - d_x[sigma(q_0) d_x p_1], A = Jacobian of the conservative flux at p = 0 (sigma: the
    face mobility s_f of `steps`, so that this is the exact derivative of the discrete nonlinear equations).
    Returns q_1 at the first and last node of each segment only (all that `currents_at` reads)."""
    dx, q1, out = grid.dx, q1_start, []
    zero = np.zeros_like(grid.x)

    def parts(q0: np.ndarray, p1: np.ndarray):
        _, (lower, diag, upper) = q_rate(co, q0, zero, dx)
        a, b, _, _ = face_rates(co, q0)
        flux = np.concatenate(([0.0], (a + b) * np.diff(p1) / dx, [0.0]))  # dJ/d dp at p = 0: face mobility
        return (lower, diag, upper), -np.diff(flux) / dx

    for Q0, P1, nodes in zip(q_background, p1_segments, grid.segments):
        first = q1
        (lo, di, up), s_prev = parts(Q0[0], P1[0])
        for j in range(nodes.size - 1):
            dt, th = nodes[j + 1] - nodes[j], theta
            explicit = di * q1
            explicit[1:] += lo[1:] * q1[:-1]
            explicit[:-1] += up[:-1] * q1[1:]
            (lo, di, up), s_next = parts(Q0[j + 1], P1[j + 1])
            rhs = q1 + (1 - th) * dt * (explicit + s_prev) + th * dt * s_next
            q1 = solve_tridiagonal(-th * dt * lo, 1 - th * dt * di, -th * dt * up, rhs)
            s_prev = s_next
        out.append(np.stack([first, q1]))
    return out
