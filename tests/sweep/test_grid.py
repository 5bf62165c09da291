"""Grid specifications and the Cartesian product."""

import math

import pytest

from noneq.core.errors import NoneqInputError
from noneq.core.params import Parameter
from noneq.sweep.grid import build_grid, parse_spec

SPECS = (Parameter("kappa", 0.5, "1", "twist"), Parameter("steps", 20, "1", "steps", kind=int, minimum=1),
         Parameter("theta", 1.0, "rad", "angle", minimum=0.0, maximum=math.pi))
EXACT = 1e-12  # grid values are computed in double precision


@pytest.mark.parametrize("spec, expected", [
    ("0.5,1,2.5", ["0.5", "1", "2.5"]),
    ("0:3:0.75", [0.0, 0.75, 1.5, 2.25, 3.0]),            # stop included when on the grid
    ("0:1:0.3", [0.0, 0.3, 0.6, 0.9]),                    # stop excluded when not on the grid
    ("3:0:-1.5", [3.0, 1.5, 0.0]),
    ("lin:0:3:4", [0.0, 1.0, 2.0, 3.0]),
    ("log:1e-3:1:4", [1e-3, 1e-2, 1e-1, 1.0]),
    ("lin:0:pi:3", [0.0, math.pi / 2, math.pi]),
])
def test_specs(spec, expected):
    values = parse_spec("kappa", spec)
    assert len(values) == len(expected)
    for got, want in zip(values, expected):
        assert got == want if isinstance(want, str) else got == pytest.approx(want, rel=EXACT, abs=EXACT)


@pytest.mark.parametrize("spec, fragment", [
    ("", "empty"), ("1,,2", "empty item"), ("0:3", "START:STOP:STEP"), ("0:3:0", "non-zero"),
    ("3:0:1", "point from START"), ("lin:0:1", "lin:START:STOP:COUNT"), ("lin:0:1:x", "integer"),
    ("lin:0:1:0", "[1, 100000]"), ("log:0:1:3", "positive"), ("lin:a:1:3", "not a number"),
])
def test_bad_specs(spec, fragment):
    with pytest.raises(NoneqInputError, match="kappa") as info:
        parse_spec("kappa", spec)
    assert fragment in str(info.value)


def test_cartesian_product_first_axis_slowest_and_values_validated():
    grid = build_grid(SPECS, {"kappa": "0.5,2.5", "steps": "lin:10:30:3"})
    assert grid.shape == (2, 3) and grid.size == 6
    points = list(grid.points())
    assert points[0] == {"kappa": 0.5, "steps": 10} and points[1] == {"kappa": 0.5, "steps": 20}
    assert points[-1] == {"kappa": 2.5, "steps": 30}
    assert all(isinstance(p["steps"], int) for p in points)


@pytest.mark.parametrize("grid, fixed, fragment", [
    ({"steps": "0,1"}, {}, "'steps' = 0"),
    ({"steps": "1.5"}, {}, "'steps' = '1.5'"),
    ({"theta": "0:4:1"}, {}, "'theta' = 4.0"),
    ({"nope": "1"}, {}, "unknown parameter 'nope'"),
    ({"kappa": "1,1.0"}, {}, "duplicates"),
    ({"kappa": "1"}, {"kappa": "2"}, "both swept"),
    ({}, {}, "at least one"),
])
def test_grid_validation(grid, fixed, fragment):
    with pytest.raises(NoneqInputError) as info:
        build_grid(SPECS, grid, fixed)
    assert fragment in str(info.value)
