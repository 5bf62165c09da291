"""Shared sizes, tolerances and helpers of the currents reproduction experiments."""

from __future__ import annotations

import numpy as np

from noneq.currents.estimators import annealed_moments, quenched_moments
from noneq.currents.model import CurrentsModel
from noneq.currents.montecarlo import simulate

SYSTEM = "currents"
MC_SIGMAS = 4.0  # Monte Carlo agrees with exact theory when within this many standard errors (fixed seeds)
CONTINUUM_TOLERANCE = 0.02  # lattice exact vs continuum at the largest time: corrections are O(1/t) there
DRAFT_TOLERANCE = 0.02  # a draft formula is confirmed when within 2% of the measured value
FINAL_T = {True: 10.0, False: 40.0}  # largest observation time (quick / full)
REALIZATIONS = {True: 8000, False: 80000}  # Monte Carlo realizations per case
RUNS_PER_CONFIGURATION = 40  # quenched Monte Carlo: dynamical runs per initial configuration
ROOT_SEED = 20261123  # root seed of every Monte Carlo of the reproduction (recorded in the datasets)


def observation_times(quick: bool) -> np.ndarray:
    """Four Monte Carlo observation times T/4, T/2, 3T/4, T."""
    return FINAL_T[quick] * np.array([0.25, 0.5, 0.75, 1.0])


def monte_carlo(model: CurrentsModel, times: np.ndarray, average: str, realizations: int,
                seed: int) -> dict[str, np.ndarray]:
    """Mean and covariance matrix with standard errors (annealed or quenched layout)."""
    if average == "annealed":
        sim = simulate(model, times, realizations=realizations, seed=seed)
        return {**annealed_moments(sim["Q"]), "Q": sim["Q"], "half_width": sim["half_width"]}
    configurations = realizations // RUNS_PER_CONFIGURATION
    sim = simulate(model, times, realizations=realizations, seed=seed, configurations=configurations)
    return {**quenched_moments(sim["Q"], configurations), "half_width": sim["half_width"]}


def max_z(measured: np.ndarray, error: np.ndarray, exact: np.ndarray) -> float:
    """Largest |measured - exact| / error over all entries."""
    return float(np.max(np.abs(np.asarray(measured) - np.asarray(exact)) / np.asarray(error)))


def relative(a: float, b: float) -> float:
    return float(abs(a - b) / abs(b))
