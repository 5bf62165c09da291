"""Eqs. (48)-(49): equilibrium MFT two-time correlations for any D, sigma."""

import numpy as np
import pytest

from noneq.currents import closed_forms as cf
from noneq.currents.mft import TRANSPORT, Transport, equilibrium_covariance

EXACT = 1e-12  # algebraic identities


@pytest.mark.parametrize("average", ["annealed", "quenched"])
def test_independent_walkers_reduce_to_the_exact_non_interacting_result(average):
    rho, t1, t2 = 0.7, 1.5, 4.0
    assert equilibrium_covariance(TRANSPORT["independent"], rho, t1, t2, average) == pytest.approx(
        cf.continuum_covariance(rho, rho, t1, t2, average), rel=EXACT)


@pytest.mark.parametrize("average", ["annealed", "quenched"])
def test_sep_is_the_large_time_limit_of_the_lattice_exact_result(average):
    rho = 0.3
    for t in (40.0, 160.0):
        lattice = cf.lattice_covariance("sep", rho, rho, t / 3, t, average)
        mft = equilibrium_covariance(TRANSPORT["sep"], rho, t / 3, t, average)
        assert abs(lattice / mft - 1) < 1.0 / t  # lattice corrections O(1/t)


def test_equal_time_ratio_is_sqrt2_for_every_model():
    for transport in TRANSPORT.values():
        a = equilibrium_covariance(transport, 0.4, 3.0, 3.0, "annealed")
        q = equilibrium_covariance(transport, 0.4, 3.0, 3.0, "quenched")
        assert a / q == pytest.approx(np.sqrt(2), rel=EXACT)


def test_scaling_with_diffusivity_and_mobility():
    """Q scales as sigma / sqrt(D) (time -> D t): doubling D at fixed sigma divides by sqrt(2)."""
    slow = Transport("D=1", lambda r: 1.0, lambda r: 2 * r ** 2)
    fast = Transport("D=2", lambda r: 2.0, lambda r: 2 * r ** 2)
    assert equilibrium_covariance(slow, 0.5, 1.0, 2.0, "annealed") == pytest.approx(
        np.sqrt(2) * equilibrium_covariance(fast, 0.5, 1.0, 2.0, "annealed"), rel=EXACT)
    assert equilibrium_covariance(TRANSPORT["kmp"], 0.5, 1.0, 2.0, "annealed") == pytest.approx(
        equilibrium_covariance(slow, 0.5, 1.0, 2.0, "annealed"), rel=EXACT)


def test_symmetric_in_times():
    for average in ("annealed", "quenched"):
        assert equilibrium_covariance(TRANSPORT["sep"], 0.5, 1.0, 3.0, average) == pytest.approx(
            equilibrium_covariance(TRANSPORT["sep"], 0.5, 3.0, 1.0, average), rel=EXACT)
