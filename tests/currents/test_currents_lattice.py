"""Closed two-point equations on the lattice vs closed forms, Green's function, symmetries, boundary checks."""

import numpy as np
import pytest
from scipy.special import ive

from noneq.currents import closed_forms as cf
from noneq.currents.lattice import lattice_correlations, response
from noneq.currents.model import CurrentsModel, exact_half_width

ODE = 1e-7  # ODE route (rtol 1e-9, atol 1e-12) vs exact closed forms
EXTRAPOLATION = 0.02  # a + b/sqrt(t) + c/t fit of <Q^2>_c/sqrt(t) over t in [20, 40] vs the t -> inf value
TIMES = [0.5, 2.0, 4.0]


@pytest.mark.parametrize("average, key", [("annealed", "covariance"), ("quenched", "covariance_quenched")])
@pytest.mark.parametrize("process, rho_a, rho_b", [("independent", 1.2, 0.3), ("sep", 0.5, 0.5), ("sep", 0.2, 0.2)])
def test_two_point_equations_match_closed_forms(process, rho_a, rho_b, average, key):
    out = lattice_correlations(CurrentsModel(process, rho_a, rho_b), TIMES)
    closed = [[cf.lattice_covariance(process, rho_a, rho_b, a, b, average) for b in TIMES] for a in TIMES]
    assert np.allclose(out[key].values, closed, rtol=ODE, atol=ODE)
    assert np.allclose(out["mean"].values, cf.lattice_mean(rho_a, rho_b, np.array(TIMES)), atol=ODE)


def test_density_is_the_lattice_green_function_of_the_step():
    """rho_j(t) = sum_k g_jk(t) rho_k(0), g_jk(t) = e^{-2t} I_{j-k}(2t) (corrected eq. (53))."""
    model = CurrentsModel("sep", 0.9, 0.1)
    out = lattice_correlations(model, [3.0])
    L = int(out["half_width"])
    sites = np.arange(-L + 1, L + 1)
    k = np.arange(-4 * L, 4 * L + 1)
    g = ive(np.abs(sites[:, None] - k[None, :]), 6.0)
    expected = g @ np.where(k <= 0, 0.9, 0.1)
    assert np.allclose(out["density"].values[0], expected, atol=ODE)


def test_response_sums_to_the_mean():
    t, L = 3.0, exact_half_width(3.0)
    a = response(L, t)
    k = np.arange(-L + 1, L + 1)
    assert np.sum(a * np.where(k <= 0, 0.7, 0.4)) == pytest.approx(float(cf.lattice_mean(0.7, 0.4, t)), abs=ODE)


def test_larger_lattice_changes_nothing():
    model = CurrentsModel("sep", 0.8, 0.3)
    small = lattice_correlations(model, [1.0, 3.0])
    large = lattice_correlations(model, [1.0, 3.0], half_width=2 * int(small["half_width"]))
    assert np.allclose(small["covariance"].values, large["covariance"].values, rtol=ODE, atol=ODE)
    assert np.allclose(small["covariance_quenched"].values, large["covariance_quenched"].values, rtol=ODE, atol=ODE)


def test_particle_hole_symmetry_of_sep_step():
    """SEP: holes are an SEP moving the other way: (rho_a, rho_b) -> (1 - rho_b, 1 - rho_a) keeps Q's law."""
    a = lattice_correlations(CurrentsModel("sep", 0.9, 0.35), [1.0, 2.5])
    b = lattice_correlations(CurrentsModel("sep", 0.65, 0.1), [1.0, 2.5])
    assert np.allclose(a["covariance"].values, b["covariance"].values, rtol=ODE, atol=ODE)
    assert np.allclose(a["mean"].values, b["mean"].values, atol=ODE)


def test_exclusion_reduces_the_step_variance_below_independent_walkers():
    sep = lattice_correlations(CurrentsModel("sep", 0.8, 0.2), [4.0])["covariance"].values[0, 0]
    free = cf.lattice_covariance("independent", 0.8, 0.2, 4.0, 4.0, "annealed")
    assert sep < free - 0.1


def test_fully_packed_step_has_no_initial_disorder():
    out = lattice_correlations(CurrentsModel("sep", 1.0, 0.0), [2.0, 5.0])
    assert np.allclose(out["covariance"].values, out["covariance_quenched"].values, atol=1e-14)


def test_step_variance_tends_to_derrida_gerschenfeld():
    t = np.linspace(20.0, 40.0, 6)
    out = lattice_correlations(CurrentsModel("sep", 1.0, 0.0), t)
    y = np.diag(out["covariance"].values) / np.sqrt(t)
    design = np.stack([np.ones_like(t), t ** -0.5, 1 / t], axis=1)
    limit = np.linalg.lstsq(design, y, rcond=None)[0][0]
    asymptote = cf.sep_equal_time_variance_large_t(1.0, 0.0)
    assert abs(limit / asymptote - 1) < EXTRAPOLATION
    assert abs(y[-1] / asymptote - 1) > 0.05  # finite-time corrections are real at t = 40


def test_two_bonds_translation_invariance_and_symmetry_at_equilibrium():
    from noneq.currents.lattice import bond_correlations

    out = bond_correlations(CurrentsModel("sep", 0.3, 0.3), [1.0, 2.0], bonds=(-2, 0, 1, 3))
    cov = out["covariance"].values
    assert np.allclose(cov[0, 1], cov[2, 3], rtol=ODE, atol=ODE)  # distance 2 both
    assert np.allclose(cov[1, 1], cov[3, 3], rtol=ODE, atol=ODE)
    assert np.allclose(cov, cov.transpose(1, 0, 3, 2), rtol=ODE, atol=ODE)  # <Q_a(t_i) Q_b(t_j)> symmetric
    closed = [[cf.lattice_covariance("sep", 0.3, 0.3, u, v, "annealed") for v in (1.0, 2.0)] for u in (1.0, 2.0)]
    assert np.allclose(cov[1, 1], closed, rtol=ODE, atol=ODE)  # the origin bond of a multi-bond solve
    assert abs(cov[1, 2, 0, 0]) > 1e-3  # neighbouring bonds are correlated


def test_two_bonds_of_walkers_match_a_direct_skellam_sum():
    """Poisson walkers, annealed: <Q_a(t1) Q_b(t2)>_c = sum_x rho_x E_x[q_a(t1) q_b(t2)] (independent route)."""
    from scipy.stats import skellam

    from noneq.currents.lattice import bond_correlations

    ra, rb, t1, t2, a, b = 0.9, 0.4, 1.0, 2.5, -1, 2
    out = bond_correlations(CurrentsModel("independent", ra, rb), [t1, t2], bonds=(a, b))
    n = np.arange(-40, 41)
    p1, pd = skellam.pmf(n, t1, t1), skellam.pmf(n, t2 - t1, t2 - t1)
    total = 0.0
    for x in range(-40, 41):
        y1 = x + n[:, None]
        y2 = y1 + n[None, :]
        qa = (y1 >= a + 1).astype(float) - (x >= a + 1)
        qb = (y2 >= b + 1).astype(float) - (x >= b + 1)
        total += (ra if x <= 0 else rb) * np.sum(p1[:, None] * pd[None, :] * qa * qb)
    assert out["covariance"].values[0, 1, 0, 1] == pytest.approx(total, rel=ODE)
