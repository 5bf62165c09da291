"""The command-line contract of ``noneq run reservoir`` (names other tools rely on): one real subprocess for the
console script, the rest through the same entry point in this process."""

import json
import subprocess
import sys

import pytest

from noneq.core.registry import get_system
from noneq.reproduce import paper_experiments

KEYS = ("gamma_redfield", "sz_eq_redfield", "entropy_production_min", "entropy_production_final",
        "entropy_production_bar_min", "sz_final")


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "noneq", *args], capture_output=True, text=True, timeout=120)


def test_run_json_has_the_contract_keys():
    result = run_cli("run", "reservoir", "--set", "N=20", "--set", "delta=0.1", "--set", "beta=10",
                     "--set", "coupling=0.1", "--set", "seed=3", "--set", "t_max=100", "--set", "n_times=51", "--json")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)["values"]
    for key in KEYS:
        assert key in values
    assert values["entropy_production_min"] > 0.0  # over t > 0: a relative entropy, positive once correlated
    assert -1.0 <= values["sz_final"] <= 1.0


@pytest.mark.parametrize("assignment", ["beta=-1", "beta=inf", "N=1", "n_times=1", "t_max=0", "coupling=nan",
                                        "gamma=3"])
def test_bad_input_exits_2_with_one_line(assignment, noneq_here):
    result = noneq_here("run", "reservoir", "--set", assignment)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert assignment.split("=")[0] in lines[0]


def test_registered_parameters():
    system = get_system("reservoir")
    names = {p.name for p in system.parameters}
    assert {"N", "delta", "beta", "coupling", "seed", "t_max", "n_times", "method", "samples", "statistics",
            "bins"} <= names
    assert [e.name for e in paper_experiments("reservoir")] == ["fig1", "bath", "fluctuations"]


def test_run_typicality_method_reports_error_bars(noneq_here):
    result = noneq_here("run", "reservoir", "--set", "N=30", "--set", "method=typicality", "--set", "samples=4",
                      "--set", "t_max=50", "--set", "n_times=11", "--json")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)["values"]
    for key in KEYS + ("entropy_production_final_error", "sz_final_error"):
        assert key in values
    assert values["samples"] == 4 and values["entropy_production_final_error"] > 0


@pytest.mark.parametrize("assignment", ["method=lanczos", "samples=1"])
def test_bad_method_options_exit_2(assignment, noneq_here):
    result = noneq_here("run", "reservoir", "--set", assignment)
    assert result.returncode == 2
    assert assignment.split("=")[0] in result.stderr


def test_minima_exclude_the_initial_time():
    """entropy_production_min and entropy_production_bar_min are minima over t > 0 (both curves are 0 at t = 0,
    so a minimum including it would say nothing)."""
    from noneq.reservoir.system import run_reservoir

    ds = run_reservoir(N=12, t_max=40.0, n_times=21, seed=1)
    assert float(ds.entropy_production_min) == float(ds.entropy_production[1:].min()) > 0.0
    assert float(ds.entropy_production_bar_min) == float(ds.entropy_production_bar[1:].min())
    assert "t > 0" in ds.entropy_production_min.attrs["long_name"]
