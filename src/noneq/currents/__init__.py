"""Integrated-current fluctuations of 1D diffusive systems (SEP, independent walkers): exact theory, MFT at
equilibrium, lattice-exact two-point equations and continuous-time Monte Carlo. Conventions: `noneq.currents.model`.
"""

from noneq.currents.closed_forms import (continuum_covariance, continuum_mean, final_time_mu, lattice_covariance,
                                         lattice_h, lattice_mean)
from noneq.currents.generating import Grid, generating_functional, multi_time_cumulant
from noneq.currents.lattice import bond_correlations, lattice_correlations
from noneq.currents.mft import TRANSPORT, Transport, equilibrium_covariance
from noneq.currents.model import CurrentsModel
from noneq.currents.montecarlo import simulate

__all__ = [
    "CurrentsModel", "Grid", "TRANSPORT", "Transport", "bond_correlations", "continuum_covariance", "continuum_mean",
    "equilibrium_covariance", "final_time_mu", "generating_functional", "lattice_correlations",
    "lattice_covariance", "lattice_h", "lattice_mean", "multi_time_cumulant", "simulate",
]
