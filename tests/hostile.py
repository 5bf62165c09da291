"""Shared machinery of the hostile-input tests (issue 16): the real ``noneq`` console entry point run in this
process, and factories of the tests every system's ``test_<system>_hostile.py`` builds from its own tables.

`run_cli` patches ``sys.argv``, calls `noneq.cli.main` (which always ends in SystemExit) and returns (exit code,
stdout, the stderr lines noneq wrote, those starting with "noneq:"); a traceback on stderr fails the test. `cli`
runs it the same way and reports it as `subprocess.run` would (exit code, stdout, the whole of stderr). The
warnings machinery ``main`` sets up is restored afterwards. Each factory returns a parametrized test function:
assign it to a ``test_...`` name in the system's module.
"""

import json
import math
import subprocess
import sys
import tracemalloc
import warnings

import pytest

from noneq.cli import main
from noneq.core import resources
from noneq.core.errors import NoneqInputError


def run_cli(monkeypatch, capsys, *args):
    result = cli(monkeypatch, capsys, *args)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stdout, [line for line in result.stderr.splitlines() if line.startswith("noneq:")]


def cli(monkeypatch, capsys, *args, cwd=None):
    """``noneq ARGS`` in this process, as `subprocess.run` would report it: a CompletedProcess with the exit code
    and the whole of stdout and stderr (``cwd``: the working directory of the command)."""
    if cwd is not None:
        monkeypatch.chdir(cwd)
    monkeypatch.setattr(sys, "argv", ["noneq", *args])
    with warnings.catch_warnings(), pytest.raises(SystemExit) as stop:
        main()
    out, err = capsys.readouterr()
    code = stop.value.code
    return subprocess.CompletedProcess(["noneq", *args], 0 if code is None else code, out, err)


def run_system(monkeypatch, capsys, system, sets):
    """``noneq run SYSTEM --set ... --json``: (exit code, the JSON of a success or None, noneq's stderr lines)."""
    code, out, lines = run_cli(monkeypatch, capsys, "run", system, *[f"--set={s}" for s in sets], "--json")
    return code, (json.loads(out) if code == 0 else None), lines


def _ids(cases):
    return [" ".join(case[0]) if isinstance(case, tuple) else " ".join(case) for case in cases]


def exit_2_test(system, cases):
    """Each (sets, fragment): exit 2 and one line that contains ``fragment`` (usually the parameter's name)."""
    @pytest.mark.parametrize("sets, fragment", cases, ids=_ids(cases))
    def test(monkeypatch, capsys, sets, fragment):
        code, _, lines = run_system(monkeypatch, capsys, system, sets)
        assert code == 2 and len(lines) == 1 and fragment in lines[0], (code, lines)
    return test


def refused_test(system, cases, *, available):
    """Each (sets, reduce) on a machine pretending ``available`` bytes: exit 2, one line saying what the run needs
    and what to lower, before allocating."""
    @pytest.mark.parametrize("sets, reduce", cases, ids=_ids(cases))
    def test(monkeypatch, capsys, sets, reduce):
        monkeypatch.setattr(resources, "available_memory", lambda: available)
        code, _, lines = run_system(monkeypatch, capsys, system, sets)
        assert code == 2 and len(lines) == 1 and "needs ~" in lines[0] and reduce in lines[0], lines
    return test


def finite_test(system, cases):
    """Each sets: exit 0, no error line (warnings allowed), every scalar result finite."""
    @pytest.mark.parametrize("sets", cases, ids=_ids(cases))
    def test(monkeypatch, capsys, sets):
        code, payload, lines = run_system(monkeypatch, capsys, system, sets)
        assert code == 0 and all(line.startswith("noneq: warning:") for line in lines), lines
        assert all(math.isfinite(v) for v in payload["values"].values()), payload["values"]
    return test


def api_test(cases, *, available):
    """Each (function, kwargs, name) on a machine pretending ``available`` bytes: NoneqInputError matching
    ``name`` (the parameter at fault), before any work."""
    @pytest.mark.parametrize("function, kwargs, name", cases,
                             ids=[f"{getattr(f, '__name__', f)}-{n}" for f, _, n in cases])
    def test(monkeypatch, function, kwargs, name):
        monkeypatch.setattr(resources, "available_memory", lambda: available)
        with pytest.raises(NoneqInputError, match=name):
            function(**kwargs)
    return test


def estimate_test(system, runs, warm_up=lambda values: values):
    """Each parameter set: the tracemalloc peak of ``system.execute`` stays within its estimate. ``warm_up``
    maps the values to a (cheap) run made first, so that compiled kernels and caches are not counted."""
    @pytest.mark.parametrize("values", runs, ids=[",".join(f"{k}={v}" for k, v in r.items()) or "defaults"
                                                  for r in runs])
    def test(values):
        resolved = system.resolve(values)
        system.execute(system.resolve(warm_up(values)))
        tracemalloc.start()
        try:
            system.execute(resolved)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak <= system.estimated(resolved).memory
    return test


EXTREMES = ("0", "-1", "1", "2.5", "1e-320", "1e-100", "1e-6", "1e6", "1e100", "1e300", "1e999", "-1e300",
            "9223372036854775807", "9223372036854775808", "nan", "inf", "pi/0", "pi/2", "x")
ESTIMATE_SECONDS = 0.5  # validation and the estimate are fast for any valid value (no search loop that grows)


def validation_fuzz_test(system, *, examples=150):
    """Hypothesis over the system's parameter table (random subsets of extreme textual values, as ``--set`` gives
    them): ``resolve`` either raises NoneqInputError or returns values whose estimate is finite, positive and
    computed fast."""
    import time

    from hypothesis import given, settings
    from hypothesis import strategies as st

    names = [p.name for p in system.parameters]
    choices = sum((list(p.choices) for p in system.parameters), []) + ["true", "false"]
    values = st.one_of(st.sampled_from(EXTREMES), st.floats(allow_nan=False, width=64).map(repr),
                       st.sampled_from(choices))

    @settings(max_examples=examples, deadline=None, derandomize=True)
    @given(st.dictionaries(st.sampled_from(names), values, max_size=len(names)))
    def test(given_values):
        start = time.perf_counter()
        try:
            resolved = system.resolve(given_values)
        except NoneqInputError:
            return
        estimate = system.estimated(resolved)
        assert time.perf_counter() - start < ESTIMATE_SECONDS, given_values
        assert math.isfinite(estimate.memory) or estimate.memory == math.inf
        assert estimate.memory > 0 and (estimate.seconds is None or estimate.seconds > 0), given_values
    return test
