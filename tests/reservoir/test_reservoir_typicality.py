"""The large-N solvers (Chebyshev propagation; thermal components and quantum typicality) against the dense
eigendecomposition, and the honesty of their error control."""

import numpy as np
import pytest
import scipy.linalg
import scipy.special
from hypothesis import given, settings
from hypothesis import strategies as st

from noneq.core.errors import NoneqInputError, NumericalError
from noneq.reservoir import SpinGorm, spin_gorm_series
from noneq.reservoir.chebyshev import bessel_table, chebyshev_order, chebyshev_states
from noneq.reservoir.simulate import resolve_solver, spin_gorm_thermodynamics
from noneq.reservoir.typicality import coupling_norm, spin_gorm_components, spin_gorm_typicality

EXACT_TOL = 1e-9  # Chebyshev (truncation bound 1e-10 per unit vector) vs eigh, sums of <= 2N unit-norm terms
TOLERANCE_CHANGE = 1e-9  # tolerance 1e-10 -> 1e-12 changes a unit-norm expectation value by < 2 x 1e-10 x ||A||
BESSEL_TOL = 1e-13  # FFT (Jacobi-Anger) Bessel table vs scipy.special.jv: both at ~1e-15 absolute
K_SIGMA = 5.0  # typicality vs exact: every time point within 5 jackknife standard errors (fixed seeds)
RMS_SIGMA = (0.5, 2.0)  # and the root-mean-square standardized deviation near 1 (honest, not inflated errors)
NORM_REL = 1e-5  # Lanczos ||R|| vs dense eigvalsh: ARPACK asked for 1e-6 relative accuracy
TIMES = np.linspace(0.0, 600.0, 121)
KEYS = ("sx", "sy", "sz", "reservoir_energy", "interaction_energy")


def random_hermitian(rng, d):
    a = rng.standard_normal((d, d)) + 1j * rng.standard_normal((d, d))
    return (a + a.conj().T) / 2


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 16), st.sampled_from([64, 10**9]))
def test_chebyshev_matches_expm(seed, d, memory):
    """Several output times, with and without segmentation (memory in bytes), against scipy's expm."""
    rng = np.random.default_rng(seed)
    H = random_hermitian(rng, d)
    psi = rng.standard_normal((d, 3)) + 1j * rng.standard_normal((d, 3))
    times = np.array([0.0, 0.7, 3.0, 3.0, 11.0])
    e = np.linalg.eigvalsh(H)
    chunks = list(chebyshev_states(lambda x: H @ x, psi, times, (e[0], e[-1]), memory_bytes=memory))
    states = np.concatenate([s for _, s in chunks])
    assert np.array_equal(np.concatenate([i for i, _ in chunks]), np.arange(times.size))
    for k, t in enumerate(times):
        np.testing.assert_allclose(states[k], scipy.linalg.expm(-1j * H * t) @ psi, atol=EXACT_TOL)


def test_chebyshev_detects_a_wrong_spectral_interval():
    H = np.diag([0.0, 1.0, 3.0])
    with pytest.raises(NumericalError, match="unitarity"):
        list(chebyshev_states(lambda x: H @ x, np.ones((3, 1)), np.array([0.0, 50.0]), (0.0, 1.0)))


def test_bessel_table_matches_scipy():
    z = np.array([0.0, 1e-3, 0.5, 7.0, 120.0, 400.0])
    k = np.arange(501)
    np.testing.assert_allclose(bessel_table(500, z), scipy.special.jv(k[:, None], z[None, :]), atol=BESSEL_TOL)


def test_chebyshev_order_bound_is_a_tail_of_bessel_functions():
    order, bound = chebyshev_order(0.6, np.array([10.0, 600.0]), 1e-10)
    assert bound <= 1e-10
    assert 0.6 * 600.0 < order < 0.6 * 600.0 + 100  # K ~ a t_max + O((a t_max)^(1/3))


def test_coupling_norm_lanczos_matches_dense():
    R = SpinGorm(N=300, seed=2).coupling()
    assert coupling_norm(R) == pytest.approx(np.max(np.abs(np.linalg.eigvalsh(R))), rel=NORM_REL)


@pytest.mark.parametrize("N, beta, lam", [(40, 10.0, 0.1), (25, 1.0, 0.6)])
def test_components_are_exact(N, beta, lam):
    model = SpinGorm(N=N, beta=beta, lam=lam, seed=N)
    exact = spin_gorm_series(model, TIMES)
    ours = spin_gorm_components(model, TIMES)
    assert ours["components"] == N and ours["truncated_weight"] == 0.0
    for key in KEYS:
        np.testing.assert_allclose(ours[key], exact[key], atol=EXACT_TOL, err_msg=key)


def test_components_truncation_bound_is_honest():
    """Dropping the highest levels (weight w_tail): every |<A>_exact - <A>_K| <= ||A|| w_tail."""
    model = SpinGorm(N=120, beta=30.0, seed=4)
    exact = spin_gorm_series(model, TIMES)
    ours = spin_gorm_components(model, TIMES, weight_tolerance=1e-3)
    w = ours["truncated_weight"]
    assert 0 < w <= 1e-3 and ours["components"] < model.N
    for key, norm in (("sx", 1.0), ("sy", 1.0), ("sz", 1.0), ("reservoir_energy", 0.5)):
        deviation = float(np.max(np.abs(ours[key] - exact[key])))
        assert deviation <= norm * w, key
    assert float(np.max(np.abs(ours["sz"] - exact["sz"]))) > 0.01 * w  # the bound is not vacuous


def test_typicality_tolerance_halving_changes_nothing():
    model = SpinGorm(N=80, seed=6)
    a = spin_gorm_typicality(model, TIMES, samples=4)
    b = spin_gorm_typicality(model, TIMES, samples=4, tolerance=1e-12)
    for key in KEYS:
        np.testing.assert_allclose(a[key], b[key], atol=TOLERANCE_CHANGE, err_msg=key)


@pytest.mark.parametrize("seed", [1, 2])
def test_typicality_agrees_with_eigh_within_its_error_bars(seed):
    """N = 200: the typicality estimates of <sz>, Delta_i S and Delta_i S_bar lie within K_SIGMA jackknife errors
    of the exact curves at every time, and the errors are not inflated (rms standardized deviation ~ 1)."""
    model = SpinGorm(N=200, seed=seed)
    exact = spin_gorm_thermodynamics(model, TIMES, solver="eigh")
    ours = spin_gorm_thermodynamics(model, TIMES, solver="typicality", samples=32)
    assert ours.attrs["method"] == "typicality"
    for name in ("sz", "entropy_production", "entropy_production_bar", "system_entropy", "heat"):
        error = ours[f"{name}_error"].values[1:]
        z = (ours[name].values - exact[name].values)[1:] / error
        assert np.all(error > 0), name
        assert np.max(np.abs(z)) < K_SIGMA, name
        assert RMS_SIGMA[0] < np.sqrt(np.mean(z ** 2)) < RMS_SIGMA[1], name
    assert float(ours.sz[0]) == pytest.approx(-1.0, abs=EXACT_TOL)  # random-phase vectors are exact at t = 0
    assert float(ours.entropy_production[0]) == pytest.approx(0.0, abs=EXACT_TOL)
    assert set(exact.data_vars) <= set(ours.data_vars)  # same output names


def test_solver_choice():
    assert resolve_solver("auto", 2000) == "eigh"
    assert resolve_solver("auto", 10_000) == "typicality"
    with pytest.raises(NoneqInputError, match="solver"):
        resolve_solver("lanczos", 10)
    with pytest.raises(NoneqInputError, match="samples"):
        spin_gorm_typicality(SpinGorm(N=10), TIMES, samples=1)
