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


# --- the library route `noneq run currents --set method=mft` (optimal-path solver for a step) ---------------------

ROUTE_TOLERANCE = 2e-3  # route (linearised solver, default grid) vs continuum closed forms: O(dx^2), measured 3e-4
FINITE_TIME_GAP = 0.15  # |lattice / MFT - 1| for a quenched step at t = 2, 5: O(t^-1/2) corrections, measured 0.10


def _route(**given):
    from noneq.core.registry import get_system

    return get_system("currents").run(method="mft", t1=2.0, t2=5.0, **given)


@pytest.mark.parametrize("average", ["annealed", "quenched"])
def test_mft_route_independent_step_is_the_exact_continuum_result(average):
    ds = _route(model="independent", rho_a=0.9, rho_b=0.1, average=average)
    assert float(ds.mean_q_t1) == pytest.approx(float(cf.continuum_mean(0.9, 0.1, 2.0)), rel=ROUTE_TOLERANCE)
    assert float(ds.cov_q_t1_t2) == pytest.approx(float(cf.continuum_covariance(0.9, 0.1, 2.0, 5.0, average)),
                                                  rel=ROUTE_TOLERANCE)


def test_mft_route_sep_step_variance_is_derrida_gerschenfeld():
    ds = _route(model="sep", rho_a=1.0, rho_b=0.0, average="annealed")
    for name, t in (("var_q_t1", 2.0), ("var_q_t2", 5.0)):
        assert float(ds[name]) == pytest.approx(cf.sep_equal_time_variance_large_t(1.0, 0.0) * np.sqrt(t),
                                                rel=ROUTE_TOLERANCE)
    assert {"mean_q_t1", "mean_q_t2", "var_q_t1", "var_q_t2", "cov_q_t1_t2"} <= set(ds.data_vars)


def test_mft_route_sep_step_approaches_lattice_exact():
    """Large-time check of the route against the lattice: corrections O(t^-1/2) (a few % at t ~ 5-10)."""
    mft = _route(model="sep", rho_a=0.8, rho_b=0.3, average="quenched")
    from noneq.core.registry import get_system

    exact = get_system("currents").run(method="exact", model="sep", rho_a=0.8, rho_b=0.3, t1=2.0, t2=5.0,
                                       average="quenched")
    assert float(exact.cov_q_t1_t2) / float(mft.cov_q_t1_t2) == pytest.approx(1.0, abs=FINITE_TIME_GAP)


def test_mft_route_rejects_times_the_grid_cannot_span():
    from noneq.core.errors import NoneqInputError
    from noneq.core.registry import get_system

    with pytest.raises(NoneqInputError, match="t1"):
        get_system("currents").resolve({"method": "mft", "model": "sep", "rho_a": 0.8, "rho_b": 0.2, "t1": 0.01,
                                        "t2": 200.0})
