"""Macroscopic fluctuation theory (MFT) of the integrated current: the optimal-path equations (8)-(14) of the paper
solved numerically for any D(rho), sigma(rho), their second order, and the equilibrium closed forms (48)-(49).

Public names: `Transport`, `TRANSPORT`, `equilibrium_covariance` (`transport`); `solve_mft`, `Resolution`,
`MFTSolution`, `ConvergenceReport` (`solver`); `linear_response`, `LinearResponse`, `grid_points` (`response`).
Results: `MFTSolution` and `LinearResponse`, frozen dataclasses with `.to_xarray()`.

Layers (each module imports only the ones before it; `tests/currents/mft/test_currents_mft_layers.py` checks it):

    transport   D, sigma and the equilibrium formulas             (imports nothing from mft)
    kernels     numba: tridiagonal solves, compiled sweeps         (imports nothing from mft)
    steps       grid, discrete operators, numpy implicit steps     (kernels)
    sweeps      forward / backward sweeps, initial conditions      (steps, kernels)
    solver      solve_mft: continuation + Anderson iteration       (sweeps, steps, kernels, transport)
    response    linear_response: the second order                 (solver, sweeps, steps, transport)

so a call from `solve_mft` only ever goes down: solver -> sweeps -> steps -> kernels.
"""

from noneq.currents.mft.response import LinearResponse, grid_points, linear_response
from noneq.currents.mft.solver import ConvergenceReport, MFTSolution, Resolution, solve_mft
from noneq.currents.mft.transport import TRANSPORT, Transport, equilibrium_covariance

__all__ = ["TRANSPORT", "ConvergenceReport", "LinearResponse", "MFTSolution", "Resolution", "Transport",
           "equilibrium_covariance", "grid_points", "linear_response", "solve_mft"]
