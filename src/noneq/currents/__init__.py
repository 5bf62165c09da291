"""Integrated-current fluctuations of 1D diffusive systems (SEP, independent walkers): exact theory, MFT at
equilibrium and its optimal-path equations at any order (`solve_mft`, `linear_response`), lattice-exact two-point
equations and their contour integrals, and continuous-time Monte Carlo. Conventions: `noneq.currents.model`.

Modules: `model` (the problem and its checks), `closed_forms`, `lattice` (two-point equations), `contour`
(eqs. 67-68), `generating` (mu[lambda] of walkers), `mft` (optimal-path solver), `montecarlo`, `observables`
(cumulant estimators), `entropy` (entropy production of the relaxation), `tur` (uncertainty ratios), `segment`
(exact master equation of a short SEP segment), `system` (the CLI face); the paper's experiments are in
`noneq.currents.paper`.
"""

from noneq.currents.closed_forms import (continuum_covariance, continuum_mean, final_time_mu, lattice_covariance,
                                         lattice_h, lattice_mean, sep_annealed_mu)
from noneq.currents.contour import step_density, step_pair_correlation
from noneq.currents.entropy import entropy_production, entropy_production_large_t, pseudo_entropy_production
from noneq.currents.generating import Grid, generating_functional, multi_time_cumulant
from noneq.currents.lattice import bond_correlations, lattice_correlations
from noneq.currents.mft import (TRANSPORT, LinearResponse, MFTSolution, Resolution, Transport, equilibrium_covariance,
                                linear_response, solve_mft)
from noneq.currents.model import CurrentsModel
from noneq.currents.montecarlo import simulate
from noneq.currents.observables import (annealed_cumulant, annealed_moments, quenched_cumulant, quenched_moments,
                                       tur_ratio_estimate)
from noneq.currents.segment import segment_statistics
from noneq.currents.tur import tur_ratio_large_t, tur_statistics

__all__ = [
    "CurrentsModel", "Grid", "LinearResponse", "MFTSolution", "Resolution", "TRANSPORT", "Transport",
    "annealed_cumulant", "annealed_moments", "bond_correlations", "continuum_covariance", "continuum_mean",
    "entropy_production", "entropy_production_large_t", "equilibrium_covariance", "final_time_mu",
    "generating_functional", "lattice_correlations", "lattice_covariance", "lattice_h", "lattice_mean",
    "linear_response", "multi_time_cumulant", "pseudo_entropy_production", "quenched_cumulant", "quenched_moments",
    "segment_statistics", "sep_annealed_mu", "simulate", "solve_mft", "step_density", "step_pair_correlation",
    "tur_ratio_estimate", "tur_ratio_large_t", "tur_statistics",
]
