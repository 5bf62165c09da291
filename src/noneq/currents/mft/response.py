"""Second order in lambda: mean and covariance of Q(t_1), ..., Q(t_n) from the linearised optimal-path equations.

Top layer of `noneq.currents.mft` (imports `solver`, `sweeps`, `steps`, `transport`). Exposes `linear_response`,
its result `LinearResponse` (with `.to_xarray()`) and `grid_points` (the solver grid's size, a cheap pre-check).

The linearised equations about the lambda = 0 path (q_0 = deterministic hydrodynamics from the step, p_0 = 0) give
the mean <Q(t_i)> = Q_{t_i}[q_0] and the covariance <Q(t_i) Q(t_j)>_c = d^2 mu / dB_i dB_j = Q_{t_i}[q_1^{(j)}],
q_1^{(j)} the first-order response to a unit kick at t_j (p_1 backward with its jump, then q_1 forward, from
q_1(x, 0) = 0 quenched or q_1(x, 0) = sigma / (2 D) [p_1(x, 0) - Theta(x)] annealed). This is exact at second
order: no finite difference in lambda, no cancellation; one backward and one forward linear sweep per time. At
equilibrium it reproduces eqs. (48)-(49) (`noneq.currents.mft.transport.equilibrium_covariance`), for a SEP step
Derrida-Gerschenfeld's variance; the discretisation error is O(dx^2).

Examples
--------
>>> from noneq.currents.mft.transport import TRANSPORT
>>> r = linear_response(TRANSPORT["independent"], 0.5, 0.5, [1.0], resolution=Resolution(8, 40))
>>> round(float(r.covariance[0, 0]), 3)  # annealed (rho_a + rho_b) / sqrt(pi) = 0.564
0.564
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from noneq.core.resources import check_memory
from noneq.core.results import labelled
from noneq.currents.mft.solver import Resolution, check_resolution, check_transport
from noneq.currents.mft.steps import build_grid
from noneq.currents.mft.sweeps import backward, currents_at, fluctuating, forward, linear_q_forward
from noneq.currents.mft.transport import Transport
from noneq.currents.model import check_average, check_times


BYTES_PER_POINT = 64  # q_0, p_1, q_1 and their temporaries per grid point (measured ~40)
MEMORY_BASE = 2 ** 21


def grid_points(times, resolution: Resolution = Resolution()) -> int:
    """Cells x time nodes of the solver's grid for kicks at ``times`` (what `steps.MAX_GRID_POINTS` limits); a
    cheap pre-check for callers: raises the same `NoneqInputError` as the solvers when the grid is too large.

    >>> grid_points([1.0, 2.0], Resolution(4, 8))
    7524
    """
    t = check_times(times)
    resolution = check_resolution(resolution)
    grid = build_grid(float(t[-1]), t, resolution.points_per_length, resolution.time_steps,
                      resolution.domain_lengths)
    return int(grid.x.size * sum(n.size for n in grid.segments))


@dataclass(frozen=True)
class LinearResponse:
    """The result of `linear_response`.

    Attributes
    ----------
    times : ndarray
        Observation times t_i (n,).
    mean : ndarray
        <Q(t_i)> (n,), particles.
    covariance : ndarray
        <Q(t_i) Q(t_j)>_c (n, n), particles^2, symmetrised.
    asymmetry : float
        max |C_ij - C_ji| before symmetrisation (a discretisation-error indicator).
    """

    times: np.ndarray
    mean: np.ndarray
    covariance: np.ndarray
    asymmetry: float

    def to_xarray(self) -> xr.Dataset:
        """mean (dim time) and covariance (dims time, time2) as a labelled dataset; asymmetry in the attrs.

        >>> from noneq.currents.mft.transport import TRANSPORT
        >>> ds = linear_response(TRANSPORT["sep"], 0.5, 0.5, [0.5, 1.0], resolution=Resolution(4, 8)).to_xarray()
        >>> ds.covariance.dims
        ('time', 'time2')
        """
        return xr.Dataset({
            "mean": labelled(self.mean, "time", "particles", "<Q(t)>, MFT second order"),
            "covariance": labelled(self.covariance, ("time", "time2"), "particles^2",
                                   "<Q(t1) Q(t2)>_c, MFT second order"),
        }, coords={"time": self.times, "time2": self.times}, attrs={"asymmetry": float(self.asymmetry)})


def linear_response(transport: Transport, rho_a: float, rho_b: float, times, *, average: str = "annealed",
                    resolution: Resolution = Resolution()) -> LinearResponse:
    """Mean and covariance of Q(t_1), ..., Q(t_n) at second order in lambda (module docstring).

    Parameters
    ----------
    transport : Transport
        D(rho) and sigma(rho).
    rho_a, rho_b : float
        Step densities.
    times : sequence of float
        Increasing observation times > 0.
    average : {"annealed", "quenched"}
    resolution : Resolution
        The solver's grid (the kicks are at ``times``).

    Returns
    -------
    LinearResponse

    Examples
    --------
    >>> from noneq.currents.mft.transport import TRANSPORT
    >>> r = linear_response(TRANSPORT["sep"], 0.9, 0.2, [1.0, 2.0], resolution=Resolution(4, 8))
    >>> r.covariance.shape
    (2, 2)
    """
    check_average(average)
    co = check_transport(transport, rho_a, rho_b)
    resolution = check_resolution(resolution)
    t = check_times(times)
    T = float(t[-1])
    grid = build_grid(T, t, resolution.points_per_length, resolution.time_steps, resolution.domain_lengths)
    check_memory(BYTES_PER_POINT * grid.x.size * sum(n.size for n in grid.segments) + MEMORY_BASE,
                 "the MFT linear response", "spread the times or lower the resolution")
    rho0 = np.where(grid.x > 0, float(rho_b), float(rho_a))
    zero = [np.zeros((n.size, grid.x.size)) for n in grid.segments]
    q0 = forward(grid, co, rho0, zero, resolution.theta)
    mean = currents_at(grid, q0)
    stop_index = {s: i for i, s in enumerate(grid.stops[1:])}
    covariance = np.empty((t.size, t.size))
    weight = np.where(fluctuating(co, rho0), co.values(co.sigma, rho0) / (2 * co.values(co.D, rho0)), 0.0)
    for j, tj in enumerate(t):
        p1 = backward(grid, co, q0, {float(tj): 1.0}, None, resolution.theta, linear=True)
        start = weight * (p1[0][0] - grid.theta) if average == "annealed" else np.zeros_like(rho0)
        q1 = linear_q_forward(grid, co, q0, p1, start, resolution.theta)
        response = currents_at(grid, q1)
        covariance[:, j] = [response[stop_index[float(ti)]] for ti in t]
    asymmetry = float(np.max(np.abs(covariance - covariance.T)))
    return LinearResponse(t, np.array([mean[stop_index[float(ti)]] for ti in t]),
                          0.5 * (covariance + covariance.T), asymmetry)
