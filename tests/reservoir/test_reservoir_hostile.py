"""``noneq run reservoir`` under hostile or oversized input (issue 16): every case ends in exit 0 with finite
results, exit 2 with one line (bad input, or a run that does not fit, refused before allocating), or exit 3 with
one line (numerical trouble). Through the real CLI entry point, in-process; the available memory is pinned so that
the verdicts do not depend on the machine."""

import json
import math
import re
import sys

import numpy as np
import pytest

from noneq import cli
from noneq.core import resources
from noneq.core.registry import get_system
from noneq.reservoir import system as reservoir_system
from noneq.reservoir.spin_gorm import SpinGormSeries

PINNED_MEMORY = 16 * 2 ** 30  # the "machine" of these tests: 16 GiB available
ESTIMATE_SECONDS = 0.5  # validation and the estimate are fast for any valid value
SMALL = ["N=20", "n_times=5", "t_max=50"]  # the size of every case that is meant to run
PROGRESS = re.compile(r"━|ETA|\d+/\d+ \d+:\d\d:\d\d")  # the progress bar's lines on stderr are not messages


@pytest.fixture(autouse=True)
def pinned_memory(monkeypatch):
    monkeypatch.setattr(resources, "available_memory", lambda: PINNED_MEMORY)


def noneq_run(capsys, monkeypatch, *assignments, extra=()):
    """(exit code, stdout, stderr lines) of ``noneq run reservoir --set ... --json``."""
    args = ["noneq", "run", "reservoir", "--json", *extra]
    for assignment in assignments:
        args += ["--set", assignment]
    monkeypatch.setattr(sys, "argv", args)
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    out, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if line.strip() and not PROGRESS.search(line)]
    return exit_info.value.code, out, lines


def assert_one_line(code, lines, expected_code, fragment):
    assert code == expected_code, lines
    assert len(lines) == 1 and fragment in lines[0], lines
    assert "Traceback" not in lines[0]


@pytest.mark.parametrize("assignments, fragment", [
    (["coupling=1e300"], "'coupling'"),                          # issue 16: OverflowError before
    (["coupling=-1e300"], "'coupling'"),
    (["samples=9223372036854775808", "method=typicality"], "'samples'"),  # 2^63
    (["delta=1e300"], "'delta'"),                                # issue 16: silent NaN with exit 0 before
    (["delta=-1e300"], "'delta'"),
    (["beta=1e300"], "'beta'"),
    (["beta=-1"], "'beta'"),
    (["t_max=1e300"], "'t_max'"),                                # phases e^(-iEt) would be noise
    (["t_max=1e11"], "'t_max'"),
    (["t_max=0"], "'t_max'"),
    (["N=1"], "'N'"), (["N=20001"], "'N'"), (["N=1e300"], "'N'"), (["N=2.5"], "'N'"),
    (["n_times=1"], "'n_times'"), (["n_times=100001"], "'n_times'"), (["n_times=9.2e18"], "'n_times'"),
    (["seed=-1"], "'seed'"), (["seed=9223372036854775808"], "'seed'"),
    (["samples=1"], "'samples'"), (["method=lanczos"], "'method'"),
    (["delta=nan"], "'delta'"), (["coupling=inf"], "'coupling'"), (["t_max=pi/0"], "'t_max'"),
])
def test_bad_values_exit_2_in_one_line(capsys, monkeypatch, assignments, fragment):
    code, out, lines = noneq_run(capsys, monkeypatch, *assignments)
    assert_one_line(code, lines, 2, fragment)
    assert out == ""


@pytest.mark.parametrize("assignments", [
    ["samples=1e9", "method=typicality", "N=20"],                 # issue 16: 149 GiB, MemoryError before
    ["samples=9.2e18", "method=typicality", "N=20"],
    ["N=20000", "method=eigh"],                                   # issue 16: dense 40000 x 40000, ~60 GiB
    ["N=20000", "method=eigh", "n_times=2"],
    ["t_max=1e9", "n_times=2", "method=typicality", "N=20"],      # one step of a t = 7e8: Chebyshev tables
    ["N=20000", "method=typicality", "samples=100000", "n_times=100000"],
    ["statistics=distribution", "N=20", "n_times=100000", "bins=100001"],  # 3 x 10^10 histogram values
])
def test_runs_that_do_not_fit_are_refused_before_allocating(capsys, monkeypatch, assignments):
    code, out, lines = noneq_run(capsys, monkeypatch, *assignments)
    assert_one_line(code, lines, 2, "this machine has 16 GiB available")
    assert "needs ~" in lines[0] and "reduce" in lines[0]


def test_many_output_times_need_bounded_memory():
    """eigh at N = 2048 with 10^5 times: the phase tables are built block by block (they would need 6 x 3.3 GB
    at once), so the run fits in about 1 GB."""
    spec = get_system("reservoir")
    estimate = spec.estimated(spec.resolve({"N": 2048, "n_times": 100000, "method": "eigh"}))
    assert estimate.memory < 2 ** 31


@pytest.mark.parametrize("assignments", [
    ["beta=0"], ["beta=1e-320"], ["beta=1e6"],
    ["delta=0"], ["delta=1e-320"], ["delta=-1"], ["delta=2"], ["delta=1e6"], ["delta=-1e6"],  # |delta| >= 1: no
    ["coupling=0"], ["coupling=1e-320"], ["coupling=-1"], ["coupling=1e6", "t_max=1e-3"],       # bath weight
    ["t_max=1e-320"], ["t_max=1e9", "n_times=2"],
    ["seed=9.2e18"],  # near 2^63 (the command line parses integers through float: 2^63 - 1 is not exact)
    ["N=2", "method=eigh"], ["N=2", "method=typicality"], ["N=2", "method=components"],
    ["N=65", "method=typicality", "samples=2"], ["N=30", "method=components", "beta=0"],
    ["statistics=distribution", "bins=1"], ["statistics=cumulants", "beta=1e6"], ["statistics=cumulants", "beta=0"],
    ["statistics=cumulants", "coupling=0"], ["statistics=cumulants", "delta=1e6"], ["statistics=cumulants", "N=2"],
])
def test_extreme_but_valid_values_give_finite_results(capsys, monkeypatch, assignments):
    given = dict(a.split("=", 1) for a in SMALL + assignments)
    code, out, lines = noneq_run(capsys, monkeypatch, *[f"{k}={v}" for k, v in given.items()])
    assert code == 0, lines
    payload = json.loads(out)
    assert all(isinstance(v, (int, float)) and math.isfinite(v) for v in payload["values"].values()), payload
    assert -1.0 - 1e-9 <= payload["values"]["sz_final"] <= 1.0 + 1e-9


def test_beyond_the_band_the_redfield_description_is_frozen_not_nan(capsys, monkeypatch):
    """|delta| >= 1: no bath weight at +-delta, gamma = 0 and <sz>_eq the Gibbs value (was NaN, exit 2 on 'p')."""
    code, out, _ = noneq_run(capsys, monkeypatch, *SMALL, "delta=2", "beta=1")
    values = json.loads(out)["values"]
    assert code == 0 and values["gamma_redfield"] == 0.0
    assert values["sz_eq_redfield"] == pytest.approx(-math.tanh(1.0))


def test_a_non_finite_result_is_numerical_trouble(capsys, monkeypatch):
    """A solver result with a NaN (here injected) ends in exit 3 and one line, never a silent NaN."""
    real = reservoir_system.SOLVERS["eigh"]

    def poisoned(model, t, samples):
        s = real(model, t, samples)
        return SpinGormSeries.from_bloch(model, t, s.sx, s.sy, s.sz, s.reservoir_energy * np.nan, "eigh")

    monkeypatch.setitem(reservoir_system.SOLVERS, "eigh", poisoned)
    code, out, lines = noneq_run(capsys, monkeypatch, *SMALL)
    assert_one_line(code, lines, 3, "numerical trouble")


def test_dry_run_shows_memory_and_time(capsys, monkeypatch):
    code, out, lines = noneq_run(capsys, monkeypatch, "N=20000", "method=typicality", extra=("--dry-run",))
    text = " ".join(out.split())
    assert code == 0 and "estimate: memory ~" in text and "time ~" in text and "typicality" in text, out


@pytest.mark.parametrize("values", [
    dict(N=20000, n_times=100000, samples=2 ** 63 - 1, method="typicality", t_max=4000.0, coupling=1e6,
         delta=1e6, beta=1e6),
    dict(N=20000, n_times=100000, method="components", beta=0.0, t_max=1.4e10, coupling=0.0, delta=0.0),
    dict(N=20000, n_times=100000, method="eigh"),
    dict(N=2, n_times=2, method="typicality", samples=2, t_max=1e-320),
])
def test_the_estimate_is_fast_for_extreme_values(values):
    import time

    spec = get_system("reservoir")
    start = time.perf_counter()
    estimate = spec.estimated(spec.resolve(values))
    assert time.perf_counter() - start < ESTIMATE_SECONDS
    assert estimate.memory > 0 and estimate.seconds > 0
