"""The bath correlation function (eq. (32), corrected eq. (33)) and the Redfield description (eqs. (30), (31)):
limits, Fourier consistency, the finite reservoir against the N -> infinity form, and against exact dynamics."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noneq.reservoir import (SpinGorm, alpha_finite, alpha_infinite, alpha_tilde_finite, alpha_tilde_infinite,
                             energy_shell_sz, qme_entropy_production_bar, redfield_rates_finite,
                             redfield_rates_infinite, redfield_sz, run_reservoir)
from noneq.reservoir.paper.fig1 import SHELL_COEFFICIENT  # the claim's bound: <sz>_late - shell <= it x lambda^2

FORMULA_TOL = 1e-12  # closed forms evaluated two ways
QUADRATURE_TOL = 1e-6  # trapezoid Fourier integral of alpha~ on 200001 points over [-1, 1]
FINITE_N_TOL = 0.01  # alpha(t) of one N = 1500 draw vs N -> infinity: GOE fluctuations ~ 1/sqrt(N N_eff) ~ 3e-3
FINITE_RATE_TOL = 0.05  # N = 1500, bin 0.05: ~75 levels per bin, GOE noise ~1/sqrt(N_eff * 75) ~ 2%
RATE_TOL = 0.05  # exact initial slope vs Redfield: O(lambda^2) corrections and GOE noise (~2%) at N = 600
SHELL_COEFFICIENT_RANGE = (2.0, SHELL_COEFFICIENT)  # measured ~3.4 for lambda = 0.07 ... 0.14, N = 1000 and 2000
LAMBDA_SQUARED_RATIO = (3.0, 5.5)  # smearing(0.14) / smearing(0.07): 4 for lambda^2 (2 for lambda, 1 for none)
REDFIELD_GAP = 0.1  # the long-time <sz> is far from Redfield's -tanh(beta D/2)


@settings(max_examples=50, deadline=None)
@given(st.floats(0.0, 50.0), st.floats(0.0, 1.0))
def test_alpha_tilde_detailed_balance_and_limits(beta, w):
    plus, minus = alpha_tilde_infinite(np.array([w, -w]), beta)
    assert minus == pytest.approx(math.exp(-beta * w) * plus, rel=FORMULA_TOL, abs=FORMULA_TOL)
    assert 0.0 <= plus <= 1.0 / 8.0 + FORMULA_TOL
    # corrected eq. (33) (docs/papers/reservoir.md) written out (ill-conditioned as beta -> 0: lower cut)
    if beta > 0.01:
        notes = (math.exp(beta / 2) - math.exp(-beta / 2) * math.exp(beta * w)) / \
            (math.exp(beta / 2) - math.exp(-beta / 2)) / 8
        assert plus == pytest.approx(notes, rel=1e-9, abs=FORMULA_TOL)
    assert float(alpha_tilde_infinite(1.0 + 1e-9 + w, beta)) == 0.0  # finite bandwidth


def test_redfield_equilibrium_is_gibbs_and_rate_formula():
    for beta, delta, coupling in [(10.0, 0.1, 0.1), (2.0, 0.5, 0.3), (0.0, 0.2, 0.1)]:
        gamma, sz_eq = redfield_rates_infinite(delta, beta, coupling)
        assert sz_eq == pytest.approx(-math.tanh(beta * delta / 2), abs=FORMULA_TOL)
        a = alpha_tilde_infinite(np.array([delta, -delta]), beta)
        assert gamma == pytest.approx(2 * math.pi * coupling ** 2 * a.sum(), rel=FORMULA_TOL)


def test_alpha_t_is_the_fourier_transform_of_alpha_tilde():
    """alpha(t) = int dw e^{-iwt} alpha~(w) (convention alpha~ = (1/2pi) int dt e^{iwt} alpha)."""
    w = np.linspace(-1.0, 1.0, 200001)
    beta = 10.0
    spectrum = alpha_tilde_infinite(w, beta)
    for t in (0.0, 1.0, 7.5, 30.0):
        integral = np.trapezoid(np.exp(-1j * w * t) * spectrum, w)
        assert abs(integral - alpha_infinite(t, beta)) < QUADRATURE_TOL


def test_finite_reservoir_alpha_approaches_the_limit():
    model = SpinGorm(N=1500, beta=10.0, seed=4)
    t = np.array([0.0, 2.0, 10.0, 40.0])
    np.testing.assert_allclose(alpha_finite(model, t), alpha_infinite(t, 10.0), atol=FINITE_N_TOL)
    # independent: eq. (32) as a trace with the matrices themselves, on a small reservoir
    small = SpinGorm(N=7, beta=2.0, seed=3)
    E, R, p = small.levels(), small.coupling_matrix(), small.populations()
    for tk in (0.0, 1.3):
        U = np.diag(np.exp(-1j * E * tk))
        direct = np.trace(np.diag(p) @ U.conj() @ R @ U @ R)
        assert alpha_finite(small, tk) == pytest.approx(direct, abs=FORMULA_TOL)
    # the histogram carries the whole weight alpha(0) = sum_n p_n (R^2)_nn
    edges = np.linspace(-1.01, 1.01, 41)
    total = np.sum(alpha_tilde_finite(small, edges) * np.diff(edges))
    assert total == pytest.approx(float(alpha_finite(small, 0.0).real), rel=FORMULA_TOL)


def test_qme_entropy_production_is_concave_and_saturates():
    beta, delta = 10.0, 0.1
    gamma, sz_eq = redfield_rates_infinite(delta, beta, 0.1)
    t = np.linspace(0.0, 2000.0, 2001)
    curve = qme_entropy_production_bar(t, delta, beta, gamma, sz_eq)
    assert curve[0] == 0.0
    assert np.all(np.diff(curve) >= -FORMULA_TOL) and np.all(np.diff(curve, 2) <= FORMULA_TOL)
    assert curve[-1] == pytest.approx(math.log1p(math.exp(-beta * delta)), abs=1e-8)
    assert redfield_sz(0.0, gamma, sz_eq) == -1.0


def test_redfield_rate_matches_exact_initial_relaxation():
    """Golden-rule regime (N = 600): the early slope of the exact <sz> equals Redfield's, d<sz>/dt = 2 Gamma_up,
    measured between t = 20 (after the bath correlation time ~beta) and t = 30."""
    ds = run_reservoir(N=600, t_max=30.0, n_times=4, seed=3)
    t, sz = ds.time.values, ds.sz.values
    exact = (sz[3] - sz[2]) / (t[3] - t[2])
    redfield = (ds.sz_redfield.values[3] - ds.sz_redfield.values[2]) / (t[3] - t[2])
    assert exact / redfield == pytest.approx(1.0, abs=RATE_TOL)


def test_long_time_sz_is_the_energy_shell_value_plus_order_lambda_squared():
    """The exact long-time <sz> is not -tanh(beta D/2): it is the energy-shell value plus a band-edge smearing
    c lambda^2 with 0 < c <= SHELL_COEFFICIENT (docs/papers/reservoir.md#long-time-sz-the-energy-shell-value).
    N = 1000, lambda = 0.07 and 0.14 (golden-rule width above the level spacing), late = after 4 decay times."""
    shell = energy_shell_sz(0.1, 10.0)
    above = {}
    for coupling in (0.07, 0.14):
        rate = math.pi * coupling ** 2 / 2                       # decay rate of the flippable components
        ds = run_reservoir(N=1000, coupling=coupling, t_max=8.0 / rate, n_times=401, seed=2)
        late = float(ds.sz.where(ds.time >= 4.0 / rate, drop=True).mean())
        assert abs(late - float(ds.sz_eq_redfield)) > REDFIELD_GAP
        above[coupling] = late - shell
        assert SHELL_COEFFICIENT_RANGE[0] * coupling ** 2 < above[coupling] < SHELL_COEFFICIENT * coupling ** 2
    assert LAMBDA_SQUARED_RATIO[0] < above[0.14] / above[0.07] < LAMBDA_SQUARED_RATIO[1]
    assert energy_shell_sz(0.0, 3.0) == pytest.approx(0.0, abs=FORMULA_TOL)  # D = 0: unbiased spin


def test_redfield_rates_from_the_finite_reservoir_approach_the_limit():
    gamma, sz_eq = redfield_rates_infinite(0.1, 10.0, 0.1)
    gamma_n, sz_eq_n = redfield_rates_finite(SpinGorm(N=1500, seed=8))
    assert gamma_n == pytest.approx(gamma, rel=FINITE_RATE_TOL)
    assert sz_eq_n == pytest.approx(sz_eq, abs=FINITE_RATE_TOL)
