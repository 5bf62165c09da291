"""The Python API of noneq.reservoir under wrong types, shapes and sizes (issue 16): every public function raises
NoneqInputError naming the parameter, before any work; a computation too large for memory is refused by the
memory check (the available memory is pinned so that the verdicts do not depend on the machine)."""

import numpy as np
import pytest

from noneq.core import resources
from noneq.core.errors import NoneqInputError
from noneq.reservoir import (OpenSystem, Reservoir, SpinGorm, alpha_finite, alpha_infinite, alpha_tilde_finite,
                             alpha_tilde_infinite, diagonalize, entropy_flow, entropy_production,
                             entropy_production_bar, evolve_states, exact_thermodynamics, expectation_series, heat,
                             jackknife_error, lamb_shift_finite, lamb_shift_infinite, propagate_states,
                             qme_entropy_production_bar, qme_evolution, qme_generator, qme_parts, redfield_rates,
                             redfield_rates_finite, redfield_rates_infinite, redfield_sz, run_reservoir,
                             spin_entropy, spin_gorm_components, spin_gorm_series, spin_gorm_thermodynamics,
                             spin_gorm_typicality, spin_state)
from noneq.reservoir.qme import heat_currents, hermitian_basis, spectral_matrix

PINNED_MEMORY = 16 * 2 ** 30  # the "machine" of these tests
TINY_MEMORY = 2 ** 20  # a machine with 1 MiB free: refuses anything but toy sizes
MODEL = SpinGorm(N=8, seed=1)
SYSTEM = MODEL.open_system()
EIG = diagonalize(SYSTEM.hamiltonian(), SYSTEM.initial_state())
T = [0.0, 1.0]
NOT_INTEGERS = [-1, 2.5, None, "3", np.array([3, 4]), True]


@pytest.fixture(autouse=True)
def pinned_memory(monkeypatch):
    monkeypatch.setattr(resources, "available_memory", lambda: PINNED_MEMORY)


def refused(parameter, call, *args, **kwargs):
    with pytest.raises(NoneqInputError) as error:
        call(*args, **kwargs)
    assert f"'{parameter}'" in str(error.value) and "\n" not in str(error.value), str(error.value)


@pytest.mark.parametrize("value", NOT_INTEGERS + [1, 20001, 1e9, 2 ** 63])
def test_spin_gorm_levels(value):
    refused("N", SpinGorm, N=value)


@pytest.mark.parametrize("name, value", [("delta", 1e300), ("delta", None), ("delta", "0.1"), ("beta", -1.0),
                                         ("beta", 1e300), ("coupling", np.nan), ("coupling", [0.1]),
                                         ("seed", -1), ("seed", 2.5), ("seed", 2 ** 64)])
def test_spin_gorm_parameters(name, value):
    refused(name, SpinGorm, **{"N": 4, name: value})


@pytest.mark.parametrize("times", ["3", None, -1.0, [[0.0, 1.0]], [2.0, 1.0], [0.0, np.nan], [], [0.0, 1e300],
                                   np.zeros((2, 2))])
@pytest.mark.parametrize("solver", [spin_gorm_series, spin_gorm_typicality, spin_gorm_components,
                                    spin_gorm_thermodynamics])
def test_solvers_check_times(solver, times):
    refused("times", solver, MODEL, times)


@pytest.mark.parametrize("solver", [spin_gorm_series, spin_gorm_typicality, spin_gorm_components,
                                    spin_gorm_thermodynamics, redfield_rates_finite, alpha_finite,
                                    lamb_shift_finite])
def test_solvers_check_the_model(solver):
    refused("model", solver, "SpinGorm(N=8)", T) if solver is not redfield_rates_finite else \
        refused("model", solver, MODEL.open_system())


@pytest.mark.parametrize("value", NOT_INTEGERS[:-2] + [1])
def test_typicality_samples(value):
    refused("samples", spin_gorm_typicality, MODEL, T, samples=value)
    refused("samples", spin_gorm_thermodynamics, MODEL, T, method="typicality", samples=value)


@pytest.mark.parametrize("call, parameter", [
    (lambda: spin_gorm_typicality(MODEL, T, tolerance=0.0), "tolerance"),
    (lambda: spin_gorm_components(MODEL, T, weight_tolerance=2.0), "weight_tolerance"),
    (lambda: spin_gorm_thermodynamics(MODEL, [1.0, 2.0]), "times"),          # must start at t = 0
    (lambda: spin_gorm_thermodynamics(MODEL, [0.0, 0.0]), "times"),          # and reach a time > 0
    (lambda: spin_gorm_thermodynamics(MODEL, T, method="lanczos"), "method"),
    (lambda: run_reservoir(N="3"), "N"),
    (lambda: run_reservoir(n_times=2.5), "n_times"),
    (lambda: run_reservoir(t_max=-1.0), "t_max"),
    (lambda: run_reservoir(t_max=1e300), "t_max"),
    (lambda: run_reservoir(method=3), "method"),
    (lambda: jackknife_error(np.zeros((4, 1, 3)), lambda m: m[0]), "per_sample"),
    (lambda: jackknife_error(np.zeros((4, 3)), lambda m: m[0]), "per_sample"),
    (lambda: jackknife_error(np.zeros((4, 3, 3)), None), "function"),
    (lambda: spin_state([0.0], [0.0], "1"), "sz"),
    (lambda: spin_entropy([[0.0]], [0.0], [0.0]), "sx"),
    (lambda: heat("3"), "reservoir_energy"),
    (lambda: heat(np.zeros((2, 2, 2))), "reservoir_energy"),
    (lambda: entropy_flow(np.zeros((3, 2)), [1.0]), "betas"),
    (lambda: entropy_production([0.0, 1.0], [0.0, 1.0], -1.0), "betas"),
    (lambda: entropy_production_bar([0.0, 1.0], [0.0, 1.0], None), "beta"),
    (lambda: alpha_tilde_infinite("x", 1.0), "omega"),
    (lambda: alpha_tilde_infinite(0.1, -1.0), "beta"),
    (lambda: alpha_infinite([[np.inf]], 1.0), "times"),
    (lambda: alpha_tilde_finite(MODEL, [0.1]), "edges"),
    (lambda: lamb_shift_infinite(None, 1.0), "omega"),
    (lambda: lamb_shift_finite(MODEL, 0.1, width=0.0), "width"),
    (lambda: redfield_rates(0.1, -1.0, 0.0), "alpha_plus"),
    (lambda: redfield_rates_infinite("0.1", 10.0, 0.1), "delta"),
    (lambda: redfield_sz([0.0], gamma=-1.0, sz_eq=0.0), "gamma"),
    (lambda: redfield_sz([0.0], gamma=1.0, sz_eq=2.0), "sz_eq"),
    (lambda: qme_entropy_production_bar([0.0], "d", 1.0, 1.0, 0.0), "delta"),
    (lambda: Reservoir("x", beta=1.0), "H_r"),
    (lambda: Reservoir(np.array([[0.0, 1.0], [0.0, 0.0]]), beta=1.0), "H_r"),
    (lambda: Reservoir(np.eye(2), beta=-1.0), "beta"),
    (lambda: Reservoir(np.eye(5000), beta=1.0), "H_r"),                     # beyond the dense solver
    (lambda: OpenSystem(np.eye(2), 3, SYSTEM.V, np.eye(2) / 2), "reservoirs"),
    (lambda: OpenSystem(np.eye(2), SYSTEM.reservoirs, np.eye(3), np.eye(2) / 2), "V"),
    (lambda: OpenSystem(np.eye(2), SYSTEM.reservoirs, SYSTEM.V, np.eye(2)), "rho_s0"),
    (lambda: diagonalize("x", np.eye(2)), "H"),
    (lambda: diagonalize(np.eye(2), np.eye(3)), "rho0"),
    (lambda: expectation_series("eig", [np.eye(16)], T), "eig"),
    (lambda: expectation_series(EIG, [np.eye(3)], T), "operators[0]"),
    (lambda: expectation_series(EIG, np.eye(16), T), "operators"),
    (lambda: propagate_states(EIG, [[0.0]]), "times"),
    (lambda: propagate_states(EIG, [0.0, 1e300]), "times"),
    (lambda: evolve_states("model", T), "model"),
    (lambda: exact_thermodynamics(SYSTEM, [1.0, 2.0]), "times"),
    (lambda: exact_thermodynamics(SYSTEM, T, full="yes"), "full"),
    (lambda: qme_parts("model"), "model"),
    (lambda: qme_parts(SYSTEM, width=-1.0), "width"),
    (lambda: qme_generator(SYSTEM, lamb_shift="no"), "lamb_shift"),
    (lambda: qme_evolution(SYSTEM, [1.0]), "times"),
    (lambda: spectral_matrix(SYSTEM, 0.1, reservoir=5), "reservoir"),
    (lambda: heat_currents(SYSTEM, qme_parts(SYSTEM).dissipators, np.zeros((2, 3, 3))), "states"),
    (lambda: heat_currents(SYSTEM, [np.eye(4)] * 2, np.eye(2) / 2), "dissipators"),
    (lambda: hermitian_basis(-1), "d"),
])
def test_public_functions_name_the_bad_parameter(call, parameter):
    refused(parameter, call)


@pytest.mark.parametrize("call", [
    lambda: spin_gorm_series(SpinGorm(N=20000), T),                               # dense 40000 x 40000
    lambda: spin_gorm_typicality(SpinGorm(N=2000), T, samples=10 ** 12),
    lambda: spin_gorm_components(SpinGorm(N=100), np.linspace(0.0, 1e9, 2)),   # Chebyshev tables of a t = 7e8
    lambda: alpha_finite(SpinGorm(N=20000), np.zeros(10 ** 6)),
    lambda: hermitian_basis(2000),
    lambda: run_reservoir(N=20000, method="eigh"),
])
def test_too_large_for_memory_is_refused(call):
    with pytest.raises(NoneqInputError, match="needs ~.* this machine has 16 GiB available"):
        call()


def test_dense_states_are_checked_against_the_memory(monkeypatch):
    monkeypatch.setattr(resources, "available_memory", lambda: TINY_MEMORY)
    many = np.linspace(0.0, 1.0, 10 ** 4)
    for call in (lambda: propagate_states(EIG, many), lambda: evolve_states(SYSTEM, many),
                 lambda: exact_thermodynamics(SYSTEM, many, full=True), lambda: qme_evolution(SYSTEM, many)):
        with pytest.raises(NoneqInputError, match="needs ~"):
            call()


def test_dense_operators_of_a_large_model_are_checked():
    with pytest.raises(NoneqInputError, match="needs ~"):
        SpinGorm(N=20000).hamiltonian()
    refused("N", SpinGorm(N=3000).open_system)
