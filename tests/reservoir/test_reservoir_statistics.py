"""Two-point-measurement statistics of finite reservoirs (`noneq.reservoir.statistics`): first moments against
the mean dynamics, fluctuation theorems, an independent dense computation (explicit expm and transition
probabilities), distributions, symmetries and hostile input (docs/papers/reservoir.md, "Beyond the paper: heat
statistics")."""

import json
from dataclasses import replace

import numpy as np
import pytest
import scipy.linalg

from noneq.core.errors import NoneqInputError
from noneq.quantum import relative_entropy, thermal_state
from noneq.reservoir import (OpenSystem, Reservoir, SpinGorm, Stage, diagonalize, exact_thermodynamics,
                             spin_gorm_series, tpm_basis, tpm_cumulants, tpm_distribution, tpm_transitions)
from noneq.reservoir.model import SIGMA_X, SIGMA_Y
from noneq.reservoir.spin_gorm import spin_gorm_eigensystem
from noneq.stochastic import cumulants_from_moments

MEAN_TOLERANCE = 1e-10  # relative to the largest |mean|: both exact, different orders of the same sums
ROUNDING = 1e-12  # identities that hold to rounding (unitarity of the eigenvectors, d <= 60 here)
RELATIVE_ROUNDING = 1e-12  # two eigendecompositions of equivalent Hamiltonians: relative to the largest |kappa_n|
DENSE_TOLERANCE = 1e-9  # cumulants 1..4 against expm: rounding of U(t) (~1e-14) amplified by the moment-to-
# cumulant cancellation (kappa_4 of a ~0.05-wide heat against raw moments of order 1)
RATIO_TOLERANCE = 1e-9  # P(Sigma) / (e^Sigma P(-Sigma)) - 1 for probabilities above PROBABILITY_FLOOR
PROBABILITY_FLOOR = 1e-10  # below, the relative rounding of a probability exceeds RATIO_TOLERANCE
BROKEN_RATIO = 1e-3  # a time-reversal-breaking coupling violates the detailed theorem by far more than this
TIMES = np.linspace(0.0, 30.0, 7)


def two_baths(rho_s0=None, beta_s=2.0, imaginary=0.0) -> OpenSystem:
    """A qubit between a hot and a cold three-level reservoir (the OpenSystem doctest's model), the qubit thermal
    at beta_s unless rho_s0 is given; ``imaginary``: a time-reversal-breaking sigma_y part of the coupling."""
    sz = np.diag([1.0, -1.0])
    hot = Reservoir(np.diag([0.0, 0.5, 1.0]), beta=0.5)
    cold = Reservoir(np.diag([0.0, 0.4, 0.9]), beta=5.0)
    c = np.ones((3, 3)) - np.eye(3)
    s = SIGMA_X + imaginary * SIGMA_Y
    V = 0.3 * (np.kron(np.kron(s, c), np.eye(3)) + np.kron(np.kron(SIGMA_X, np.eye(3)), c))
    rho = thermal_state(0.5 * sz, beta_s) if rho_s0 is None else rho_s0
    return OpenSystem(0.5 * sz, (hot, cold), V, rho)


def spin_gorm(N=10, thermal=False, **kw) -> OpenSystem:
    model = SpinGorm(N=N, coupling=0.3, seed=4, **kw)
    system = model.open_system()
    return replace(system, rho_s0=thermal_state(system.H_s, model.beta)) if thermal else system


def dense_cumulants(model: OpenSystem, times, reference_beta=None, order=4):
    """Independent route: U(t) = expm(-iHt) in the computational basis (H_s and the H_r of these models are
    diagonal), explicit T_ba = |U_ba|^2 and weights; cumulants of Delta E_s, each Q_r and Sigma."""
    dims = model.dims
    diag = [np.diag(model.H_s).real] + [np.diag(r.H).real for r in model.reservoirs]
    levels = [model.embed(np.diag(v), k).diagonal().real for k, v in enumerate(diag)]
    p = model.initial_state().diagonal().real
    q_ref = np.diag(model.rho_s0).real if reference_beta is None else \
        np.diag(thermal_state(model.H_s, reference_beta)).real
    p_ref = q_ref
    for r in model.reservoirs:
        p_ref = np.kron(p_ref, np.diag(r.equilibrium_state).real)
    assert p.size == np.prod(dims)
    x_sigma = np.where(p > 0, -np.log(np.where(p > 0, p, 1.0)), 0.0)
    quantities = [levels[0][:, None] - levels[0][None, :]]
    quantities += [lv[None, :] - lv[:, None] for lv in levels[1:]]
    quantities += [-np.log(p_ref)[:, None] - x_sigma[None, :]]
    out = []
    for t in times:
        T = np.abs(scipy.linalg.expm(-1j * model.hamiltonian() * t)) ** 2
        w = T * p[None, :]
        moments = [[(w * X ** n).sum() for n in range(1, order + 1)] for X in quantities]
        out.append(cumulants_from_moments(np.array(moments)))
    return np.array(out)


@pytest.mark.parametrize("model, reference_beta", [(two_baths(), None), (spin_gorm(), 10.0),
                                                   (spin_gorm(thermal=True), None)],
                         ids=["two-baths", "spin-gorm-down", "spin-gorm-thermal"])
def test_cumulants_equal_an_independent_dense_computation(model, reference_beta):
    fast = tpm_cumulants(model, TIMES, reference_beta=reference_beta).cumulants.values
    dense = dense_cumulants(model, TIMES, reference_beta)
    scale = np.abs(dense).max(axis=0, keepdims=True)
    assert np.all(np.abs(fast - dense) <= DENSE_TOLERANCE * np.maximum(scale, 1.0))
    assert np.all(fast[1:, :, 1] > 0)  # the variances are positive once anything flows


@pytest.mark.parametrize("model, reference_beta", [(two_baths(), None), (spin_gorm(N=30), 10.0)],
                         ids=["two-baths", "spin-gorm"])
def test_first_moments_are_the_mean_heat_and_energy_change(model, reference_beta):
    assert_first_moments_are_the_means(tpm_cumulants(model, TIMES, reference_beta=reference_beta),
                                       exact_thermodynamics(model, TIMES), MEAN_TOLERANCE)


def assert_first_moments_are_the_means(ds, mean, tolerance: float) -> np.ndarray:
    """The first cumulants of each heat and of the system energy change equal the mean heat and energy change of
    `exact_thermodynamics` (``mean``) within ``tolerance`` relative to their largest |value|; returns the change."""
    for r in range(mean.heat.shape[1]):
        heat = mean.heat.values[:, r]
        got = ds.cumulants.sel(quantity=f"heat_{r}", order=1).values
        assert np.max(np.abs(got - heat)) <= tolerance * np.max(np.abs(heat))
    change = mean.system_energy.values - mean.system_energy.values[0]
    got = ds.cumulants.sel(quantity="system_energy_change", order=1).values
    assert np.max(np.abs(got - change)) <= tolerance * np.max(np.abs(change))
    return change


@pytest.mark.parametrize("model, reference_beta", [(two_baths(), None), (spin_gorm(N=30), 10.0)],
                         ids=["two-baths", "spin-gorm"])
def test_mean_sigma_is_the_entropy_production_plus_a_relative_entropy(model, reference_beta):
    """<Sigma> = Delta_i S (eq. (10)) + D[rho_s(t) || q~] (docs/papers/reservoir.md); at t = 0 it is
    D[rho_s(0) || q~], zero only when the reference is the initial state."""
    ds = tpm_cumulants(model, TIMES, reference_beta=reference_beta)
    mean = exact_thermodynamics(model, TIMES)
    q_ref = model.rho_s0 if reference_beta is None else thermal_state(model.H_s, reference_beta)
    expected = mean.entropy_production.values + np.array([relative_entropy(r, q_ref, base=np.e)
                                                          for r in mean.rho_s.values])
    got = ds.cumulants.sel(quantity="entropy_production", order=1).values
    assert np.max(np.abs(got - expected)) <= MEAN_TOLERANCE * np.max(np.abs(expected))
    assert np.all(got >= mean.entropy_production.values - ROUNDING)


@pytest.mark.parametrize("model", [two_baths(), spin_gorm(N=30, thermal=True)], ids=["two-baths", "spin-gorm"])
def test_integral_fluctuation_theorem_for_a_product_of_gibbs_states(model):
    cumulants = tpm_cumulants(model, TIMES)
    transitions = tpm_distribution(model, TIMES, bins=11)
    assert np.max(np.abs(cumulants.fluctuation_theorem - 1.0)) < ROUNDING
    assert np.max(np.abs(transitions.fluctuation_theorem - 1.0)) < ROUNDING
    assert np.all(cumulants.absolute_irreversibility == 0.0)


def test_a_pure_initial_spin_gives_absolute_irreversibility():
    """|down> is not full rank: <e^{-Sigma}> = 1 - lambda(t) with lambda > 0 once the spin can flip."""
    model = spin_gorm(N=30)
    cumulants = tpm_cumulants(model, TIMES, reference_beta=10.0)
    transitions = tpm_distribution(model, TIMES, bins=11, reference_beta=10.0)
    lam = cumulants.absolute_irreversibility.values
    assert np.max(np.abs(cumulants.fluctuation_theorem_residual)) < ROUNDING
    assert np.max(np.abs(transitions.fluctuation_theorem.values - 1.0 + lam)) < ROUNDING
    assert abs(lam[0] - float(thermal_state(model.H_s, 10.0)[0, 0].real)) < ROUNDING  # t = 0: q~(up)
    assert np.all(lam[1:] > 0.0)


def sigma_distribution(model: OpenSystem, time: float) -> dict:
    """{Sigma (rounded): probability} from the exact transitions (reference = the initial state)."""
    basis = tpm_basis(model)
    y, x = basis.functions("entropy_production")
    sigma = y[:, None] - x[None, basis.support]
    weights = tpm_transitions(basis, time) * basis.probabilities[basis.support]
    out = {}
    for key, value, w in zip(np.round(sigma, 8).ravel(), sigma.ravel(), weights.ravel()):
        out.setdefault(key, [value, 0.0])[1] += w
    return out


def detailed_ratios(model: OpenSystem, time: float) -> np.ndarray:
    """P(Sigma) / (e^Sigma P(-Sigma)) - 1 over the values Sigma > 0 where both probabilities exist."""
    P = sigma_distribution(model, time)
    return np.array([P[s][1] / (np.exp(P[s][0]) * P[-s][1]) - 1.0 for s in P
                     if s > 0 and -s in P and min(P[s][1], P[-s][1]) > PROBABILITY_FLOOR])


@pytest.mark.parametrize("model", [two_baths(), spin_gorm(N=12, thermal=True)], ids=["two-baths", "spin-gorm"])
def test_detailed_fluctuation_theorem_where_time_reversal_holds(model):
    for t in TIMES[1:]:
        ratios = detailed_ratios(model, t)
        assert ratios.size > 3
        assert np.max(np.abs(ratios)) < RATIO_TOLERANCE


def test_detailed_fluctuation_theorem_fails_without_time_reversal_symmetry():
    ratios = detailed_ratios(two_baths(imaginary=0.7), TIMES[3])
    assert np.max(np.abs(ratios)) > BROKEN_RATIO
    ift = tpm_cumulants(two_baths(imaginary=0.7), TIMES).fluctuation_theorem
    assert np.max(np.abs(ift - 1.0)) < ROUNDING  # the integral theorem needs no time-reversal symmetry


def test_distributions_are_normalized_and_start_as_a_delta_at_zero():
    model = spin_gorm(N=16)
    ds = tpm_distribution(model, TIMES, bins=31, reference_beta=10.0)
    assert np.max(np.abs(ds.normalization - 1.0)) < ROUNDING
    for name in ("system_energy_change", "heat_0"):
        P = ds[f"{name}_distribution"]
        assert np.max(np.abs(P.sum(f"{name}_bin") - 1.0)) < ROUNDING
        assert float(P.isel(time=0).sel({f"{name}_bin": 0.0})) == pytest.approx(1.0, abs=ROUNDING)
        assert float(P.min()) >= 0.0


def test_binned_mean_is_within_half_a_bin_of_the_exact_mean():
    model = spin_gorm(N=16)
    dist = tpm_distribution(model, TIMES, bins=41, reference_beta=10.0)
    exact = tpm_cumulants(model, TIMES, order=1, reference_beta=10.0).cumulants.sel(quantity="heat_0", order=1)
    centres = dist.heat_0_bin
    width = float(centres[1] - centres[0])
    binned = (dist.heat_0_distribution * centres).sum("heat_0_bin")
    assert np.max(np.abs(binned - exact)) <= width / 2


def close(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal to RELATIVE_ROUNDING of the largest |value| of each quantity and order (axes: ..., quantity?, order)."""
    scale = np.maximum(np.abs(a).max(axis=0, keepdims=True), 1.0)
    return bool(np.all(np.abs(a - b) <= RELATIVE_ROUNDING * scale))


def test_swapping_the_reservoirs_swaps_their_heats():
    model = two_baths()
    hot, cold = model.reservoirs
    P = np.eye(9).reshape(3, 3, 3, 3).transpose(1, 0, 2, 3).reshape(9, 9)  # |i j> -> |j i>
    swap = np.kron(np.eye(2), P)
    swapped = OpenSystem(model.H_s, (cold, hot), swap @ model.V @ swap.T, model.rho_s0)
    a = tpm_cumulants(model, TIMES).cumulants
    b = tpm_cumulants(swapped, TIMES).cumulants
    assert close(a.sel(quantity="heat_0").values, b.sel(quantity="heat_1").values)
    assert close(a.sel(quantity="entropy_production").values, b.sel(quantity="entropy_production").values)


def test_the_sign_of_the_coupling_does_not_matter():
    """sigma_z (x) 1 maps V to -V and commutes with H_0 and rho(0): the statistics are identical."""
    a = tpm_cumulants(SpinGorm(N=12, coupling=0.3).open_system(), TIMES, reference_beta=10.0).cumulants
    b = tpm_cumulants(SpinGorm(N=12, coupling=-0.3).open_system(), TIMES, reference_beta=10.0).cumulants
    assert close(a.values, b.values)


def test_a_shared_eigendecomposition_gives_the_same_statistics():
    model = SpinGorm(N=12, coupling=0.3, seed=2)
    system = model.open_system()
    eig = spin_gorm_eigensystem(model)
    shared = tpm_cumulants(system, TIMES, reference_beta=10.0, eig=eig).cumulants
    own = tpm_cumulants(system, TIMES, reference_beta=10.0, eig=diagonalize(system.hamiltonian(),
                                                                              system.initial_state())).cumulants
    assert close(shared.values, own.values)
    assert np.max(np.abs(spin_gorm_series(model, TIMES, eig=eig).sz - spin_gorm_series(model, TIMES).sz)) < ROUNDING


def test_degenerate_system_levels_are_measured_as_one_level():
    """A degenerate H_s: its eigenspace is one measurement outcome, so Delta E_s of a transition inside it is 0."""
    model = two_baths()
    flat = OpenSystem(np.zeros((2, 2)), model.reservoirs, model.V, model.rho_s0)
    ds = tpm_cumulants(flat, TIMES)
    assert np.max(np.abs(ds.cumulants.sel(quantity="system_energy_change"))) < ROUNDING


@pytest.mark.parametrize("call, name", [
    (lambda m: tpm_distribution(m, TIMES, bins=10), "'bins'"),
    (lambda m: tpm_distribution(m, TIMES, bins=0), "'bins'"),
    (lambda m: tpm_cumulants(m, TIMES, order=0), "'order'"),
    (lambda m: tpm_cumulants(m, TIMES, order=9), "'order'"),
    (lambda m: tpm_cumulants(m, [-1.0, 2.0]), "'times'"),
    (lambda m: tpm_cumulants(m, [2.0, 1.0]), "'times'"),
    (lambda m: tpm_cumulants(m, [np.nan]), "'times'"),
    (lambda m: tpm_cumulants(m, TIMES, reference_beta=-1.0), "'reference_beta'"),
    (lambda m: tpm_cumulants(SpinGorm(N=4).open_system(), TIMES), "'reference_beta'"),  # |down>: not full rank
    (lambda m: tpm_cumulants(SpinGorm(N=4), TIMES), "'model'"),
    (lambda m: tpm_cumulants(replace(m, stages=(Stage(1.0, 2.0 * m.H_s, m.V),)), TIMES,
                             eig=diagonalize(m.hamiltonian(), m.initial_state())), "'eig'"),  # driven: no sharing
    (lambda m: tpm_transitions(tpm_basis(replace(m, stages=(Stage(1.0, 2.0 * m.H_s, m.V),))), 1.0), "'time'"),
    (lambda m: tpm_cumulants(m, TIMES, eig=diagonalize(np.eye(2), np.eye(2) / 2)), "'eig'"),
])
def test_hostile_input_names_the_parameter(call, name):
    with pytest.raises(NoneqInputError, match=name):
        call(two_baths())


def test_cli_cumulants_in_json_and_netcdf(tmp_path, noneq_here):
    out = tmp_path / "run.nc"
    result = noneq_here("run", "reservoir", "--set", "N=16", "--set", "t_max=40", "--set", "n_times=9", "--set",
                     "statistics=distribution", "--set", "bins=21", "--json", "--out", str(out))
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)["values"]
    assert values["fluctuation_theorem_residual_max"] < ROUNDING
    assert values["heat_variance_final"] > 0
    import xarray as xr

    ds = xr.open_dataset(out)
    assert ds.cumulants.dims == ("time", "quantity", "order")
    assert ds.heat_0_distribution.dims == ("time", "heat_0_bin")
    heat = ds.cumulants.sel(quantity="heat_0", order=1).values
    assert np.max(np.abs(heat - ds.heat.values)) <= MEAN_TOLERANCE * np.max(np.abs(heat))


@pytest.mark.parametrize("assignments, name", [
    (["statistics=variance"], "statistics"),
    (["statistics=distribution", "bins=4"], "bins"),
    (["statistics=distribution", "bins=0"], "bins"),
    (["statistics=distribution", "bins=1e9"], "bins"),
    (["statistics=cumulants", "method=typicality"], "method"),
    (["statistics=cumulants", "N=3000"], "N"),
])
def test_cli_hostile_statistics_exit_2(assignments, name, noneq_here):
    args = ["run", "reservoir", "--set", "N=12", "--set", "n_times=3", "--set", "t_max=10"]
    for assignment in assignments:
        args += ["--set", assignment]
    result = noneq_here(*args)
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and name in lines[0]


def test_cli_sweep_over_statistics(tmp_path, noneq_here):
    result = noneq_here("sweep", "reservoir", "--grid", "N=10,20", "--grid", "statistics=cumulants,distribution",
                     "--set", "n_times=5", "--set", "t_max=20", "--set", "bins=11", "--store", str(tmp_path / "s"),
                     "--serial", "--out", str(tmp_path / "s.nc"))
    assert result.returncode == 0, result.stderr
    import xarray as xr

    ds = xr.open_dataset(tmp_path / "s.nc")
    assert ds.cumulants.dims == ("N", "statistics", "time", "quantity", "order")
    assert float(ds.fluctuation_theorem_residual_max.max()) < ROUNDING
