"""The exact solvers against independent methods: scipy.linalg.expm, qutip.sesolve, the general solver."""

import numpy as np
import pytest
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st

from noneq.reservoir import (OpenSystem, Reservoir, SpinGorm, Stage, diagonalize, evolve_states,
                             expectation_series, exact_thermodynamics, propagate_states, spin_gorm_series)
from noneq.reservoir.observables import spin_state
from noneq.reservoir.system import spin_gorm_thermodynamics

EXACT_TOL = 1e-10  # eigenbasis propagation vs expm on d <= 12, t <= 20: both accurate to ~1e-13
QUTIP_TOL = 1e-6  # qutip's adaptive ODE solver with atol = rtol = 1e-10 over t <= 40
TIMES = np.array([0.0, 0.5, 3.0, 20.0])


def random_hermitian(rng, d):
    a = rng.standard_normal((d, d)) + 1j * rng.standard_normal((d, d))
    return (a + a.conj().T) / 2


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 12))
def test_eigenbasis_propagation_matches_expm(seed, d):
    rng = np.random.default_rng(seed)
    H = random_hermitian(rng, d)
    g = rng.standard_normal((d, d)) + 1j * rng.standard_normal((d, d))
    rho0 = g @ g.conj().T / np.trace(g @ g.conj().T).real
    A = random_hermitian(rng, d)
    eig = diagonalize(H, rho0)
    states = propagate_states(eig, TIMES)
    values = expectation_series(eig, [A, rho0 @ A], TIMES)  # a Hermitian and a non-Hermitian operator
    for k, t in enumerate(TIMES):
        U = scipy.linalg.expm(-1j * H * t)
        rho = U @ rho0 @ U.conj().T
        np.testing.assert_allclose(states[k], rho, atol=EXACT_TOL)
        np.testing.assert_allclose(values[0, k], np.trace(A @ rho), atol=EXACT_TOL)
        np.testing.assert_allclose(values[1, k], np.trace(rho0 @ A @ rho), atol=EXACT_TOL)


def test_piecewise_protocol_matches_stepwise_expm():
    rng = np.random.default_rng(3)
    reservoir = Reservoir(np.diag([0.0, 0.4, 1.1]), beta=1.5)
    H1, H2 = random_hermitian(rng, 2), random_hermitian(rng, 2)
    V1, V2 = 0.2 * random_hermitian(rng, 6), 0.2 * random_hermitian(rng, 6)
    model = OpenSystem(H1, (reservoir,), V1, np.diag([0.3, 0.7]), (Stage(1.3, H2, V2),))
    t = np.array([0.0, 1.0, 1.3, 2.0, 5.0])
    states = evolve_states(model, t)
    Ha, Hb = model.hamiltonian(H1, V1), model.hamiltonian(H2, V2)
    rho0 = model.initial_state()
    for k, tk in enumerate(t):
        U = scipy.linalg.expm(-1j * Ha * min(tk, 1.3))
        if tk > 1.3:
            U = scipy.linalg.expm(-1j * Hb * (tk - 1.3)) @ U
        np.testing.assert_allclose(states[k], U @ rho0 @ U.conj().T, atol=EXACT_TOL)
    assert model.protocol_at(t[2])[0] is model.stages[0].H_s  # at the switching instant the new Hamiltonian holds


@pytest.mark.parametrize("N, beta, coupling", [(5, 10.0, 0.1), (9, 1.0, 0.7), (16, 0.0, 0.3)])
def test_spin_gorm_fast_solver_matches_general_solver(N, beta, coupling):
    model = SpinGorm(N=N, beta=beta, coupling=coupling, seed=N)
    s = spin_gorm_series(model, TIMES)
    ds = exact_thermodynamics(model.open_system(), TIMES)
    np.testing.assert_allclose(spin_state(s.sx, s.sy, s.sz), ds.rho_s, atol=EXACT_TOL)
    np.testing.assert_allclose(s.reservoir_energy, ds.reservoir_energy[:, 0], atol=EXACT_TOL)
    np.testing.assert_allclose(s.interaction_energy, ds.interaction_energy, atol=EXACT_TOL)
    fast = spin_gorm_thermodynamics(model, TIMES)
    np.testing.assert_allclose(fast.entropy_production, ds.entropy_production, atol=EXACT_TOL)
    np.testing.assert_allclose(fast.entropy_production_bar, ds.entropy_production_bar, atol=EXACT_TOL)


def test_spin_gorm_matches_qutip_thermal_components():
    """Independent method: qutip.sesolve of each thermal component |down>|n>, weighted by p_n."""
    qutip = pytest.importorskip("qutip")
    model = SpinGorm(N=6, beta=3.0, coupling=0.4, seed=11)
    t = np.linspace(0.0, 40.0, 9)
    H = qutip.Qobj(model.hamiltonian())
    N = model.N
    sz = qutip.Qobj(np.kron(np.diag([1.0, -1.0]), np.eye(N)))
    sx = qutip.Qobj(np.kron(np.array([[0.0, 1.0], [1.0, 0.0]]), np.eye(N)))
    Hr = qutip.Qobj(np.kron(np.eye(2), np.diag(model.levels())))
    totals = np.zeros((3, t.size))
    options = {"atol": 1e-10, "rtol": 1e-10, "nsteps": 100000}
    for n, p in enumerate(model.populations()):
        psi0 = qutip.basis(2 * N, N + n)
        result = qutip.sesolve(H, psi0, t, e_ops=[sz, sx, Hr], options=options)
        totals += p * np.real(np.array(result.expect))
    s = spin_gorm_series(model, t)
    np.testing.assert_allclose(s.sz, totals[0], atol=QUTIP_TOL)
    np.testing.assert_allclose(s.sx, totals[1], atol=QUTIP_TOL)
    np.testing.assert_allclose(s.reservoir_energy, totals[2], atol=QUTIP_TOL)


def test_initial_values_and_energy_conservation():
    model = SpinGorm(N=30, seed=2)
    s = spin_gorm_series(model, np.linspace(0.0, 100.0, 11))
    assert s.sz[0] == pytest.approx(-1.0, abs=EXACT_TOL)
    assert s.sx[0] == pytest.approx(0.0, abs=EXACT_TOL)
    np.testing.assert_allclose(s.interaction_energy[0], 0.0, atol=EXACT_TOL)
