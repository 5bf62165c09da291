"""What an experiment's ``compute`` receives: profile, progress, and the sweep machinery to run its grids with.

Profiles (sizes of a reproduction): ``quick`` (reduced sizes for tests and CI, seconds), ``full`` (the default:
the paper's sizes where they fit in minutes on 2 cores), ``paper`` (the paper's sizes everywhere, however long:
hours for the kicked particles; a system whose full sizes are the paper's runs them).

``context.sweep(key, function, axes, fixed=...)`` runs ``function`` over the Cartesian product of ``axes``
with the reproduction's executor (local processes by default, or a Dask cluster) and, when the run has a
scratch folder, a resumable store under it: an interrupted ``noneq reproduce`` picks up the finished points.
``context.checkpoint_dir`` is where a long point keeps its checkpoints (`noneq.core.checkpoint`), so that it
resumes within the point too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import xarray as xr

from noneq.core.errors import NoneqInputError
from noneq.core.progress import SILENT, Progress
from noneq.sweep import Executor, Grid, SerialExecutor, run_sweep


PROFILES = ("quick", "full", "paper")


@dataclass
class RunContext:
    """Profile and machinery for one experiment run (see module docstring). ``quick`` is True exactly for the
    quick profile; give either."""

    quick: bool = False
    progress: Progress = SILENT
    executor: Executor = field(default_factory=SerialExecutor)
    scratch: Path | None = None
    profile: str = ""

    def __post_init__(self) -> None:
        if not self.profile:
            self.profile = "quick" if self.quick else "full"
        if self.profile not in PROFILES:
            raise NoneqInputError(f"--profile {self.profile!r}: must be one of {', '.join(PROFILES)}")
        self.quick = self.profile == "quick"

    @property
    def checkpoint_dir(self) -> Path | None:
        """Where long points of this experiment keep their checkpoints (inside the scratch folder, so that an
        interrupted reproduction resumes within a point too); None without a scratch folder."""
        return None if self.scratch is None else self.scratch / "checkpoints"

    def sweep(self, key: str, function: Callable[..., xr.Dataset], axes: Mapping[str, Sequence[Any]], *,
              fixed: Mapping[str, Any] | None = None, root_seed: int = 0,
              seed_parameter: str | None = None) -> xr.Dataset:
        """Run ``function`` over the grid ``axes`` ({name: values}); returns the assembled dataset."""
        grid = Grid(tuple((name, tuple(values)) for name, values in axes.items()))
        store = None if self.scratch is None else self.scratch / key
        return run_sweep(function, grid, fixed=fixed, store=store, executor=self.executor, root_seed=root_seed,
                         seed_parameter=seed_parameter, progress=self.progress, label=key)
