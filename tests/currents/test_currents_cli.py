"""The command-line contract of `noneq run currents` (names other tools rely on)."""

import json
import subprocess
import sys

import pytest

from noneq.core.errors import NoneqInputError
from noneq.core.registry import get_system

EXACT = 1e-9  # CLI output vs the library call (same computation)


def _run(*sets):
    args = [sys.executable, "-m", "noneq", "run", "currents", "--json"]
    for item in sets:
        args += ["--set", item]
    return subprocess.run(args, capture_output=True, text=True, timeout=120)


def test_exact_json_has_the_contract_keys():
    out = _run("model=sep", "method=exact", "average=quenched", "rho_a=0.8", "rho_b=0.2", "t1=1", "t2=3")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {"mean_q_t1", "cov_q_t1_t2"} <= set(data)
    from noneq.currents.lattice import lattice_correlations
    from noneq.currents.model import CurrentsModel
    exact = lattice_correlations(CurrentsModel("sep", 0.8, 0.2), [1.0, 3.0])
    assert data["cov_q_t1_t2"] == pytest.approx(exact["covariance_quenched"][0, 1], rel=EXACT)


def test_montecarlo_json_has_stderr_companions():
    out = _run("model=independent", "method=montecarlo", "average=annealed", "rho_a=0.6", "rho_b=0.1",
               "t1=1", "t2=2", "seed=4", "realizations=2000")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {"mean_q_t1", "cov_q_t1_t2", "stderr_mean_q_t1", "stderr_cov_q_t1_t2"} <= set(data)


@pytest.mark.parametrize("sets, words", [
    (("model=sep", "method=mft", "rho_a=0.8", "rho_b=0.2", "t1=0.01", "t2=200"), "t1"),
    (("model=sep", "rho_a=1.5"), "rho_a"),
    (("t1=3", "t2=2"), "t2"),
])
def test_bad_input_exits_2_with_one_line(sets, words):
    out = _run(*sets)
    assert out.returncode == 2
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and words in lines[0]


@pytest.mark.parametrize("given, words", [({"t1": 0.0}, "t1"), ({"t1": 3.0, "t2": 3.0}, "t2"),
                                          ({"half_width": 3}, "half_width"),
                                          ({"method": "montecarlo", "model": "sep", "half_width": 30},
                                           "half_width"),
                                          ({"model": "sep", "rho_b": -0.2}, "rho_b")])
def test_bad_input_rejected_before_computing(given, words):
    with pytest.raises(NoneqInputError, match=words):
        get_system("currents").resolve(given)


def test_mft_available_cases_run():
    system = get_system("currents")
    eq = system.run(model="sep", method="mft", rho_a=0.3, rho_b=0.3, t1=1.0, t2=2.0, average="annealed")
    free = system.run(model="independent", method="mft", rho_a=0.9, rho_b=0.1, t1=1.0, t2=2.0)
    assert float(eq.mean_q_t1) == 0.0 and float(free.mean_q_t1) > 0


def test_run_dataset_has_units_long_names_and_seed():
    ds = get_system("currents").run(model="sep", method="montecarlo", average="quenched", rho_a=0.7, rho_b=0.2,
                                    t1=1.0, t2=2.0, seed=9, realizations=400, configurations=20)
    assert ds.attrs["seed"] == 9 and ds.attrs["system"] == "currents"
    for name in ("mean_q_t1", "cov_q_t1_t2", "stderr_cov_q_t1_t2"):
        assert ds[name].attrs["units"] and ds[name].attrs["long_name"]
    assert int(ds.configurations) == 20
    exact = get_system("currents").run(model="sep", method="exact", rho_a=0.7, rho_b=0.2, t1=1.0, t2=2.0)
    assert exact.attrs["seed"] == -1
