"""Run a system's experiments and write everything a reader needs into one folder.

``reproduce_system(system, experiments, out_dir, profile=...)`` runs the given experiments (for a registered system,
``noneq.reproduce.paper_experiments(name)``) and writes into ``out_dir/<system>/``:
- ``<experiment>__<dataset>.nc``: the data (NetCDF, with provenance attrs),
- ``<figure>.png`` and ``<figure>.pdf``: the figures,
- ``claims.json``: a list of objects with keys id, statement, paper, measured, criterion, verdict, explanation,
- ``run.json``: per experiment its title, wall time, files, and the noneq version and mode (the profile: quick,
  full or paper; `noneq.reproduce.context`).

Grids inside experiments run through ``context.sweep`` with the given executor; their per-point stores live in
``out_dir/<system>/.sweeps/<mode>/<experiment>/`` while the experiment runs, so an interrupted reproduction
resumes from the finished points, and are removed once the experiment's outputs are written.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from noneq._version import __version__
from noneq.core.progress import SILENT, Progress
from noneq.core.results import write_netcdf, write_text
from noneq.core.system import System
from noneq.reproduce.claim import Claim
from noneq.reproduce.context import RunContext
from noneq.reproduce.experiment import Experiment
from noneq.reproduce.figures import save_figure
from noneq.sweep import Executor, SerialExecutor


@dataclass
class Reproduction:
    """What a reproduction produced: claims, files and timings."""

    system: str
    directory: Path
    claims: list[Claim] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return any(c.verdict == "failed" for c in self.claims)


def reproduce_system(
    system: System,
    experiments: Sequence[Experiment],
    out_dir: str | Path,
    *,
    quick: bool = False,
    profile: str = "",
    progress: Progress = SILENT,
    executor: Executor | None = None,
) -> Reproduction:
    """Compute, plot and check each of ``experiments`` (of ``system``'s paper), in order; see module docstring."""
    chosen = list(experiments)
    mode = RunContext(quick=quick, profile=profile).profile
    directory = Path(out_dir) / system.name
    directory.mkdir(parents=True, exist_ok=True)
    result = Reproduction(system=system.name, directory=directory)
    record = {"system": system.name, "title": system.title, "paper": system.paper,
              "noneq_version": __version__, "mode": mode,
              "executor": (executor or SerialExecutor()).name, "experiments": []}
    for experiment in chosen:
        start = time.perf_counter()
        scratch = directory / ".sweeps" / mode / experiment.name
        context = RunContext(profile=mode, progress=progress, executor=executor or SerialExecutor(),
                             scratch=scratch)
        data = experiment.compute(context)
        files: list[Path] = []
        for key, dataset in data.items():
            dataset.attrs.setdefault("experiment", experiment.name)
            dataset.attrs["mode"] = mode
            files.append(write_netcdf(dataset, directory / f"{experiment.name}__{key}.nc"))
        for key, figure in experiment.plot(data).items():
            files.extend(save_figure(figure, directory / key))
        claims = experiment.claims(data)
        shutil.rmtree(scratch, ignore_errors=True)
        elapsed = time.perf_counter() - start
        result.claims.extend(claims)
        result.files.extend(files)
        result.timings[experiment.name] = elapsed
        record["experiments"].append({
            "name": experiment.name, "title": experiment.title, "seconds": round(elapsed, 3),
            "files": [f.name for f in files], "claims": [c.id for c in claims],
            "parameters": {key: json.loads(ds.attrs.get("parameters", "{}")) for key, ds in data.items()},
        })
    write_text(json.dumps([c.to_dict() for c in result.claims], indent=2), directory / "claims.json")
    write_text(json.dumps(record, indent=2), directory / "run.json")
    return result
