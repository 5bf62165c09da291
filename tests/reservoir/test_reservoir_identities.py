"""The paper's identities (eqs. (7), (10), (12)-(18), (22), (24), (27)) and total-entropy conservation, to
numerical precision on random small systems with one or two reservoirs, constant or driven."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noneq.reservoir import OpenSystem, Reservoir, SpinGorm, Stage, exact_thermodynamics

IDENTITY_TOL = 1e-9  # identities between entropies/energies of O(1): eigendecompositions of d <= 54 at 1e-13
POSITIVITY_TOL = 1e-10  # relative entropies are >= 0 up to rounding
TIMES = np.array([0.0, 0.3, 1.7, 4.0, 11.0, 30.0])


def random_hermitian(rng, d, scale=1.0):
    a = rng.standard_normal((d, d)) + 1j * rng.standard_normal((d, d))
    return scale * (a + a.conj().T) / 2


def random_density(rng, d):
    g = rng.standard_normal((d, d)) + 1j * rng.standard_normal((d, d))
    rho = g @ g.conj().T
    return rho / np.trace(rho).real


def random_model(seed, d_s, dims_r, driven=False):
    rng = np.random.default_rng(seed)
    reservoirs = tuple(Reservoir(np.diag(np.sort(rng.uniform(-1, 1, d))), beta=float(rng.uniform(0.1, 3.0)))
                       for d in dims_r)
    d = d_s * int(np.prod(dims_r))
    stages = ()
    if driven:
        stages = (Stage(2.0, random_hermitian(rng, d_s), random_hermitian(rng, d, 0.3)),
                  Stage(7.5, random_hermitian(rng, d_s), random_hermitian(rng, d, 0.3)))
    return OpenSystem(random_hermitian(rng, d_s), reservoirs, random_hermitian(rng, d, 0.3),
                      random_density(rng, d_s), stages)


models = st.builds(random_model, st.integers(0, 2**32 - 1), st.integers(2, 3),
                   st.lists(st.integers(2, 3), min_size=1, max_size=2), st.booleans())


@settings(max_examples=25, deadline=None)
@given(models)
def test_entropy_balance_and_correlation_identities(model):
    ds = exact_thermodynamics(model, TIMES, full=True)
    ep = ds.entropy_production.values
    # total entropy conserved (eq. (5))
    np.testing.assert_allclose(ds.total_entropy, ds.total_entropy[0], atol=IDENTITY_TOL)
    # eq. (7) with (8): Delta S - Delta_e S equals eq. (10) computed directly as a relative entropy
    np.testing.assert_allclose(ep, ds.entropy_production_direct, atol=IDENTITY_TOL)
    assert np.all(ep >= -POSITIVITY_TOL)
    dS_r = (ds.reservoir_entropy - ds.reservoir_entropy[0]).sum("reservoir").values
    S_c = ds.correlation_entropy.values
    # eq. (14): S_c = -Delta S - sum_r Delta S_r ; eq. (16): S_c <= 0
    np.testing.assert_allclose(S_c, -ds.entropy_change.values - dS_r, atol=IDENTITY_TOL)
    assert np.all(S_c <= POSITIVITY_TOL)
    # eq. (17): Delta_i S + S_c = sum_r D[rho_r || rho_r^eq] = -sum_r beta_r Q_r - sum_r Delta S_r
    d_r = ds.reservoir_relative_entropy.sum("reservoir").values
    np.testing.assert_allclose(ep + S_c, d_r, atol=IDENTITY_TOL)
    np.testing.assert_allclose(ep + S_c, -ds.entropy_flow.values - dS_r, atol=IDENTITY_TOL)
    # eq. (18): Delta_i S >= -S_c >= 0
    assert np.all(ep + S_c >= -POSITIVITY_TOL)


@settings(max_examples=25, deadline=None)
@given(models)
def test_first_law_and_free_energy(model):
    ds = exact_thermodynamics(model, TIMES, full=True)
    Q = ds.heat.sum("reservoir").values
    # eq. (22): Delta U = W + Q
    np.testing.assert_allclose(ds.internal_energy_change, ds.work.values + Q, atol=IDENTITY_TOL)
    if not model.driven:
        np.testing.assert_allclose(ds.work, 0.0, atol=IDENTITY_TOL)  # <H>_t conserved
    if len(model.reservoirs) == 1:
        beta = model.reservoirs[0].beta
        # eq. (24): T Delta_i S = W - Delta F
        np.testing.assert_allclose(ds.entropy_production / beta, ds.work - ds.free_energy_change,
                                   atol=IDENTITY_TOL)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 3), st.integers(2, 4))
def test_two_definitions_differ_by_interaction_energy(seed, d_s, d_r):
    model = random_model(seed, d_s, [d_r])
    ds = exact_thermodynamics(model, TIMES)
    beta = model.reservoirs[0].beta
    dV = ds.interaction_energy - ds.interaction_energy[0]
    # eq. (27): Delta_i S = Delta_i S_bar - beta (<V>_t - <V>_0), <V> computed independently
    np.testing.assert_allclose(ds.entropy_production, ds.entropy_production_bar - beta * dV, atol=IDENTITY_TOL)
    # eq. (25): Delta_i S_bar = D[rho_s(0) || rho_s^eq] - D[rho_s(t) || rho_s^eq]
    from noneq.quantum import relative_entropy, thermal_state

    eq = thermal_state(model.H_s, beta)
    rel = [relative_entropy(r, eq, base=np.e) for r in ds.rho_s.values]
    np.testing.assert_allclose(ds.entropy_production_bar, rel[0] - np.array(rel), atol=IDENTITY_TOL)


@settings(max_examples=15, deadline=None)
@given(models)
def test_fast_path_matches_full_states(model):
    if model.driven:
        model = OpenSystem(model.H_s, model.reservoirs, model.V, model.rho_s0)
    fast = exact_thermodynamics(model, TIMES)
    full = exact_thermodynamics(model, TIMES, full=True)
    for name in ("rho_s", "system_entropy", "heat", "interaction_energy", "entropy_production"):
        np.testing.assert_allclose(fast[name], full[name], atol=IDENTITY_TOL, err_msg=name)


@pytest.mark.parametrize("N", [3, 6])
def test_spin_gorm_identities(N):
    """The same identities on the paper's model at strong coupling."""
    ds = exact_thermodynamics(SpinGorm(N=N, beta=2.0, coupling=0.5, seed=N).open_system(), TIMES, full=True)
    np.testing.assert_allclose(ds.entropy_production, ds.entropy_production_direct, atol=IDENTITY_TOL)
    np.testing.assert_allclose(ds.total_entropy, ds.total_entropy[0], atol=IDENTITY_TOL)
    assert np.all(ds.correlation_entropy <= POSITIVITY_TOL)


def test_two_reservoirs_second_law_and_heat_from_hot_to_cold():
    """A qubit between a hot and a cold 12-level reservoir: Delta_i S >= 0 at all times, and over the late
    times heat leaves the hot reservoir and enters the cold one (time average)."""
    rng = np.random.default_rng(7)
    n = 12
    levels = np.diag(np.linspace(0.0, 1.0, n))
    hot, cold = Reservoir(levels, beta=0.2), Reservoir(levels, beta=5.0)
    sx = np.array([[0.0, 1.0], [1.0, 0.0]])
    R1, R2 = random_hermitian(rng, n, 0.05).real, random_hermitian(rng, n, 0.05).real
    V = np.kron(np.kron(sx, R1), np.eye(n)) + np.kron(np.kron(sx, np.eye(n)), R2)
    model = OpenSystem(np.diag([0.25, -0.25]), (hot, cold), V, np.diag([0.0, 1.0]))
    t = np.linspace(0.0, 400.0, 401)
    ds = exact_thermodynamics(model, t)
    assert float(ds.entropy_production.min()) >= -POSITIVITY_TOL
    late = ds.heat.where(ds.time > 200.0, drop=True).mean("time").values
    assert late[0] > 0 > late[1]
