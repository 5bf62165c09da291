"""Experiments: one figure of a paper, as data + figure + claims.

An `Experiment` is three functions kept apart so that each can be rerun alone:
``compute(context) -> {name: xarray.Dataset}`` does the physics (``context``: a
`noneq.reproduce.context.RunContext` with ``quick`` - reduced sizes for tests and CI, otherwise the paper's
full parameters -, a progress reporter, and ``context.sweep`` to run parameter grids in parallel and
resumably), ``plot(data) -> {name: matplotlib Figure}`` draws the figure(s), and ``claims(data) -> [Claim]``
checks the paper's statements against the data. The framework knows no physics. An optional
``estimate(profile) -> [seconds]`` gives the one-core time of each run the experiment makes at a profile (from the
system's cost model, without running anything): `noneq.reproduce.projection` turns it into a projected wall time.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

import xarray as xr

from noneq.core.errors import NoneqInputError
from noneq.core.registry import system_package
from noneq.reproduce.claim import Claim
from noneq.reproduce.context import RunContext

Data = Mapping[str, xr.Dataset]


@dataclass(frozen=True)
class Experiment:
    """A paper figure (see module docstring). ``name`` is a short slug used in file names."""

    name: str
    title: str
    compute: Callable[[RunContext], dict[str, xr.Dataset]] = field(compare=False)
    plot: Callable[[Data], dict[str, Any]] = field(compare=False)
    claims: Callable[[Data], list[Claim]] = field(compare=False, default=lambda data: [])
    estimate: Callable[[str], Sequence[float]] | None = field(compare=False, default=None)


def paper_experiments(system: str, names: Sequence[str] | None = None) -> tuple[Experiment, ...]:
    """The experiments of system ``system``'s paper (its ``paper`` package's ``EXPERIMENTS``), in order; with
    ``names``, only those (in the order given), `NoneqInputError` naming an unknown one."""
    experiments = tuple(importlib.import_module(f"{system_package(system)}.paper").EXPERIMENTS)
    if names is None:
        return experiments
    known = {e.name: e for e in experiments}
    missing = [n for n in names if n not in known]
    if missing:
        raise NoneqInputError(
            f"unknown experiment {missing[0]!r} for system {system!r}: known are {', '.join(known)}")
    return tuple(known[n] for n in names)
