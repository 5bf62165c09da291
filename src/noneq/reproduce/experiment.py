"""Experiments: one figure of a paper, as data + figure + claims.

An `Experiment` is three functions kept apart so that each can be rerun alone:
``compute(quick, progress) -> {name: xarray.Dataset}`` does the physics (``quick``: reduced sizes for tests and
CI; otherwise the paper's full parameters), ``plot(data) -> {name: matplotlib Figure}`` draws the figure(s), and
``claims(data) -> [Claim]`` checks the paper's statements against the data. The framework knows no physics.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import xarray as xr

from noneq.core.progress import Progress
from noneq.reproduce.claim import Claim

Data = Mapping[str, xr.Dataset]


@dataclass(frozen=True)
class Experiment:
    """A paper figure (see module docstring). ``name`` is a short slug used in file names."""

    name: str
    title: str
    compute: Callable[[bool, Progress], dict[str, xr.Dataset]] = field(compare=False)
    plot: Callable[[Data], dict[str, Any]] = field(compare=False)
    claims: Callable[[Data], list[Claim]] = field(compare=False, default=lambda data: [])
