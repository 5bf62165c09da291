"""Discrete MFT optimal-path equations (eqs. 8-9): space-time grid, operators and implicit time steps.

Second layer of `noneq.currents.mft` (imports only `kernels`). Exposes `build_grid` / `SpaceTimeGrid`,
`Coefficients` (vectorised D, sigma and their derivatives), the rates `q_rate`, `p_rate` with their tridiagonal
Jacobians, and `implicit_step` (Newton with the Thomas algorithm): the generic numpy path for any callable D,
sigma; `kernels` compiles the same equations for polynomial D, sigma.

Space: cells x_k = (k + 1/2) dx, k = -K..K-1 (Theta(x) is never evaluated at 0), faces f = k + 1/2 between cells,
no-flux ends. The semi-discretisation is Hamiltonian, q_k' = dH/dp_k / dx, p_k' = -dH/dq_k / dx - lambda Theta(x_k),

    H = sum_f dx h_f,   h_f = [a_f (e^{dp_f} - 1) + b_f (e^{-dp_f} - 1)] / dx^2,
    a_f = [s_f - D(q_f) dq_f] / 2,   b_f = [s_f + D(q_f) dq_f] / 2,   s_f = sigma(q_f) - sigma''(q_f) dq_f^2 / 8,

q_f = (q_k + q_{k+1}) / 2, dq_f = q_{k+1} - q_k, dp_f = p_{k+1} - p_k. Expanding e^u to second order gives
dx sum_f [-D (dq/dx)(dp/dx) + sigma (dp/dx)^2 / 2], the continuum H = int [-D q_x p_x + sigma p_x^2 / 2] whose
Hamilton equations are eqs. (8)-(9); the error is O(dx^2) where the fields are smooth. The exponential form stays
exact where p is not smooth: for independent walkers (D = 1, sigma = 2 q) a_f = q_k, b_f = q_{k+1} and H is *the*
Hamiltonian of independent walkers hopping at rate 1/dx^2 on the grid (P = e^p then solves the discrete heat
equation exactly - discrete Cole-Hopf), so the kicks' jumps of p cost nothing. The face mobility s_f
(= sigma(q_f) + O(dq^2)) makes a_f, b_f the mean-field lattice hop rates for every quadratic sigma: SEP
a_f = q_k (1 - q_{k+1}), b_f = q_{k+1} (1 - q_k), which keeps SEP at finite lambda second order in dx
(docs/notes/currents.md). Flux form (conservative):

    q_k' = -(J_{k+1/2} - J_{k-1/2}) / dx,   J_f = [a_f e^{dp_f} - b_f e^{-dp_f}] / dx,

so Q_t[q] = dx sum_{x_k > 0} [q_k(t) - q_k(0)] is exactly the time integral of the flux through the origin.

Time: theta-scheme (theta = 1/2: Crank-Nicolson) on segments between the kick times, each graded geometrically
towards both ends (`build_grid`), where the fields are singular (p jumps by B Theta(x) at a kick; the optimal q
develops a step at x = 0 there, and starts from the step at t = 0).

Examples
--------
>>> grid = build_grid(1.0, [1.0], points_per_length=4, time_steps=8, domain_lengths=3.0)
>>> grid.x.size, grid.stops
(48, (0.0, 1.0))
>>> co = Coefficients(lambda q: 1.0 + 0 * q, lambda q: 2 * q)
>>> rate, bands = q_rate(co, np.full(4, 0.5), np.zeros(4), 1.0)  # flat density: no flux
>>> rate.tolist()
[0.0, 0.0, 0.0, 0.0]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from noneq.core.errors import NumericalError, bad_value
from noneq.currents.mft.kernels import NEWTON_MAX_ITERATIONS, NEWTON_TOLERANCE, solve_tridiagonal

DERIVATIVE_STEP = 1e-6  # central difference for sigma', D': error ~ h^2 f''' / 6 + 1e-16 / h ~ 1e-10
CURVATURE_STEP = 1e-3  # sigma'', sigma''' by differences: rounding 1e-16 / h^3 ~ 1e-7, enter times dq^2
MIN_SEGMENT_STEPS = 16  # even a short segment between two kicks is resolved at both singular ends
GRADING = 6.0  # relative time step near a singular end = GRADING / n (n uniform steps per segment)
MAX_GRID_POINTS = 1e7  # cells x time nodes: linear_response keeps q_0 and p_1 (16 bytes / point, 160 MB)
FIRST_STEP_RATIO = 8.0  # first step after a singular end = dx^2 / 8: the discrete step data relaxes on dx^2


@dataclass(frozen=True)
class SpaceTimeGrid:
    """Cells ``x`` (spacing ``dx``) and the time nodes of each segment between consecutive ``stops``."""

    x: np.ndarray
    dx: float
    stops: tuple[float, ...]
    segments: tuple[np.ndarray, ...]

    @property
    def theta(self) -> np.ndarray:
        return (self.x > 0).astype(float)

    @property
    def time_steps(self) -> int:
        return sum(s.size - 1 for s in self.segments)


def _half_segment(length: float, step: float, smallest: float, growth: float) -> np.ndarray:
    """Offsets 0 = s_0 < s_1 < ... = length / 2 from a singular end: s_1 = smallest, then steps growing
    geometrically (ds = growth * s) up to ``step``, then uniform."""
    s = [0.0, min(smallest, step)]
    while s[-1] < 0.5 * length:
        s.append(s[-1] + min(step, growth * s[-1]))
    if 0.5 * length - s[-2] < 0.2 * (s[-1] - s[-2]):
        s.pop(-2)  # avoid a sliver step at the midpoint
    s[-1] = 0.5 * length
    return np.array(s)


def build_grid(T: float, stops, points_per_length: float, time_steps: int, domain_lengths: float) -> SpaceTimeGrid:
    """Grid for [0, T]: dx = sqrt(tau) / points_per_length, tau the shortest interval between 0, the stops and T
    (the discretisation error of Q(t_i) grows like dx^2 / t_i and, for neighbouring kicks, dx^2 / (t_j - t_i)),
    half-width domain_lengths * sqrt(4 T); at most MAX_GRID_POINTS cells x time nodes. Time: each
    segment between stops gets a uniform step (b - a) / n, n ~ time_steps (b - a) / T, and, towards both of its
    ends, geometric grading ds = GRADING / n * s down to a first step dx^2 / FIRST_STEP_RATIO: near a kick or the
    initial step the fields are self-similar in x / sqrt(t - t_i), so a fixed *relative* step keeps the
    Crank-Nicolson error second order in 1/n there too."""
    stops = tuple(sorted({0.0, float(T), *map(float, stops)}))
    shortest = float(np.min(np.diff(stops)))
    # the size before any allocation: cells times at least the uniform steps of every segment
    cells = 2.0 * domain_lengths * math.sqrt(4 * T / shortest) * points_per_length
    steps = sum(max(MIN_SEGMENT_STEPS, time_steps * (b - a) / T) for a, b in zip(stops[:-1], stops[1:]))
    if not cells * steps <= MAX_GRID_POINTS:
        _too_large(stops, cells * steps)
    dx = math.sqrt(shortest) / points_per_length
    half = int(math.ceil(domain_lengths * math.sqrt(4 * T) / dx))
    x = (np.arange(-half, half) + 0.5) * dx
    segments = []
    for a, b in zip(stops[:-1], stops[1:]):
        n = max(MIN_SEGMENT_STEPS, int(round(time_steps * (b - a) / T)))
        offsets = _half_segment(b - a, (b - a) / n, dx ** 2 / FIRST_STEP_RATIO, GRADING / n)
        nodes = np.concatenate([a + offsets, b - offsets[-2::-1]])
        nodes[-1] = b
        segments.append(nodes)
    size = x.size * sum(n.size for n in segments)
    if size > MAX_GRID_POINTS:
        _too_large(stops, size)
    return SpaceTimeGrid(x, dx, stops, tuple(segments))


def _too_large(stops, size: float) -> None:
    raise bad_value("times", list(stops[1:]), f"times whose shortest interval is not so small against T that the "
                    f"grid needs {size:.3g} points (> {MAX_GRID_POINTS:.0e}): spread the times or lower the "
                    f"resolution")


@dataclass(frozen=True)
class Coefficients:
    """Vectorised D, sigma and their derivatives (central differences) of a transport (`transport.Transport`).

    ``polynomials``: (D, sigma) coefficient arrays when both are polynomials (then `kernels` runs the sweeps).
    """

    D: Callable
    sigma: Callable
    polynomials: tuple | None = None  # (D, sigma) polynomial coefficients when both are polynomials (compiled path)

    def values(self, f: Callable, q: np.ndarray) -> np.ndarray:
        return np.broadcast_to(np.asarray(f(q), float), q.shape)

    def slope(self, f: Callable, q: np.ndarray) -> np.ndarray:
        h = DERIVATIVE_STEP
        return (self.values(f, q + h) - self.values(f, q - h)) / (2 * h)

    def curvature(self, f: Callable, q: np.ndarray) -> np.ndarray:
        h = CURVATURE_STEP
        return (self.values(f, q + h) - 2 * self.values(f, q) + self.values(f, q - h)) / h ** 2

    def third(self, f: Callable, q: np.ndarray) -> np.ndarray:
        h = CURVATURE_STEP
        return (self.values(f, q + 2 * h) - 2 * self.values(f, q + h) + 2 * self.values(f, q - h)
                - self.values(f, q - 2 * h)) / (2 * h ** 3)


def _pad(face: np.ndarray) -> np.ndarray:
    """Face values with zero no-flux boundary faces appended at both ends."""
    return np.concatenate(([0.0], face, [0.0]))


def face_rates(co: Coefficients, q: np.ndarray):
    """Per face: a_f, b_f and their derivatives (a_l, a_r), (b_l, b_r) in the left / right cell density."""
    qf, dq = 0.5 * (q[1:] + q[:-1]), np.diff(q)
    D, Dp = co.values(co.D, qf), co.slope(co.D, qf)
    s, s1, s2, s3 = (co.values(co.sigma, qf), co.slope(co.sigma, qf), co.curvature(co.sigma, qf),
                     co.third(co.sigma, qf))
    mobility = s - s2 * dq ** 2 / 8
    common, split = 0.25 * s1 - s3 * dq ** 2 / 32, s2 * dq / 8
    a, b = 0.5 * (mobility - D * dq), 0.5 * (mobility + D * dq)
    a_l, a_r = common + split - 0.25 * Dp * dq + 0.5 * D, common - split - 0.25 * Dp * dq - 0.5 * D
    b_l, b_r = common + split + 0.25 * Dp * dq - 0.5 * D, common - split + 0.25 * Dp * dq + 0.5 * D
    return a, b, (a_l, a_r), (b_l, b_r)


def q_rate(co: Coefficients, q: np.ndarray, p: np.ndarray, dx: float):
    """dq/dt = dH/dp (eq. 8, conservative) and its tridiagonal Jacobian in q: (lower, diag, upper)."""
    a, b, (a_l, a_r), (b_l, b_r) = face_rates(co, q)
    up, down = np.exp(np.diff(p)), np.exp(-np.diff(p))
    flux = _pad((a * up - b * down) / dx)
    rate = -np.diff(flux) / dx
    d_left = _pad((a_l * up - b_l * down) / dx)  # dJ_f / dq (left cell of f)
    d_right = _pad((a_r * up - b_r * down) / dx)  # dJ_f / dq (right cell of f)
    diag = -(d_left[1:] - d_right[:-1]) / dx
    upper = -d_right[1:] / dx
    lower = d_left[:-1] / dx
    return rate, (lower, diag, upper)


def p_rate(co: Coefficients, q: np.ndarray, p: np.ndarray, dx: float, source, *, linear: bool = False):
    """-dp/dt = dH/dq + lambda Theta (eq. 9, exact adjoint of `q_rate`) and its Jacobian in p. ``linear``: the
    first-order equation (e^u -> 1 + u: sigma'(q) p_x^2 / 2 dropped)."""
    _, _, (a_l, a_r), (b_l, b_r) = face_rates(co, q)
    dp = np.diff(p)
    if linear:
        up, down, d_up, d_down = 1 + dp, 1 - dp, 1.0, 1.0
    else:
        up, down = np.exp(dp), np.exp(-dp)
        d_up, d_down = up, down
    as_left = _pad(a_l * (up - 1) + b_l * (down - 1))  # face term at its left cell
    as_right = _pad(a_r * (up - 1) + b_r * (down - 1))  # face term at its right cell
    rate = (as_left[1:] + as_right[:-1]) / dx ** 2 + source
    u = _pad(a_l * d_up - b_l * d_down)  # d(as_left) / d dp_f
    v = _pad(a_r * d_up - b_r * d_down)  # d(as_right) / d dp_f
    upper, lower = u[1:] / dx ** 2, -v[:-1] / dx ** 2
    diag = (v[:-1] - u[1:]) / dx ** 2
    return rate, (lower, diag, upper)


def implicit_step(rate: Callable, known: np.ndarray, guess: np.ndarray, theta: float, dt: float,
                  where: str) -> np.ndarray:
    """Solve y - theta dt rate(y) = known by Newton (``rate(y) -> (value, (lower, diag, upper))``)."""
    y = guess.copy()
    for _ in range(NEWTON_MAX_ITERATIONS):
        value, (lower, diag, upper) = rate(y)
        residual = y - theta * dt * value - known
        delta = solve_tridiagonal(-theta * dt * lower, 1.0 - theta * dt * diag, -theta * dt * upper, -residual)
        y += delta
        if not np.all(np.isfinite(y)):
            break
        if np.max(np.abs(delta)) < NEWTON_TOLERANCE * max(1.0, float(np.max(np.abs(y)))):
            return y
    raise NumericalError(f"Newton's method failed in the implicit step {where} (dt = {dt:.3g}): the optimal "
                         f"path is too steep for this time grid; raise time_steps or lower lambda")
