"""The general weak-coupling master equation: exact identities (decomposition of V, trace and Hermiticity
preservation), agreement with the spin-GORM Redfield result eq. (30), the Lamb shift (principal part) against
an independent time-domain integral and the exact precession, and the QME second law with two reservoirs."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noneq.reservoir import OpenSystem, Reservoir, SpinGorm, redfield_rates_finite, redfield_sz
from noneq.reservoir.qme import _decompose, hermitian_basis, qme_evolution, qme_generator

IDENTITY_TOL = 1e-12  # algebraic identities on matrices of O(1) entries, d <= 36


def random_hermitian(rng, d):
    a = rng.standard_normal((d, d)) + 1j * rng.standard_normal((d, d))
    return (a + a.conj().T) / 2


def random_model(seed, d_s, d_r):
    rng = np.random.default_rng(seed)
    rho = random_hermitian(rng, d_s) @ random_hermitian(rng, d_s)
    rho = rho @ rho.conj().T
    return OpenSystem(random_hermitian(rng, d_s), (Reservoir(np.diag(np.sort(rng.uniform(-1, 1, d_r))), 1.3),),
                      0.2 * random_hermitian(rng, d_s * d_r), rho / np.trace(rho).real)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 3), st.integers(2, 12))
def test_generator_identities(seed, d_s, d_r):
    model = random_model(seed, d_s, d_r)
    basis = hermitian_basis(d_s)
    gram = np.array([[np.trace(a @ b) for b in basis] for a in basis])
    np.testing.assert_allclose(gram, np.eye(d_s * d_s), atol=IDENTITY_TOL)
    A, B = _decompose(model)
    np.testing.assert_allclose(sum(np.kron(a, b) for a, b in zip(A, B)), model.V, atol=IDENTITY_TOL)
    L = qme_generator(model, width=0.3)
    np.testing.assert_allclose(np.eye(d_s).ravel() @ L, 0.0, atol=IDENTITY_TOL)  # d/dt Tr rho = 0
    rho = qme_evolution(model, [0.0, 2.0, 9.0], width=0.3).rho_s.values
    np.testing.assert_allclose(np.trace(rho, axis1=1, axis2=2), 1.0, atol=IDENTITY_TOL)


def test_spin_gorm_qme_is_eq_30_with_the_finite_reservoir_rates():
    model = SpinGorm(N=200, seed=5)
    t = np.array([0.0, 30.0, 150.0, 900.0])
    rho = qme_evolution(model.open_system(), t).rho_s.values
    gamma, sz_eq = redfield_rates_finite(model)
    np.testing.assert_allclose((rho[:, 0, 0] - rho[:, 1, 1]).real, redfield_sz(t, gamma, sz_eq), atol=IDENTITY_TOL)
    np.testing.assert_allclose(rho[:, 0, 1], 0.0, atol=IDENTITY_TOL)


LAMB_QUADRATURE_TOL = 2e-6  # principal-value quadrature vs a time-domain integral truncated at t = 3000 (~1/t tail)
FINITE_LAMB_TOL = 0.01  # N = 1500, box 0.05: finite-reservoir s(w) vs N -> infinity (measured deviations <= 0.005)
SHIFT_AGREEMENT = 0.1  # relative: QME precession shift vs exact at lambda = 0.05 (O(lambda^2) corrections ~ 1%)
SPOHN_TOL = 1e-12  # sigma_r >= 0 and steady-state energy balance, up to rounding of O(1e-2) currents
RATE_FD_TOL = 2e-5  # Spohn rate vs finite-difference dS/dt - sum beta J (central differences, dt = 0.1)


def test_lamb_shift_infinite_is_the_time_domain_principal_part():
    """s(w) = Im int_0^inf ds e^{iws} alpha(s), alpha(t) in closed form: an independent evaluation."""
    from noneq.reservoir import alpha_infinite
    from noneq.reservoir.redfield import lamb_shift_infinite

    s = np.linspace(0.0, 3000.0, 1_500_001)
    alpha = alpha_infinite(s, 10.0)
    for w in (0.1, -0.1, 0.5, -0.7, 1.3):
        direct = np.trapezoid(np.exp(1j * w * s) * alpha, s).imag
        assert abs(float(lamb_shift_infinite(w, 10.0)) - direct) < LAMB_QUADRATURE_TOL


def test_lamb_shift_finite_reservoir_approaches_the_limit_and_enters_the_qme():
    from noneq.reservoir.qme import qme_parts
    from noneq.reservoir.redfield import lamb_shift_finite, lamb_shift_infinite

    w = np.array([0.1, -0.1, 0.5, -0.7])
    model = SpinGorm(N=1500, seed=4)
    np.testing.assert_allclose(lamb_shift_finite(model, w), lamb_shift_infinite(w, 10.0), atol=FINITE_LAMB_TOL)
    small = SpinGorm(N=60, seed=2, coupling=0.2)
    H = qme_parts(small.open_system(), lamb_shift=True).hamiltonian
    shift = small.coupling ** 2 * (lamb_shift_finite(small, small.delta) - lamb_shift_finite(small, -small.delta))
    # H_LS = S(D) |up><up| + S(-D) |down><down|: the splitting becomes D + S(D) - S(-D)
    assert np.ptp(np.linalg.eigvalsh(H)) == pytest.approx(small.delta + shift, abs=IDENTITY_TOL)
    H0 = qme_parts(small.open_system()).hamiltonian
    np.testing.assert_allclose(H0, small.open_system().H_s, atol=IDENTITY_TOL)


def test_lamb_shift_matches_the_exact_precession_frequency():
    """A spin prepared in |+x> precesses at D in the bare QME; the exact frequency (N = 300, lambda = 0.05) is
    shifted, and the Lamb-shifted QME reproduces the shift."""
    from noneq.reservoir import exact_thermodynamics

    model = SpinGorm(N=300, seed=3, coupling=0.05)
    base = model.open_system()
    system = OpenSystem(base.H_s, base.reservoirs, base.V, np.full((2, 2), 0.5))
    t = np.linspace(0.0, 300.0, 301)

    def frequency(rho):
        phase = np.unwrap(np.angle(rho[:, 1, 0]))
        return np.polyfit(t[50:], phase[50:], 1)[0]

    exact = frequency(exact_thermodynamics(system, t).rho_s.values) - model.delta
    lamb = frequency(qme_evolution(system, t, lamb_shift=True).rho_s.values) - model.delta
    bare = frequency(qme_evolution(system, t).rho_s.values) - model.delta
    assert abs(bare) < IDENTITY_TOL * 1e3
    assert abs(exact) > 5 * abs(bare)
    assert lamb == pytest.approx(exact, rel=SHIFT_AGREEMENT)


def two_reservoir_model(rho0=None):
    rng = np.random.default_rng(7)
    n = 10
    levels = np.diag(np.linspace(0.0, 1.0, n))
    hot, cold = Reservoir(levels, beta=0.2, name="hot"), Reservoir(levels, beta=5.0, name="cold")
    sx = np.array([[0.0, 1.0], [1.0, 0.0]])
    R1, R2 = (0.05 * random_hermitian(rng, n).real for _ in range(2))
    R1, R2 = R1 - np.trace(R1) / n * np.eye(n), R2 - np.trace(R2) / n * np.eye(n)
    V = np.kron(np.kron(sx, R1), np.eye(n)) + np.kron(np.kron(sx, np.eye(n)), R2)
    rho0 = np.array([[0.7, 0.2], [0.2, 0.3]]) if rho0 is None else rho0
    return OpenSystem(np.diag([0.25, -0.25]), (hot, cold), V, rho0)


def test_two_reservoirs_second_law_and_heat_from_hot_to_cold():
    from noneq.quantum import thermal_state
    from noneq.quantum import steady_state
    from noneq.reservoir.qme import heat_currents, qme_generator, qme_parts

    model = two_reservoir_model()
    width = 0.3  # ~3 level spacings of the 10-level reservoirs
    dissipators = qme_parts(model, width, detailed_balance=True).dissipators
    for reservoir, D in zip(model.reservoirs, dissipators):  # each D_r has its own Gibbs state as fixed point
        np.testing.assert_allclose(D @ thermal_state(model.H_s, reservoir.beta).ravel(), 0.0, atol=IDENTITY_TOL)
    t = np.linspace(0.0, 300.0, 3001)
    ds = qme_evolution(model, t, width=width, lamb_shift=True, detailed_balance=True)
    assert float(ds.entropy_production_rate_reservoir.min()) >= -SPOHN_TOL
    # Spohn's rate is dS/dt - sum_r beta_r J_r (finite differences of the QME entropy, independent of the formula)
    betas = np.array([r.beta for r in model.reservoirs])
    dS = np.gradient(ds.system_entropy.values, t)
    flow = ds.heat_current.values @ betas
    np.testing.assert_allclose(ds.entropy_production_rate[1:-1], (dS - flow)[1:-1], atol=RATE_FD_TOL)
    # d<H_s>/dt = sum_r J_r (H_LS commutes with H_s)
    e_s = np.einsum("ij,tji->t", model.H_s, ds.rho_s.values).real
    np.testing.assert_allclose(np.gradient(e_s, t)[1:-1], ds.heat_current.sum("reservoir")[1:-1], atol=RATE_FD_TOL)
    rho = steady_state(qme_generator(model, width, lamb_shift=True, detailed_balance=True))
    J = heat_currents(model, dissipators, rho[None])[0]
    assert J[0] > 0 > J[1]  # heat leaves the hot reservoir, enters the cold one
    assert J.sum() == pytest.approx(0.0, abs=SPOHN_TOL)
    np.testing.assert_allclose(ds.heat_current[-1], J, atol=1e-6)  # the evolution reaches it


def test_qme_rejects_a_joint_coupling_of_two_reservoirs():
    from noneq.core.errors import NoneqInputError

    model = two_reservoir_model()
    rng = np.random.default_rng(0)
    joint = np.kron(np.array([[0.0, 1.0], [1.0, 0.0]]), 0.01 * random_hermitian(rng, 100))
    bad = OpenSystem(model.H_s, model.reservoirs, joint, model.rho_s0)
    with pytest.raises(NoneqInputError, match="sum of system-reservoir couplings"):
        qme_evolution(bad, [0.0, 1.0])
