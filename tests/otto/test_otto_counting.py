"""Full counting statistics of the Otto cycle (noneq.otto.counting, counting_cycles, uncertainty): every formula
against an independent route, a limit or an identity (docs/papers/otto.md, "Beyond the paper: counting
statistics")."""

import math

import numpy as np
import pytest
from scipy.special import expit

from noneq.otto import (CURRENTS, OttoCycle, counting_statistics, cycle_cumulants, cycle_fluctuations,
                        cycle_strokes, entropy_production, heat_distribution, limit_cycle, quantum_limit_cycle,
                        scaled_cumulants, scaled_in_time, scgf, tilted_map)
from noneq.otto.counting import cumulant_array, current_weights

CONTOUR_POINTS = 64
CONTOUR_RADIUS = 0.4  # in units of 1 / (largest |weighted jump energy|): inside the dominant eigenvalue's disk
CONTOUR_TOLERANCE = 1e-9  # relative to the largest cumulant of a current: the contour's rounding ~k! eps / r^k
ROUNDING = 1e-12  # identities that hold exactly (Gallavotti-Cohen, energy balance): rounding of a few products
MEAN_TOLERANCE = 1e-12  # kappa_1 against the limit cycle's heats (relative); 1e-12 absolute for rounding-size values
K_SIGMA = 4.0  # Monte Carlo agreement within 4 standard errors (false alarm ~6e-5 per check)
SEED = 20140821

TWO_LEVEL = OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0)
CASES = {
    "two-level": TWO_LEVEL,
    "fast": OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 0.02, 0.03, tau_adi=0.01),
    "saturated": OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 30.0, 30.0),
    "five-level": OttoCycle(0.3, 2.0, 1.0, 3.5, 0.5, 2.0, 0.7, 1.3, levels=(1, 2, 3, 4, 5)),
    "uneven-ladder": OttoCycle(0.5, 1.7, 1.0, 2.0, 1.3, 0.4, 1.1, 0.6, tau_adi=0.3, levels=(0.0, 1.0, 2.5)),
}
QUANTUM = OttoCycle(1.95, 4.5, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0, tau_adi=1.0)
TILT = 0.5


def contour_cumulants(cycle, current, order=4, **strokes_options):
    """Independent dense route: the dominant eigenvalue of the full tilted map M(z) on a circle |z| = r in the
    complex plane (numpy eig), and kappa_k = k! [z^k] ln mu(z) by the trapezoid rule (Cauchy's formula)."""
    s = cycle_strokes(cycle, **strokes_options)
    a_c, a_h = current_weights(cycle, current)
    one = np.eye(s.dimension)

    def stroke(change):
        return one if change is None else one + change

    scale = max(abs(a_c) * np.max(np.abs(s.T_c)), abs(a_h) * np.max(np.abs(s.T_h)))
    r = CONTOUR_RADIUS / scale
    angles = 2 * np.pi * (np.arange(CONTOUR_POINTS) + 0.5) / CONTOUR_POINTS
    values = []
    for z in r * np.exp(1j * angles):
        M = stroke(s.expansion) @ s.isochore("h", 0, a_h * z) @ stroke(s.compression) @ s.isochore("c", 0, a_c * z)
        eigenvalues = np.linalg.eigvals(M)
        values.append(np.log(eigenvalues[np.argmin(np.abs(eigenvalues - 1.0))]))
    values = np.array(values)
    return np.array([(math.factorial(k) * np.mean(values * np.exp(-1j * k * angles)) / r ** k).real
                     for k in range(1, order + 1)])


@pytest.mark.parametrize("name", CASES)
def test_perturbation_cumulants_equal_the_dense_contour_integral(name):
    cycle = CASES[name]
    kappa = cumulant_array(cycle)
    for row, current in enumerate(CURRENTS):
        dense = contour_cumulants(cycle, current)
        assert np.max(np.abs(kappa[row] - dense)) < CONTOUR_TOLERANCE * np.max(np.abs(dense)), (current, kappa[row],
                                                                                               dense)


@pytest.mark.parametrize("scheme", ["two-point", "coherent"])
def test_unitary_strokes_perturbation_equals_dense_contour_integral(scheme):
    kappa = cumulant_array(QUANTUM, tilt=TILT, scheme=scheme)
    for row, current in enumerate(CURRENTS):
        dense = contour_cumulants(QUANTUM, current, tilt=TILT, scheme=scheme)
        assert np.max(np.abs(kappa[row] - dense)) < CONTOUR_TOLERANCE * np.max(np.abs(dense)), (current, scheme)


@pytest.mark.parametrize("cycle", [*CASES.values(), OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1e-100, 1e100),
                                   OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1e100, 1e-100, levels=(1, 2, 3)),
                                   OttoCycle(1.0, 2.0, 1.0, 1.5, 1e-100, 1.0, 1.0, 1.0, tau_adi=1e-100)])
def test_first_cumulants_are_the_limit_cycle_heats_work_and_entropy_production(cycle):
    kappa = cumulant_array(cycle, order=1)[:, 0]
    result = limit_cycle(cycle)
    expected = [result.Q_c, result.Q_h, result.W, entropy_production(result)]
    assert np.allclose(kappa, expected, rtol=MEAN_TOLERANCE, atol=0.0), (kappa, expected)


def test_coherent_scheme_means_are_the_quantum_limit_cycle_and_two_point_measurement_changes_them():
    q = quantum_limit_cycle(QUANTUM, tilt=TILT)
    coherent = cumulant_array(QUANTUM, order=1, tilt=TILT, scheme="coherent")[:, 0]
    assert np.allclose(coherent[:3], [q.Q_c, q.Q_h, q.W], rtol=0, atol=MEAN_TOLERANCE)
    measured = cumulant_array(QUANTUM, order=1, tilt=TILT, scheme="two-point")[:, 0]
    assert abs(measured[0] - q.Q_c) > 0.01  # measuring the energy at the stroke ends removes the coherences


def test_without_friction_every_scheme_is_the_classical_cycle():
    cycle = OttoCycle(1.0, 2.2, 1.0, 1.5, 1.0, 1.0, 0.7, 0.9, tau_adi=0.8, levels=(1, 2, 3))
    ideal = cumulant_array(cycle)
    for scheme in ("two-point", "coherent"):
        assert np.allclose(cumulant_array(cycle, tilt=0.0, scheme=scheme), ideal, rtol=1e-10, atol=1e-14), scheme


@pytest.mark.parametrize("cycle, options", [
    (TWO_LEVEL, {}), (CASES["five-level"], {}), (CASES["uneven-ladder"], {}),
    (QUANTUM, {"tilt": TILT, "scheme": "two-point"}), (QUANTUM, {"tilt": TILT, "scheme": "coherent"}),
], ids=["two-level", "five-level", "uneven-ladder", "unitary-two-point", "unitary-coherent"])
def test_gallavotti_cohen_symmetry_of_the_entropy_production(cycle, options):
    chi = np.linspace(-2.0, 1.0, 13)
    forward = scgf(cycle, -cycle.beta_c * chi, -cycle.beta_h * chi, **options)
    backward = scgf(cycle, -cycle.beta_c * (-1 - chi), -cycle.beta_h * (-1 - chi), **options)
    assert np.max(np.abs(forward - backward)) < ROUNDING * max(1.0, np.max(np.abs(forward)))
    assert abs(forward[np.argmin(np.abs(chi))]) < ROUNDING and abs(forward[np.argmin(np.abs(chi + 1))]) < ROUNDING


@pytest.mark.parametrize("cycle, tilt", [(TWO_LEVEL, None), (CASES["five-level"], None), (QUANTUM, TILT)])
def test_work_by_two_point_measurement_has_the_scaled_statistics_of_minus_the_heats(cycle, tilt):
    chi = np.linspace(-1.0, 1.0, 9)
    work = scgf(cycle, 0.0, 0.0, chi, tilt=tilt)
    balance = scgf(cycle, -chi, -chi, tilt=tilt)
    assert np.max(np.abs(work - balance)) < ROUNDING * max(1.0, np.max(np.abs(work)))
    assert np.all(np.abs(work[chi != 0]) > 1e-6)  # a test that could fail


def test_slow_cycle_is_two_independent_thermal_draws_per_cycle():
    cycle = OttoCycle(0.7, 1.9, 1.0, 1.6, 1.0, 1.0, 60.0, 60.0, levels=(1, 2, 3, 4))  # saturated isochores

    def cumulants(values, weights, order=4):
        mean = weights @ values
        central = [weights @ (values - mean) ** k for k in range(5)]
        return np.array([mean, central[2], central[3], central[4] - 3 * central[2] ** 2])[:order]

    E_a = cycle.energies(cycle.w_a)
    cold = np.exp(-cycle.beta_c * E_a) / np.exp(-cycle.beta_c * E_a).sum()           # x_2: thermal at the cold
    hot = np.exp(-cycle.beta_h * cycle.energies(cycle.w_b))
    hot /= hot.sum()                                                                   # x_1: thermal at the hot
    expected = cumulants(E_a, cold) + np.array([-1, 1, -1, 1]) * cumulants(E_a, hot)  # q_c = E_a(x_2) - E_a(x_1)
    assert np.allclose(scaled_cumulants(cycle).sel(current="q_c").values, expected, rtol=1e-10, atol=1e-13)


def test_finite_cycle_cumulants_grow_linearly_with_the_scaled_slope():
    for cycle in (TWO_LEVEL, CASES["five-level"]):
        k50, k100 = cycle_cumulants(cycle, 50), cycle_cumulants(cycle, 100)
        assert np.allclose((k100 - k50) / 50, scaled_cumulants(cycle), rtol=1e-9, atol=1e-13)


def test_integral_fluctuation_theorem_holds_exactly_for_any_number_of_cycles():
    for cycle in (TWO_LEVEL, CASES["uneven-ladder"]):
        p = limit_cycle(cycle).p1
        M = tilted_map(cycle, cycle.beta_c, cycle.beta_h)  # chi = -1 on sigma = -beta_c Q_c - beta_h Q_h
        for n in (1, 2, 7):  # <exp(-sigma_n)> = sum p(y) [M^n]_{yx} p(x) / p(x) with the boundary ln p(x) / p(y)
            assert abs(p @ np.linalg.matrix_power(M, n) @ np.ones_like(p) - 1.0) < ROUNDING


@pytest.mark.parametrize("n_cycles, tilt", [(1, None), (4, None), (3, TILT)])
def test_distribution_moments_equal_the_exact_cumulants(n_cycles, tilt):
    cycle = QUANTUM if tilt is not None else OttoCycle(0.8, 2.0, 1.0, 1.5, 1.0, 1.0, 0.6, 0.9, levels=(1, 2, 3))
    ds = heat_distribution(cycle, n_cycles, tilt=tilt)
    exact = cycle_cumulants(cycle, n_cycles, order=3, tilt=tilt)
    assert abs(float(ds.distribution.sum()) - 1.0) < ROUNDING and float(ds.distribution.min()) >= 0
    for current, values, axis in (("q_c", ds.Q_c.values, 1), ("q_h", ds.Q_h.values, 0)):
        marginal = ds.distribution.values.sum(axis=axis)
        mean = marginal @ values
        moments = [mean, marginal @ (values - mean) ** 2, marginal @ (values - mean) ** 3]
        assert np.allclose(moments, exact.sel(current=current).values, rtol=1e-10, atol=1e-14), current


def test_monte_carlo_trajectories_agree_with_the_exact_statistics():
    """Quantum-jump trajectories (noneq.otto.trajectories): cumulants of order 1-3 of the sums over 100 cycles
    against the exact finite-cycle cumulants, and the variance per cycle against the scaled cumulant (long
    trajectories: the difference, a boundary term / n, is below the error bar)."""
    n_cycles, batches = 100, 20
    ds = cycle_fluctuations(TWO_LEVEL, samples=2000, n_cycles=n_cycles, seed=SEED)
    exact = cycle_cumulants(TWO_LEVEL, n_cycles, order=3)
    scaled = scaled_cumulants(TWO_LEVEL, order=2)
    for current in CURRENTS:
        sums = ds[current].sum("cycle").values.reshape(batches, -1)
        size = sums.shape[1]
        centred = sums - sums.mean(axis=1, keepdims=True)
        estimates = [sums.mean(axis=1), sums.var(axis=1, ddof=1),
                     (centred ** 3).mean(axis=1) * size ** 2 / ((size - 1) * (size - 2))]
        for order, estimate in enumerate(estimates, start=1):
            error = estimate.std(ddof=1) / np.sqrt(batches)
            z = (estimate.mean() - float(exact.sel(current=current, order=order))) / error
            assert abs(z) < K_SIGMA, (current, order, z)
        per_cycle = estimates[1] / n_cycles
        z = (per_cycle.mean() - float(scaled.sel(current=current, order=2))) / (per_cycle.std(ddof=1) /
                                                                                  np.sqrt(batches))
        assert abs(z) < K_SIGMA, (current, "scaled variance", z)


def test_tur_ratio_of_the_slow_two_level_cycle_has_its_closed_form_and_falls_below_one():
    """Saturated isochores: n = x_2 - x_1 quanta per cycle, x_2, x_1 independent Bernoulli (excited probabilities
    p_c, p_h), so R = A (v_c + v_h) / (2 (p_c - p_h)), A = beta_h w_b - beta_c w_a, v = p (1 - p): below 1 where
    beta_c w_a is small and beta_h w_b ~ 2 (docs/papers/otto.md)."""
    cycle = OttoCycle(0.1, 2.9, 1.0, 1.5, 1.0, 1.0, 60.0, 60.0)
    x_c, x_h = cycle.beta_c * cycle.w_a, cycle.beta_h * cycle.w_b
    p_c, p_h = expit(-x_c), expit(-x_h)
    expected = (x_h - x_c) * (p_c * (1 - p_c) + p_h * (1 - p_h)) / (2 * (p_c - p_h))
    ratio = counting_statistics(cycle, order=2).tur_ratio.values
    assert np.allclose(ratio, expected, rtol=1e-10) and expected < 0.95


def test_koyuk_seifert_bound_holds_on_random_classical_cycles_and_is_one_for_fast_driving():
    rng = np.random.default_rng(SEED)
    cycles = []
    for _ in range(60):
        n = int(rng.integers(2, 5))
        w_a, T_c = np.exp(rng.uniform(-3, 1)), np.exp(rng.uniform(-1, 1))
        times = np.exp(rng.uniform(-3, 3, 3))
        cycles.append(OttoCycle(w_a, w_a * np.exp(rng.uniform(0.01, 2)), T_c, T_c * np.exp(rng.uniform(0.05, 2)),
                                *np.exp(rng.uniform(-1, 1, 2)), *times, levels=tuple(range(1, n + 1))))
    ds = counting_statistics(cycles, order=2)
    assert bool((ds.tur_ratio >= ds.tur_bound_periodic * (1 - 1e-7)).all())  # derivative's error ~1e-9
    assert bool((ds.tur_ratio < 1).any())  # the steady-state TUR fails for some of these periodic machines
    fast = counting_statistics([scaled_in_time(c, 1e-5) for c in cycles[:10]], order=2)
    assert np.allclose(fast.tur_bound_periodic, 1.0, atol=1e-3) and bool((fast.tur_ratio >= 1 - 1e-9).all())


def test_curves_are_vectorized_with_the_same_numbers_as_single_cycles():
    rng = np.random.default_rng(SEED)
    cycles = [OttoCycle(w, 2.5 * w, 1.0, 1.6, g, 1.0, t, 2.0 * t, tau_adi=0.3, levels=(1, 2, 3))
              for w, g, t in zip(np.exp(rng.uniform(-2, 1, 12)), np.exp(rng.uniform(-2, 2, 12)),
                                 np.exp(rng.uniform(-5, 5, 12)))]
    curve = counting_statistics(cycles, dim="point")
    single = [counting_statistics(c) for c in cycles]
    # the bound's absolute error: 2 sqrt(B) x (rounding of kappa_1 / step of the difference, ~1e-12)
    for name, atol in (("cumulants", 1e-300), ("tur_ratio", 1e-300), ("tur_bound_periodic", 1e-10)):
        expected = np.array([s[name].values for s in single])
        assert np.allclose(curve[name].values, expected, rtol=1e-8, atol=atol), name


def test_run_and_sweep_return_labelled_statistics(tmp_path):
    from noneq.otto.system import SYSTEM
    from noneq.sweep import sweep

    ds = SYSTEM.run({"statistics": "distribution", "cycles": 3, "n_levels": 3})
    assert ds.cumulants.dims == ("current", "order") and list(ds.current.values) == list(CURRENTS)
    assert ds.distribution.dims == ("quanta_c", "quanta_h") and abs(float(ds.distribution.sum()) - 1) < ROUNDING
    assert np.allclose(ds.cumulants.sel(order=1).values[:3], [float(ds.Q_c), float(ds.Q_h), float(ds.W)],
                       rtol=1e-10)
    assert bool((ds.tur_ratio >= ds.tur_bound_periodic).all())
    swept = sweep("otto", {"tau_adi": "0.1,1,10"}, fixed={"statistics": "cumulants"}, store=tmp_path / "store",
                  executor="serial")
    assert swept.tur_ratio.dims == ("tau_adi", "current") and np.all(np.isfinite(swept.tur_ratio))
    assert swept.cumulants.attrs.get("units") and swept.cumulants.attrs.get("long_name")
