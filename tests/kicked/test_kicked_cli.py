"""`noneq run kicked`: the names other tools rely on, --json keys, bad input exits 2 with one line."""

import json
import subprocess
import sys

import pytest

from noneq.core.errors import NoneqInputError
from noneq.core.registry import get_system

AGREEMENT = 1e-12  # same computation in a subprocess and in-process


def noneq(*args):
    return subprocess.run([sys.executable, "-m", "noneq", *args], capture_output=True, text=True, timeout=120)


def test_contract_names_are_parameters():
    system = get_system("kicked")
    names = {p.name for p in system.parameters}
    assert {"method", "K1", "K2", "m", "eps", "lam", "L", "hbar_eff", "kicks", "seed", "trajectories",
            "particles", "noise_W", "realizations"} <= names


@pytest.mark.parametrize("extra,keys", [
    (["method=quantum", "particles=2", "hbar_eff=0.3", "m=0.1", "kicks=3", "substeps=60"],
     {"p1_sq_final", "D", "purity_final", "resolved", "substeps"}),
    (["method=quantum", "particles=2", "hbar_eff=0.3", "m=0.1", "kicks=3"],  # substeps = 0: automatic
     {"p1_sq_final", "D", "purity_final", "resolved", "substeps"}),
    (["method=classical", "particles=2", "trajectories=50", "kicks=3", "m=0.5", "steps_per_kick=50"],
     {"p1_sq_final", "D", "steps_per_period", "step_error"}),
    (["method=classical", "particles=2", "trajectories=50", "kicks=3", "m=0.01"],  # steps from the tolerance
     {"p1_sq_final", "D", "steps_per_period", "step_error"}),
])
def test_run_json(extra, keys):
    settings = {"kicks": "10", "K1": "1.8", "L": "pi", **dict(e.split("=") for e in extra)}
    args = ["run", "kicked", "--json"]
    for name, value in settings.items():
        args += ["--set", f"{name}={value}"]
    result = noneq(*args)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert keys <= set(values)
    kicks = int(settings["kicks"])
    assert abs(values["D"] - values["p1_sq_final"] / kicks) < AGREEMENT


def test_json_agrees_with_library():
    result = noneq("run", "kicked", "--json", "--set", "kicks=7", "--set", "noise_W=0.05", "--set",
                   "realizations=3", "--set", "seed=4")
    direct = get_system("kicked").run(kicks=7, noise_W=0.05, realizations=3, seed=4)
    values = json.loads(result.stdout)
    assert {"p1_sq_final", "D", "purity_final"} <= set(values)
    assert abs(values["p1_sq_final"] - float(direct.p1_sq_final)) < AGREEMENT
    assert direct.attrs["seed"] == 4


@pytest.mark.parametrize("setting,fragment", [
    ("m=-1", "'m' = "), ("hbar_eff=0", "'hbar_eff' = "), ("L=0", "'L' = "), ("modes1=10", "'modes1' = 10"),
])
def test_bad_input_exits_2_with_one_line(setting, fragment):
    result = noneq("run", "kicked", "--set", setting)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0] and "Traceback" not in result.stderr


@pytest.mark.parametrize("setting,fragment", [
    ({"m": 0}, "'m' = "), ({"method": "magic"}, "'method'"), ({"particles": 3}, "'particles'"),
    ({"lam": -1}, "'lam'"), ({"noise_W": -0.1}, "'noise_W'"), ({"interaction": "coulomb"}, "'interaction'"),
    ({"particles": 2, "noise_W": 0.1}, "'noise_W'"), ({"particles": 2, "modes2": 1, "kicks": 10}, "'modes2'"),
])
def test_bad_input_rejected_before_computing(setting, fragment):
    with pytest.raises(NoneqInputError, match=fragment):
        get_system("kicked").resolve(setting)


def test_under_resolved_run_says_so():
    result = noneq("run", "kicked", "--set", "particles=2", "--set", "kicks=3", "--set", "hbar_eff=0.2",
                   "--set", "substeps=2")
    assert result.returncode not in (0, 2)
    assert "under-resolved" in result.stderr and "substeps" in result.stderr


def test_substeps_default_is_automatic_and_recorded():
    system = get_system("kicked")
    assert system.resolve({})["substeps"] == 0
    ds = system.run(dict(particles=2, kicks=3, hbar_eff=0.3, m=0.1))
    assert bool(ds.resolved) and int(ds.substeps) >= 1 and float(ds.substep_error) <= 0.02


def test_under_resolved_classical_run_exits_3():
    result = noneq("run", "kicked", "--set", "method=classical", "--set", "particles=2", "--set", "m=0.001",
                   "--set", "trajectories=50", "--set", "kicks=3", "--set", "steps_per_kick=50")
    assert result.returncode == 3
    assert "step guard" in result.stderr and "Traceback" not in result.stderr
