"""Hostile and extreme inputs of the Otto machine (issue 16): through the real CLI entry point, every value ends
in exit 0 with finite results, exit 2 with one line, or exit 3 with one line; the Python API raises a
NoneqInputError naming the parameter; the estimate bounds the measured peak (shared test factories:
tests/hostile.py)."""

import numpy as np
import pytest
import xarray as xr

from noneq.otto import (OttoCycle, check_levels, cop, cycle_fluctuations, delta_n_eq, heat_exchange, isochore_map,
                        limit_cycle, mean_and_error, optimal_engine, optimal_refrigerator, optimal_times,
                        populations_along_cycle, quantum_limit_cycle, stroke_unitary, time_factor)
from noneq.otto.observables import MODES
from noneq.otto.system import SYSTEM
from noneq.otto import (counting_statistics, cycle_cumulants, cycle_strokes, heat_distribution, scaled_cumulants,
                        tilted_map)
from hostile import (api_test, estimate_test, exit_2_test, finite_test, refused_test, run_system,
                     validation_fuzz_test)

SMALL_MACHINE = 2 ** 30  # bytes of available memory pretended by the oversized cases

test_bad_values_exit_2_with_one_line = exit_2_test("otto", [
    (["w_a=1e-300", "w_b=2e-300"], "'w_a'"), (["gamma_c=1e300"], "'gamma_c'"), (["tau_adi=1e300"], "'tau_adi'"),
    (["T_c=1e-320"], "'T_c'"), (["T_c=1e300"], "'T_c'"), (["gamma_h=0"], "'gamma_h'"),
    (["cop_carnot=1e300"], "'cop_carnot'"), (["cop_carnot=1e-320"], "'cop_carnot'"),
    (["w_a=1e300", "w_b=2e300"], "'w_a'"), (["w_a=2", "w_b=1"], "'w_b'"), (["tau_c=1e-101", "tau_h=1"], "'tau_c'"),
    (["tau_c=1"], "'tau_h'"), (["n_levels=1e300"], "'n_levels'"), (["n_levels=31"], "'n_levels'"),
    (["machine=heater"], "'machine'"), (["w_b=pi/0"], "'w_b'"), (["statistics=variance"], "'statistics'"),
    (["statistics=distribution", "cycles=0"], "'cycles'"), (["cycles=1e300"], "'cycles'"),
    (["cycles=2.5"], "'cycles'"),
])

test_oversized_distributions_are_refused_before_they_allocate = refused_test("otto", [
    (["statistics=distribution", "cycles=10000"], "lower cycles or n_levels"),
    (["statistics=distribution", "cycles=200", "n_levels=30"], "lower cycles or n_levels"),
], available=SMALL_MACHINE)

test_statistics_at_extreme_values_are_finite = finite_test("otto", [
    [*sets, "statistics=cumulants"] for sets in (
        ["T_c=1e-100"], ["gamma_c=1e-100", "tau_adi=1e-100"], ["tau_c=1e-100", "tau_h=1e100"],
        ["tau_c=1e100", "tau_h=1e-100"], ["gamma_c=1e100", "gamma_h=1e-100", "tau_adi=1e-100"],
        ["cop_carnot=1e3"], ["cop_carnot=1e-6", "machine=engine"], ["w_a=1", "w_b=1.5"],
        ["n_levels=5", "T_c=1e-100", "gamma_c=1e-100", "tau_adi=1e100"])
] + [["statistics=distribution", "cycles=3", "n_levels=4"], ["statistics=distribution", "w_a=1e-100", "w_b=2e-100"]])


@pytest.mark.parametrize("sets", [["T_c=1e100"], ["w_a=1e-100", "w_b=1e100"]])
def test_cumulants_beyond_the_double_range_end_in_exit_3(monkeypatch, capsys, sets):
    code, payload, lines = run_system(monkeypatch, capsys, "otto", [*sets, "statistics=cumulants"])
    assert code == 3 and len(lines) == 1 and "double range" in lines[0], lines

test_extreme_values_that_run_give_finite_results = finite_test("otto", [
    ["T_c=1e-100"], ["T_c=1e100"], ["gamma_c=1e100", "tau_adi=1e100"], ["gamma_c=1e-100", "tau_adi=1e-100"],
    ["gamma_h=1e-100"], ["gamma_c=1e100", "gamma_h=1e-100", "tau_adi=1e-100"], ["tau_c=1e-100", "tau_h=1e100"],
    ["cop_carnot=1e3", "machine=engine"], ["cop_carnot=1e-6", "machine=engine"], ["cop_carnot=1e3"],
    ["w_a=1e-100", "w_b=1e100"], ["n_levels=5", "T_c=1e-100", "gamma_c=1e-100", "tau_adi=1e100"],
])


@pytest.mark.parametrize("sets, mode", [
    (["w_a=1e-100", "w_b=2e-100"], "idle"), (["T_c=1e100", "w_a=1e-100", "w_b=2e-100"], "idle"),
    (["w_a=1", "w_b=1.5"], "idle"), (["w_a=1", "w_b=1.2"], "engine"),
    (["w_a=1", "w_b=1.7", "machine=engine"], "refrigerator"),
])
def test_a_cycle_that_is_not_the_requested_machine_warns_in_one_line(monkeypatch, capsys, sets, mode):
    code, payload, lines = run_system(monkeypatch, capsys, "otto", sets)
    assert code == 0 and len(lines) == 1 and lines[0].startswith("noneq: warning: the cycle is not"), lines
    assert mode in lines[0] and payload["values"]["mode"] == MODES.index(mode)


CYCLE = OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0)

test_public_functions_name_the_bad_parameter = api_test([  # (function, keyword arguments, the parameter at fault)
    (limit_cycle, dict(cycle="cycle"), "cycle"),
    (cop, dict(result=CYCLE), "result"),
    (populations_along_cycle, dict(cycle=CYCLE, n_points=10 ** 12), "n_points"),
    (populations_along_cycle, dict(cycle=CYCLE, n_points=2.5), "n_points"),
    (check_levels, dict(levels=np.arange(1.0, 10 ** 5)), "levels"),
    (heat_exchange, dict(E_a=[1.0, 2.0], E_b=[1.0, 2.0, 3.0], beta_c=1.0, beta_h=1.0, gamma_c=1.0, gamma_h=1.0,
                         tau_c=1.0, tau_h=1.0), "E_b"),
    (heat_exchange, dict(E_a=[1.0, 2.0], E_b=[1.0, 2.0], beta_c=None, beta_h=1.0, gamma_c=1.0, gamma_h=1.0,
                         tau_c=1.0, tau_h=1.0), "beta_c"),
    (cycle_fluctuations, dict(cycle=CYCLE, samples=10 ** 9, n_cycles=10 ** 6, seed=1), "samples"),
    (stroke_unitary, dict(levels=(1, 2), w_i=1.0, w_f=2.0, duration=1e300, tilt=0.1), "duration"),
    (stroke_unitary, dict(levels=(1, 2), w_i="1", w_f=2.0, duration=1.0, tilt=0.1), "w_i"),
    (isochore_map, dict(rho=np.eye(3), energies=[1.0, 2.0], beta=1.0, gamma=1.0, tau=1.0), "rho"),
    (quantum_limit_cycle, dict(cycle=None, tilt=0.1), "cycle"),
    (optimal_refrigerator, dict(cop_carnot=np.ones((2, 2))), "cop_carnot"),
    (optimal_refrigerator, dict(cop_carnot=np.ones(10 ** 5)), "cop_carnot"),
    (optimal_engine, dict(eta_carnot=1.0), "eta_carnot"),
    (optimal_times, dict(gamma_c=1.0, gamma_h=1.0, tau_adi=-1.0), "tau_adi"),
    (delta_n_eq, dict(beta_c="one", w_a=1.0, beta_h=1.0, w_b=2.0), "beta_c"),
    (time_factor, dict(gamma_c=1.0, tau_c=np.nan, gamma_h=1.0, tau_h=1.0), "tau_c"),
    (mean_and_error, dict(values=np.ones((3, 2))), "values"),
    (mean_and_error, dict(values=xr.DataArray(np.ones((3, 2)), dims=("cycle", "step"))), "values"),
    (cycle_strokes, dict(cycle=CYCLE, scheme="measured"), "scheme"),
    (cycle_strokes, dict(cycle=CYCLE, tilt="strong"), "tilt"),
    (scaled_cumulants, dict(cycle=CYCLE, order=9), "order"),
    (scaled_cumulants, dict(cycle=(1.0, 2.0)), "cycle"),
    (tilted_map, dict(cycle=CYCLE, chi_c=np.nan), "chi_c"),
    (tilted_map, dict(cycle=CYCLE, chi_w=0.5, tilt=0.1, scheme="coherent"), "chi_w"),
    (counting_statistics, dict(cycles=[]), "cycles"),
    (counting_statistics, dict(cycles=CYCLE, order=1), "order"),
    (cycle_cumulants, dict(cycle=CYCLE, n_cycles=0), "n_cycles"),
    (heat_distribution, dict(cycle=OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0, levels=(1, 2, 2 ** 0.5 + 2)),
                             n_cycles=1), "levels"),
    (heat_distribution, dict(cycle=CYCLE, n_cycles=10 ** 6), "n_cycles"),
], available=SMALL_MACHINE)

test_the_estimate_bounds_the_measured_peak = estimate_test(SYSTEM, [
    {}, {"machine": "engine"}, {"n_levels": 5}, {"n_levels": 30, "w_a": 1.0, "w_b": 3.0},
    {"statistics": "cumulants", "n_levels": 3}, {"statistics": "distribution", "cycles": 60},
    {"statistics": "distribution", "n_levels": 4, "cycles": 8},
])

test_validation_and_estimate_take_any_table_value = validation_fuzz_test(SYSTEM)
