"""Cumulant generating functional mu[lambda] of non-interacting particles from the linear equation for P_lambda.

Exposes `Grid` (the x grid and its exact heat propagator), `generating_functional` (mu[lambda]),
`multi_time_cumulant` (<Q(t_1) ... Q(t_n)>_c), `solve_p` (P_lambda(x, 0) as a labelled Dataset) and `mu_from_p`.

Eqs. (24)-(25) of the paper with the backward equation (D = 1)

    d_t P + d_xx P = -lambda(t) Theta(x) P,     P(x, T) = 1,
    annealed: mu_A = int dx rho_0(x) [P(x, 0) e^{-Theta(x) Lambda} - 1],      Lambda = int_0^T lambda(t) dt,
    quenched: mu_Q = int dx rho_0(x) ln[P(x, 0) e^{-Theta(x) Lambda}],

i.e. P(x, 0) = E_x[exp(int lambda(t) Theta(X_t) dt)] for a free particle started at x. A history weight is a
smooth part ``lambda(t)`` (a callable, may be None) plus point kicks ``{t_i: B_i}``, lambda = sum B_i delta(t - t_i),
which generate the joint statistics of Q(t_1), ..., Q(t_n). The kick at t_i multiplies P by e^{B_i Theta(x)}.

Discretisation (`Grid`): points x_k = (k + 1/2) dx, k = -K..K-1 (so Theta is never evaluated at 0), second-order
finite-difference Laplacian with reflecting ends, propagated exactly through its eigen-decomposition. With dx = 1
this *is* the lattice of independent walkers (site j <-> x = j - 1/2, hop rate 1 each way): the same code gives the
exact lattice result; dx -> 0 gives the continuum (error O(dx^2)). Kick-only intervals: exact propagation;
smooth lambda: method of lines with an implicit Radau integrator (tolerance ODE_RTOL). Nothing is expanded in
lambda: the method is exact for large lambda up to floating-point range (|Lambda| < 700).

Examples
--------
>>> grid = Grid.continuum(T=1.0)
>>> mu = generating_functional(grid, 0.5, 0.5, 1.0, kicks={1.0: 0.1}, average="annealed")
>>> round(mu, 4)  # = sqrt(1/pi) (cosh(0.1) - 1)
0.0028
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass, field
from typing import Callable, Mapping

import numpy as np
import xarray as xr
from scipy import sparse
from scipy.integrate import quad, solve_ivp
from scipy.linalg import eigh_tridiagonal

from noneq.core.errors import NumericalError, bad_value
from noneq.core.resources import check_memory
from noneq.core.results import labelled
from noneq.core.validation import integer, real
from noneq.currents.model import check_average, check_densities, check_times, exact_half_width

CONTINUUM_POINTS_PER_LENGTH = 48  # grid points per diffusion length sqrt(T): relative error ~ 1e-4 (O(dx^2))
DOMAIN_LENGTHS = 7.0  # half-domain in units of sqrt(4 T): the reflecting ends are never felt (erfc(7) ~ 4e-23)
ODE_RTOL = 1e-10  # Radau tolerance for a smooth lambda (time error far below the O(dx^2) space error)
QUAD_RTOL = 1e-12  # relative accuracy of Lambda = int lambda dt
RESOLUTION_TOLERANCE = 1e-6  # int lambda seen by the integrator vs quadrature: larger means lambda was stepped over
GRID_CACHE = 8  # grids kept per process (a sweep reuses a few sizes; each holds an N x N eigenbasis, <~ 15 MB)
EXPONENT_LIMIT = 700.0  # |Lambda| beyond this overflows double precision
MIN_SPACING, MAX_SPACING = 1e-100, 1e100  # the Laplacian's entries 1 / dx^2 stay finite
GRID_COPIES = 3  # N x N float64 arrays alive while a grid's eigenbasis is built
MAX_CUMULANT_ORDER = 8  # multi_time_cumulant sums over the set partitions of the times: Bell(8) = 4140 terms


def _check_grid(grid) -> "Grid":
    if not isinstance(grid, Grid):
        raise bad_value("grid", type(grid).__name__, "a noneq.currents.Grid (Grid.lattice(T) or Grid.continuum(T))")
    return grid


@dataclass(frozen=True)
class Grid:
    """Half-integer grid x_k = (k + 1/2) dx, k = -K..K-1, with the exact propagator of its Laplacian.

    Parameters
    ----------
    spacing : float
        dx > 0 (1: the lattice of independent walkers).
    half_points : int
        K >= 1 (2K points, reflecting ends).

    Examples
    --------
    >>> Grid(1.0, 2).x.tolist()
    [-1.5, -0.5, 0.5, 1.5]
    >>> Grid.lattice(1.0).spacing, Grid.continuum(1.0, points_per_length=8).half_points
    (1.0, 112)
    """

    spacing: float
    half_points: int
    _eig: tuple = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "spacing", real("spacing", self.spacing, minimum=MIN_SPACING, maximum=MAX_SPACING))
        object.__setattr__(self, "half_points", integer("half_points", self.half_points, minimum=1))
        n = 2 * int(self.half_points)
        check_memory(GRID_COPIES * 8.0 * n * n, f"a grid of {n} points (its {n} x {n} eigenvectors)",
                     "lower half_points")
        diag = np.full(n, -2.0)
        diag[0] = diag[-1] = -1.0  # reflecting ends
        w, V = eigh_tridiagonal(diag / self.spacing ** 2, np.ones(n - 1) / self.spacing ** 2)
        object.__setattr__(self, "_eig", (w, V))

    @classmethod
    def continuum(cls, T: float, points_per_length: int = CONTINUUM_POINTS_PER_LENGTH) -> "Grid":
        """dx = sqrt(T) / points_per_length on [-X, X], X = DOMAIN_LENGTHS sqrt(4 T) (the continuum at time T)."""
        T = real("T", T, minimum=0.0, exclusive_minimum=True)
        points_per_length = real("points_per_length", points_per_length, minimum=1.0, maximum=1e6)
        dx = math.sqrt(T) / points_per_length
        return _shared_grid(dx, int(math.ceil(DOMAIN_LENGTHS * math.sqrt(4 * T) / dx)))

    @classmethod
    def lattice(cls, T: float) -> "Grid":
        """dx = 1: exact independent walkers on sites -K+1..K (site j at x = j - 1/2)."""
        return _shared_grid(1.0, exact_half_width(T) + 2)

    @property
    def x(self) -> np.ndarray:
        """Point positions (k + 1/2) dx."""
        return (np.arange(-self.half_points, self.half_points) + 0.5) * self.spacing

    @property
    def theta(self) -> np.ndarray:
        """Theta(x) on the grid (1.0 right of the origin)."""
        return (self.x > 0).astype(float)

    def propagate(self, f: np.ndarray, tau: float) -> np.ndarray:
        """exp(tau Laplacian) f (backward heat flow over a time tau >= 0)."""
        if tau <= 0:
            return f
        w, V = self._eig
        return V @ (np.exp(np.minimum(w, 0.0) * tau) * (V.T @ f))  # w <= 0: no rounding-level growth


@functools.lru_cache(maxsize=GRID_CACHE)
def _shared_grid(spacing: float, half_points: int) -> Grid:
    """Grids are immutable: one instance (and one eigen-decomposition) per size and process."""
    return Grid(spacing, half_points)


def _smooth_segment(grid: Grid, P: np.ndarray, smooth: Callable[[float], float], lower: float, upper: float,
                    max_step: float) -> tuple[np.ndarray, float]:
    """Integrate d_t P + d_xx P = -lambda(t) Theta P backward from ``upper`` to ``lower`` (method of lines, Radau
    IIA with the sparse Jacobian; s = upper - t). An extra component integrates lambda itself: if it disagrees with
    an adaptive quadrature, the integrator stepped over features of lambda and NumericalError is raised."""
    n = P.size
    main = np.full(n, -2.0)
    main[0] = main[-1] = -1.0  # reflecting ends, as in Grid
    laplacian = sparse.diags([np.ones(n - 1), main, np.ones(n - 1)], [-1, 0, 1], format="csr") / grid.spacing ** 2
    theta = grid.theta
    potential = sparse.diags(np.append(theta, 0.0))
    generator = sparse.block_diag([laplacian, sparse.csr_matrix((1, 1))], format="csr")

    def rhs(s: float, f: np.ndarray) -> np.ndarray:
        weight = float(smooth(upper - s))
        out = generator @ f
        out[:-1] += weight * theta * f[:-1]
        out[-1] = weight
        return out

    def jacobian(s: float, f: np.ndarray):
        return (generator + float(smooth(upper - s)) * potential).tocsc()

    scale = float(np.max(np.abs(P)))
    sol = solve_ivp(rhs, (0.0, upper - lower), np.append(P, 0.0), method="Radau", jac=jacobian, rtol=ODE_RTOL,
                    atol=ODE_RTOL * scale, max_step=max_step)
    if not sol.success:
        raise NumericalError(f"P_lambda integration failed: {sol.message}")
    weight = quad(smooth, lower, upper, epsabs=0.0, epsrel=QUAD_RTOL, limit=500)[0]
    seen = float(sol.y[-1, -1])
    if abs(seen - weight) > RESOLUTION_TOLERANCE * max(1.0, abs(weight)):
        raise NumericalError(f"lambda(t) not resolved on [{lower:g}, {upper:g}]: the integrator saw "
                             f"int lambda = {seen:.6g}, quadrature gives {weight:.6g}; decrease max_step")
    return sol.y[:-1, -1], weight


def _solve_p(grid: Grid, T: float, smooth: Callable[[float], float] | None, kicks: Mapping[float, float],
             max_step: float) -> tuple[np.ndarray, float]:
    """P_lambda(x, 0) on the grid and Lambda = int lambda dt (see module docstring)."""
    theta = grid.theta
    stops = sorted({0.0, T, *kicks.keys()}, reverse=True)
    P = np.ones_like(theta)
    total = float(sum(kicks.values()))
    for upper, lower in zip(stops[:-1], stops[1:]):
        if upper in kicks:
            P = P * np.exp(kicks[upper] * theta)
        if smooth is None:
            P = grid.propagate(P, upper - lower)
        else:
            P, weight = _smooth_segment(grid, P, smooth, lower, upper, max_step)
            total += weight
    if 0.0 in kicks:
        P = P * np.exp(kicks[0.0] * theta)
    if abs(total) > EXPONENT_LIMIT or not np.all(np.isfinite(P)):
        raise NumericalError(f"int lambda dt = {total:g}: beyond double-precision range (|Lambda| < 700)")
    return P, total


def _check_weight(T: float, kicks: Mapping[float, float] | None) -> tuple[float, dict[float, float]]:
    T = real("T", T, minimum=0.0, exclusive_minimum=True, allowed="a positive final time")
    if kicks is not None and not isinstance(kicks, Mapping):
        raise bad_value("kicks", kicks if isinstance(kicks, (str, int, float)) else type(kicks).__name__,
                        "a mapping {t_i: B_i} of kick times to amplitudes")
    checked = {}
    for t, B in dict(kicks or {}).items():
        t = real("kicks", t, minimum=0.0, maximum=T, allowed=f"kick times in [0, T = {T:g}]")
        checked[t] = real("kicks", B, allowed="finite kick amplitudes B_i")
    return T, checked


def solve_p(grid: Grid, T: float, smooth: Callable[[float], float] | None = None,
            kicks: Mapping[float, float] | None = None, *, max_step: float = np.inf) -> xr.Dataset:
    """P_lambda(x, 0) on the grid for lambda = smooth(t) + sum_i B_i delta(t - t_i) (module docstring).

    Parameters
    ----------
    grid : Grid
    T : float
        Final time (P(x, T) = 1).
    smooth : callable, optional
        The smooth part lambda(t) on [0, T].
    kicks : mapping, optional
        {t_i: B_i}, 0 <= t_i <= T.
    max_step : float
        Largest time step of the smooth-lambda integrator.

    Returns
    -------
    xarray.Dataset
        ``P`` (x) and ``total`` = Lambda = int_0^T lambda dt.

    Examples
    --------
    >>> p = solve_p(Grid(1.0, 2), 1.0, kicks={1.0: np.log(2.0)})  # P = 1 + P_x(X_1 > 0) on four sites
    >>> bool(np.all(np.diff(p.P.values) > 0)), round(float(p.total), 4)
    (True, 0.6931)
    """
    grid = _check_grid(grid)
    T, kicks = _check_weight(T, kicks)
    P, total = _solve_p(grid, T, smooth, kicks, max_step)
    return xr.Dataset({"P": labelled(P, "x", "1", "P_lambda(x, 0)"),
                       "total": labelled(total, (), "1", "Lambda = int_0^T lambda(t) dt")},
                      coords={"x": grid.x})


def generating_functional(grid: Grid, rho_a: float, rho_b: float, T: float, *,
                          smooth: Callable[[float], float] | None = None,
                          kicks: Mapping[float, float] | None = None, average: str = "annealed",
                          max_step: float = np.inf) -> float:
    """mu[lambda] = ln <exp(int_0^T lambda(t) Q(t) dt)> for non-interacting particles (eqs. 24-25).

    Parameters
    ----------
    grid : Grid
        `Grid.continuum(T)` for the continuum, `Grid.lattice(T)` for the exact lattice of walkers.
    rho_a, rho_b : float
        Step densities (annealed: Poisson initial occupations; quenched: fixed initial profile).
    T : float
        Final time.
    smooth : callable, optional
        Smooth part lambda(t) of the history weight.
    kicks : mapping, optional
        {t_i: B_i}: lambda contains sum_i B_i delta(t - t_i), 0 <= t_i <= T.
    average : {"annealed", "quenched"}
    max_step : float
        Largest time step of the smooth-lambda integrator (set it below the narrowest feature of lambda; an
        unresolved lambda raises `NumericalError`).

    Returns
    -------
    float

    Examples
    --------
    >>> mu = generating_functional(Grid.lattice(2.0), 0.7, 0.2, 2.0, kicks={2.0: 1e-4})
    >>> round(mu / 1e-4, 3)  # the first cumulant: <Q(2)> = (rho_a - rho_b) h(2)
    0.386
    """
    check_average(average)
    grid = _check_grid(grid)
    rho_a, rho_b = check_densities(rho_a, rho_b)
    T, kicks = _check_weight(T, kicks)
    P, total = _solve_p(grid, T, smooth, kicks, max_step)
    return _mu(grid, P, total, rho_a, rho_b, average)


def mu_from_p(grid: Grid, solution: xr.Dataset, rho_a: float, rho_b: float, average: str) -> float:
    """Eqs. (24)-(25): mu from P_lambda(x, 0) and Lambda (a `solve_p` result on ``grid``).

    >>> grid = Grid.continuum(1.0)
    >>> p = solve_p(grid, 1.0, kicks={1.0: 0.1})
    >>> mu_from_p(grid, p, 0.5, 0.5, "annealed") == generating_functional(grid, 0.5, 0.5, 1.0, kicks={1.0: 0.1})
    True
    """
    check_average(average)
    grid, (rho_a, rho_b) = _check_grid(grid), check_densities(rho_a, rho_b)
    return _mu(grid, np.asarray(solution["P"].values), float(solution["total"]), rho_a, rho_b, average)


def _mu(grid: Grid, P: np.ndarray, total: float, rho_a: float, rho_b: float, average: str) -> float:
    theta = grid.theta
    rho0 = np.where(theta > 0, rho_b, rho_a)
    reduced = P * np.exp(-theta * total)
    if average == "annealed":
        return float(grid.spacing * np.sum(rho0 * (reduced - 1.0)))
    return float(grid.spacing * np.sum(rho0 * np.log(reduced)))


def _set_partitions(items: list[int]):
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for partition in _set_partitions(rest):
        yield [[first]] + partition
        for i in range(len(partition)):
            yield partition[:i] + [[first] + partition[i]] + partition[i + 1:]


def _subset_moments(grid: Grid, times: np.ndarray, right: bool) -> dict[tuple[int, ...], np.ndarray]:
    """E_x[prod_{i in S} Y_i] for every subset S, Y_i = Theta(X_{t_i}) (right) or 1 - Theta(X_{t_i})."""
    indicator = grid.theta if right else 1.0 - grid.theta
    out: dict[tuple[int, ...], np.ndarray] = {(): np.ones_like(indicator)}
    for size in range(1, len(times) + 1):
        for subset in itertools.combinations(range(len(times)), size):
            f = np.ones_like(indicator)
            for pos in range(len(subset) - 1, -1, -1):
                earlier = times[subset[pos - 1]] if pos > 0 else 0.0
                f = grid.propagate(indicator * f, times[subset[pos]] - earlier)
            out[subset] = f
    return out


def multi_time_cumulant(grid: Grid, rho_a: float, rho_b: float, times, average: str) -> float:
    """<Q(t_1) ... Q(t_n)>_c (n = len(times), t_1 < ... < t_n) by backward propagation of the joint moments of
    the indicators Theta(X_{t_i}) on the grid.

    A particle started at x contributes q_i = Theta(X_{t_i}) - Theta(x) to Q(t_i). Annealed (Poisson initial
    occupations): int dx rho_0(x) E_x[q_1 ... q_n] (eq. 34). Quenched: int dx rho_0(x) kappa_x(q_1, ..., q_n),
    the joint cumulant of one particle's contributions (moments -> cumulants over set partitions).

    Parameters
    ----------
    grid : Grid
    rho_a, rho_b : float
        Step densities.
    times : sequence of float
        Strictly increasing times > 0.
    average : {"annealed", "quenched"}

    Returns
    -------
    float
        The joint cumulant in particles^n.

    Examples
    --------
    >>> round(multi_time_cumulant(Grid.lattice(2.0), 0.8, 0.2, [2.0], "annealed"), 4)  # (rho_a - rho_b) h(2)
    0.4629
    """
    check_average(average)
    grid = _check_grid(grid)
    rho_a, rho_b = check_densities(rho_a, rho_b)
    t = check_times(times)
    if t.size > MAX_CUMULANT_ORDER:
        raise bad_value("times", f"{t.size} times", f"at most {MAX_CUMULANT_ORDER} times (the cumulant of order n "
                        "sums over the set partitions of the n times, a number growing faster than exponentially)")
    n = t.size
    full = tuple(range(n))
    left = _subset_moments(grid, t, right=True)   # particles starting at x < 0: q_i = Theta(X_i)
    right = _subset_moments(grid, t, right=False)  # x > 0: q_i = -(1 - Theta(X_i))
    theta = grid.theta

    def moment(subset: tuple[int, ...]) -> np.ndarray:
        return np.where(theta > 0, (-1.0) ** len(subset) * right[subset], left[subset])

    rho0 = np.where(theta > 0, rho_b, rho_a)
    if average == "annealed":
        density = moment(full)
    else:
        density = np.zeros_like(theta)
        for partition in _set_partitions(list(full)):
            k = len(partition)
            term = (-1.0) ** (k - 1) * math.factorial(k - 1)
            prod = np.ones_like(theta)
            for block in partition:
                prod = prod * moment(tuple(sorted(block)))
            density = density + term * prod
    return float(grid.spacing * np.sum(rho0 * density))
