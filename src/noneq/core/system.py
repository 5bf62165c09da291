"""The description of a physical system that the CLI, sweeps and reproduction work with.

A `System` bundles what noneq needs to know about one physical model without knowing its physics: its
parameters (validated inputs), its outputs (documented variables of the dataset a single run returns), a
run function ``run_function(progress=..., **parameters) -> xarray.Dataset`` (``progress`` a
`noneq.core.progress.Progress`). The paper's experiments live apart, in the system's ``paper`` package
(`noneq.reproduce.paper_experiments`): the library never imports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import xarray as xr

from noneq.core.params import Parameter, resolve_parameters
from noneq.core.progress import SILENT, Progress


@dataclass(frozen=True)
class Output:
    """One variable of a run's dataset: name, dims, unit, meaning."""

    name: str
    dims: tuple[str, ...]
    unit: str
    description: str


@dataclass(frozen=True)
class System:
    """A registered physical system (see module docstring)."""

    name: str
    title: str
    paper: str
    parameters: tuple[Parameter, ...]
    outputs: tuple[Output, ...]
    run_function: Callable[..., xr.Dataset] = field(compare=False)
    check_combination: Callable[[Mapping[str, Any]], None] | None = field(default=None, compare=False)

    def resolve(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """Validate user values (strings or numbers) against the parameter specs, then the constraints that
        tie several parameters together (``check_combination``); defaults fill the rest."""
        values = resolve_parameters(self.parameters, given, context=f"system {self.name!r}")
        if self.check_combination is not None:
            self.check_combination(values)
        return values

    def run(self, given: Mapping[str, Any] | None = None, *, progress: Progress = SILENT,
            **kwargs: Any) -> xr.Dataset:
        """Validate the parameters, then run one computation and return its dataset."""
        values = self.resolve({**(given or {}), **kwargs})
        return self.run_function(progress=progress, **values)

    def parameter(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
        raise KeyError(name)
