"""The command-line contract of `noneq run otto` (names other tools rely on): one real subprocess for the entry
point, the rest in-process through the same typer application."""

import json
import subprocess
import sys

import numpy as np
import pytest
from typer.testing import CliRunner

from noneq.cli import app
from noneq.otto import closed_form as cf
from noneq.otto.optimum import optimal_refrigerator

AGREEMENT = 1e-9  # the CLI prints the same numbers as the library (JSON round trip of doubles)


def _run(*args):
    """``noneq ARGS`` in this process: (exit code, stdout, stderr)."""
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_run_json_contract_as_a_user_runs_it():
    out = subprocess.run([sys.executable, "-m", "noneq", "run", "otto", "--set", "cop_carnot=2", "--json"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    values = json.loads(out.stdout)["values"]
    for key in ("cop_star", "cop", "cop_ca", "cop_plus", "cop_carnot", "beta_c_w_a", "beta_h_w_b", "chi"):
        assert key in values
    opt = optimal_refrigerator(np.array([2.0]))
    assert values["cop_star"] == pytest.approx(float(opt.cop_star[0]), rel=AGREEMENT)
    assert values["beta_c_w_a"] == pytest.approx(float(opt.beta_c_w_a[0]), rel=AGREEMENT)
    assert values["beta_h_w_b"] == pytest.approx(float(opt.beta_h_w_b[0]), rel=AGREEMENT)
    assert values["cop_ca"] == pytest.approx(float(cf.cop_ca(2.0)), rel=AGREEMENT)
    assert values["cop_plus"] == pytest.approx(1.0, rel=AGREEMENT)


def test_run_accepts_contract_parameters_and_engine():
    code, stdout, stderr = _run("run", "otto", "--set", "cop_carnot=1.5", "--set", "T_c=3", "--set", "gamma_c=0.5",
                                "--set", "gamma_h=2", "--set", "tau_adi=0.3", "--set", "machine=engine", "--json")
    assert code == 0, stderr
    values = json.loads(stdout)["values"]
    assert 0 < values["eta_star"] < values["eta_carnot"]
    assert "cop_star" not in values


def test_three_levels_run():
    code, stdout, stderr = _run("run", "otto", "--set", "n_levels=3", "--json")
    assert code == 0, stderr
    values = json.loads(stdout)["values"]
    assert values["cop_ca"] < values["cop_star"] < values["cop_plus"]


BAD = [["cop_carnot=0"], ["T_c=-1"], ["gamma_c=0"], ["gamma_h=-1"], ["tau_adi=-2"], ["tau_c=1"], ["n_levels=1"],
       ["w_a=2", "w_b=1.5"], ["w_a=2", "w_b=2"], ["eps_c=2"]]


@pytest.mark.parametrize("assignments", BAD, ids=[",".join(a) for a in BAD])
def test_bad_input_exits_2_with_one_line(assignments):
    args = [item for a in assignments for item in ("--set", a)]
    code, _, stderr = _run("run", "otto", *args)
    assert code == 2
    assert len(stderr.strip().splitlines()) == 1
    assert assignments[-1].split("=")[0] in stderr


def test_given_frequencies_are_used():
    code, stdout, stderr = _run("run", "otto", "--set", "w_a=1", "--set", "w_b=3", "--json")
    assert code == 0, stderr
    values = json.loads(stdout)["values"]
    assert values["cop"] == pytest.approx(0.5, rel=AGREEMENT)  # w_a / (w_b - w_a)
    assert values["cop_star"] > values["cop"]
