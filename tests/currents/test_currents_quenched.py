"""Quenched statistics: the large-t step variance (annealed minus Var(E[Q | init])), Bernoulli-sum cumulants of
walkers, and the quenched fourth-cumulant estimator (synthetic data, Monte Carlo vs the exact generating route)."""

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.special import erfc

from noneq.core.errors import NoneqInputError
from noneq.currents import closed_forms as cf
from noneq.currents.observables import annealed_cumulant, quenched_cumulant
from noneq.currents.generating import Grid, multi_time_cumulant
from noneq.currents.lattice import lattice_correlations
from noneq.currents.mft import TRANSPORT, equilibrium_covariance
from noneq.currents.model import CurrentsModel
from noneq.currents.montecarlo import simulate

EXACT = 1e-12  # identities between closed forms (rounding only)
QUAD = 1e-10  # adaptive quadrature of erfc^2
EXTRAPOLATION = 2e-3  # fit a + b/sqrt(t) + c/t of lattice values on t in [10, 20]: residual O(t^-3/2) ~ 1e-3
DEFICIT_LARGE_T = 0.02  # Var(E[Q|init]) / sqrt(t) at t = 400 vs its limit: corrections O(t^-1/2) ~ 1/20
NEAR_EQUAL = 1e-5  # multi-time cumulant at t, t + 1e-7, ...: continuity error O(1e-7) per particle, times L
K_SIGMA = 4.0  # Monte Carlo agreement within 4 standard errors (fixed seeds)


def _pair(estimate):
    """(cumulant, standard error) of an estimate dataset."""
    return float(estimate.cumulant), float(estimate.stderr)


def test_erfc_square_integral():
    assert quad(lambda u: erfc(u) ** 2, 0, np.inf, epsabs=0, epsrel=1e-13)[0] == pytest.approx(
        cf.ERFC_SQUARE_INTEGRAL, rel=QUAD)


@pytest.mark.parametrize("rho", [0.2, 0.5, 0.9])
def test_quenched_step_variance_reduces_to_eq48_at_equilibrium(rho):
    t = 3.0
    eq48 = equilibrium_covariance(TRANSPORT["sep"], rho, t, t, "quenched")
    assert cf.sep_equal_time_variance_large_t(rho, rho, "quenched") * np.sqrt(t) == pytest.approx(eq48, rel=EXACT)


def test_quenched_step_variance_closed_polynomial_and_walkers_limit():
    ra, rb = 0.7, 0.15
    polynomial = ((ra + rb) / np.sqrt(2) - (np.sqrt(2) - 1) * (ra ** 2 + rb ** 2)
                  - (2 - np.sqrt(2)) * ra * rb) / np.sqrt(np.pi)
    assert cf.sep_equal_time_variance_large_t(ra, rb, "quenched") == pytest.approx(polynomial, rel=EXACT)
    # deterministic initial state 1 | 0: quenched = annealed
    assert cf.sep_equal_time_variance_large_t(1.0, 0.0, "quenched") == pytest.approx(
        cf.sep_equal_time_variance_large_t(1.0, 0.0), rel=EXACT)
    # independent walkers: the continuum quenched formula (docs/papers/currents.md) at t1 = t2
    for average in ("annealed", "quenched"):
        assert cf.step_variance_large_t("independent", ra, rb, average) == pytest.approx(
            cf.continuum_covariance(ra, rb, 1.0, 1.0, average), rel=EXACT)


def test_deficit_is_the_large_t_limit_of_the_lattice_sum():
    """annealed - quenched on the lattice (Skellam sums, any t) divided by sqrt(t) tends to the deficit."""
    t = 400.0
    gap = (cf.lattice_covariance("independent", 0.6, 0.3, t, t, "annealed")
           - cf.lattice_covariance("independent", 0.6, 0.3, t, t, "quenched"))
    assert gap / np.sqrt(t) == pytest.approx(cf.quenched_variance_deficit("independent", 0.6, 0.3),
                                             rel=DEFICIT_LARGE_T)


def test_sep_step_lattice_exact_extrapolates_to_the_asymptote():
    ra, rb, T = 0.8, 0.2, 20.0
    t = np.linspace(T / 20, T, 20)
    out = lattice_correlations(CurrentsModel("sep", ra, rb), t)
    tail = t >= T / 2
    design = np.stack([np.ones(tail.sum()), t[tail] ** -0.5, 1 / t[tail]], axis=1)
    for average, key in (("annealed", "covariance"), ("quenched", "covariance_quenched")):
        y = np.diag(out[key].values) / np.sqrt(t)
        limit = np.linalg.lstsq(design, y[tail], rcond=None)[0][0]
        assert limit == pytest.approx(cf.sep_equal_time_variance_large_t(ra, rb, average), rel=EXTRAPOLATION)


def test_walkers_quenched_cumulants_match_generating_route():
    """Bernoulli-sum closed form vs the set-partition route at nearly equal times (independent methods)."""
    ra, rb, t = 0.8, 0.2, 2.0
    grid = Grid.lattice(t + 1e-6)
    assert cf.walkers_quenched_cumulant(ra, rb, t, 2) == pytest.approx(
        cf.lattice_covariance("independent", ra, rb, t, t, "quenched"), rel=1e-10)
    for order in (2, 3, 4):
        times = t + 1e-7 * np.arange(order)
        assert multi_time_cumulant(grid, ra, rb, times, "quenched") == pytest.approx(
            cf.walkers_quenched_cumulant(ra, rb, t, order), abs=NEAR_EQUAL)
    with pytest.raises(NoneqInputError, match="order"):
        cf.walkers_quenched_cumulant(ra, rb, t, 5)


def test_quenched_fourth_cumulant_of_poisson_mixture_is_unbiased():
    """Configuration m: X ~ Poisson(l_m), Y ~ Poisson(2 l_m) independent; columns (X, X + Y). Conditional joint
    cumulants: k(X,X,X+Y,X+Y) = l_m, k(X+Y)^4 = 3 l_m. Only K = 6 runs per configuration: a plug-in cumulant is
    biased by O(1/K) and fails."""
    rng = np.random.default_rng(21)
    M, K = 40000, 6
    lam = rng.uniform(0.5, 2.0, size=M)
    x = rng.poisson(np.repeat(lam, K))
    y = rng.poisson(2 * np.repeat(lam, K))
    samples = np.stack([x, x + y], axis=1)
    for indices, factor in (((0, 0, 1, 1), 1.0), ((1, 1, 1, 1), 3.0), ((0, 1, 1), 1.0)):
        value, error = _pair(quenched_cumulant(samples, M, indices))
        assert abs(value - factor * lam.mean()) < K_SIGMA * error
    plug_in = np.mean([_plug_in_k4(samples[m * K:(m + 1) * K, 1]) for m in range(0, M, 10)])
    assert abs(plug_in - 3 * lam.mean()) > 10 * error


def _plug_in_k4(x):
    d = x - x.mean()
    return np.mean(d ** 4) - 3 * np.mean(d ** 2) ** 2


def test_quenched_fourth_cumulant_of_gaussian_mixture_vanishes():
    """Per configuration Gaussian (random mean and variance): every conditional cumulant beyond 2 is 0, while the
    annealed (mixture) fourth cumulant is not."""
    rng = np.random.default_rng(22)
    M, K = 20000, 8
    scale = np.repeat(rng.uniform(0.5, 2.0, size=M), K)
    x = (np.repeat(rng.normal(size=M), K) + scale * rng.normal(size=M * K))[:, None]
    value, error = _pair(quenched_cumulant(x, M, (0, 0, 0, 0)))
    assert abs(value) < K_SIGMA * error
    annealed, annealed_error = _pair(annealed_cumulant(x, (0, 0, 0, 0)))
    assert annealed > K_SIGMA * annealed_error


def test_quenched_fourth_cumulant_of_walkers_matches_exact():
    m = CurrentsModel("independent", 0.8, 0.2)
    times = [0.5, 1.0, 1.5, 2.0]
    configurations = 1000
    Q = simulate(m, times, samples=80 * configurations, seed=16, configurations=configurations).Q.values[:, 0]
    grid = Grid.lattice(times[-1])
    joint = multi_time_cumulant(grid, 0.8, 0.2, times, "quenched")
    value, error = _pair(quenched_cumulant(Q, configurations, (0, 1, 2, 3)))
    assert abs(value - joint) < K_SIGMA * error
    assert abs(multi_time_cumulant(grid, 0.8, 0.2, times, "annealed") - joint) > 2 * K_SIGMA * error
    value, error = _pair(quenched_cumulant(Q, configurations, (3, 3, 3, 3)))
    assert abs(value - cf.walkers_quenched_cumulant(0.8, 0.2, times[-1], 4)) < K_SIGMA * error


def test_quenched_cumulant_input_checks():
    samples = np.zeros((20, 4))
    with pytest.raises(NoneqInputError, match="order"):
        quenched_cumulant(samples, 2, (0, 1, 2, 3, 0))
    with pytest.raises(NoneqInputError, match="configurations"):
        quenched_cumulant(samples, 5, (0, 1, 2, 3))  # 4 runs per configuration < 5
