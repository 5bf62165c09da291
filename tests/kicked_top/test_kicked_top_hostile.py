"""Hostile and oversized inputs of the kicked top (issue 16): through the real CLI entry point, every value ends
in exit 0 with finite results, exit 2 with one line before any allocation, or exit 3 with one line; the Python
API raises a NoneqInputError naming the parameter before any work; the estimate bounds the measured peak
(shared test factories: tests/hostile.py)."""

import tracemalloc

import numpy as np
import pytest

import noneq.core.resources as resources
from noneq.core.errors import NoneqInputError
from noneq.kicked_top import (Decoherence, KickedTop, bloch_vectors, classical_maps, classical_orbits,
                              coherent_cloud, entropy_from_bloch, entropy_map, evolve_register, propagate_observe,
                              qubit_density_matrices, random_sphere_points, register_states, running_average)
from noneq.kicked_top.system import SYSTEM
from hostile import (api_test, estimate_test, exit_2_test, finite_test, refused_test, run_system,
                     validation_fuzz_test)

SMALL_MACHINE = 2 ** 30  # bytes of available memory pretended by the oversized cases (the refusal is then certain)

test_bad_values_exit_2_with_one_line = exit_2_test("kicked-top", [
    (["T1=1e-320"], "'T1'"), (["T2=1e-320"], "'T2'"), (["T1=1e300"], "'T2'"),
    (["rotation_time=1e300"], "'rotation_time'"), (["interaction_time_per_kappa=1e-320"], "interaction_time"),
    (["T1=1e-6", "T2=1e-6", "interaction_time_per_kappa=1e9", "kappa=1e300"], "'kappa'"),
    (["j=2000.5"], "'j'"), (["j=2001"], "'j'"), (["j=2.5", "T1=1"], "'T2'"), (["j=3", "T1=20", "T2=10"], "'j'"),
    (["kicks=1e9"], "'kicks'"), (["kicks=9223372036854775808"], "'kicks'"), (["kappa=1e999"], "'kappa'"),
    (["theta=1e300"], "'theta'"), (["p=nan"], "'p'"),
])

test_runs_that_do_not_fit_are_refused_before_allocating = refused_test("kicked-top", [
    (["j=2000", "kicks=100000"], "lower kicks"), (["j=2.5", "kicks=100000"], "lower kicks"),
    (["j=2.5", "kicks=100000", "T1=20", "T2=10"], "lower kicks"),
], available=SMALL_MACHINE)

test_extreme_values_that_run_give_finite_results = finite_test("kicked-top", [
    ["kappa=1e300"], ["kappa=-1e300"], ["p=1e300"], ["phi=-1e300"], ["j=0.5", "kappa=1e300"], ["j=7", "p=1e-320"],
    ["T1=1e-6", "T2=1e-6"], ["T1=1e300", "T2=1e300"], ["T2=1e-6", "kappa=1e300"], ["theta=0", "kappa=0"],
    ["rotation_time=1e-6", "T1=20", "T2=10"],
])


def test_a_kick_the_matrix_exponential_cannot_represent_is_numerical_trouble(monkeypatch, capsys):
    code, _, lines = run_system(monkeypatch, capsys, "kicked-top", ["T2=1e-6", "p=1e300"])
    assert code == 3 and len(lines) == 1 and "superoperator is not finite" in lines[0], lines


TOP = KickedTop(j=1.5, kappa=2.5)
GRID = np.linspace(0.0, np.pi, 4)


@pytest.mark.parametrize("kicks", [-1, 2.5, None, "3", 10 ** 9, True])
def test_entropy_map_kicks_are_checked_before_any_work(monkeypatch, kicks):
    monkeypatch.setattr(resources, "available_memory", lambda: SMALL_MACHINE)
    with pytest.raises(NoneqInputError, match="kicks"):
        entropy_map(TOP, GRID, GRID, kicks)


def test_entropy_map_refuses_a_2d_theta_and_a_grid_too_large():
    with pytest.raises(NoneqInputError, match="'theta'"):
        entropy_map(TOP, np.ones((3, 3)), GRID, 3)
    with pytest.raises(NoneqInputError, match="'phi'"):
        entropy_map(TOP, GRID, [[0.0]], 3)
    huge = np.linspace(0.0, np.pi, 10 ** 5)
    tracemalloc.start()
    with pytest.raises(NoneqInputError, match="needs ~.*theta, phi"):
        entropy_map(TOP, huge, huge, 3)  # a 1e5 x 1e5 grid
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 100 * huge.nbytes  # refused before the grid (80 GB for the mesh alone) was built
    with pytest.raises(NoneqInputError, match="'model'"):
        entropy_map("top", GRID, GRID, 3)


NOISE = Decoherence(T1=20_000.0, T2=10_000.0)

test_public_functions_name_the_bad_parameter = api_test([  # (function, keyword arguments, the parameter at fault)
    (propagate_observe, dict(model=TOP, theta=GRID, phi=0.0, kicks=10 ** 9, observe=lambda psi: abs(psi.T)),
     "kicks"),
    (propagate_observe, dict(model=2.5, theta=GRID, phi=0.0, kicks=3, observe=abs), "model"),
    (register_states, dict(model=TOP, theta=GRID, phi=0.0, kicks=10 ** 9), "kicks"),
    (register_states, dict(model=TOP, theta=GRID, phi=0.0, kicks=3, noise="T1"), "noise"),
    (evolve_register, dict(model=TOP, noise=NOISE, theta=GRID, phi=0.0, kicks=10 ** 9), "kicks"),
    (evolve_register, dict(model=KickedTop(j=3, kappa=1.0), noise=NOISE, theta=GRID, phi=0.0, kicks=3), "j"),
    (classical_maps, dict(model=TOP, theta=GRID, phi=GRID, kicks=10 ** 9, lyapunov_kicks=3, samples=5, seed=1),
     "kicks"),
    (classical_maps, dict(model=TOP, theta=GRID, phi=GRID, kicks=3, lyapunov_kicks=3, samples=10 ** 9, seed=1),
     "samples"),
    (classical_orbits, dict(xyz0=[[0.0, 0.0, 1.0]], kappa=1.0, kicks=10 ** 12), "kicks"),
    (classical_orbits, dict(xyz0=[[0.0, 1.0]], kappa=1.0, kicks=3), "xyz0"),
    (coherent_cloud, dict(theta=GRID, phi=0.0, j=1.5, samples=10 ** 12, rng=np.random.default_rng(0)), "samples"),
    (coherent_cloud, dict(theta=GRID, phi=0.0, j=1.5, samples=5, rng=0), "rng"),
    (random_sphere_points, dict(n=10 ** 12, rng=np.random.default_rng(0)), "n"),
    (bloch_vectors, dict(psi=np.ones((3, 2)), j=1.5), "psi"),
    (bloch_vectors, dict(psi=np.ones((4, 2)), j=1.3), "'j'"),
    (entropy_from_bloch, dict(bloch=[[0.0, 0.5]]), "bloch"),
    (qubit_density_matrices, dict(psi=np.ones((4, 1)), n_qubits=10 ** 9), "n_qubits"),
    (running_average, dict(values=3.0, include_initial=False), "values"),
    (running_average, dict(values=[1.0, 2.0], include_initial="yes"), "include_initial"),
], available=SMALL_MACHINE)

test_the_estimate_bounds_the_measured_peak = estimate_test(SYSTEM, [
    {"kicks": 1000}, {"j": 2.5, "kicks": 300}, {"j": 1.5, "kicks": 200, "T1": 20.0, "T2": 10.0},
    {"j": 10, "kicks": 500}, {"j": 300, "kicks": 50},
], warm_up=lambda values: {**values, "kicks": 1})


def test_the_estimate_is_fast_for_any_valid_value():
    for values in ({"j": 2000, "kicks": 100000}, {"j": 2.5, "kicks": 100000, "T1": 1e-6, "T2": 1e-6}):
        estimate = SYSTEM.estimated(SYSTEM.resolve(values))
        assert estimate.memory > 0 and estimate.seconds > 0

test_validation_and_estimate_take_any_table_value = validation_fuzz_test(SYSTEM)
