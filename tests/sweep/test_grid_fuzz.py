"""Fuzzing the grid and number parsers: any text either parses or is refused with `NoneqInputError` (never another
exception, never a hang), and accepted grids have distinct, finite values within the size limits."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from noneq.core.errors import NoneqInputError
from noneq.core.params import Parameter, parse_real
from noneq.sweep.grid import MAX_GRID_POINTS, MAX_POINTS_PER_AXIS, build_grid, parse_spec

NUMBER_TEXT = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-10 ** 30, max_value=10 ** 30).map(str),
    st.sampled_from(["pi", "-pi", "pi/0", "pi/2", "2pi", "0.5*pi", "pi/inf", "pi/nan", "1e308", "-1e308",
                     "1e-308", "5e-324", "1e999", "nan", "inf", "", " ", "abc", "0x10", "1_000", "pi/-0"]),
)
SPEC_TEXT = st.one_of(
    st.builds(lambda a, b, c: f"{a}:{b}:{c}", NUMBER_TEXT, NUMBER_TEXT, NUMBER_TEXT),
    st.builds(lambda k, a, b, n: f"{k}:{a}:{b}:{n}", st.sampled_from(["lin", "log"]), NUMBER_TEXT, NUMBER_TEXT,
              st.one_of(NUMBER_TEXT, st.integers(-5, 10 ** 7).map(str))),
    st.lists(NUMBER_TEXT, min_size=0, max_size=5).map(",".join),
    st.text(max_size=30),
)
REAL = Parameter("x", 1.0, "1", "a real parameter")
COUNT = Parameter("n", 1, "1", "an integer parameter", kind=int, minimum=1)


@settings(max_examples=400, deadline=2000)
@given(NUMBER_TEXT)
def test_parse_real_raises_only_value_error(text):
    try:
        parse_real(text)
    except ValueError:
        pass


@settings(max_examples=400, deadline=5000)
@given(SPEC_TEXT, st.sampled_from([REAL, COUNT]))
def test_grid_specs_parse_or_are_refused(spec, parameter):
    try:
        grid = build_grid([parameter], {parameter.name: spec})
    except NoneqInputError:
        return
    values = grid.axes[0][1]
    assert 1 <= len(values) <= MAX_POINTS_PER_AXIS and len(set(values)) == len(values)
    assert all(math.isfinite(float(v)) for v in values)


@settings(max_examples=100, deadline=5000)
@given(st.integers(1, 10 ** 6), st.integers(1, 10 ** 6))
def test_grid_size_is_bounded(a, b):
    params = [Parameter("x", 1.0, "1", "x"), Parameter("y", 1.0, "1", "y")]
    try:
        grid = build_grid(params, {"x": f"lin:0:1:{a}", "y": f"lin:0:1:{b}"})
    except NoneqInputError:
        assert a > MAX_POINTS_PER_AXIS or b > MAX_POINTS_PER_AXIS or a * b > MAX_GRID_POINTS
        return
    assert grid.size == a * b <= MAX_GRID_POINTS


@settings(max_examples=200, deadline=2000)
@given(st.text(max_size=20))
def test_parse_spec_of_any_text(text):
    try:
        parse_spec("x", text)
    except NoneqInputError:
        pass
