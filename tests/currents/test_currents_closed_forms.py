"""Closed forms: lattice vs continuum, independent sums, small-B expansion of the final-time mu."""

import numpy as np
import pytest
from scipy.stats import skellam

from noneq.core.errors import NoneqInputError
from noneq.currents import closed_forms as cf
from noneq.currents.mft import TRANSPORT, equilibrium_covariance

EXACT = 1e-12  # identities between exact expressions (floating-point rounding only)
DERIVATIVE = 1e-6  # central finite differences in B with step 1e-3: error O(1e-6)


def _skellam_grid(t, n=80):
    k = np.arange(-n, n + 1)
    return k, skellam.pmf(k, t, t)


def test_h_is_the_mean_positive_displacement():
    for t in (0.3, 2.0, 11.0):
        k, p = _skellam_grid(t)
        assert cf.lattice_h(t) == pytest.approx(np.sum(np.maximum(k, 0) * p), rel=EXACT, abs=EXACT)


def test_lattice_pair_sum_is_the_h_combination():
    """sum_n P(X_t1 >= n, X_t2 >= n) (two-time Skellam sum) = [h(t1) + h(t2) - h(t2 - t1)] / 2."""
    t1, t2 = 1.3, 3.1
    k, p1 = _skellam_grid(t1)
    _, pd = _skellam_grid(t2 - t1)
    d2 = k[:, None] + k[None, :]
    direct = np.sum(np.maximum(np.minimum(k[:, None], d2), 0) * p1[:, None] * pd[None, :])
    annealed = cf.lattice_covariance("independent", 0.5, 0.5, t1, t2, "annealed")  # = (rho_a + rho_b) * pair
    assert annealed == pytest.approx(direct, rel=1e-10)


@pytest.mark.parametrize("average", ["annealed", "quenched"])
def test_lattice_tends_to_continuum(average):
    for t in (50.0, 200.0):
        lat = cf.lattice_covariance("independent", 0.7, 0.2, t / 2, t, average)
        cont = cf.continuum_covariance(0.7, 0.2, t / 2, t, average)
        assert abs(lat / cont - 1) < 1.0 / t  # corrections O(1/t)
    assert abs(cf.lattice_mean(0.7, 0.2, 100.0) / cf.continuum_mean(0.7, 0.2, 100.0) - 1) < 1 / 100.0


def test_draft_eq37_is_not_the_mean():
    t = 4.0
    assert abs(cf.continuum_mean(1.0, 0.0, t) - 1 / np.sqrt(t)) > 0.5


def test_quenched_differs_from_annealed_and_ratio_sqrt2():
    a = cf.continuum_covariance(0.6, 0.3, 2.0, 2.0, "annealed")
    q = cf.continuum_covariance(0.6, 0.3, 2.0, 2.0, "quenched")
    assert a / q == pytest.approx(np.sqrt(2), rel=EXACT)


def test_dg_step_variance_reduces_to_eq49_at_equilibrium():
    rho, t = 0.3, 7.0
    eq49 = equilibrium_covariance(TRANSPORT["sep"], rho, t, t, "annealed")
    assert cf.sep_equal_time_variance_large_t(rho, rho) * np.sqrt(t) == pytest.approx(eq49, rel=EXACT)


@pytest.mark.parametrize("average", ["annealed", "quenched"])
def test_final_time_mu_derivatives_are_mean_and_variance(average):
    ra, rb, T, h = 0.9, 0.2, 3.0, 1e-3
    mu = lambda B: cf.final_time_mu(ra, rb, T, B, average)  # noqa: E731
    first = (mu(h) - mu(-h)) / (2 * h)
    second = (mu(h) - 2 * mu(0.0) + mu(-h)) / h ** 2
    assert first == pytest.approx(cf.continuum_mean(ra, rb, T), abs=DERIVATIVE)
    assert second == pytest.approx(cf.continuum_covariance(ra, rb, T, T, average), abs=1e-5)


def test_sep_step_has_no_closed_covariance():
    with pytest.raises(NoneqInputError, match="rho_b"):
        cf.lattice_covariance("sep", 0.8, 0.2, 1.0, 2.0, "annealed")
