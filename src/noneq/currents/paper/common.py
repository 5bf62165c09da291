"""Shared sizes, tolerances and helpers of the currents reproduction experiments (paper code only).

Grids of independent computations (Monte Carlo cases, kicks B, amplitudes, steps) run through ``context.sweep``
(resumable, parallel); Monte Carlo points get their seed from the sweep (root seed ROOT_SEED + offset and the
point's parameters, `noneq.sweep.seeds`), recorded in the datasets as ``point_seed`` / the ``point_seeds`` attr.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from noneq.core.results import labelled
from noneq.currents.model import CurrentsModel
from noneq.currents.montecarlo import simulate
from noneq.currents.observables import annealed_moments, quenched_moments

SYSTEM = "currents"
MC_SIGMAS = 4.0  # Monte Carlo agrees with exact theory when within this many standard errors (fixed seeds)
CONTINUUM_TOLERANCE = 0.02  # lattice exact vs continuum at the largest time: corrections are O(1/t) there
DRAFT_TOLERANCE = 0.02  # a draft formula is confirmed when within 2% of the measured value
FINAL_T = {True: 10.0, False: 40.0}  # largest observation time (quick / full)
FINITE_TIME = 15.0  # SEP: time at which the finite-time correction to the asymptotic variance is quoted
RHO_A, RHO_B = 0.8, 0.2  # step used by the non-interacting experiments
SAMPLES = {True: 8000, False: 80000}  # Monte Carlo samples per case
RUNS_PER_CONFIGURATION = 40  # quenched Monte Carlo: dynamical runs per initial configuration
ROOT_SEED = 20261123  # root seed of every Monte Carlo of the reproduction (recorded in the datasets)
# the evidence of the paper-corrected claims: (derivation in docs/papers/currents.md, the test of the corrected form)
PAPER = "docs/papers/currents.md"
EQ37_CORRECTION = (f"{PAPER}#eq-37-the-mean-current",
                   "tests/currents/test_currents_generating.py::test_numerical_route_matches_closed_forms_n1_n2")
EQ38_CORRECTION = (f"{PAPER}#eq-38-and-its-label-annealed-and-the-quenched-counterpart",
                   "tests/currents/test_currents_generating.py::test_numerical_route_matches_closed_forms_n1_n2")
APPENDIX_A_CORRECTION = (f"{PAPER}#appendix-a-first-order-only",
                         "tests/currents/test_currents_generating.py::test_delta_kick_solution_is_the_exact_one")


def observation_times(quick: bool) -> np.ndarray:
    """Four Monte Carlo observation times T/4, T/2, 3T/4, T."""
    return FINAL_T[quick] * np.array([0.25, 0.5, 0.75, 1.0])


def monte_carlo(model: CurrentsModel, times: np.ndarray, average: str, samples: int, seed: int) -> xr.Dataset:
    """Mean and covariance matrix with standard errors (annealed or quenched layout), and the half-width."""
    configurations = 0 if average == "annealed" else samples // RUNS_PER_CONFIGURATION
    sim = simulate(model, times, samples=samples, seed=seed, configurations=configurations)
    Q = sim.Q.isel(bond=0).values
    stats = quenched_moments(Q, configurations) if configurations else annealed_moments(Q)
    stats["half_width"] = sim.half_width
    return stats


def mc_point(*, process: str, average: str, rho_a: float, rho_b: float, times: list[float], samples: int,
             seed: int) -> xr.Dataset:
    """One Monte Carlo case as a sweep point: mean and covariance matrix of Q at ``times`` with standard errors
    (dims mc_i, mc_j index the times)."""
    stats = monte_carlo(CurrentsModel(process, rho_a, rho_b), np.asarray(times, float), average, samples, seed)
    n = len(times)
    return xr.Dataset({
        "mean": labelled(stats["mean"].values, "mc_i", "particles", f"<Q(t_i)>, Monte Carlo {process}, {average}"),
        "mean_stderr": labelled(stats["mean_stderr"].values, "mc_i", "particles", "standard error"),
        "covariance": labelled(stats["covariance"].values, ("mc_i", "mc_j"), "particles^2",
                               f"<Q(t_i) Q(t_j)>_c, Monte Carlo {process}, {average}"),
        "covariance_stderr": labelled(stats["covariance_stderr"].values, ("mc_i", "mc_j"), "particles^2",
                                      "standard error"),
        "half_width": labelled(int(stats["half_width"]), (), "sites", "lattice half-width L"),
    }, coords={"mc_i": np.arange(n), "mc_j": np.arange(n)})


def point_seeds(ds: xr.Dataset) -> str:
    """The sweep's per-point seeds as text for a dataset attribute ({point: seed})."""
    seeds = ds["point_seed"]
    names = list(seeds.dims)
    flat = seeds.stack(point=names) if names else seeds.expand_dims("point")
    labels = [", ".join(str(v) for v in np.atleast_1d(idx)) for idx in flat["point"].values] if names else ["-"]
    return "; ".join(f"{label}: {int(v)}" for label, v in zip(labels, flat.values))


def max_z(measured: np.ndarray, error: np.ndarray, exact: np.ndarray) -> float:
    """Largest |measured - exact| / error over all entries."""
    return float(np.max(np.abs(np.asarray(measured) - np.asarray(exact)) / np.asarray(error)))


def extrapolate(t: np.ndarray, y: np.ndarray) -> float:
    """The t -> infinity limit a of a least-squares fit y(t) ~ a + b / sqrt(t) + c / t."""
    design = np.stack([np.ones(t.size), t ** -0.5, 1 / t], axis=1)
    return float(np.linalg.lstsq(design, y, rcond=None)[0][0])


def relative(a: float, b: float) -> float:
    """|a - b| / |b|."""
    return float(abs(a - b) / abs(b))
