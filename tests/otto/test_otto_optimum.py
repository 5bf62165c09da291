"""cop*(cop_carnot): structured Newton solver vs brute force, eqs. (21)-(22) as corrected, invariances, limits,
Onsager coefficients and the tight-coupling bound, the engine."""

import time

import numpy as np
import pytest
from scipy.optimize import minimize

from noneq.core.errors import NoneqInputError
from noneq.otto import closed_form as cf
from noneq.otto.nlevel import optimal_frequencies_numeric
from noneq.otto.onsager import coupling_strength, lit_cop_at_max_chi, onsager_matrix
from noneq.otto.optimum import (frequency_conditions, high_temperature_optimum, optimal_engine,
                                optimal_refrigerator)

BRUTE_FORCE = 1e-7  # Nelder-Mead (xatol 1e-11) vs Newton (|grad| < 1e-10): optimum locations agree to ~1e-8
CONDITIONS = 1e-9  # residuals of (21)-(22) at the Newton optimum (gradient 1e-10 times O(1) factors)
WRONG_SIGN = 1e-2  # the printed (22) (x_h - x_c) misses by O(0.1): far above any rounding
NUMERIC_OPTIMUM = 1e-6  # Nelder-Mead over the master-equation limit cycle vs the structured solver
HIGH_T = 1e-5  # beta_h w_b = 1e-3: cop - cop_+ = O((beta w)^2) ~ 1e-6
ONSAGER = 1e-7  # central differences with step 1e-5: error ~1e-10 relative, generous margin
LIT = 1e-6  # bounded scalar optimizer on a flat maximum: the COP to ~1e-8
ROUNDING = 1e-12  # identities between closed forms, exact up to rounding
SPEED_LIMIT_S = 1.0  # 200 values of cop_carnot (benchmarks/bench_otto.py times the same call)
JOINT_BETA_W = 1.78  # the joint optimum's smallest beta w over cop_carnot in [1e-6, 1e3] is 1.784: never << 1
JOINT_GAP = 0.80  # and cop* / cop_+ stays at most 0.7993 there: cop* never tends to cop_+


def test_newton_matches_scipy_brute_force():
    cop_carnot = np.array([0.03, 0.3, 1.0, 4.0, 15.0])
    np.testing.assert_allclose(optimal_refrigerator(cop_carnot).cop_star,
                               optimal_refrigerator(cop_carnot, method="scipy").cop_star, rtol=BRUTE_FORCE)


def test_newton_matches_brute_force_on_the_full_chi():
    """Independent: maximize chi from scipy on the closed form chi(w_a, w_b) in natural units (T_c = 0.7)."""
    T_c, cop_carnot = 0.7, 1.7
    T_h = T_c * (1 + 1 / cop_carnot)
    f = lambda x: -np.log(cf.chi_closed_form(np.exp(x[0]), np.exp(x[0]) + np.exp(x[1]), 1 / T_c, 1 / T_h))  # noqa
    res = minimize(f, [0.0, 0.0], method="Nelder-Mead", options={"xatol": 1e-12, "fatol": 1e-16, "maxiter": 5000})
    w_a, w_b = np.exp(res.x[0]), np.exp(res.x[0]) + np.exp(res.x[1])
    assert float(optimal_refrigerator([cop_carnot]).cop_star[0]) == pytest.approx(w_a / (w_b - w_a), rel=BRUTE_FORCE)


def test_corrected_conditions_21_22_hold_at_optimum_and_printed_22_fails():
    cop_carnot = np.geomspace(0.05, 30, 25)
    opt = optimal_refrigerator(cop_carnot)
    u, v = opt.beta_c_w_a.values, opt.beta_h_w_b.values
    T_c, T_h = 1.3, 1.3 * (1 + 1 / cop_carnot)
    r21, r22 = frequency_conditions(1 / T_c, u * T_c, 1 / T_h, v * T_h)
    assert np.max(np.abs(r21)) < CONDITIONS and np.max(np.abs(r22)) < CONDITIONS
    x_c, x_h = np.exp(-u), np.exp(-v)
    w_a, w_b = u * T_c, v * T_h
    printed = (1 / T_h) * x_h * (w_b - w_a) / (x_h + 1) - (x_h - x_c) / (x_c + 1)  # eq. (22) as printed
    assert np.min(np.abs(printed)) > WRONG_SIGN


def test_structured_optimum_equals_numeric_master_equation_optimum_and_invariances():
    """cop* depends on cop_carnot only: brute force over the master-equation limit cycle at different temperature
    scales, rates and adiabat times gives the same COP as the structured two-level solver."""
    cop_carnot = 0.8
    target = float(optimal_refrigerator(cop_carnot).cop_star[0])
    for T_c, gamma_c, gamma_h, tau_adi in ((0.3, 1.0, 1.0, 1.0), (5.0, 0.2, 2.0, 0.1), (1.0, 3.0, 0.5, 7.0)):
        times = cf.optimal_times(gamma_c, gamma_h, tau_adi)
        opt = optimal_frequencies_numeric(T_c, T_c * (1 + 1 / cop_carnot), gamma_c, gamma_h, times.tau_c,
                                          times.tau_h, tau_adi)
        assert float(opt.cop_star) == pytest.approx(target, rel=NUMERIC_OPTIMUM)
        assert float(opt.cop_star) == pytest.approx(float(opt.w_a / (opt.w_b - opt.w_a)), rel=ROUNDING)


def test_numeric_engine_optimum_matches_structured_solver():
    eta_carnot = 0.4
    opt = optimal_frequencies_numeric(1.0, 1.0 / (1 - eta_carnot), 1.0, 1.0, 1.0, 1.0, 1.0, machine="engine")
    assert float(opt.eta_star) == pytest.approx(float(optimal_engine(eta_carnot).eta_star[0]), rel=NUMERIC_OPTIMUM)


def test_optimum_between_ca_and_plus_and_high_temperature_limit_is_cop_plus():
    cop_carnot = np.geomspace(0.01, 50, 50)
    opt = optimal_refrigerator(cop_carnot)
    cop = opt.cop_star.values
    # the joint optimum never reaches the high-temperature regime beta w << 1 (docs/papers/otto.md)
    assert min(opt.beta_c_w_a.min(), opt.beta_h_w_b.min()) > 1.0
    assert np.all(cop < cf.cop_plus(cop_carnot)) and np.all(cop > cf.cop_ca(cop_carnot)) and np.all(cop < cop_carnot)
    high = high_temperature_optimum(cop_carnot[::10], 1e-3)
    np.testing.assert_allclose(high, cf.cop_plus(cop_carnot[::10]), rtol=HIGH_T)
    # cop_+ solves cop^2 + 3 cop - 2 cop_carnot = 0 (eq. 23)
    e = cf.cop_plus(cop_carnot)
    np.testing.assert_allclose(e**2 + 3 * e, 2 * cop_carnot, rtol=ROUNDING)


def test_joint_optimum_never_reaches_the_high_temperature_regime():
    """The corrected statement (docs/papers/otto.md, section 8): the joint optimum over (w_a, w_b) is a fixed
    (beta_c w_a, beta_h w_b) for each cop_carnot, so heating both baths scales the optimal frequencies with them;
    beta w never becomes small and cop* stays well below cop_+ at every temperature."""
    from noneq.otto.system import SYSTEM

    cop_carnot = np.geomspace(1e-6, 1e3, 200)
    opt = optimal_refrigerator(cop_carnot)
    assert min(opt.beta_c_w_a.min(), opt.beta_h_w_b.min()) > JOINT_BETA_W
    assert np.all(opt.cop_star / cf.cop_plus(cop_carnot) < JOINT_GAP)
    runs = [SYSTEM.run(cop_carnot=2.0, T_c=T_c) for T_c in (1e-50, 1.0, 1e50)]  # ever hotter baths
    for name in ("beta_c_w_a", "beta_h_w_b", "cop_star"):
        values = [float(ds[name]) for ds in runs]
        np.testing.assert_allclose(values, values[1], rtol=ROUNDING)


def test_result_dataset_is_labelled():
    opt = optimal_refrigerator([0.5, 2.0])
    assert opt.cop_star.dims == ("cop_carnot",)
    np.testing.assert_array_equal(opt.cop_carnot, [0.5, 2.0])
    for ds in (opt, optimal_engine(0.3), optimal_frequencies_numeric(1.0, 1.5, 1.0, 1.0, 1.0, 1.0, 1.0)):
        for name, var in ds.variables.items():
            assert "units" in var.attrs and "long_name" in var.attrs, name


def test_vectorized_solver_is_fast():
    cop_carnot = np.geomspace(0.01, 100, 200)
    optimal_refrigerator(cop_carnot)  # warm-up (imports, caches)
    start = time.perf_counter()
    optimal_refrigerator(cop_carnot)
    assert time.perf_counter() - start < SPEED_LIMIT_S


def test_engine_optimum_matches_brute_force_and_ca_at_small_eta():
    eta_carnot = np.array([0.05, 0.3, 0.7, 0.95])
    np.testing.assert_allclose(optimal_engine(eta_carnot).eta_star,
                               optimal_engine(eta_carnot, method="scipy").eta_star, rtol=BRUTE_FORCE)
    eta = float(optimal_engine(np.array([1e-3])).eta_star[0])
    assert eta == pytest.approx(cf.eta_ca(1e-3), rel=1e-5)  # agreement to second order: O(eta_C^2) relative


@pytest.mark.parametrize("call,name", [
    (lambda: optimal_refrigerator([-1.0]), "cop_carnot"), (lambda: optimal_refrigerator([[1.0]]), "cop_carnot"),
    (lambda: optimal_engine([1.2]), "eta_carnot"), (lambda: optimal_engine(1.0), "eta_carnot"),
    (lambda: optimal_refrigerator([1.0], method="magic"), "method"),
    (lambda: high_temperature_optimum(1.0, 0.0), "beta_h_w_b"),
    (lambda: optimal_frequencies_numeric(1.0, 0.5, 1, 1, 1, 1, 1), "T_h"),
    (lambda: optimal_frequencies_numeric(1.0, 2.0, 1, 1, 1, 1, 1, machine="pump"), "machine"),
    (lambda: lit_cop_at_max_chi(2.0, 1.5), "q"), (lambda: lit_cop_at_max_chi(0.0, 1.0), "cop_carnot"),
    (lambda: onsager_matrix(1.0, -1.0, 1, 1, 1, 1), "w"), (lambda: cf.optimal_times(1.0, 1.0, 0.0), "tau_adi"),
], ids=lambda x: x if isinstance(x, str) else "")
def test_bad_inputs(call, name):
    with pytest.raises(NoneqInputError, match=name):
        call()


def test_onsager_matrix_symmetric_tight_coupling_and_closed_form():
    beta, w, g_c, g_h, t_c, t_h, t_adi = 0.8, 1.3, 0.7, 1.2, 0.9, 0.6, 0.3
    L = onsager_matrix(beta, w, g_c, g_h, t_c, t_h, t_adi)
    kappa = cf.time_factor(g_c, t_c, g_h, t_h) / np.cosh(beta * w / 2) ** 2 / 4 / (t_c + t_h + t_adi)
    np.testing.assert_allclose(L, kappa * np.array([[1, w], [w, w * w]]), rtol=ONSAGER)
    assert L[0, 1] == pytest.approx(L[1, 0], rel=ONSAGER)
    assert coupling_strength(L) == pytest.approx(1.0, abs=ONSAGER)
    # N levels: still tightly coupled (Q_h = -(w_b / w_a) Q_c for any scaled spectrum)
    L3 = onsager_matrix(beta, w, g_c, g_h, t_c, t_h, t_adi, levels=(1.0, 2.0, 3.0))
    assert coupling_strength(L3) == pytest.approx(1.0, abs=ONSAGER)


def test_linear_irreversible_bound():
    for cop_carnot in (0.2, 2.0, 12.0):
        assert lit_cop_at_max_chi(cop_carnot, 1.0) == pytest.approx(float(cf.cop_plus(cop_carnot)), rel=LIT)
    for cop_carnot in (2.0, 12.0):  # the COP at max chi grows with q^2 (paper, below eq. 30)
        assert lit_cop_at_max_chi(cop_carnot, 0.9) < lit_cop_at_max_chi(cop_carnot, 0.99) \
            < lit_cop_at_max_chi(cop_carnot, 1.0)
    assert np.isnan(lit_cop_at_max_chi(0.2, 0.9))  # weak coupling, large temperature ratio: no cooling at all
