"""Fuzzing every system's parameter table through the command line (hypothesis).

Any combination of hostile values given with ``--set`` must end in exactly one of: exit 0 with finite results,
exit 2 with one line (bad input, or a run too large for the machine, refused before it allocates), exit 3 with
one line (numerical trouble detected). Never a traceback, never a hang: validation and the resource estimate
(``--dry-run``) answer within `DRY_RUN_DEADLINE_SECONDS` for any value. Runs that the estimate says are short are
also run for real, within a deadline, and their allocations (tracemalloc peak) must stay within the estimate.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import signal
import sys
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noneq import cli
from noneq.core.registry import get_system, system_names

DRY_RUN_DEADLINE_SECONDS = 10  # validation and estimate only: generous for a loaded 2-core machine
REAL_RUN_SECONDS = 1.0  # runs estimated shorter than this are also run for real in the fuzz test
REAL_RUN_DEADLINE_SECONDS = 60  # ... and must end within this (an estimate off by 60x is a defect too)
MEMORY_SLACK_BYTES = 64 * 2 ** 20  # allocations the estimates need not count (xarray assembly, small buffers)
EXAMPLES_PER_SYSTEM = 60

HOSTILE = ["0", "-0", "1", "-1", "0.5", "2.5", "1e-320", "-1e-320", "1e-300", "1e-30", "1e30", "1e300", "-1e300",
           "1e308", "1e999", "-1e999", "nan", "inf", "-inf", "pi/0", "pi", "-pi/2", str(2 ** 63), str(2 ** 63 - 1),
           str(-2 ** 63), "9e18", "1e23", "abc", "", "true", "false", "1.5e3", "0x10", "100000", "1e6"]


class Deadline(Exception):
    pass


@contextlib.contextmanager
def deadline(seconds: int):
    def alarm(signum, frame):
        raise Deadline(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def invoke(args: list[str], seconds: int) -> tuple[int, str, str]:
    """Run the noneq command line in this process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    saved = sys.argv
    sys.argv = ["noneq", *args]
    code = 0
    try:
        with deadline(seconds), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            cli.main()
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        sys.argv = saved
    return code, out.getvalue(), err.getvalue()


def _one_line(stderr: str) -> bool:
    lines = [line for line in stderr.strip().splitlines() if line.strip() and "warning:" not in line]
    return len(lines) == 1 and lines[0].startswith("noneq: error: ")


def _legal_extremes(parameter) -> list[str]:
    """Values at the edges of what the parameter allows (its bounds, its default scaled up and down)."""
    if parameter.kind is bool:
        return ["true", "false"]
    if parameter.choices:
        return list(parameter.choices)
    if parameter.kind not in (int, float):
        return []
    candidates = [parameter.minimum, parameter.maximum, parameter.default]
    if isinstance(parameter.default, (int, float)) and not isinstance(parameter.default, bool) \
            and math.isfinite(parameter.default):
        candidates += [parameter.default * f for f in (1e-3, 0.1, 10.0, 1e3)]
    if parameter.minimum is not None:
        candidates += [parameter.minimum + 1, parameter.minimum * 1.5 + 1e-12]
    found = []
    for value in candidates:
        if value is None:
            continue
        try:
            found.append(repr(parameter.validate(value)))
        except ValueError:
            continue
    return found


def _assignments(name: str):
    table = get_system(name).parameters
    hostile = st.one_of(st.sampled_from(HOSTILE),
                        st.floats(allow_nan=True, allow_infinity=True).map(repr),
                        st.integers(-2 ** 70, 2 ** 70).map(str))

    def value_for(parameter):
        legal = _legal_extremes(parameter)
        return st.one_of(hostile, st.sampled_from(legal)) if legal else hostile

    pair = st.sampled_from(table).flatmap(lambda p: st.tuples(st.just(p.name), value_for(p)))
    return st.lists(pair, min_size=1, max_size=3, unique_by=lambda item: item[0])


def _check_run(name: str, sets: list[tuple[str, str]]) -> None:
    args = [item for key, value in sets for item in ("--set", f"{key}={value}")]
    code, out, err = invoke(["run", name, *args, "--dry-run"], DRY_RUN_DEADLINE_SECONDS)
    assert "Traceback" not in err, err
    assert code in (0, 2), (code, err)
    if code == 2:
        assert _one_line(err), err
        return
    system = get_system(name)
    values = system.resolve(dict(sets))
    estimate = system.estimated(values)
    if estimate is None or estimate.seconds is None or estimate.seconds > REAL_RUN_SECONDS:
        return
    tracemalloc.start()
    try:
        code, out, err = invoke(["run", name, *args, "--json"], REAL_RUN_DEADLINE_SECONDS)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "Traceback" not in err, err
    assert code in (0, 2, 3), (code, err)
    if code:
        assert _one_line(err), err
        return
    payload = json.loads(out, parse_constant=lambda c: pytest.fail(f"non-standard JSON constant {c}"))
    for key, value in payload["values"].items():
        assert not isinstance(value, float) or math.isfinite(value), (key, value)
    assert peak <= estimate.memory + MEMORY_SLACK_BYTES, (peak, estimate)


@pytest.mark.parametrize("name", system_names())
def test_hostile_parameter_values(name):
    @settings(max_examples=EXAMPLES_PER_SYSTEM, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(_assignments(name))
    def check(sets):
        _check_run(name, sets)

    check()
