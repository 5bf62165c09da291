"""Numerical solution of the MFT optimal-path equations (eqs. 8-14 of the paper) for any D(rho), sigma(rho).

Fourth layer of `noneq.currents.mft` (imports `sweeps`, `steps`, `kernels`, `transport`). Exposes `solve_mft`,
its options `Resolution`, its result `MFTSolution` (with a `ConvergenceReport`; `MFTSolution.to_xarray()` gives the
labelled dataset) and `check_transport`.

Generating functional of the current history through the origin, step initial density rho_a | rho_b:

    mu[lambda] = ln < exp( int_0^T lambda(t) Q(t) dt ) >,   lambda(t) = sum_i B_i delta(t - t_i) + lambda_s(t)

(eq. (4); mu grows as sqrt(T) at fixed B_i, t_i / T). In MFT mu is the least action: (q, p) solve
    d_t q = d_x(D(q) d_x q) - d_x(sigma(q) d_x p)                                   (eq. 8)
    d_t p = -D(q) d_xx p - sigma'(q) (d_x p)^2 / 2 - lambda(t) Theta(x)           (eq. 9)
with p(x, T^+) = 0 (so p jumps by B_i Theta(x) across each t_i, backwards) and q(x, 0) = rho_0(x) (quenched,
eq. 12) or p(x, 0) = Theta(x) Lambda + f'(q(x, 0)) - f'(rho_0(x)), f'' = 2 D / sigma (annealed, eq. 10),
Lambda = int_0^T lambda dt. Conventions: those of `noneq.currents.model`; D = 1 and sigma = 2 rho is the
continuum limit of independent walkers (hop rate 1 each way), sigma = 2 rho (1 - rho) of SEP.

Method: the discrete equations of `steps` (compiled by `kernels` when D and sigma are polynomials) are solved by
forward-backward iteration - q forward with p fixed, p backward with q fixed - accelerated by Anderson mixing, with
continuation in the amplitude: lambda -> eps lambda for eps at the Gauss-Legendre nodes of [0, 1], then eps = 1.
Since d mu / d eps = O[q_eps] = sum_i B_i Q_{t_i}[q_eps] + int lambda_s Q_t[q_eps] dt on the optimal path,
    mu = int_0^1 O[q_eps] d eps      (Gauss-Legendre; needs only the accurate, conservative q),
and the action formula (14) at eps = 1, mu = O[q] - F[q(., 0)] - int int sigma(q) (d_x p)^2 / 2, is reported as a
cross-check (``mu_action``; it converges only at first order near the kicks). The domain is [-X, X],
X = domain_lengths * sqrt(4 T) (default 5: the step's and p's erfc tails are below erfc(5) ~ 1.5e-12 at the ends),
with no-flux ends. The error of mu is second order in dx and dt (``refine=True`` measures it); convergence studies
are in docs/notes/currents.md.

Examples
--------
>>> from noneq.currents.mft.transport import TRANSPORT
>>> sol = solve_mft(TRANSPORT["independent"], 0.5, 0.5, {1.0: 0.5}, average="annealed",
...                 resolution=Resolution(points_per_length=8, time_steps=40))
>>> round(sol.mu, 3)  # exact: sqrt(1 / pi) (cosh(0.5) - 1) = 0.0718
0.072
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, replace
from typing import Callable, Mapping

import numpy as np
import xarray as xr
from scipy.integrate import quad

from noneq.core.errors import NumericalError, bad_value
from noneq.core.results import labelled
from noneq.core.validation import integer, real
from noneq.currents.mft import kernels
from noneq.currents.mft.steps import Coefficients, SpaceTimeGrid, build_grid
from noneq.currents.mft.sweeps import (annealed_initial, backward, currents_at, forward, free_energy, noise_cost,
                                       smooth_observable)
from noneq.currents.mft.transport import Transport
from noneq.currents.model import check_average

ITERATION_TOLERANCE = 1e-10  # max |p_new - p| ending the forward-backward iteration (fields are O(1))
MAX_ITERATIONS = 200  # forward-backward iterations per continuation step
ANDERSON_DEPTH = 6  # previous iterates used by Anderson mixing
QUADRATURE_NODES = 4  # Gauss-Legendre nodes in eps (mu(eps) analytic): error 1e-9 at |B| = 2, 3e-8 at |B| = 3
QUAD_RTOL = 1e-12  # relative accuracy of Lambda = int lambda_s dt
ADMISSIBLE_ROUNDING = 1e-12  # sigma(q) down to -this is rounding (q = 1 + 1e-18 next to a full SEP region)
FIELD_POINTS = (64, 201)  # at most this many (time, x) points of q, p are kept in the result (coarsened)


@dataclass(frozen=True)
class Resolution:
    """Grid of the MFT solver (frozen, validated at construction).

    Parameters
    ----------
    points_per_length : float
        dx = sqrt(tau) / points_per_length, tau the shortest interval between 0, the kick times and T (>= 2).
    time_steps : int
        About this many uniform time steps over [0, T], plus geometric grading towards the singular ends of each
        segment (>= 4).
    domain_lengths : float
        Half-domain in units of sqrt(4 T) (>= 3).
    theta : float
        Time scheme: 1/2 Crank-Nicolson, 1 implicit Euler.

    Examples
    --------
    >>> Resolution(points_per_length=8, time_steps=40).refined().points_per_length
    16.0
    """

    points_per_length: float = 16.0
    time_steps: int = 100
    domain_lengths: float = 5.0
    theta: float = 0.5

    def __post_init__(self) -> None:
        checked = {
            "points_per_length": real("points_per_length", self.points_per_length, minimum=2.0,
                                      allowed="at least 2 cells per sqrt(T)"),
            "time_steps": integer("time_steps", self.time_steps, minimum=4),
            "domain_lengths": real("domain_lengths", self.domain_lengths, minimum=3.0,
                                   allowed="a number >= 3 (the ends are felt at the origin otherwise)"),
            "theta": real("theta", self.theta, minimum=0.5, maximum=1.0,
                          allowed="a number in [0.5, 1] (0.5 Crank-Nicolson, 1 implicit Euler)"),
        }
        for name, value in checked.items():
            object.__setattr__(self, name, value)

    def refined(self) -> "Resolution":
        """dx / 2 and dt / 2."""
        return replace(self, points_per_length=2 * self.points_per_length, time_steps=2 * self.time_steps)


@dataclass(frozen=True)
class ConvergenceReport:
    """How far an `MFTSolution` can be trusted: iterations, final residual, action-formula gap, grid refinement."""

    iterations: int
    residual: float
    continuation: tuple[float, ...]
    cells: int
    time_steps: int
    dx: float
    action_gap: float
    refined_mu: float | None = None  # mu at dx/2, dt/2 (when asked for)
    refinement_change: float | None = None  # |refined_mu - mu|: the error of mu is about 4/3 of this (2nd order)


@dataclass(frozen=True)
class MFTSolution:
    """The result of `solve_mft`.

    Attributes
    ----------
    mu : float
        mu[lambda] by the integrated observable (the accurate value).
    mu_action : float
        mu by the action formula (14) (a cross-check; first order near the kicks).
    times : ndarray
        The kick times and T (increasing); ``currents`` are Q_t[q] on the optimal path at these times.
    currents : ndarray
        Q_t[q] = int_0^inf [q(x, t) - q(x, 0)] dx at ``times`` (particles).
    fields : xarray.Dataset
        q(x, t) and p(x, t) on a coarsened grid (dims time, x); at a kick time p is the value just after the kick.
    report : ConvergenceReport
    """

    mu: float
    mu_action: float
    times: np.ndarray
    currents: np.ndarray
    fields: xr.Dataset
    report: ConvergenceReport

    def to_xarray(self) -> xr.Dataset:
        """mu, mu_action, the currents (dim stop_time) and the fields in one dataset; the report in its attrs.

        >>> from noneq.currents.mft.transport import TRANSPORT
        >>> sol = solve_mft(TRANSPORT["sep"], 0.5, 0.5, {1.0: 0.2}, resolution=Resolution(4, 8))
        >>> sorted(sol.to_xarray().data_vars)
        ['current', 'mu', 'mu_action', 'p', 'q']
        """
        ds = self.fields.copy()
        ds["mu"] = labelled(self.mu, (), "1", "mu[lambda] = ln <exp(int lambda(t) Q(t) dt)>")
        ds["mu_action"] = labelled(self.mu_action, (), "1", "mu by the action formula (14)")
        ds["current"] = labelled(self.currents, "stop_time", "particles",
                                 "Q_t[q] on the optimal path at the kick times and T")
        ds = ds.assign_coords(stop_time=self.times)
        ds.attrs.update({f"report_{k}": v for k, v in dataclasses.asdict(self.report).items() if v is not None})
        return ds


def check_transport(transport: Transport, *densities: float) -> Coefficients:
    """The solver's `Coefficients` for ``transport``, checked at the step densities (rho_a, rho_b): each a finite
    density >= 0 where D > 0 and sigma >= 0 (`NoneqInputError` otherwise).

    >>> from noneq.currents.mft.transport import TRANSPORT
    >>> check_transport(TRANSPORT["sep"], 0.9, 0.2).polynomials[1].round(12).tolist()
    [-2.0, 2.0, 0.0]
    """
    if not isinstance(transport, Transport):
        raise bad_value("transport", transport, "a noneq.currents.mft.Transport")
    densities = tuple(real(name, rho, minimum=0.0, allowed=f"a density >= 0 where D > 0 and sigma >= 0 for "
                           f"{transport.name}") for name, rho in zip(("rho_a", "rho_b"), densities))
    D, sigma = kernels.polynomial_coefficients(transport.D), kernels.polynomial_coefficients(transport.sigma)
    co = Coefficients(transport.D, transport.sigma, None if D is None or sigma is None else (D, sigma))
    for name, rho in zip(("rho_a", "rho_b"), densities):
        r = np.array([float(rho)])
        D, sigma = co.values(co.D, r)[0], co.values(co.sigma, r)[0]
        if not (math.isfinite(D) and D > 0 and math.isfinite(sigma) and sigma >= 0):
            raise bad_value(name, rho, f"a density >= 0 where D > 0 and sigma >= 0 for {transport.name}")
    return co


def check_resolution(resolution) -> "Resolution":
    """``resolution`` if it is a `Resolution` (`NoneqInputError` naming ``resolution`` otherwise)."""
    if not isinstance(resolution, Resolution):
        raise bad_value("resolution", type(resolution).__name__, "a noneq.currents.Resolution")
    return resolution


def _check_kicks(kicks: Mapping[float, float], T: float) -> dict[float, float]:
    if not isinstance(kicks, Mapping):
        raise bad_value("kicks", kicks if isinstance(kicks, (str, int, float)) else type(kicks).__name__,
                        "a mapping {t_i: B_i} of kick times to amplitudes")
    out = {}
    for t, B in kicks.items():
        t = real("kicks", t, minimum=0.0, exclusive_minimum=True, maximum=T,
                 allowed=f"kick times in (0, T = {T:g}] (Q(0) = 0: a kick at 0 does nothing)")
        out[t] = real("kicks", B, allowed="finite kick amplitudes B_i")
    return out


def _anderson_solve(step: Callable[[np.ndarray], np.ndarray], x: np.ndarray, tolerance: float, max_iterations: int,
                    depth: int, what: str) -> tuple[np.ndarray, int, float]:
    """Fixed point x = step(x) by Anderson mixing (type II, full steps); returns (x, iterations, residual)."""
    xs, gs = [], []
    residual = math.inf
    for iteration in range(1, max_iterations + 1):
        g = step(x)
        r = g - x
        residual = float(np.max(np.abs(r)))
        if not math.isfinite(residual):
            break
        if residual < tolerance:
            return g, iteration, residual
        xs.append(x)
        gs.append(g)
        xs, gs = xs[-depth - 1:], gs[-depth - 1:]
        if len(xs) > 1:
            R = np.stack([gi - xi for gi, xi in zip(gs, xs)], axis=1)
            dR, dG = np.diff(R, axis=1), np.diff(np.stack(gs, axis=1), axis=1)
            gamma = np.linalg.lstsq(dR, r, rcond=None)[0]
            x = g - dG @ gamma
        else:
            x = g
    raise NumericalError(f"MFT forward-backward iteration did not converge {what}: residual {residual:.3g} after "
                         f"{max_iterations} iterations (> {tolerance:g}); lower the amplitudes B_i, raise "
                         f"max_iterations, or use more continuation (quadrature) nodes")


def solve_mft(transport: Transport, rho_a: float, rho_b: float, kicks: Mapping[float, float], *,
              average: str = "annealed", T: float | None = None, smooth: Callable[[float], float] | None = None,
              resolution: Resolution = Resolution(), quadrature_nodes: int = QUADRATURE_NODES,
              refine: bool = False, accuracy: float | None = None, tolerance: float = ITERATION_TOLERANCE,
              max_iterations: int = MAX_ITERATIONS) -> MFTSolution:
    """mu[lambda] = ln <exp(int_0^T lambda(t) Q(t) dt)> from the optimal path of eqs. (8)-(14) (module docstring).

    Parameters
    ----------
    transport : Transport
        D(rho) and sigma(rho) (`noneq.currents.mft.TRANSPORT` or any other).
    rho_a, rho_b : float
        Step densities left and right of the origin.
    kicks : mapping
        {t_i: B_i}: lambda contains sum_i B_i delta(t - t_i), 0 < t_i <= T.
    average : {"annealed", "quenched"}
    T : float, optional
        Final time; defaults to the last kick time.
    smooth : callable, optional
        A smooth part lambda_s(t) of the history weight on [0, T].
    resolution : Resolution
        The grid.
    quadrature_nodes : int
        Gauss-Legendre nodes of the continuation in the amplitude.
    refine : bool
        Also solve at dx/2, dt/2 and report the change of mu (`ConvergenceReport.refinement_change`).
    accuracy : float, optional
        With ``refine``: a change larger than accuracy * |mu| raises `NumericalError`.
    tolerance, max_iterations
        Stopping rule of the forward-backward iteration (max |p_new - p|).

    Returns
    -------
    MFTSolution

    Raises
    ------
    NoneqInputError
        Bad input, before any computation.
    NumericalError
        The iteration did not converge, the optimal density left the admissible range, or ``accuracy`` was not met.

    Examples
    --------
    >>> from noneq.currents.mft.transport import TRANSPORT
    >>> sol = solve_mft(TRANSPORT["sep"], 0.7, 0.2, {0.5: 0.3, 1.0: -0.2}, resolution=Resolution(6, 16))
    >>> sol.times.tolist(), round(sol.mu, 3)
    ([0.5, 1.0], 0.009)
    """
    check_average(average)
    co = check_transport(transport, rho_a, rho_b)
    resolution = check_resolution(resolution)
    if T is None:
        kicks = _check_kicks(kicks, math.inf)
        if not kicks:
            raise bad_value("T", T, "a final time when no kicks are given")
        T = max(float(t) for t in kicks)
    T = real("T", T, minimum=0.0, exclusive_minimum=True, allowed="a positive final time")
    kicks = _check_kicks(kicks, T)
    if not kicks and smooth is None:
        raise bad_value("kicks", kicks, "at least one kick or a smooth lambda(t)")
    if accuracy is not None and not refine:
        raise bad_value("accuracy", accuracy, "a positive relative accuracy, together with refine=True")
    if accuracy is not None:
        real("accuracy", accuracy, minimum=0.0, exclusive_minimum=True,
             allowed="a positive relative accuracy, together with refine=True")
    quadrature_nodes = integer("quadrature_nodes", quadrature_nodes, minimum=1)
    grid = build_grid(T, kicks.keys(), resolution.points_per_length, resolution.time_steps,
                      resolution.domain_lengths)
    rho0 = np.where(grid.x > 0, float(rho_b), float(rho_a))
    total = sum(kicks.values()) + (0.0 if smooth is None else quad(smooth, 0, T, epsrel=QUAD_RTOL, limit=500)[0])
    theta = resolution.theta
    shapes = [(n.size, grid.x.size) for n in grid.segments]
    sizes = np.cumsum([0] + [a * b for a, b in shapes])

    def unflatten(v: np.ndarray) -> list[np.ndarray]:
        return [v[sizes[i]:sizes[i + 1]].reshape(shapes[i]) for i in range(len(shapes))]

    def initial_q(p_segments, eps: float) -> np.ndarray:
        if average == "quenched":
            return rho0
        return annealed_initial(co, rho0, p_segments[0][0] - grid.theta * eps * total)

    def path(eps: float, p_flat: np.ndarray):
        scaled = {t: eps * B for t, B in kicks.items()}
        lam = None if smooth is None else (lambda t: eps * smooth(t))

        def step(v: np.ndarray) -> np.ndarray:
            P = unflatten(v)
            Q = forward(grid, co, initial_q(P, eps), P, theta)
            return np.concatenate([a.ravel() for a in backward(grid, co, Q, scaled, lam, theta)])

        p_flat, iterations, residual = _anderson_solve(step, p_flat, tolerance, max_iterations,
                                                       ANDERSON_DEPTH, f"at eps = {eps:.3g}")
        P = unflatten(p_flat)
        Q = forward(grid, co, initial_q(P, eps), P, theta)
        _check_admissible(co, Q, eps)
        observable = float(np.dot(list(scaled.values()), _kick_currents(grid, Q, scaled))) + (
            smooth_observable(grid, Q, lam))
        return Q, P, p_flat, observable / eps, iterations, residual

    nodes, weights = np.polynomial.legendre.leggauss(int(quadrature_nodes))
    eps_list = list(0.5 * (nodes + 1)) + [1.0]
    p_flat, last_eps = np.zeros(sizes[-1]), None
    mu, iterations, residual = 0.0, 0, 0.0
    for k, eps in enumerate(eps_list):
        guess = p_flat if last_eps is None else p_flat * (eps / last_eps)  # p = O(eps) at first order
        Q, P, p_flat, slope, its, residual = path(eps, guess)
        iterations += its
        last_eps = eps
        if k < len(nodes):
            mu += 0.5 * weights[k] * slope
    observable = slope
    F = free_energy(co, rho0, Q[0][0], grid.dx) if average == "annealed" else 0.0
    mu_action = observable - F - noise_cost(grid, co, Q, P)
    refined_mu = None
    if refine:
        refined_mu = solve_mft(transport, rho_a, rho_b, kicks, average=average, T=T, smooth=smooth,
                               resolution=resolution.refined(), quadrature_nodes=quadrature_nodes,
                               tolerance=tolerance, max_iterations=max_iterations).mu
        change = abs(refined_mu - mu)
        if accuracy is not None and change > accuracy * abs(mu):
            raise NumericalError(f"mu = {mu:.6g} changed by {change:.3g} under grid refinement (dx/2, dt/2), more "
                                 f"than accuracy = {accuracy:g} relative: raise points_per_length and time_steps")
    report = ConvergenceReport(iterations, residual, tuple(float(e) for e in eps_list), grid.x.size,
                               grid.time_steps, grid.dx, abs(mu_action - mu), refined_mu,
                               None if refined_mu is None else abs(refined_mu - mu))
    return MFTSolution(float(mu), float(mu_action), np.array(grid.stops[1:]), currents_at(grid, Q),
                       _fields(grid, Q, P), report)


def _kick_currents(grid, Q, kicks: Mapping[float, float]) -> np.ndarray:
    at = dict(zip(grid.stops[1:], currents_at(grid, Q)))
    return np.array([at[t] for t in kicks])


def _check_admissible(co: Coefficients, Q, eps: float) -> None:
    for segment in Q:
        if not np.all(np.isfinite(segment)) or np.any(co.values(co.sigma, segment) < -ADMISSIBLE_ROUNDING):
            raise NumericalError(f"the optimal density left the admissible range (sigma(q) < 0) at eps = {eps:.3g}: "
                                 f"lower the amplitudes B_i or refine the grid")


def _fields(grid: SpaceTimeGrid, Q, P) -> xr.Dataset:
    """q, p on a coarsened (time, x) grid; at a kick time p is the value just after the kick."""
    times = np.concatenate([grid.segments[0]] + [s[1:] for s in grid.segments[1:]])
    q = np.concatenate([Q[0]] + [s[1:] for s in Q[1:]])
    p = np.concatenate([P[i][:-1] for i in range(len(P))] + [np.zeros((1, grid.x.size))])  # p(x, T^+) = 0
    t_stride = max(1, times.size // FIELD_POINTS[0])
    x_stride = max(1, grid.x.size // FIELD_POINTS[1])
    ti, xi = np.unique(np.append(np.arange(0, times.size, t_stride), times.size - 1)), slice(None, None, x_stride)
    return xr.Dataset({
        "q": labelled(q[ti, xi], ("time", "x"), "particles / length", "optimal density q(x, t)"),
        "p": labelled(p[ti, xi], ("time", "x"), "1", "optimal response field p(x, t)"),
    }, coords={"time": times[ti], "x": grid.x[xi]})


