"""The large-N solvers (Chebyshev propagation of thermal components and of random-phase states) against the
dense eigendecomposition, and the honesty of their error control."""

import numpy as np
import pytest

from noneq.core.errors import NoneqInputError
from noneq.reservoir import SpinGorm, spin_gorm_series
from noneq.reservoir.system import resolve_method, spin_gorm_thermodynamics
from noneq.reservoir.typicality import coupling_norm, spin_gorm_components, spin_gorm_typicality

EXACT_TOL = 1e-9  # Chebyshev (truncation bound 1e-10 per unit vector) vs eigh, sums of <= 2N unit-norm terms
TOLERANCE_CHANGE = 1e-9  # tolerance 1e-10 -> 1e-12 changes a unit-norm expectation value by < 2 x 1e-10 x ||A||
K_SIGMA = 5.0  # typicality vs exact: every time point within 5 jackknife standard errors (fixed seeds)
RMS_SIGMA = (0.5, 2.0)  # and the root-mean-square standardized deviation near 1 (honest, not inflated errors)
NORM_REL = 1e-5  # Lanczos ||R|| vs dense eigvalsh: ARPACK asked for 1e-6 relative accuracy
TIMES = np.linspace(0.0, 600.0, 121)
KEYS = ("sx", "sy", "sz", "reservoir_energy", "interaction_energy")


def test_coupling_norm_lanczos_matches_dense():
    R = SpinGorm(N=300, seed=2).coupling_matrix()
    assert coupling_norm(R) == pytest.approx(np.max(np.abs(np.linalg.eigvalsh(R))), rel=NORM_REL)


@pytest.mark.parametrize("N, beta, coupling", [(40, 10.0, 0.1), (25, 1.0, 0.6)])
def test_components_are_exact(N, beta, coupling):
    model = SpinGorm(N=N, beta=beta, coupling=coupling, seed=N)
    exact = spin_gorm_series(model, TIMES)
    ours = spin_gorm_components(model, TIMES)
    assert ours.components == N and ours.truncated_weight == 0.0 and ours.method == "components"
    for key in KEYS:
        np.testing.assert_allclose(getattr(ours, key), getattr(exact, key), atol=EXACT_TOL, err_msg=key)


def test_components_truncation_bound_is_honest():
    """Dropping the highest levels (weight w_tail): every |<A>_exact - <A>_K| <= ||A|| w_tail."""
    model = SpinGorm(N=120, beta=30.0, seed=4)
    exact = spin_gorm_series(model, TIMES)
    ours = spin_gorm_components(model, TIMES, weight_tolerance=1e-3)
    w = ours.truncated_weight
    assert 0 < w <= 1e-3 and ours.components < model.N
    for key, norm in (("sx", 1.0), ("sy", 1.0), ("sz", 1.0), ("reservoir_energy", 0.5)):
        deviation = float(np.max(np.abs(getattr(ours, key) - getattr(exact, key))))
        assert deviation <= norm * w, key
    assert float(np.max(np.abs(ours.sz - exact.sz))) > 0.01 * w  # the bound is not vacuous


def test_typicality_tolerance_halving_changes_nothing():
    model = SpinGorm(N=80, seed=6)
    a = spin_gorm_typicality(model, TIMES, samples=4)
    b = spin_gorm_typicality(model, TIMES, samples=4, tolerance=1e-12)
    for key in KEYS:
        np.testing.assert_allclose(getattr(a, key), getattr(b, key), atol=TOLERANCE_CHANGE, err_msg=key)


@pytest.mark.parametrize("seed", [1, 2])
def test_typicality_agrees_with_eigh_within_its_error_bars(seed):
    """N = 200: the typicality estimates of <sz>, Delta_i S and Delta_i S_bar lie within K_SIGMA jackknife errors
    of the exact curves at every time, and the errors are not inflated (rms standardized deviation ~ 1)."""
    model = SpinGorm(N=200, seed=seed)
    exact = spin_gorm_thermodynamics(model, TIMES, method="eigh")
    ours = spin_gorm_thermodynamics(model, TIMES, method="typicality", samples=32)
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


def test_method_choice():
    assert resolve_method("auto", 2000) == "eigh"
    assert resolve_method("auto", 10_000) == "typicality"
    with pytest.raises(NoneqInputError, match="method"):
        resolve_method("lanczos", 10)
    with pytest.raises(NoneqInputError, match="samples"):
        spin_gorm_typicality(SpinGorm(N=10), TIMES, samples=1)


def test_series_convert_to_labelled_datasets():
    model = SpinGorm(N=20, seed=1)
    for series in (spin_gorm_series(model, TIMES[:3]), spin_gorm_typicality(model, TIMES[:3], samples=2),
                   spin_gorm_components(model, TIMES[:3])):
        ds = series.to_xarray()
        assert ds.attrs["method"] == series.method
        for variable in ds.data_vars.values():
            assert {"units", "long_name"} <= set(variable.attrs), variable.name
    assert ds.truncated_weight == 0.0 and int(ds.components) == model.N
    typical = spin_gorm_typicality(model, TIMES[:3], samples=2).to_xarray()
    assert typical.per_sample.dims == ("quantity", "sample", "time") and typical.sizes["sample"] == 2


@pytest.mark.parametrize("method", ["typicality", "components"])
def test_same_seed_gives_the_same_bits(method):
    """Two runs with the same seed are bit-identical (the Lanczos start vector of ||R|| is drawn from the seed;
    ARPACK's own random start changed the last bits from run to run); another seed changes the result."""
    times = [0.0, 20.0, 40.0]

    def run(seed):
        if method == "typicality":                               # N > 64: ||R|| by Lanczos
            return spin_gorm_typicality(SpinGorm(N=100, beta=3.0, seed=seed), times, samples=4)
        return spin_gorm_components(SpinGorm(N=100, beta=30.0, seed=seed), times, weight_tolerance=1e-2)  # K ~ 15

    first, second, other = run(7), run(7), run(8)
    for key in KEYS:
        assert np.array_equal(getattr(first, key), getattr(second, key)), key
        assert not np.array_equal(getattr(first, key)[1:], getattr(other, key)[1:]), key
    assert coupling_norm(np.diag([1.0] * 70 + [-2.0]), seed=3).hex() == coupling_norm(
        np.diag([1.0] * 70 + [-2.0]), seed=3).hex()

