"""Hostile and oversized input to the kicked system (issue 16), through the real CLI entry point and the Python API.

Every case ends in exactly one of: exit 0 with finite results; exit 2 with one line (bad input, or a run that does
not fit, refused before it allocates); exit 3 with one line (numerical trouble detected). Never a traceback, a
hang, a MemoryError or a silent NaN. Public functions refuse bad types and sizes with `NoneqInputError` before any
work.
"""

import json
import sys
import time
import warnings

import numpy as np
import pytest

from noneq import cli
from noneq.core.errors import NoneqInputError
from noneq.kicked import Ensemble, KickedParticles, Propagator, evolve_single, evolve_two, initial_ensemble, integrate
from noneq.kicked.system import SYSTEM, estimate

REFUSAL_SECONDS = 20.0  # validation and the estimate are closed-form: a refusal is quick even on 2 busy cores
CLASSICAL = {"dynamics": "classical", "particles": 2, "samples": 100, "kicks": 5}
PAIR = {"particles": 2}


def run_cli(settings, capsys, monkeypatch, tmp_path):
    """``noneq run kicked --json --set ...`` through `noneq.cli.main`: (exit code, error lines, JSON or None)."""
    args = ["noneq", "run", "kicked", "--json", "--checkpoint-dir", str(tmp_path)]
    for name, value in settings.items():
        args += ["--set", f"{name}={value}"]
    monkeypatch.setattr(sys, "argv", args)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # a RuntimeWarning would be a second line
        with pytest.raises(SystemExit) as stop:
            cli.main()
    out, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if line.strip() and "ETA" not in line]  # progress bars aside
    assert "Traceback" not in err
    return stop.value.code, lines, (json.loads(out) if stop.value.code == 0 else None)


@pytest.mark.parametrize("settings, fragment", [
    ({"K1": 1e300}, "needs ~"), ({"K1": 1e300, **PAIR}, "needs ~"), ({"K2": 1e300, **PAIR}, "needs ~"),
    ({"noise_W": 1e300}, "needs ~"), ({"L": 1e-320}, "'L' = 1e-320"), ({"L": 1e-320, **PAIR}, "'L' = 1e-320"),
    ({"hbar_eff": 1e-320}, "needs ~"), ({"hbar_eff": 1e-320, **PAIR}, "needs ~"),
    ({"hbar_eff": 1e300}, "'hbar_eff' = 1e+300"), ({"hbar_eff": 1e300, **PAIR}, "'hbar_eff' = 1e+300"),
    ({"hbar_eff": 1e-4, **PAIR}, "this machine has"), ({"hbar_eff": 1e-9}, "this machine has"),
    ({"K1": 1e6, "kicks": 1000}, "this machine has"), ({"modes1": 20001, "modes2": 4096, **PAIR}, "TiB"),
    ({"m": 1e300, **PAIR}, "needs ~"), ({"coupling": 1e300, **PAIR}, "needs ~"), ({"L": 1e300, **PAIR}, "needs ~"),
    ({"m": 1e-300, **PAIR}, "'hbar_eff'"), ({"substeps": 1e6}, "'substeps' = 1000000"),
    ({"substeps": 1e6, **PAIR}, "'substeps'"), ({"kicks": 100000, "hbar_eff": 0.01, **PAIR}, "needs ~"),
    ({"kicks": 100000, **PAIR}, "days on one core"),  # fits in memory, but ~100 days by the time estimate
    ({"kicks": 100000, "noise_W": 0.1, "samples": 100000}, "needs ~"),
    ({"coupling": 1e300, **CLASSICAL}, "steps per period"), ({"m": 1e-300, **CLASSICAL}, "steps per period"),
    ({"tolerance": 1e-320, **CLASSICAL}, "steps per period"), ({"K1": 1e300, **CLASSICAL}, "steps per period"),
    ({"substeps": 1e6, **CLASSICAL}, "'substeps'"),
    ({"dynamics": "classical", "kicks": 100000, "samples": 10_000_000}, "needs ~"),
    ({"K1": "pi/0"}, "'K1'"), ({"modes1": 2 ** 63}, "'modes1'"), ({"kicks": -1}, "'kicks'"),
    ({"modes1": 10, "kicks": 100}, "'modes1' = 10"), ({"samples": 2 ** 62, "noise_W": 0.1}, "'samples'"),
])
def test_refused_before_computing_with_one_line(settings, fragment, capsys, monkeypatch, tmp_path):
    start = time.monotonic()
    code, lines, _ = run_cli(settings, capsys, monkeypatch, tmp_path)
    assert code == 2 and len(lines) == 1 and fragment in lines[0], lines
    assert time.monotonic() - start < REFUSAL_SECONDS


@pytest.mark.parametrize("settings", [
    {"K2": 1e300, "kicks": 3},  # particle 2 does not take part in a one-particle run
    {"tolerance": 1e-320, "kicks": 3},  # nor does the classical tolerance in a quantum run
    {"L": 1e300, **CLASSICAL}, {"m": 1e300, **CLASSICAL}, {"hbar_eff": 1e-320, **CLASSICAL},
    {"hbar_eff": 1e4, "kicks": 3}, {"coupling": -50.0, "m": 0.5, **CLASSICAL},
])
def test_extreme_but_valid_runs_end_with_finite_results(settings, capsys, monkeypatch, tmp_path):
    code, lines, payload = run_cli(settings, capsys, monkeypatch, tmp_path)
    assert code == 0 and not lines, lines
    values = [v for v in payload["values"].values() if isinstance(v, float)]
    assert values and all(np.isfinite(values))


@pytest.mark.parametrize("settings", [{"K1": 1e300, "dynamics": "classical", "samples": 100, "kicks": 5},
                                      {"K1": 1e150, "dynamics": "classical", "samples": 100, "kicks": 5}])
def test_numbers_beyond_double_precision_are_numerical_trouble(settings, capsys, monkeypatch, tmp_path):
    code, lines, _ = run_cli(settings, capsys, monkeypatch, tmp_path)
    assert code == 3 and len(lines) == 1 and "overflows double precision" in lines[0], lines


@pytest.mark.parametrize("settings", [
    {"K1": 1e300}, {"hbar_eff": 1e-320, **PAIR}, {"m": 1e300, **PAIR}, {"L": 1e300, **PAIR},
    {"kicks": 100000, "hbar_eff": 0.01, "modes1": 1_000_000, "modes2": 4096, **PAIR},
    {"dynamics": "classical", "kicks": 100000, "samples": 10_000_000, "tolerance": 1e-9},
])
def test_the_estimate_is_fast_for_any_valid_values(settings):
    values = SYSTEM.resolve({"K1": 1.0}) | settings  # skips check_combination: the estimate alone
    start = time.monotonic()
    resources = estimate(values)
    assert time.monotonic() - start < 1.0 and resources.memory > 0 and resources.seconds >= 0


# --- the Python API ---------------------------------------------------------------------------------------------

MODEL = KickedParticles(hbar_eff=0.2, m=0.1)
STATE = initial_ensemble(MODEL, 4, seed=0)


@pytest.mark.parametrize("call, name", [
    (lambda: evolve_single(MODEL, -1, 3), "modes"), (lambda: evolve_single(MODEL, 2.5, 3), "modes"),
    (lambda: evolve_single(MODEL, None, 3), "modes"), (lambda: evolve_single(MODEL, "3", 3), "modes"),
    (lambda: evolve_single(MODEL, 15, -1), "kicks"), (lambda: evolve_single(MODEL, 15, 3, samples=0), "samples"),
    (lambda: evolve_single(MODEL, 15, 3, seed=-1), "seed"),
    (lambda: evolve_single(MODEL, 15, 3, strict="no"), "strict"),
    (lambda: evolve_single(MODEL, 15, 3, initial=np.ones((15, 2))), "initial"),
    (lambda: evolve_single(MODEL, 15, 3, initial=np.ones(7)), "initial"),
    (lambda: evolve_single(MODEL, 15, 3, initial=[np.nan] * 15), "initial"),
    (lambda: evolve_single({"K1": 1.8}, 15, 3), "model"),
    (lambda: evolve_single(MODEL, 15, 3, checkpoint="x"), "checkpoint"),
    (lambda: evolve_single(MODEL, 10 ** 12, 3), "needs ~"),
    (lambda: evolve_single(KickedParticles(hbar_eff=1e-12), 0, 1000), "needs ~"),
    (lambda: evolve_two(MODEL, modes1=-1, modes2=7, substeps=4, kicks=2), "modes1"),
    (lambda: evolve_two(MODEL, modes1=15, modes2=7, substeps=2.5, kicks=2), "substeps"),
    (lambda: evolve_two(MODEL, modes1=15, modes2=7, substeps=4, kicks=None), "kicks"),
    (lambda: evolve_two(MODEL, modes1=15, modes2=7, substeps=4, kicks=2, strict="yes"), "strict"),
    (lambda: evolve_two("model", modes1=15, modes2=7, substeps=4, kicks=2), "model"),
    (lambda: evolve_two(MODEL, modes1=20001, modes2=4096, substeps=4, kicks=2), "needs ~"),
    (lambda: evolve_two(KickedParticles(hbar_eff=1e300), modes1=15, modes2=7, substeps=4, kicks=2), "hbar_eff"),
    (lambda: Propagator(MODEL, 0, 7, 4), "modes1"), (lambda: Propagator(MODEL, "15", 7, 4), "modes1"),
    (lambda: Propagator(MODEL, 15, 7, -2), "substeps"), (lambda: Propagator(None, 15, 7, 4), "model"),
    (lambda: Propagator(MODEL, 1_000_001, 4096, 4), "needs ~"),
    (lambda: initial_ensemble(MODEL, -1, seed=0), "samples"), (lambda: initial_ensemble(MODEL, 2.5, seed=0), "samples"),
    (lambda: initial_ensemble(MODEL, None, seed=0), "samples"), (lambda: initial_ensemble(MODEL, 10, seed=-1), "seed"),
    (lambda: initial_ensemble(MODEL, 10 ** 13, seed=0), "needs ~"), (lambda: initial_ensemble(1.0, 3, seed=0), "model"),
    (lambda: integrate(MODEL, STATE, -1), "kicks"), (lambda: integrate(MODEL, STATE, "3"), "kicks"),
    (lambda: integrate(MODEL, STATE, 2, substeps=2.5), "substeps"),
    (lambda: integrate(MODEL, Ensemble(np.ones((2, 2)), np.zeros(4), np.ones(4), np.zeros(4)), 2), "state"),
    (lambda: integrate(MODEL, STATE, 2, noise=np.zeros((4, 3))), "noise"),
    (lambda: integrate(MODEL, STATE, 2, noise=np.zeros(8)), "noise"),
    (lambda: integrate(MODEL, STATE, 2, tolerance=1e-320), "steps"),
    (lambda: integrate(KickedParticles(coupling=1e300), STATE, 2), "steps"),
    (lambda: integrate(MODEL, STATE, 2, jumps="yes"), "jumps"), (lambda: integrate("model", STATE, 2), "model"),
    (lambda: integrate(MODEL, STATE, 10 ** 13), "needs ~"),
    (lambda: KickedParticles(K1="1.8"), "K1"), (lambda: KickedParticles(m=None), "m"),
    (lambda: KickedParticles(hbar_eff=np.array([0.1, 0.2])), "hbar_eff"),
])
def test_public_functions_refuse_bad_arguments_before_work(call, name):
    with pytest.raises(NoneqInputError, match=name):
        call()
