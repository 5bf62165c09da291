"""Assembling per-point datasets into one dataset whose sweep dimensions are named after the parameters."""

from __future__ import annotations

from typing import Mapping

import numpy as np
import xarray as xr

from noneq.sweep.grid import Grid


def assemble(grid: Grid, points: Mapping[int, xr.Dataset], seeds: Mapping[int, int]) -> xr.Dataset:
    """One dataset with dims (swept parameters..., the points' own dims...).

    Point ``i`` of ``grid.points()`` sits at the grid position given by its parameter values. Points whose own
    dims differ in length (e.g. a swept number of steps) are outer-joined (missing entries are NaN). The
    variable ``point_seed`` records every point's seed; the points' dataset-level attrs are dropped (the
    parameters are the coordinates), the variables keep theirs (units, long names).
    """
    names = grid.names
    items = []
    for index, point in enumerate(grid.points()):
        ds = points[index].copy()
        ds.attrs = {}  # dataset-level provenance of each point; variables keep their units and long names
        ds = ds.assign(point_seed=((), np.int64(seeds[index])))
        items.append(ds.expand_dims({name: [point[name]] for name in names}))
    if len(items) == 1:
        combined = items[0]
    else:
        # align the points' own dims first: combine_by_coords would otherwise also concatenate along a dim whose
        # coordinate differs between points and broadcast every variable over it
        items = list(xr.align(*items, join="outer", exclude=names))
        combined = xr.combine_by_coords(items, join="outer", combine_attrs="drop_conflicts", data_vars="all",
                                        coords="different", compat="no_conflicts")
    combined = combined.reindex({name: list(values) for name, values in grid.axes})
    combined["point_seed"].attrs.update(units="1", long_name="seed of each sweep point (root seed + parameters)")
    for name in names:
        combined[name].attrs.setdefault("long_name", f"swept parameter {name}")
    return combined
