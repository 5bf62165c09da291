"""Parameter sweeps: one API for any point function or registered system, any executor, resumable storage.

``run_sweep(function, grid, ...)`` evaluates ``function(**fixed, **point)`` at every grid point and assembles
the results into one `xarray.Dataset` whose sweep dims are named after the parameters (`noneq.sweep.assemble`).
With a ``store`` directory every finished point is written atomically as soon as it arrives; a rerun of the
same sweep (same function, fixed parameters, grid and root seed) computes only the missing points.

Seeds: with ``seed_parameter`` set, each point receives ``seed_parameter = point_seed(root_seed, point)``
(`noneq.sweep.seeds`), independent of the execution order and backend; it is recorded as ``point_seed``.

Example::

    >>> from noneq.sweep import sweep
    >>> ds = sweep("kicked-top", {"kappa": "0.5,2.5"}, fixed={"kicks": 5}, executor="serial")
    >>> ds.mean_entropy.dims
    ('kappa',)
"""

from __future__ import annotations

import datetime as _dt
import functools
from pathlib import Path
from typing import Any, Callable, Mapping

import xarray as xr

from noneq._version import __version__
from noneq.core.errors import NoneqInputError
from noneq.core.params import resolve_parameters
from noneq.core.progress import SILENT, Progress
from noneq.core.registry import get_system
from noneq.core.results import to_json
from noneq.core.validation import INT64_MAX
from noneq.core.system import System
from noneq.sweep.assemble import assemble
from noneq.sweep.executors import Executor, SerialExecutor, make_executor
from noneq.sweep.grid import Grid, build_grid
from noneq.sweep.seeds import point_seed
from noneq.sweep.store import SweepStore


def run_point(system: System, checkpoint_dir: str | None, **values: Any) -> xr.Dataset:
    """One sweep point of a system: `noneq.core.system.System.execute` (memory checked, result checked finite;
    a long point keeps checkpoints in ``checkpoint_dir``, so an interrupted sweep also resumes within it)."""
    return system.execute(values, checkpoint_dir=checkpoint_dir)


def function_name(function: Callable[..., Any]) -> str:
    return f"{function.__module__}.{getattr(function, '__qualname__', repr(function))}"


def run_sweep(
    function: Callable[..., xr.Dataset],
    grid: Grid,
    *,
    fixed: Mapping[str, Any] | None = None,
    store: str | Path | None = None,
    executor: Executor | None = None,
    root_seed: int = 0,
    seed_parameter: str | None = None,
    progress: Progress = SILENT,
    label: str | None = None,
    attrs: Mapping[str, Any] | None = None,
) -> xr.Dataset:
    """Evaluate ``function`` over ``grid`` (see module docstring); returns the assembled dataset."""
    fixed = dict(fixed or {})
    executor = executor or SerialExecutor()
    name = label or function_name(function)
    points = list(grid.points())
    seeds = {i: point_seed(root_seed, point) for i, point in enumerate(points)}
    manifest = {"function": name, "fixed": fixed, "grid": grid.to_spec(), "root_seed": int(root_seed),
                "noneq_version": __version__}
    sweep_store = SweepStore(store, manifest) if store is not None else None
    try:
        return _execute(function, grid, points, seeds, fixed, sweep_store, executor, seed_parameter, progress,
                        name, root_seed, attrs)
    finally:
        if sweep_store is not None:
            sweep_store.close()


def _execute(function, grid, points, seeds, fixed, sweep_store, executor, seed_parameter, progress, name,
             root_seed, attrs) -> xr.Dataset:
    results: dict[int, xr.Dataset] = sweep_store.load_finished(points, seeds) if sweep_store is not None else {}
    stored = len(results)
    tasks = []
    for index, point in enumerate(points):
        if index in results:
            continue
        params = {**fixed, **point}
        if seed_parameter is not None:
            params[seed_parameter] = seeds[index]
        tasks.append((index, params))
    if tasks and sweep_store is not None and not sweep_store.writable:
        raise NoneqInputError(f"--store {str(sweep_store.directory)!r} is read-only and {len(tasks)} of "
                              f"{len(points)} points are missing: make it writable or use another store")
    with progress.task(f"sweep {name.rsplit('.', 1)[-1]} ({stored} of {len(points)} stored)",
                       len(points)) as advance:
        advance(stored)
        for index, dataset in executor.map_unordered(function, tasks):
            if sweep_store is not None:
                sweep_store.write_point(index, points[index], seeds[index], dataset)
            results[index] = dataset
            advance(1)
    combined = assemble(grid, results, seeds)
    combined.attrs.update({
        "noneq_version": __version__,
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "function": name,
        "parameters": to_json(fixed),
        "grid": to_json(grid.to_spec()),
        "seed": int(root_seed),
        "executor": executor.name,
        **(attrs or {}),
    })
    if sweep_store is not None:
        sweep_store.write_result(combined)
    return combined


def sweep(
    system: System | str,
    grid: Mapping[str, Any],
    *,
    fixed: Mapping[str, Any] | None = None,
    store: str | Path | None = None,
    executor: Executor | str = "processes",
    workers: int | None = None,
    scheduler: str | None = None,
    root_seed: int = 0,
    progress: Progress = SILENT,
) -> xr.Dataset:
    """Sweep a registered system's run over ``grid`` ({name: spec string or values}); other parameters from
    ``fixed`` or their defaults. ``executor``: 'serial', 'processes' (default), an `Executor`, or a Dask
    cluster via ``scheduler='tcp://HOST:PORT'``. Everything is validated before any point runs."""
    spec = get_system(system) if isinstance(system, str) else system
    fixed = dict(fixed or {})
    checked_grid = build_grid(spec.parameters, grid, fixed)
    # each value alone here; the constraints between parameters are checked per point below (a fixed value may
    # only make sense together with the swept one, e.g. w_b fixed while w_a is swept)
    values = resolve_parameters(spec.parameters, fixed, context=f"system {spec.name!r}")
    for name in checked_grid.names:
        values.pop(name)
    if isinstance(root_seed, bool) or not isinstance(root_seed, int) or not 0 <= root_seed <= INT64_MAX:
        raise NoneqInputError(f"--seed {root_seed!r}: must be an integer in [0, {INT64_MAX}]")
    own_executor = isinstance(executor, str) or scheduler is not None
    runner = make_executor(executor if isinstance(executor, str) else "processes", workers=workers,
                           scheduler=scheduler) if own_executor else executor
    concurrent = min(getattr(runner, "workers", 1), checked_grid.size)
    try:
        for point in checked_grid.points():  # every combination must be valid and fit before anything runs
            spec.check_resources(spec.resolve({**values, **point}), concurrent=concurrent)
    except BaseException:
        if own_executor:
            runner.close()
        raise
    seed_parameter = "seed" if any(p.name == "seed" for p in spec.parameters) else None
    if seed_parameter in checked_grid.names or seed_parameter in fixed:
        seed_parameter = None  # the user chose the seeds explicitly
    try:
        checkpoints = None if store is None else str(Path(store) / "checkpoints")
        return run_sweep(functools.partial(run_point, spec, checkpoints), checked_grid, fixed=values, store=store,
                         executor=runner, root_seed=root_seed, seed_parameter=seed_parameter, progress=progress,
                         label=f"{spec.name}.run", attrs={"system": spec.name})
    finally:
        if own_executor:
            runner.close()
