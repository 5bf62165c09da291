"""`noneq.kicked.system` and `noneq run kicked`: the parameter names, automatic choices, --json keys, bad input
(exit 2, one line), under-resolved runs (exit 3), the flagged dataset when not strict."""

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from noneq.cli import app
from noneq.core.errors import NoneqInputError, NumericalError
from noneq.core.registry import get_system
from noneq.kicked.system import CLASSICAL_SAMPLES, RANDOM_KICK_SAMPLES

AGREEMENT = 1e-12  # same computation in a subprocess and in-process


def noneq(*args):
    """`noneq ARGS` in this process (exit code, stdout, stderr)."""
    return CliRunner().invoke(app, list(args))


def run_args(settings):
    args = ["run", "kicked", "--json"]
    for name, value in settings.items():
        args += ["--set", f"{name}={value}"]
    return args


def test_parameter_names():
    names = {p.name for p in get_system("kicked").parameters}
    assert {"dynamics", "particles", "K1", "K2", "m", "coupling", "interaction_lambda", "interaction", "L",
            "hbar_eff", "kicks", "seed", "samples", "substeps", "tolerance", "noise_W", "modes1", "modes2",
            "strict"} == names


@pytest.mark.parametrize("extra,keys", [
    ({"dynamics": "quantum", "particles": 2, "hbar_eff": 0.3, "m": 0.1, "kicks": 3, "substeps": 60},
     {"p1_sq_final", "D", "purity_final", "resolved", "substeps"}),
    ({"dynamics": "quantum", "particles": 2, "hbar_eff": 0.3, "m": 0.1, "kicks": 3},  # substeps 0: automatic
     {"p1_sq_final", "D", "purity_final", "resolved", "substeps"}),
    ({"dynamics": "classical", "particles": 2, "samples": 50, "kicks": 3, "m": 0.5, "substeps": 50},
     {"p1_sq_final", "D", "substeps", "step_error"}),
    ({"dynamics": "classical", "particles": 2, "samples": 50, "kicks": 3, "m": 0.01},  # steps from the tolerance
     {"p1_sq_final", "D", "substeps", "step_error"}),
])
def test_run_json(extra, keys):
    result = noneq(*run_args({"kicks": 10, "K1": 1.8, "L": "pi", **extra}))
    assert result.exit_code == 0, result.stderr
    values = json.loads(result.stdout)["values"]
    assert keys <= set(values)
    assert abs(values["D"] - values["p1_sq_final"] / extra["kicks"]) < AGREEMENT


def test_json_agrees_with_library():
    args = run_args({"kicks": 7, "noise_W": 0.05, "samples": 3, "seed": 4})
    result = subprocess.run([sys.executable, "-m", "noneq", *args], capture_output=True, text=True, timeout=120)
    direct = get_system("kicked").run(kicks=7, noise_W=0.05, samples=3, seed=4)
    values = json.loads(result.stdout)["values"]
    assert {"p1_sq_final", "D", "purity_final"} <= set(values)
    assert abs(values["p1_sq_final"] - float(direct.p1_sq_final)) < AGREEMENT
    assert direct.attrs["seed"] == 4 and direct.p1_sq_samples.sizes["sample"] == 3


def test_automatic_samples():
    system = get_system("kicked")
    noisy = system.run(kicks=2, noise_W=0.05, hbar_eff=0.2)
    assert noisy.p1_sq_samples.sizes["sample"] == RANDOM_KICK_SAMPLES
    assert system.run(kicks=2, hbar_eff=0.2).p1_sq_samples.sizes["sample"] == 1  # no noise: one is exact
    ensemble = system.run(dynamics="classical", kicks=1, m=0.5, coupling=0.0)
    assert ensemble.p1.sizes["sample"] == CLASSICAL_SAMPLES


@pytest.mark.parametrize("setting,fragment", [
    ("m=-1", "'m' = "), ("hbar_eff=0", "'hbar_eff' = "), ("L=0", "'L' = "), ("modes1=10", "'modes1' = 10"),
])
def test_bad_input_exits_2_with_one_line(setting, fragment):
    result = noneq("run", "kicked", "--set", setting)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0] and "Traceback" not in result.stderr


@pytest.mark.parametrize("setting,fragment", [
    ({"m": 0}, "'m' = "), ({"dynamics": "magic"}, "'dynamics'"), ({"particles": 3}, "'particles'"),
    ({"interaction_lambda": -1}, "'interaction_lambda'"), ({"noise_W": -0.1}, "'noise_W'"),
    ({"interaction": "coulomb"}, "'interaction'"), ({"particles": 2, "noise_W": 0.1}, "'noise_W'"),
    ({"particles": 2, "modes2": 1, "kicks": 10}, "'modes2'"), ({"dynamics": "classical", "samples": 1}, "'samples'"),
    ({"noise_W": 0.1, "samples": 200_000}, "'samples'"), ({"method": "quantum"}, "'method'"),
])
def test_bad_input_rejected_before_computing(setting, fragment):
    with pytest.raises(NoneqInputError, match=fragment):
        get_system("kicked").resolve(setting)


def test_under_resolved_run_says_so():
    result = noneq("run", "kicked", "--set", "particles=2", "--set", "kicks=3", "--set", "hbar_eff=0.2",
                   "--set", "substeps=2")
    assert result.exit_code == 3
    assert "under-resolved" in result.stderr and "substeps" in result.stderr


def test_substeps_default_is_automatic_and_recorded():
    system = get_system("kicked")
    assert system.resolve({})["substeps"] == 0
    ds = system.run(dict(particles=2, kicks=3, hbar_eff=0.3, m=0.1))
    assert bool(ds.resolved) and int(ds.substeps) >= 1 and float(ds.substep_error) <= 0.02


def test_under_resolved_classical_run_exits_3():
    result = noneq("run", "kicked", "--set", "dynamics=classical", "--set", "particles=2", "--set", "m=0.001",
                   "--set", "samples=50", "--set", "kicks=3", "--set", "substeps=50")
    assert result.exit_code == 3
    assert "step guard" in result.stderr and "Traceback" not in result.stderr


def test_flagged_dataset_when_not_strict():
    values = dict(particles=2, kicks=3, hbar_eff=0.2, m=0.001, substeps=2)
    with pytest.raises(NumericalError, match="under-resolved"):
        get_system("kicked").run(values)
    ds = get_system("kicked").run(values, strict=False)
    assert not bool(ds.resolved) and float(ds.substep_error) > 0.02
    assert ds.purity.dims == ("kick",) and ds.attrs["system"] == "kicked"
    assert ds.p1_sq.attrs["long_name"] and ds.kick.attrs["units"] == "kick periods"
