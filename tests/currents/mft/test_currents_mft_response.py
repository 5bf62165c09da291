"""Second order of the MFT optimal-path equations (`linear_response`): closed forms at equilibrium and for walkers,
Derrida-Gerschenfeld's step variance, other transports, the labelled result."""

import numpy as np
import pytest

from noneq.currents import closed_forms as cf
from noneq.currents.mft import TRANSPORT, Resolution, Transport, equilibrium_covariance, grid_points, linear_response

LINEAR_TOLERANCE = 2e-3  # linear response (default grid) vs continuum closed forms: O(dx^2), measured < 5e-4
INDEPENDENT, SEP = TRANSPORT["independent"], TRANSPORT["sep"]


@pytest.mark.parametrize("average", ["annealed", "quenched"])
def test_independent_linear_response_matches_closed_forms(average):
    t = np.array([0.4, 1.0])
    r = linear_response(INDEPENDENT, 0.8, 0.3, t, average=average)
    assert r.mean == pytest.approx(cf.continuum_mean(0.8, 0.3, t), rel=LINEAR_TOLERANCE)
    assert r.covariance == pytest.approx(cf.continuum_covariance(0.8, 0.3, t[:, None], t[None, :], average),
                                         rel=LINEAR_TOLERANCE)
    assert r.asymmetry < 1e-12  # the discrete p equation is the exact adjoint of the q equation


@pytest.mark.parametrize("average", ["annealed", "quenched"])
def test_sep_second_order_matches_equilibrium_formulas(average):
    t = np.array([0.3, 1.0])
    r = linear_response(SEP, 0.3, 0.3, t, average=average)
    expected = equilibrium_covariance(SEP, 0.3, t[:, None], t[None, :], average)
    assert r.covariance == pytest.approx(expected, rel=LINEAR_TOLERANCE)
    assert np.abs(r.mean).max() < 1e-14


@pytest.mark.parametrize("transport", [TRANSPORT["kmp"], Transport("D = 1 + rho", lambda r: 1 + r, lambda r: 2 * r)],
                         ids=["kmp", "nonconstant-D"])
def test_other_transports_second_order_matches_equilibrium_formulas(transport):
    t = np.array([0.5, 1.0])
    for average in ("annealed", "quenched"):
        r = linear_response(transport, 0.7, 0.7, t, average=average)
        expected = equilibrium_covariance(transport, 0.7, t[:, None], t[None, :], average)
        assert r.covariance == pytest.approx(expected, rel=LINEAR_TOLERANCE)


def test_nonlinear_diffusion_mean_current_scales_as_sqrt_t():
    """Boltzmann similarity of d_t q = d_x(D(q) d_x q) from a step: <Q(t)> ~ sqrt(t) for any D(rho)."""
    r = linear_response(Transport("D = 1 + 2 rho", lambda r: 1 + 2 * r, lambda r: 2 * r), 0.9, 0.1, [1.0, 4.0])
    assert r.mean[1] / r.mean[0] == pytest.approx(2.0, rel=LINEAR_TOLERANCE)
    assert r.mean[0] > cf.continuum_mean(0.9, 0.1, 1.0)  # faster than D = 1 (D >= 1 everywhere)


@pytest.mark.parametrize("step", [(0.9, 0.2), (1.0, 0.0), (0.3, 0.6)])
def test_sep_step_equal_time_variance_is_derrida_gerschenfeld(step):
    r = linear_response(SEP, *step, [2.0], average="annealed")
    assert r.covariance[0, 0] == pytest.approx(cf.sep_equal_time_variance_large_t(*step) * np.sqrt(2.0),
                                               rel=LINEAR_TOLERANCE)


def test_result_is_labelled_and_grid_size_is_checked():
    r = linear_response(SEP, 0.9, 0.2, [0.5, 1.0], resolution=Resolution(4, 8))
    ds = r.to_xarray()
    assert ds.covariance.dims == ("time", "time2") and ds["mean"].attrs["units"] == "particles"
    assert np.array_equal(ds.covariance.values, r.covariance) and ds.time.values.tolist() == [0.5, 1.0]
    assert grid_points([1.0, 2.0], Resolution(4, 8)) < grid_points([1.0, 2.0], Resolution(8, 8))
