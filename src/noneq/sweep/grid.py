"""Parameter grids for sweeps: parsing the command-line specs and forming the Cartesian product.

Specs (one per swept parameter, ``NAME=SPEC`` on the command line):

- list       ``0.5,1,2.5``        the values as written (a single value is a one-point list)
- range      ``0:3:0.25``         start:stop:step, stop INCLUDED when it lies on the grid (as MATLAB's 0:0.25:3)
- linspace   ``lin:0:3:13``       13 evenly spaced values from 0 to 3 inclusive
- logspace   ``log:1e-3:1:7``     7 values evenly spaced in log10 from 1e-3 to 1 inclusive (positive endpoints)

Every value is validated against the parameter's spec (kind, range) before anything runs. Several grids form a
Cartesian product; the first named parameter varies slowest. Example::

    >>> parse_spec("x", "lin:0:1:3")
    [0.0, 0.5, 1.0]
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any, Iterator, Mapping, Sequence

import numpy as np

from noneq.core.errors import NoneqInputError
from noneq.core.params import Parameter, parse_real

MAX_POINTS_PER_AXIS = 100_000
MAX_GRID_POINTS = 1_000_000  # points of the whole Cartesian product (one file each in a store)
RANGE_ENDPOINT_TOLERANCE = 1e-9  # relative to the step: stop counts as on the grid within this


def _number(name: str, spec: str, text: str) -> float:
    try:
        value = parse_real(text)
    except ValueError:
        raise NoneqInputError(f"--grid {name}={spec!r}: {text!r} is not a number") from None
    if not math.isfinite(value):
        raise NoneqInputError(f"--grid {name}={spec!r}: {text!r} must be finite")
    return value


def _count(name: str, spec: str, text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        raise NoneqInputError(f"--grid {name}={spec!r}: the number of points {text!r} must be an integer") from None
    if not 1 <= count <= MAX_POINTS_PER_AXIS:
        raise NoneqInputError(f"--grid {name}={spec!r}: the number of points must be in [1, {MAX_POINTS_PER_AXIS}]")
    return count


def parse_spec(name: str, spec: str) -> list[Any]:
    """The list of raw values (floats, or strings for a list of non-numbers) described by ``spec``."""
    text = spec.strip()
    if not text:
        raise NoneqInputError(f"--grid {name}=: empty grid specification")
    if text.startswith(("lin:", "log:")):
        kind, *parts = text.split(":")
        if len(parts) != 3:
            raise NoneqInputError(f"--grid {name}={spec!r}: must be {kind}:START:STOP:COUNT")
        start, stop = (_number(name, spec, p) for p in parts[:2])
        count = _count(name, spec, parts[2])
        if kind == "lin":
            return [float(v) for v in np.linspace(start, stop, count)]
        if start <= 0 or stop <= 0:
            raise NoneqInputError(f"--grid {name}={spec!r}: log grids need positive START and STOP")
        return [float(v) for v in np.logspace(math.log10(start), math.log10(stop), count)]
    if ":" in text:
        parts = text.split(":")
        if len(parts) != 3:
            raise NoneqInputError(f"--grid {name}={spec!r}: a range must be START:STOP:STEP")
        start, stop, step = (_number(name, spec, p) for p in parts)
        if step == 0 or (stop - start) / step < -RANGE_ENDPOINT_TOLERANCE:
            raise NoneqInputError(f"--grid {name}={spec!r}: STEP must be non-zero and point from START to STOP")
        with np.errstate(over="ignore"):
            span = (np.float64(stop) - np.float64(start)) / np.float64(step)  # may overflow to inf
        if not span + 1 <= MAX_POINTS_PER_AXIS:
            raise NoneqInputError(f"--grid {name}={spec!r}: more than {MAX_POINTS_PER_AXIS} points")
        n = math.floor(float(span) + RANGE_ENDPOINT_TOLERANCE) + 1
        values = [float(start + k * step) for k in range(n)]
        if len(set(values)) != len(values):
            raise NoneqInputError(f"--grid {name}={spec!r}: STEP is below the resolution of the numbers")
        return values
    items = [item.strip() for item in text.split(",")]
    if any(not item for item in items):
        raise NoneqInputError(f"--grid {name}={spec!r}: empty item in the list")
    return items


@dataclass(frozen=True)
class Grid:
    """An ordered set of swept parameters and their values (validated)."""

    axes: tuple[tuple[str, tuple[Any, ...]], ...]

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.axes]

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(values) for _, values in self.axes)

    @property
    def size(self) -> int:
        return int(np.prod(self.shape)) if self.axes else 1

    def points(self) -> Iterator[dict[str, Any]]:
        """Every point of the Cartesian product (first axis slowest), as {name: value}."""
        names = self.names
        for combo in itertools.product(*(values for _, values in self.axes)):
            yield dict(zip(names, combo))

    def to_spec(self) -> list[list[Any]]:
        """JSON-able description (stored in the sweep manifest)."""
        return [[name, list(values)] for name, values in self.axes]


def build_grid(specs: Sequence[Parameter], grid: Mapping[str, Any], fixed: Mapping[str, Any] = {}) -> Grid:
    """Validate a grid against parameter specs.

    ``grid`` maps a parameter name to a spec string (see module docstring) or a sequence of values. A swept
    parameter may not also be fixed; duplicate values on one axis are refused (they would collide in the
    result's coordinates).
    """
    by_name = {p.name: p for p in specs}
    if not grid:
        raise NoneqInputError("--grid: give at least one swept parameter, NAME=SPEC")
    axes = []
    for name, raw in grid.items():
        if name not in by_name:
            raise NoneqInputError(f"--grid: unknown parameter {name!r}: known parameters are {', '.join(by_name)}")
        if name in fixed:
            raise NoneqInputError(f"parameter {name!r} is both swept (--grid) and fixed (--set)")
        values = parse_spec(name, raw) if isinstance(raw, str) else list(raw)
        if not values:
            raise NoneqInputError(f"--grid {name}: no values (give at least one)")
        if len(values) > MAX_POINTS_PER_AXIS:
            raise NoneqInputError(f"--grid {name}: {len(values)} values, more than {MAX_POINTS_PER_AXIS}")
        spec = by_name[name]
        checked = tuple(spec.parse(v) if isinstance(v, str) else spec.validate(v) for v in values)
        if len(set(checked)) != len(checked):
            raise NoneqInputError(f"--grid {name}: the values {list(values)!r} contain duplicates")
        axes.append((name, checked))
        size = math.prod(len(v) for _, v in axes)
        if size > MAX_GRID_POINTS:
            raise NoneqInputError(f"--grid: {' x '.join(str(len(v)) for _, v in axes)} = {size} points, more than "
                                  f"{MAX_GRID_POINTS}: split the sweep into several stores")
    return Grid(tuple(axes))
