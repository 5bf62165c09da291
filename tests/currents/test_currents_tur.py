"""The entropy production of the relaxing step and the uncertainty ratio of its current (noneq.currents.entropy,
tur, segment; docs/papers/currents.md, "Beyond the paper: the uncertainty relation of the relaxation"): direct
sums, time integrals of the rates, limits, the bound as a theorem, the exact master equation of a short segment,
the lemma behind the bound (a time-rescaling perturbation), and Monte Carlo."""

import numpy as np
import pytest
from scipy.integrate import quad, solve_ivp
from scipy.special import ive, xlogy
from scipy.stats import skellam

from noneq.currents import (CurrentsModel, entropy_production, entropy_production_large_t, lattice_correlations,
                            pseudo_entropy_production, segment_statistics, simulate, tur_ratio_estimate,
                            tur_ratio_large_t, tur_statistics)
from noneq.currents.segment import hop_operators

ROUNDING = 1e-12  # sums of O(1) terms over a few hundred sites
QUAD = 1e-8  # two quadratures (rtol 1e-10) or the lattice ODE (rtol 1e-9) against one another
ODE = 1e-7  # the segment's RK45 (rtol 1e-10) against the lattice ODE (rtol 1e-9), values O(0.1-1)
ENDS = 1e-5  # segment vs infinite line, entropy productions: at 1|0 the far sites add -rho ln rho and the far bonds
# |J_j| (a_j ~ |J_j| where rho ~ 0 or 1), not squares, so the ends are felt at ~P(X_t >= 4) ~ 1e-6 by t = 0.2
BOUND = 1e-9  # a theorem's inequality, allowed to fail by rounding only
MC_SIGMAS = 4.0  # Monte Carlo within this many standard errors (fixed seeds)
STEPS = [("independent", 0.8, 0.2), ("independent", 1.0, 0.0), ("sep", 0.8, 0.2), ("sep", 1.0, 0.0),
         ("sep", 0.3, 0.1)]


def _free_energy(process, rho):
    return xlogy(rho, rho) + (xlogy(1 - rho, 1 - rho) if process == "sep" else 0.0)


def _profile(rho_a, rho_b, t, L=400):
    sites = np.arange(-L + 1, L + 1)
    return sites, np.where(sites <= 0, rho_a, rho_b), rho_b + (rho_a - rho_b) * skellam.sf(sites - 1, t, t)


@pytest.mark.parametrize("process, rho_a, rho_b", STEPS)
def test_entropy_production_is_the_direct_sum_of_free_energy_drops(process, rho_a, rho_b):
    times = [0.05, 1.0, 30.0]
    direct = [np.sum(_free_energy(process, r0) - _free_energy(process, rt))
              for _, r0, rt in (_profile(rho_a, rho_b, t) for t in times)]
    assert entropy_production(CurrentsModel(process, rho_a, rho_b), times) == pytest.approx(direct, rel=ROUNDING)


def test_walkers_entropy_production_is_the_time_integral_of_flux_times_affinity():
    """Schnakenberg: dSigma/dt = sum_j J_j ln(rho_j / rho_{j+1}) for a product of Poisson laws."""
    rho_a, rho_b, t = 0.9, 0.3, 3.0

    def rate(s):
        sites, _, rho = _profile(rho_a, rho_b, s, L=60)
        return float(np.sum((rho[:-1] - rho[1:]) * np.log(rho[:-1] / rho[1:])))

    integral = quad(rate, 0, t, epsabs=0, epsrel=1e-11, limit=200)[0]
    assert entropy_production(CurrentsModel("independent", rho_a, rho_b), [t])[0] == pytest.approx(integral,
                                                                                                 rel=QUAD)


@pytest.mark.parametrize("process", ["independent", "sep"])
def test_small_steps_have_no_cancellation(process):
    """Sigma / delta^2 is smooth in delta: at delta = 1e-9 it equals its delta = 1e-4 value to O(delta^2)."""
    values = [entropy_production(CurrentsModel(process, 0.4 + d / 2, 0.4 - d / 2), [2.0])[0] / d ** 2
              for d in (1e-9, 1e-4)]
    assert values[0] == pytest.approx(values[1], rel=1e-7)


@pytest.mark.parametrize("process, rho_a, rho_b", STEPS)
def test_entropy_production_grows_as_sqrt_t_towards_the_continuum(process, rho_a, rho_b):
    t = 4e4  # corrections O(1/t)
    limit = entropy_production_large_t(process, rho_a, rho_b)
    assert entropy_production(CurrentsModel(process, rho_a, rho_b), [t])[0] / np.sqrt(t) == pytest.approx(limit,
                                                                                                        rel=1e-4)


def test_near_equilibrium_limits_are_the_linear_response_values():
    """Sigma_inf -> delta^2 / (rho sqrt(2 pi)) (walkers), delta^2 / (rho (1 - rho) sqrt(2 pi)) (SEP); the ratios
    -> 1/sqrt(2) annealed and 1/2 quenched for both gases (docs/papers/currents.md)."""
    rho, d = 0.3, 1e-5
    linear = {"independent": 1 / rho, "sep": 1 / (rho * (1 - rho))}
    for process, factor in linear.items():
        sigma = entropy_production_large_t(process, rho + d / 2, rho - d / 2) / d ** 2
        assert sigma == pytest.approx(factor / np.sqrt(2 * np.pi), rel=1e-6)
        assert tur_ratio_large_t(process, rho + d / 2, rho - d / 2, "annealed") == pytest.approx(2 ** -0.5, rel=1e-6)
        assert tur_ratio_large_t(process, rho + d / 2, rho - d / 2, "quenched") == pytest.approx(0.5, rel=1e-6)


def test_walkers_pseudo_entropy_from_the_lattice_ode_and_from_quadrature_agree():
    model = CurrentsModel("independent", 1.0, 0.2)
    times = [0.3, 2.0, 6.0]
    ode = lattice_correlations(model, times).pseudo_entropy_production.values
    assert ode == pytest.approx(pseudo_entropy_production(model, times), rel=QUAD)


@pytest.mark.parametrize("process, rho_a, rho_b", STEPS)
@pytest.mark.parametrize("average", ["annealed", "quenched"])
def test_the_relaxation_bound_holds_and_is_saturated_as_t_goes_to_zero(process, rho_a, rho_b, average):
    """Var Sigma >= Var Sigma_ps >= 2 (t d<Q>/dt)^2 (docs/papers/currents.md); equality in the t -> 0 limit (one
    bond, Poisson crossings)."""
    ds = tur_statistics(CurrentsModel(process, rho_a, rho_b), np.geomspace(1e-6, 5.0, 14), average=average)
    assert np.all(ds.entropy_production >= ds.pseudo_entropy_production)
    margin = (ds.tur_ratio_pseudo / ds.relaxation_bound).values
    assert margin.min() >= 1 - BOUND and margin[0] == pytest.approx(1.0, abs=1e-5)


def test_relaxation_bound_tends_to_a_quarter():
    """(t d<Q>/dt / <Q>)^2 = (I_0 / (I_0 + I_1))^2 at 2t -> 1/4 (1 + 1 / (4t)), since I_1(2t) / I_0(2t) =
    1 - 1/(4t) + O(t^-2): the lattice form of <Q> ~ sqrt(t)."""
    bound = tur_statistics(CurrentsModel("independent", 0.7, 0.1), [400.0]).relaxation_bound[0]
    assert bound == pytest.approx(0.25 * (1 + 1 / 1600), rel=1e-6)


@pytest.mark.parametrize("process, rho_a, rho_b", [s for s in STEPS if s[2] > 0])
def test_short_time_ratio_is_that_of_a_biased_poisson_current(process, rho_a, rho_b):
    A, B = (rho_a * (1 - rho_b), rho_b * (1 - rho_a)) if process == "sep" else (rho_a, rho_b)
    ratio = tur_statistics(CurrentsModel(process, rho_a, rho_b), [1e-6]).tur_ratio[0]
    assert ratio == pytest.approx((A + B) * np.log(A / B) / (2 * (A - B)), rel=1e-4)


def test_equilibrium_is_refused():
    with pytest.raises(ValueError, match="rho_b"):
        tur_statistics(CurrentsModel("sep", 0.4, 0.4), [1.0])


@pytest.mark.parametrize("rho_a, rho_b", [(0.8, 0.2), (1.0, 0.0)])
def test_segment_matches_the_infinite_lattice_before_its_ends_are_felt(rho_a, rho_b):
    """Mean, annealed and quenched variances and SEP's pseudo entropy production (with the pair correlations of
    neighbours): the master equation on 2^10 configurations against the lattice two-point equations."""
    times = [0.05, 0.1, 0.2]  # a walker crosses the 5 sites to an end with probability < 2e-8 by t = 0.2
    segment = segment_statistics(10, rho_a, rho_b, times)
    lattice = lattice_correlations(CurrentsModel("sep", rho_a, rho_b), times)
    assert segment["mean"].values == pytest.approx(lattice["mean"].values, rel=ODE)
    assert segment.variance.values == pytest.approx(np.diag(lattice.covariance), rel=ODE)
    assert segment.variance_quenched.values == pytest.approx(np.diag(lattice.covariance_quenched), rel=ODE)
    assert segment.pseudo_entropy_production.values == pytest.approx(lattice.pseudo_entropy_production,
                                                                     rel=ENDS)
    assert segment.entropy_production_local.values == pytest.approx(lattice.entropy_production, rel=ENDS)


@pytest.mark.parametrize("rho_a, rho_b", [(0.8, 0.2), (1.0, 0.0), (0.6, 0.0)])
def test_segment_exact_entropy_production_obeys_the_orderings_and_the_bound(rho_a, rho_b):
    ds = segment_statistics(8, rho_a, rho_b, np.linspace(0.05, 6.0, 15))
    assert np.all(ds.pseudo_entropy_production <= ds.entropy_production)
    assert np.all(ds.entropy_production <= ds.entropy_production_local * (1 + ROUNDING))
    scale = 2 * (ds.time * ds.current_rate) ** 2
    assert np.all(ds.variance * ds.entropy_production / scale >= 1 - BOUND)  # Liu-Gong-Ueda, exact Sigma
    assert np.all(ds.variance_quenched * ds.pseudo_entropy_production / scale >= 1 - BOUND)


def test_time_rescaling_perturbation_shifts_the_mean_by_t_times_the_current():
    """The lemma of the bound: hop rates 1 +- eps beta_j(t) across bond j, beta_j = J_j / a_j, change <Q(t)> by
    eps t d<Q>/dt at first order, on a 6-site segment from a product state (its Fisher information is
    Sigma_ps / 2 by construction)."""
    n, rho_a, rho_b, t_end, eps = 6, 0.9, 0.2, 1.5, 1e-4
    right, left = hop_operators(n)
    occupation = ((np.arange(2 ** n)[:, None] >> np.arange(n)) & 1).astype(float)
    forward = (occupation[:, :-1] * (1 - occupation[:, 1:])).T  # (bond, state)
    backward = (occupation[:, 1:] * (1 - occupation[:, :-1])).T
    density0 = np.where(np.arange(n) < n // 2, rho_a, rho_b)
    p0 = np.prod(np.where(occupation == 1, density0, 1 - density0), axis=1)
    middle, size = n // 2 - 1, 2 ** n

    def rhs(_, y):
        p, plus, minus = y[:size], y[size:2 * size], y[2 * size:3 * size]
        beta = (forward - backward) @ p / ((forward + backward) @ p)
        out = [sum(right) @ p + sum(left) @ p]
        flux = []
        for sign, q in ((1, plus), (-1, minus)):
            out.append(sum((1 + sign * eps * b) * r @ q + (1 - sign * eps * b) * lt @ q
                           for b, r, lt in zip(beta, right, left)))
            flux.append((1 + sign * eps * beta[middle]) * forward[middle] @ q
                        - (1 - sign * eps * beta[middle]) * backward[middle] @ q)
        return np.concatenate([*out, flux])

    sol = solve_ivp(rhs, (0, t_end), np.concatenate([p0, p0, p0, [0.0, 0.0]]), rtol=1e-11, atol=1e-14)
    derivative = (sol.y[-2, -1] - sol.y[-1, -1]) / (2 * eps)
    rate = float(segment_statistics(n, rho_a, rho_b, [t_end]).current_rate[0])
    assert derivative == pytest.approx(t_end * rate, rel=1e-6)


@pytest.mark.parametrize("process, rho_a, rho_b", [("sep", 0.8, 0.2), ("independent", 1.0, 0.0)])
@pytest.mark.parametrize("average", ["annealed", "quenched"])
def test_monte_carlo_ratio_matches_the_exact_one(process, rho_a, rho_b, average):
    model, times = CurrentsModel(process, rho_a, rho_b), [0.5, 3.0]
    exact = tur_statistics(model, times, average=average)
    configurations = 0 if average == "annealed" else 100
    sim = simulate(model, times, samples=6000, seed=31, configurations=configurations)
    estimate = tur_ratio_estimate(sim.Q.isel(bond=0), exact.entropy_production.values, configurations=configurations)
    z = np.abs(estimate.tur_ratio.values - exact.tur_ratio.values) / estimate.tur_ratio_stderr.values
    assert z.max() < MC_SIGMAS, z


def test_ratio_estimator_error_is_calibrated():
    """Over 200 synthetic data sets (difference of Poisson counts), the standardised errors have unit spread."""
    rng = np.random.default_rng(8)
    exact = 5.0 * np.log(4.0) / 3  # mean 3, variance 5, Sigma = 6 ln 4
    z = []
    for _ in range(200):
        x = rng.poisson(4.0, size=(2000, 1)) - rng.poisson(1.0, size=(2000, 1))
        est = tur_ratio_estimate(x, [6 * np.log(4.0)])
        z.append((float(est.tur_ratio[0]) - exact) / float(est.tur_ratio_stderr[0]))
    assert abs(np.mean(z)) < 0.25 and 0.8 < np.std(z) < 1.2  # 200 draws: sampling spread of these ~0.07, 0.05


def test_lattice_pmf_identity_used_by_the_rates():
    """J_j / delta = P(X_t = j) = e^{-2t} I_j(2t): the flux through bond j of the lattice heat flow."""
    sites, _, rho = _profile(1.0, 0.0, 2.5, L=30)
    assert (rho[:-1] - rho[1:]) == pytest.approx(ive(np.abs(sites[:-1]), 5.0), abs=1e-14)
