"""The description of a physical system that the CLI, sweeps and reproduction work with.

A `System` bundles what noneq needs to know about one physical model without knowing its physics: its
parameters (validated inputs), its outputs (documented variables of the dataset a single run returns), a
run function ``run_function(progress=..., **parameters) -> xarray.Dataset`` (``progress`` a
`noneq.core.progress.Progress`), and optionally an ``estimate`` of the resources a run needs, computed from
the parameters alone. The paper's experiments live apart, in the system's ``paper`` package
(`noneq.reproduce.paper_experiments`): the library never imports them.

`System.execute` is how the CLI and sweeps run a system: validate, refuse a run that needs more memory than the
machine has (before allocating), run, and refuse a result with non-finite values (numerical trouble, never a
silent NaN).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import numpy as np
import xarray as xr

from noneq.core.checkpoint import Checkpoint
from noneq.core.errors import NumericalError
from noneq.core.params import Parameter, resolve_parameters
from noneq.core.progress import SILENT, Progress
from noneq.core.resources import check_memory, format_bytes


@dataclass(frozen=True)
class Output:
    """One variable of a run's dataset: name, dims, unit, meaning."""

    name: str
    dims: tuple[str, ...]
    unit: str
    description: str


@dataclass(frozen=True)
class Resources:
    """What one run will need, estimated from its parameters before it starts.

    ``memory``: peak bytes; ``seconds``: wall time on one core, when it can be estimated (None otherwise);
    ``reduce``: which parameters to lower when it does not fit; ``detail``: how the estimate was made.
    """

    memory: float
    seconds: float | None = None
    reduce: str = ""
    detail: str = ""

    def describe(self) -> str:
        text = f"memory ~{format_bytes(self.memory)}"
        if self.seconds is not None:
            text += f", time ~{self.seconds:.3g} s"
        return text + (f" ({self.detail})" if self.detail else "")


def non_finite_variables(dataset: xr.Dataset) -> list[str]:
    """Names of the numeric variables (data and coordinates) of ``dataset`` holding NaN or infinity."""
    bad = []
    for name, variable in dataset.variables.items():
        values = np.asarray(variable.values)
        if values.dtype.kind in "fc" and not np.all(np.isfinite(values)):
            bad.append(str(name))
    return sorted(bad)


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
    estimate: Callable[[Mapping[str, Any]], Resources] | None = field(default=None, compare=False)
    checkpoints: bool = False  # the run function takes ``checkpoint=`` (a noneq.core.checkpoint.Checkpoint)

    def resolve(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """Validate user values (strings or numbers) against the parameter specs, then the constraints that
        tie several parameters together (``check_combination``); defaults fill the rest."""
        values = resolve_parameters(self.parameters, given, context=f"system {self.name!r}")
        if self.check_combination is not None:
            self.check_combination(values)
        return values

    def run(self, given: Mapping[str, Any] | None = None, *, progress: Progress = SILENT,
            **kwargs: Any) -> xr.Dataset:
        """Validate the parameters, then run one computation (`execute`) and return its dataset."""
        return self.execute(self.resolve({**(given or {}), **kwargs}), progress=progress)

    def estimated(self, values: Mapping[str, Any]) -> Resources | None:
        """The resources a run with these (validated) values needs, or None when the system gives no estimate."""
        return None if self.estimate is None else self.estimate(values)

    def check_resources(self, values: Mapping[str, Any], *, concurrent: int = 1) -> Resources | None:
        """Refuse (`NoneqInputError`) a run whose estimated memory, times ``concurrent`` runs at once, exceeds
        what the machine has available; returns the estimate."""
        estimate = self.estimated(values)
        if estimate is not None:
            what = f"a {self.name} run" if concurrent == 1 else f"running {concurrent} {self.name} runs at once"
            check_memory(concurrent * estimate.memory, what, estimate.reduce)
        return estimate

    def execute(self, values: Mapping[str, Any], *, progress: Progress = SILENT,
                checkpoint_dir: str | os.PathLike | None = None) -> xr.Dataset:
        """Run validated ``values``: memory checked first, every numeric value of the result checked finite
        after (`NumericalError` naming the variables otherwise). A system with ``checkpoints`` keeps its long
        runs' checkpoints in ``checkpoint_dir`` (None: none) and resumes from one found there."""
        self.check_resources(values)
        extra = {}
        if self.checkpoints:
            extra["checkpoint"] = Checkpoint(checkpoint_dir, self.name, values)
        dataset = self.run_function(progress=progress, **values, **extra)
        bad = non_finite_variables(dataset)
        if bad:
            raise NumericalError(f"the {self.name} run produced non-finite values (NaN or inf) in "
                                 f"{', '.join(bad)}: the parameters are outside the range the solver handles")
        return dataset

    def parameter(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
        raise KeyError(name)
