"""`noneq run currents` (system.py): the command-line contract (one real subprocess for the console script, the
rest through the same entry point in this process), input checks before computing, method=mft."""

import json
import subprocess
import sys

import numpy as np
import pytest

from noneq.core.errors import NoneqInputError
from noneq.core.registry import get_system
from noneq.currents import closed_forms as cf

EXACT = 1e-9  # CLI output vs the library call (same computation)


def _args(sets):
    return ["run", "currents", "--json", *(arg for item in sets for arg in ("--set", item))]


def _run(*sets):
    """``python -m noneq run currents --json --set ...`` in a subprocess."""
    return subprocess.run([sys.executable, "-m", "noneq", *_args(sets)], capture_output=True, text=True, timeout=120)


@pytest.fixture
def run_here(noneq_here):
    """``run_here(*sets)``: the same command in this process, reported like `_run`."""
    return lambda *sets: noneq_here(*_args(sets))


def test_exact_json_has_the_contract_keys():
    out = _run("process=sep", "method=exact", "average=quenched", "rho_a=0.8", "rho_b=0.2", "t1=1", "t2=3")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)["values"]
    assert {"mean_q_t1", "cov_q_t1_t2"} <= set(data)
    from noneq.currents.lattice import lattice_correlations
    from noneq.currents.model import CurrentsModel
    exact = lattice_correlations(CurrentsModel("sep", 0.8, 0.2), [1.0, 3.0])
    assert data["cov_q_t1_t2"] == pytest.approx(exact["covariance_quenched"].values[0, 1], rel=EXACT)


def test_montecarlo_json_has_stderr_companions(run_here):
    out = run_here("process=independent", "method=montecarlo", "average=annealed", "rho_a=0.6", "rho_b=0.1",
                   "t1=1", "t2=2", "seed=4", "samples=2000")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)["values"]
    assert {"mean_q_t1", "cov_q_t1_t2", "stderr_mean_q_t1", "stderr_cov_q_t1_t2"} <= set(data)


@pytest.mark.parametrize("sets, words", [
    (("process=sep", "method=mft", "rho_a=0.8", "rho_b=0.2", "t1=0.01", "t2=200"), "t1"),
    (("process=sep", "rho_a=1.5"), "rho_a"),
    (("t1=3", "t2=2"), "t2"),
])
def test_bad_input_exits_2_with_one_line(sets, words, run_here):
    out = run_here(*sets)
    assert out.returncode == 2
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and words in lines[0]


@pytest.mark.parametrize("given, words", [({"t1": 0.0}, "t1"), ({"t1": 3.0, "t2": 3.0}, "t2"),
                                          ({"half_width": 3}, "half_width"),
                                          ({"method": "montecarlo", "process": "sep", "half_width": 30},
                                           "half_width"),
                                          ({"process": "sep", "rho_b": -0.2}, "rho_b")])
def test_bad_input_rejected_before_computing(given, words):
    with pytest.raises(NoneqInputError, match=words):
        get_system("currents").resolve(given)


def test_mft_available_cases_run():
    system = get_system("currents")
    eq = system.run(process="sep", method="mft", rho_a=0.3, rho_b=0.3, t1=1.0, t2=2.0, average="annealed")
    free = system.run(process="independent", method="mft", rho_a=0.9, rho_b=0.1, t1=1.0, t2=2.0)
    assert float(eq.mean_q_t1) == 0.0 and float(free.mean_q_t1) > 0


def test_run_dataset_has_units_long_names_and_seed():
    ds = get_system("currents").run(process="sep", method="montecarlo", average="quenched", rho_a=0.7, rho_b=0.2,
                                    t1=1.0, t2=2.0, seed=9, samples=400, configurations=20)
    assert ds.attrs["seed"] == 9 and ds.attrs["system"] == "currents"
    for name in ("mean_q_t1", "cov_q_t1_t2", "stderr_cov_q_t1_t2"):
        assert ds[name].attrs["units"] and ds[name].attrs["long_name"]
    assert int(ds.configurations) == 20
    exact = get_system("currents").run(process="sep", method="exact", rho_a=0.7, rho_b=0.2, t1=1.0, t2=2.0)
    assert exact.attrs["seed"] == -1


# --- method=mft: equilibrium closed forms, the optimal-path solver's second order for a step ------------------

ROUTE_TOLERANCE = 2e-3  # route (linearised solver, default grid) vs continuum closed forms: O(dx^2), measured 3e-4
FINITE_TIME_GAP = 0.15  # |lattice / MFT - 1| for a quenched step at t = 2, 5: O(t^-1/2) corrections, measured 0.10


def _route(**given):
    return get_system("currents").run(method="mft", t1=2.0, t2=5.0, **given)


@pytest.mark.parametrize("average", ["annealed", "quenched"])
def test_mft_route_independent_step_is_the_exact_continuum_result(average):
    ds = _route(process="independent", rho_a=0.9, rho_b=0.1, average=average)
    assert float(ds.mean_q_t1) == pytest.approx(float(cf.continuum_mean(0.9, 0.1, 2.0)), rel=ROUTE_TOLERANCE)
    assert float(ds.cov_q_t1_t2) == pytest.approx(float(cf.continuum_covariance(0.9, 0.1, 2.0, 5.0, average)),
                                                  rel=ROUTE_TOLERANCE)


def test_mft_route_sep_step_variance_is_derrida_gerschenfeld():
    ds = _route(process="sep", rho_a=1.0, rho_b=0.0, average="annealed")
    for name, t in (("var_q_t1", 2.0), ("var_q_t2", 5.0)):
        assert float(ds[name]) == pytest.approx(cf.sep_equal_time_variance_large_t(1.0, 0.0) * np.sqrt(t),
                                                rel=ROUTE_TOLERANCE)
    assert {"mean_q_t1", "mean_q_t2", "var_q_t1", "var_q_t2", "cov_q_t1_t2"} <= set(ds.data_vars)


def test_mft_route_sep_step_approaches_lattice_exact():
    """Large-time check of the route against the lattice: corrections O(t^-1/2) (a few % at t ~ 5-10)."""
    mft = _route(process="sep", rho_a=0.8, rho_b=0.3, average="quenched")
    exact = get_system("currents").run(method="exact", process="sep", rho_a=0.8, rho_b=0.3, t1=2.0, t2=5.0,
                                       average="quenched")
    assert float(exact.cov_q_t1_t2) / float(mft.cov_q_t1_t2) == pytest.approx(1.0, abs=FINITE_TIME_GAP)


def test_mft_route_rejects_times_the_grid_cannot_span():
    with pytest.raises(NoneqInputError, match="t1"):
        get_system("currents").resolve({"method": "mft", "process": "sep", "rho_a": 0.8, "rho_b": 0.2, "t1": 0.01,
                                        "t2": 200.0})


def test_tur_statistics_are_the_library_ratios_and_sweep():
    """statistics=tur: the run's entropy productions, ratios and bounds are those of noneq.currents.tur_statistics,
    and a sweep over the step assembles them (the ratio falls with rho_b here, the bound does not depend on it)."""
    from noneq.currents import CurrentsModel, tur_statistics
    from noneq.sweep import sweep
    system = get_system("currents")
    for process, average in (("sep", "quenched"), ("independent", "annealed")):
        ds = system.run(**system.resolve({"process": process, "average": average, "rho_a": 0.9, "rho_b": 0.3,
                                          "t1": 1.0, "t2": 4.0, "statistics": "tur"}))
        exact = tur_statistics(CurrentsModel(process, 0.9, 0.3), [1.0, 4.0], average=average)
        for i, name in enumerate(("t1", "t2")):
            for output, variable in (("tur_ratio", "tur_ratio"), ("tur_bound", "relaxation_bound"),
                                     ("entropy_production", "entropy_production"),
                                     ("pseudo_entropy_production", "pseudo_entropy_production")):
                assert float(ds[f"{output}_{name}"]) == pytest.approx(float(exact[variable][i]), rel=EXACT)
    swept = sweep("currents", {"rho_b": "0.1,0.4"}, fixed={"statistics": "tur", "rho_a": 0.9, "t1": 1.0, "t2": 3.0},
                  executor="serial")
    assert swept.tur_ratio_t2.dims == ("rho_b",) and float(swept.tur_bound_t2[0]) == float(swept.tur_bound_t2[1])
