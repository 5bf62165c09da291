"""Hostile and oversized inputs of the current statistics (issue 16): through the real CLI entry point, every value
ends in exit 0 with finite results, exit 2 with one line before any allocation, or exit 3 with one line; the
Python API raises a NoneqInputError naming the parameter before any work; the estimate bounds the measured peak
(shared test factories: tests/hostile.py)."""

import numpy as np

from noneq.currents import (TRANSPORT, CurrentsModel, Grid, Resolution, annealed_moments, bond_correlations,
                            continuum_mean, entropy_production, equilibrium_covariance, final_time_mu,
                            generating_functional, lattice_h, linear_response, multi_time_cumulant, quenched_cumulant,
                            segment_statistics, simulate, solve_mft, tur_ratio_estimate, tur_statistics)
from noneq.currents.system import SYSTEM
from hostile import (api_test, estimate_test, exit_2_test, finite_test, refused_test, run_system,
                     validation_fuzz_test)

SMALL_MACHINE = 16 * 2 ** 30  # bytes of available memory pretended by the oversized cases

test_bad_values_exit_2_with_one_line = exit_2_test("currents", [
    (["half_width=1e300"], "'half_width'"), (["half_width=9223372036854775808"], "'half_width'"),
    (["half_width=10"], "'half_width'"), (["samples=1e9"], "'samples'"), (["t1=1e300"], "'t1'"),
    (["t2=1e-320"], "'t2'"), (["rho_a=1e300"], "'rho_a'"), (["process=independent", "rho_b=1e4"], "'rho_b'"),
    (["method=mft", "rho_a=0.7", "rho_b=0.2", "t1=1e-320"], "'t1'"), (["bond1=1e300"], "'bond1'"),
    (["method=mft", "bond2=3"], "'bond2'"), (["configurations=-1"], "'configurations'"),
    (["method=montecarlo", "average=quenched", "samples=40", "configurations=30"], "'configurations'"),
    (["statistics=tur"], "'rho_b'"), (["statistics=tur", "rho_a=0.7", "bond2=1"], "'bond2'"),
    (["statistics=tur", "rho_a=0.5", "rho_b=0.5000001"], "'rho_b'"), (["statistics=moments"], "'statistics'"),
    (["statistics=tur", "rho_a=0.7", "t1=1e-320"], "'t1'"),
])

test_runs_that_do_not_fit_are_refused_before_allocating = refused_test("currents", [
    (["half_width=1000000"], "half_width"),                               # the 29 TiB lattice
    (["method=montecarlo", "samples=100000000"], "samples"),              # the allowed maximum: ~76 GiB
    (["method=montecarlo", "process=independent", "rho_a=1000", "rho_b=1000"], "samples"),
    (["method=montecarlo", "half_width=1000000"], "samples"),
], available=SMALL_MACHINE)

test_extreme_values_that_run_give_finite_results = finite_test("currents", [
    ["t1=1e-320", "t2=1e-319"], ["rho_a=1e-320"], ["rho_a=1", "rho_b=0"], ["process=independent", "rho_a=1000"],
    ["method=montecarlo", "samples=400", "t1=1e-320", "t2=1e-319"],
    ["method=montecarlo", "process=independent", "samples=40", "rho_a=1000", "rho_b=0"],
    ["method=mft", "t1=1e-320", "t2=200"], ["average=quenched", "process=independent", "t1=1e-320", "t2=200"],
    ["statistics=tur", "rho_a=1", "rho_b=0", "t1=1e-6", "t2=3"],
    ["statistics=tur", "process=independent", "rho_a=1000", "rho_b=1e-320", "average=quenched"],
    ["statistics=tur", "method=mft", "rho_a=0.7", "rho_b=0.2", "t1=1", "t2=10"],
    ["statistics=tur", "method=montecarlo", "rho_a=1", "rho_b=0", "samples=400"],
    ["statistics=tur", "rho_a=0.5", "rho_b=0.49999"],
])

SEP = CurrentsModel("sep", 0.7, 0.3)
SAMPLES = np.random.default_rng(0).normal(size=(100, 2))

test_public_functions_name_the_bad_parameter = api_test([  # (function, keyword arguments, the parameter at fault)
    (bond_correlations, dict(model="sep", times=[1.0, 2.0]), "model"),
    (bond_correlations, dict(model=SEP, times=[1.0, 2.0], half_width=10 ** 6), "half_width"),
    (bond_correlations, dict(model=SEP, times=1e300), "times"),
    (simulate, dict(model=SEP, times=[1.0], samples=10 ** 9, seed=1), "samples"),
    (simulate, dict(model=SEP, times=[1.0], samples=100, seed=-1), "seed"),
    (linear_response, dict(transport=TRANSPORT["sep"], rho_a=0.7, rho_b=0.3, times=[1.0, 2.0], resolution=16),
     "resolution"),
    (linear_response, dict(transport=TRANSPORT["sep"], rho_a=0.7, rho_b=0.3, times=[1.0, 2.0],
                           resolution=Resolution(points_per_length=1e300)), "times"),
    (solve_mft, dict(transport=TRANSPORT["sep"], rho_a=0.7, rho_b=0.3, kicks=[1.0]), "kicks"),
    (equilibrium_covariance, dict(transport="sep", rho=0.5, t1=1.0, t2=2.0, average="annealed"), "transport"),
    (equilibrium_covariance, dict(transport=TRANSPORT["sep"], rho=0.5, t1=-1.0, t2=2.0, average="annealed"), "t1"),
    (Grid, dict(spacing=1.0, half_points=10 ** 9), "half_points"),
    (Grid, dict(spacing=1e300, half_points=10), "spacing"),
    (generating_functional, dict(grid=3, rho_a=0.7, rho_b=0.3, T=1.0, kicks={1.0: 0.1}), "grid"),
    (generating_functional, dict(grid=Grid(1.0, 10), rho_a=0.7, rho_b=0.3, T=1.0, kicks=[1.0]), "kicks"),
    (multi_time_cumulant, dict(grid=Grid(1.0, 10), rho_a=0.7, rho_b=0.3, times=np.arange(1.0, 21.0),
                               average="annealed"), "times"),
    (multi_time_cumulant, dict(grid=Grid(1.0, 10), rho_a=np.nan, rho_b=0.3, times=[1.0], average="annealed"),
     "rho_a"),
    (continuum_mean, dict(rho_a=0.7, rho_b=0.3, t=-1.0), "'t'"),
    (lattice_h, dict(t=1e300), "'t'"),
    (final_time_mu, dict(rho_a=0.7, rho_b=0.3, T=1.0, B=1e300, average="annealed"), "'B'"),
    (annealed_moments, dict(samples=np.ones(50)), "samples"),
    (tur_statistics, dict(model=CurrentsModel("sep", 0.4, 0.4), times=[1.0]), "rho_b"),
    (tur_statistics, dict(model=SEP, times=[1.0], average="both"), "average"),
    (entropy_production, dict(model=SEP, times=[1e300]), "times"),
    (segment_statistics, dict(n_sites=40, rho_a=0.7, rho_b=0.2, times=[1.0]), "n_sites"),
    (segment_statistics, dict(n_sites=7, rho_a=0.7, rho_b=0.2, times=[1.0]), "n_sites"),
    (tur_ratio_estimate, dict(samples=SAMPLES, entropy_production=[1.0]), "entropy_production"),
    (quenched_cumulant, dict(samples=SAMPLES, configurations=10, indices=[0, 5]), "indices"),
    (quenched_cumulant, dict(samples=SAMPLES, configurations=10, indices=None), "indices"),
], available=SMALL_MACHINE)

test_the_estimate_bounds_the_measured_peak = estimate_test(SYSTEM, [
    {}, {"half_width": 80}, {"bond1": 3, "bond2": -2}, {"method": "montecarlo"},
    {"method": "montecarlo", "process": "independent", "samples": 2000, "rho_a": 20.0, "rho_b": 5.0},
    {"method": "montecarlo", "average": "quenched", "samples": 4000},
    {"method": "mft", "rho_a": 0.7, "rho_b": 0.3},
    {"statistics": "tur", "process": "independent", "rho_a": 0.9, "rho_b": 0.1, "t2": 200.0},
    {"statistics": "tur", "rho_a": 0.9, "rho_b": 0.1, "t1": 2.0, "t2": 8.0},
], warm_up=lambda values: {**values, "samples": 40, "configurations": 2 if "average" in values else 0})

test_validation_and_estimate_take_any_table_value = validation_fuzz_test(SYSTEM)


def test_a_monte_carlo_ratio_without_a_mean_current_exits_3_with_one_line(monkeypatch, capsys):
    """At t1 = 1e-6 no particle has crossed in any sample: the uncertainty ratio is undefined (numerical
    trouble detected, not bad input: more samples or later times)."""
    code, _, lines = run_system(monkeypatch, capsys, "currents", ["statistics=tur", "method=montecarlo",
                                                                  "rho_a=0.8", "rho_b=0.2", "samples=400",
                                                                  "t1=1e-6"])
    assert code == 3 and len(lines) == 1 and "uncertainty ratio" in lines[0], (code, lines)
