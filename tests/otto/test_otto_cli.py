"""The command-line contract of `noneq run otto` (names other tools rely on)."""

import json
import subprocess
import sys

import numpy as np
import pytest

from noneq.otto import closed_form as cf
from noneq.otto.optimum import optimal_refrigerator

AGREEMENT = 1e-9  # the CLI prints the same numbers as the library (JSON round trip of doubles)


def _run(*args):
    return subprocess.run([sys.executable, "-m", "noneq", *args], capture_output=True, text=True, timeout=120)


def test_run_json_contract():
    out = _run("run", "otto", "--set", "eps_c=2", "--json")
    assert out.returncode == 0, out.stderr
    values = json.loads(out.stdout)
    for key in ("eps_star", "eps_ca", "eps_plus", "beta_c_w_a", "beta_h_w_b"):
        assert key in values
    u, v, eps = optimal_refrigerator(np.array([2.0]))
    assert values["eps_star"] == pytest.approx(eps[0], rel=AGREEMENT)
    assert values["beta_c_w_a"] == pytest.approx(u[0], rel=AGREEMENT)
    assert values["beta_h_w_b"] == pytest.approx(v[0], rel=AGREEMENT)
    assert values["eps_ca"] == pytest.approx(float(cf.eps_ca(2.0)), rel=AGREEMENT)
    assert values["eps_plus"] == pytest.approx(1.0, rel=AGREEMENT)


def test_run_accepts_contract_parameters_and_engine():
    out = _run("run", "otto", "--set", "eps_c=1.5", "--set", "T_c=3", "--set", "gamma_c=0.5", "--set",
               "gamma_h=2", "--set", "tau_adi=0.3", "--set", "machine=engine", "--json")
    assert out.returncode == 0, out.stderr
    values = json.loads(out.stdout)
    assert 0 < values["eta_star"] < values["eta_carnot"]


BAD = [["eps_c=0"], ["T_c=-1"], ["gamma_c=0"], ["gamma_h=-1"], ["tau_adi=-2"], ["tau_c=1"], ["n_levels=1"],
       ["w_a=2", "w_b=1.5"], ["w_a=2", "w_b=2"]]


@pytest.mark.parametrize("assignments", BAD, ids=[",".join(a) for a in BAD])
def test_bad_input_exits_2_with_one_line(assignments):
    args = [item for a in assignments for item in ("--set", a)]
    out = _run("run", "otto", *args)
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1
    assert assignments[-1].split("=")[0] in out.stderr


def test_given_frequencies_are_used():
    out = _run("run", "otto", "--set", "w_a=1", "--set", "w_b=3", "--json")
    values = json.loads(out.stdout)
    assert values["eps"] == pytest.approx(0.5, rel=AGREEMENT)  # w_a / (w_b - w_a)
    assert values["eps_star"] > values["eps"]
