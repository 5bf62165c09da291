"""The ``noneq`` command line: a thin layer that parses, validates, calls the public API and prints.

Bad input (unknown system or parameter, value out of range, malformed option) exits with code 2 and a one-line
message on stderr, before any computation. ``noneq reproduce`` exits with 1 if any claim's verdict is ``failed``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from noneq.core.errors import NoneqInputError, NumericalError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="noneq: a laboratory for nonequilibrium physics.")

EXIT_BAD_INPUT = 2
EXIT_FAILED_CLAIM = 1
EXIT_NUMERICAL = 3


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr)


def _fail(message: str, code: int) -> None:
    print(f"noneq: error: {message}", file=sys.stderr)
    raise typer.Exit(code)


@app.command("list")
def list_systems() -> None:
    """List the systems and their experiments."""
    from rich.table import Table

    from noneq.core.registry import get_system, system_names
    from noneq.reproduce import paper_experiments

    table = Table(title="noneq systems")
    table.add_column("system")
    table.add_column("paper")
    table.add_column("experiments")
    for name in system_names():
        system = get_system(name)
        table.add_row(name, system.paper, "\n".join(f"{e.name}: {e.title}" for e in paper_experiments(name)))
    _console().print(table)


@app.command()
def describe(system: str = typer.Argument(..., help="system name (see `noneq list`)")) -> None:
    """Every parameter of SYSTEM (default, unit, allowed values) and every output variable."""
    from rich.table import Table

    from noneq.core.registry import get_system

    try:
        spec = get_system(system)
    except NoneqInputError as error:
        _fail(str(error), EXIT_BAD_INPUT)
    console = _console()
    console.print(f"[bold]{spec.name}[/bold]: {spec.title}\npaper: {spec.paper}")
    params = Table(title="parameters (--set NAME=VALUE)")
    for column in ("name", "default", "unit", "allowed", "meaning"):
        params.add_column(column, overflow="fold")
    for p in spec.parameters:
        default = f"{p.default:.6g}" if isinstance(p.default, float) else str(p.default)
        params.add_row(p.name, default, p.unit, p.allowed, p.description)
    console.print(params)
    outputs = Table(title="outputs (variables of the run's dataset)")
    for column in ("name", "dims", "unit", "meaning"):
        outputs.add_column(column, overflow="fold")
    for o in spec.outputs:
        outputs.add_row(o.name, "(" + ", ".join(o.dims) + ")", o.unit, o.description)
    console.print(outputs)


@app.command()
def run(
    system: str = typer.Argument(..., help="system name"),
    set_: List[str] = typer.Option([], "--set", help="parameter value, NAME=VALUE (repeatable)"),
    out: Optional[Path] = typer.Option(None, "--out", help="write the dataset to this NetCDF file"),
    as_json: bool = typer.Option(False, "--json", help="print the scalar results as JSON on stdout"),
) -> None:
    """One run of SYSTEM with any parameters."""
    from noneq.core.params import parse_assignments
    from noneq.core.registry import get_system
    from noneq.core.results import scalar_results, write_netcdf

    try:
        spec = get_system(system)
        values = spec.resolve(parse_assignments(set_))
        if out is not None and out.suffix != ".nc":
            raise NoneqInputError(f"--out {str(out)!r}: must be a file name ending in .nc")
    except NoneqInputError as error:
        _fail(str(error), EXIT_BAD_INPUT)
    from noneq.core.progress import RichProgress

    try:
        with RichProgress() as progress:
            dataset = spec.run_function(progress=progress, **values)
    except NoneqInputError as error:
        _fail(str(error), EXIT_BAD_INPUT)
    except NumericalError as error:
        _fail(f"numerical trouble: {error}", EXIT_NUMERICAL)
    if out is not None:
        write_netcdf(dataset, out)
    scalars = scalar_results(dataset)
    if as_json:
        print(json.dumps(scalars))
    else:
        console = _console()
        for name, value in scalars.items():
            unit = dataset[name].attrs.get("units", "")
            console.print(f"{name} = {value:.6g} {unit}".rstrip())
        if out is not None:
            console.print(f"dataset written to {out}")


@app.command("sweep")
def sweep_command(
    system: str = typer.Argument(..., help="system name"),
    grid: List[str] = typer.Option([], "--grid", help="swept parameter NAME=SPEC: list 0.5,1,2.5 | range 0:3:0.25 "
                                   "| lin:0:3:13 | log:1e-3:1:7 (repeatable: Cartesian product)"),
    set_: List[str] = typer.Option([], "--set", help="fixed parameter NAME=VALUE (repeatable)"),
    store: Path = typer.Option(..., "--store", help="store directory: one file per finished point; rerun to resume"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address tcp://HOST:PORT"),
    workers: Optional[int] = typer.Option(None, "--workers", help="local worker processes (default: all cores)"),
    serial: bool = typer.Option(False, "--serial", help="run in this process, one point after the other"),
    seed: int = typer.Option(0, "--seed", help="root seed; each point's seed derives from it and the point"),
    out: Optional[Path] = typer.Option(None, "--out", help="also write the assembled dataset to this .nc file"),
) -> None:
    """Sweep SYSTEM over a grid of parameters (local processes by default, or a Dask cluster)."""
    from noneq.core.params import parse_assignments
    from noneq.core.progress import RichProgress
    from noneq.core.results import write_netcdf
    from noneq.sweep import make_executor, sweep

    try:
        grids = parse_assignments(grid, "--grid")
        if not grids:
            raise NoneqInputError("--grid: give at least one swept parameter, NAME=SPEC")
        if out is not None and out.suffix != ".nc":
            raise NoneqInputError(f"--out {str(out)!r}: must be a file name ending in .nc")
        if serial and scheduler:
            raise NoneqInputError("--serial and --scheduler exclude each other")
        fixed = parse_assignments(set_)
        executor = make_executor("serial" if serial else "processes", workers=workers, scheduler=scheduler)
    except NoneqInputError as error:
        _fail(str(error), EXIT_BAD_INPUT)
    try:
        with RichProgress() as progress:
            dataset = sweep(system, grids, fixed=fixed, store=store, executor=executor, root_seed=seed,
                            progress=progress)
    except NoneqInputError as error:
        _fail(str(error), EXIT_BAD_INPUT)
    except NumericalError as error:
        _fail(f"numerical trouble: {error}", EXIT_NUMERICAL)
    finally:
        if "executor" in locals():
            executor.close()
    if out is not None:
        write_netcdf(dataset, out)
    dims = ", ".join(f"{k}={v}" for k, v in dataset.sizes.items())
    _console().print(f"sweep done: {int(dataset.point_seed.size)} points ({dims}); "
                     f"result in {store / 'result.nc'}")


@app.command()
def reproduce(
    target: str = typer.Argument(..., help="system name, or 'all'"),
    quick: bool = typer.Option(False, "--quick", help="reduced sizes (tests, CI); default: the paper's"),
    out: Path = typer.Option(Path("reproduction"), "--out", help="output folder"),
    experiment: List[str] = typer.Option([], "--experiment", help="only these experiments (repeatable)"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address tcp://HOST:PORT"),
    workers: Optional[int] = typer.Option(None, "--workers", help="local worker processes (default: all cores)"),
    serial: bool = typer.Option(False, "--serial", help="run every grid in this process"),
    report: bool = typer.Option(True, "--report/--no-report", help="write the HTML report at the end (all)"),
) -> None:
    """Reproduce the paper of TARGET: figures, datasets, claims.json and the claim table."""
    from noneq.core.progress import RichProgress
    from noneq.core.registry import get_system, system_names
    from noneq.reproduce import paper_experiments, reproduce_system
    from noneq.reproduce.table import claim_table
    from noneq.sweep import make_executor

    try:
        names = system_names() if target == "all" else [get_system(target).name]
        if experiment and target == "all":
            raise NoneqInputError("--experiment: needs a single system, not 'all'")
        if serial and scheduler:
            raise NoneqInputError("--serial and --scheduler exclude each other")
        systems = [get_system(n) for n in names]
        chosen = {system.name: paper_experiments(system.name, experiment or None) for system in systems}
        executor = make_executor("serial" if serial else "processes", workers=workers, scheduler=scheduler)
    except NoneqInputError as error:
        _fail(str(error), EXIT_BAD_INPUT)
    console = _console()
    failed = False
    for system in systems:
        try:
            with RichProgress() as progress:
                result = reproduce_system(system, chosen[system.name], out, quick=quick,
                                          progress=progress, executor=executor)
        except NoneqInputError as error:
            executor.close()
            _fail(str(error), EXIT_BAD_INPUT)
        except NumericalError as error:
            executor.close()
            _fail(f"numerical trouble in {system.name}: {error}", EXIT_NUMERICAL)
        console.print(claim_table(result.claims, title=f"{system.name}: {system.paper}"))
        counts = {v: sum(c.verdict == v for c in result.claims) for v in ("reproduced", "differs", "failed")}
        console.print(f"{system.name}: " + ", ".join(f"{n} {v}" for v, n in counts.items())
                      + f"; files in {result.directory}")
        failed |= result.failed
    executor.close()
    if target == "all" and report:
        from noneq.report import write_report

        console.print(f"report: {write_report(out)}")
    if failed:
        raise typer.Exit(EXIT_FAILED_CLAIM)


@app.command()
def report(out: Path = typer.Option(Path("reproduction"), "--out", help="folder written by noneq reproduce")) -> None:
    """Write the static HTML report (OUT/index.html) of every reproduced system in OUT."""
    from noneq.report import write_report

    try:
        path = write_report(out)
    except NoneqInputError as error:
        _fail(str(error), EXIT_BAD_INPUT)
    _console().print(f"report: {path}")


def main() -> None:
    """Entry point of the console script: click's usage errors also exit with code 2 (no traceback)."""
    app()


if __name__ == "__main__":
    main()
