"""Experiments: one figure of a paper, as data + figure + claims.

An `Experiment` is three functions kept apart so that each can be rerun alone:
``compute(context) -> {name: xarray.Dataset}`` does the physics (``context``: a
`noneq.reproduce.context.RunContext` with ``quick`` - reduced sizes for tests and CI, otherwise the paper's
full parameters -, a progress reporter, and ``context.sweep`` to run parameter grids in parallel and
resumably), ``plot(data) -> {name: matplotlib Figure}`` draws the figure(s), and ``claims(data) -> [Claim]``
checks the paper's statements against the data. The framework knows no physics.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import xarray as xr

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
