"""Two-level closed forms (the corrections of docs/papers/otto.md) against numerical integration of the master
equation, the optimal time allocation (eq. 20) against brute force, the second law on random cycles, N-level
reductions, the result types."""

import numpy as np
import pytest
from hypothesis import assume, given, settings, strategies as st
from scipy.integrate import solve_ivp
from scipy.optimize import minimize

from noneq.otto import closed_form as cf
from noneq.otto import observables as obs
from noneq.otto.cycle import heat_exchange, limit_cycle, populations_along_cycle
from noneq.otto.model import OttoCycle

CLOSED_FORM = 1e-10  # closed form vs expm-based limit cycle: both exact up to rounding
ODE = 1e-8  # limit cycle by integrating the ODE over many cycles (rtol 1e-11, contraction to 1e-14)
OPTIMIZER = 1e-5  # Nelder-Mead on F to xatol 1e-10 in log times: the optimum location to ~1e-6
SECOND_LAW = -1e-12  # entropy production may round below zero by this much
CARNOT_POINT = 1e-6  # |log(w_b T_c / (w_a T_h))| below this: the reversible point, heats ~ 1e-16 noise
RESOLVABLE = 1e-10  # heats below this (in units of w_b) are rounding noise of populations of order 1
LADDER_DECOUPLED = 1e-8  # third level at 60 k_B T above: its population ~ e^-60 decouples it

positive = st.floats(0.05, 5.0)
scale = st.floats(0.2, 3.0)


def cycle(w_a=1.0, ratio=2.0, T_c=1.0, T_ratio=1.5, g_c=1.0, g_h=1.0, t_c=1.0, t_h=1.0, t_adi=0.5, levels=(1., 2.)):
    return OttoCycle(w_a, w_a * ratio, T_c, T_c * T_ratio, g_c, g_h, t_c, t_h, t_adi, levels)


@settings(max_examples=60, deadline=None)
@given(w_a=positive, ratio=st.floats(1.05, 4.0), T_c=positive, T_ratio=st.floats(1.05, 4.0), g_c=scale,
       g_h=scale, t_c=positive, t_h=positive)
def test_closed_form_heats_match_master_equation(w_a, ratio, T_c, T_ratio, g_c, g_h, t_c, t_h):
    c = cycle(w_a, ratio, T_c, T_ratio, g_c, g_h, t_c, t_h)
    numeric = limit_cycle(c)
    exact = cf.closed_form_limit_cycle(c)
    scale_ = c.w_b
    for key in ("Q_c", "Q_h", "W"):
        assert getattr(numeric, key) == pytest.approx(getattr(exact, key), abs=CLOSED_FORM * scale_)
    # corrected eqs. (11)-(12): the printed expressions are the excited populations p_e, not p_g
    np.testing.assert_allclose(numeric.p1, exact.p1, atol=CLOSED_FORM)
    np.testing.assert_allclose(numeric.p2, exact.p2, atol=CLOSED_FORM)


def test_limit_cycle_from_ode_integration_over_many_cycles():
    """Independent method: integrate dp/dt with explicit rates (k_down = g(1+s), k_up = g(1-s)) cycle after cycle."""
    c = cycle(w_a=0.8, ratio=2.5, T_c=0.7, T_ratio=2.0, g_c=0.6, g_h=1.4, t_c=0.9, t_h=0.5)

    def isochore(p_e, w, beta, g, tau):
        s = np.tanh(beta * w / 2)
        rhs = lambda t, y: [g * (1 - s) * (1 - y[0]) - g * (1 + s) * y[0]]  # noqa: E731
        return solve_ivp(rhs, (0, tau), [p_e], rtol=1e-12, atol=1e-14).y[0, -1]

    p_e = 0.5
    for _ in range(60):
        start = p_e
        after_cold = isochore(p_e, c.w_a, c.beta_c, c.gamma_c, c.tau_c)
        p_e = isochore(after_cold, c.w_b, c.beta_h, c.gamma_h, c.tau_h)
    Q_c_ode = c.w_a * (after_cold - start)  # n = p_g + 2 p_e = 1 + p_e, E = n w
    assert limit_cycle(c).Q_c == pytest.approx(Q_c_ode, rel=ODE)


def test_detailed_balance_and_neq_sign_quasistatic_limit():
    """tau -> infinity: n_2 -> n^eq(beta_c w_a) = (3 - tanh(beta_c w_a / 2)) / 2 (corrected sign)."""
    c = cycle(w_a=1.2, ratio=2.0, T_c=0.8, T_ratio=2.0, t_c=40.0, t_h=40.0)
    r = limit_cycle(c)
    n2 = obs.mean_energy_levels(c.levels, r.p2)
    assert n2 == pytest.approx((3 - np.tanh(c.beta_c * c.w_a / 2)) / 2, abs=CLOSED_FORM)
    assert r.p2[1] / r.p2[0] == pytest.approx(np.exp(-c.beta_c * c.w_a), rel=CLOSED_FORM)  # Boltzmann
    assert r.Q_c == pytest.approx(c.w_a * cf.delta_n_eq(c.beta_c, c.w_a, c.beta_h, c.w_b), rel=CLOSED_FORM)


@settings(max_examples=80, deadline=None)
@given(w_a=positive, ratio=st.floats(1.01, 6.0), T_c=positive, T_ratio=st.floats(1.01, 6.0), g_c=scale,
       g_h=scale, t_c=positive, t_h=positive, n=st.integers(2, 4))
def test_second_law_random_cycles(w_a, ratio, T_c, T_ratio, g_c, g_h, t_c, t_h, n):
    assume(abs(np.log(ratio / T_ratio)) > CARNOT_POINT)  # at beta_c w_a = beta_h w_b all heats are rounding noise
    c = cycle(w_a, ratio, T_c, T_ratio, g_c, g_h, t_c, t_h, levels=tuple(range(1, n + 1)))
    r = limit_cycle(c)
    assert obs.entropy_production(r) >= SECOND_LAW
    assume(abs(r.Q_h) > RESOLVABLE * c.w_b)  # beta w ~ 50: heats ~ e^-50 are below double precision
    if obs.mode(r) == "refrigerator":
        assert obs.cop(r) <= c.cop_carnot * (1 + 1e-12)
    if obs.mode(r) == "engine":
        assert obs.efficiency(r) <= c.eta_carnot * (1 + 1e-12)
    # cooling iff beta_c w_a < beta_h w_b (two and more levels: populations respond to the same sign)
    assert (r.Q_c > 0) == (c.beta_c * c.w_a < c.beta_h * c.w_b)


def test_optimal_time_allocation_eq20_against_brute_force():
    g_c, g_h, t_adi = 0.6, 1.7, 0.8
    F = lambda x: -np.log(cf.time_allocation_objective(np.exp(x[0]), np.exp(x[1]), g_c, g_h, t_adi))  # noqa
    res = minimize(F, [0.0, 0.0], method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-15, "maxiter": 4000})
    tau_c, tau_h = np.exp(res.x)
    # eq. (20) with the factor 2 restored holds at the brute-force optimum ...
    assert g_c * (np.cosh(2 * g_h * tau_h) - 1) == pytest.approx(g_h * (np.cosh(2 * g_c * tau_c) - 1), rel=OPTIMIZER)
    # ... and the structured solver finds the same point
    times = cf.optimal_times(g_c, g_h, t_adi)
    assert (times.tau_c, times.tau_h) == pytest.approx((tau_c, tau_h), rel=OPTIMIZER)
    assert times.objective == pytest.approx(np.exp(-res.fun), rel=OPTIMIZER)


def test_equal_rates_give_equal_times():
    times = cf.optimal_times(1.3, 1.3, 2.0)
    assert times.tau_c == pytest.approx(times.tau_h, rel=1e-9)


def test_factorization_chi_is_G_times_F():
    c = cycle(w_a=1.1, ratio=1.9, T_c=1.0, T_ratio=1.5, g_c=0.7, g_h=1.2, t_c=0.6, t_h=0.9, t_adi=0.4)
    F = cf.time_allocation_objective(c.tau_c, c.tau_h, c.gamma_c, c.gamma_h, c.tau_adi)
    assert obs.chi(limit_cycle(c)) == pytest.approx(float(cf.chi_closed_form(c.w_a, c.w_b, c.beta_c, c.beta_h, F)),
                                                    rel=CLOSED_FORM)


def test_high_temperature_form_and_its_sign():
    """beta w = 1e-3: the exact chi equals the (sign-corrected) high-temperature form to O((beta w)^2)."""
    w_a, w_b, b_c, b_h = 1.0, 1.5, 1e-3, 0.9e-3
    exact = cf.chi_closed_form(w_a, w_b, b_c, b_h)
    approx = cf.chi_high_temperature(w_a, w_b, b_c, b_h)
    assert approx > 0 and exact == pytest.approx(approx, rel=1e-5)


def test_n_level_reduces_to_two_level():
    base = dict(w_a=1.0, ratio=2.0, T_c=0.5, T_ratio=1.6, g_c=0.8, g_h=1.1, t_c=0.7, t_h=0.4)
    two = limit_cycle(cycle(**base))
    far = limit_cycle(cycle(**base, levels=(1.0, 2.0, 62.0)))  # third level unreachable at these temperatures
    assert far.Q_c == pytest.approx(two.Q_c, rel=LADDER_DECOUPLED)
    shifted = limit_cycle(cycle(**base, levels=(0.0, 1.0)))  # only the gap matters
    assert shifted.Q_c == pytest.approx(two.Q_c, rel=CLOSED_FORM)


def test_populations_along_cycle_close_the_loop():
    c = cycle()
    ds = populations_along_cycle(c, 101)
    pops, freq = ds.populations.values, ds.frequency.values
    np.testing.assert_allclose(pops[0], pops[-1], atol=CLOSED_FORM)
    np.testing.assert_allclose(pops.sum(axis=1), 1.0, atol=CLOSED_FORM)
    assert freq.min() == pytest.approx(c.w_a) and freq.max() == pytest.approx(c.w_b)
    assert float(ds.time[-1]) == pytest.approx(c.t_cycle)


def test_result_types_are_labelled():
    c = cycle()
    for ds in (limit_cycle(c).to_xarray(), cf.closed_form_limit_cycle(c).to_xarray(),
               cf.optimal_times(1, 1, 1).to_xarray(), populations_along_cycle(c, 11)):
        for name, var in ds.variables.items():
            assert "units" in var.attrs and "long_name" in var.attrs, name
    assert limit_cycle(c).to_xarray().attrs["system"] == "otto"


def test_closed_forms_need_two_levels():
    with pytest.raises(ValueError, match="two levels"):
        cf.closed_form_limit_cycle(cycle(levels=(1.0, 2.0, 3.0)))


def test_heat_exchange_vanishes_at_equilibrium_and_matches_limit_cycle():
    c = cycle()
    Q = heat_exchange(c.energies(c.w_a), c.energies(c.w_b), c.beta_c, c.beta_h, c.gamma_c, c.gamma_h, c.tau_c, c.tau_h)
    r = limit_cycle(c)
    assert tuple(Q) == (r.Q_c, r.Q_h)
    E = c.energies(c.w_a)
    np.testing.assert_allclose(heat_exchange(E, E, 1.0, 1.0, 1.0, 2.0, 0.5, 0.7), 0.0, atol=CLOSED_FORM)
