"""The ``noneq`` command line: a thin layer that parses, validates, calls the public API and prints.

Exit codes: 0 success; 1 a reproduced claim ``failed``; 2 bad input (unknown system or parameter, value out of
range, malformed option, an output path that cannot be written), reported in one line on stderr before any
computation; 3 numerical trouble (the computation detected that its result cannot be trusted); 130 interrupted
(Ctrl-C), with one line saying what was kept and how to resume. Warnings are printed as one line each.
"""

from __future__ import annotations

import json
import math
import os
import sys
import warnings
from pathlib import Path
from typing import List, Optional

import numpy as np
import typer

from noneq.core.errors import NoneqInputError, NoneqWarning, NumericalError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="noneq: a laboratory for nonequilibrium physics.")

EXIT_BAD_INPUT = 2
EXIT_FAILED_CLAIM = 1
EXIT_NUMERICAL = 3
EXIT_INTERRUPTED = 130


def _print_version(value: bool) -> None:
    if value:
        from noneq._version import __version__

        print(f"noneq {__version__}")
        raise typer.Exit()


@app.callback()
def _options(version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                          help="print the version of noneq and exit")) -> None:
    """noneq: a laboratory for nonequilibrium physics."""


PIPED_WIDTH = 160  # columns of tables written to a pipe or file (rich would assume 80 and squeeze them)


def _console(stderr: bool = False):
    from rich.console import Console

    console = Console(stderr=stderr)
    if not console.is_terminal:
        console = Console(stderr=stderr, width=PIPED_WIDTH)
    return console


def _fail(message: str, code: int) -> None:
    print(f"noneq: error: {message}", file=sys.stderr)
    raise typer.Exit(code)


def _interrupted(message: str) -> None:
    print(f"noneq: interrupted: {message}", file=sys.stderr)
    raise typer.Exit(EXIT_INTERRUPTED)


def _writable_file(option: str, path: Path, suffix: str | None = None) -> None:
    """Refuse, before computing, an output file that cannot be written: wrong suffix, a directory, or a folder
    that cannot be created or written."""
    if suffix is not None and path.suffix != suffix:
        raise NoneqInputError(f"{option} {str(path)!r}: must be a file name ending in {suffix}")
    if path.is_dir():
        raise NoneqInputError(f"{option} {str(path)!r}: is a directory, not a file")
    _writable_dir(option, path.parent, shown=path)


def _writable_dir(option: str, path: Path, *, shown: Path | None = None) -> None:
    """Refuse a folder that exists as a file, cannot be created, or cannot be written."""
    shown = path if shown is None else shown
    if path.exists() and not path.is_dir():
        raise NoneqInputError(f"{option} {str(shown)!r}: {str(path)!r} is a file, not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise NoneqInputError(f"{option} {str(shown)!r}: cannot create {str(path)!r} "
                              f"({error.strerror or error})") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise NoneqInputError(f"{option} {str(shown)!r}: the folder {str(path)!r} is not writable")


def _seed(text: str) -> int:
    from noneq.core.params import parse_real
    from noneq.core.validation import INT64_MAX, integer

    try:
        value = parse_real(text) if any(c in text.lower() for c in ".e") else int(text)
    except ValueError:
        raise NoneqInputError(f"--seed {text!r}: must be an integer in [0, {INT64_MAX}]") from None
    return integer("--seed", value, minimum=0, allowed=f"an integer in [0, {INT64_MAX}]")


def _json_value(value):
    """A value for strict JSON: non-finite floats become the strings "inf", "-inf", "nan" (as in claims.json)."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    return value


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
    as_json: bool = typer.Option(False, "--json", help="print JSON on stdout: system, noneq_version, parameters, "
                                 "values (the scalar results) and their units"),
    dry_run: bool = typer.Option(False, "--dry-run", help="validate, print the parameters and the estimated "
                                 "memory (and time) of the run, and stop"),
    checkpoint_dir: Optional[Path] = typer.Option(None, "--checkpoint-dir", help="where long runs keep their "
                                                  "checkpoints (default: $NONEQ_CHECKPOINT_DIR or "
                                                  "~/.cache/noneq/checkpoints); the same command resumes"),
) -> None:
    """One run of SYSTEM with any parameters (`noneq describe SYSTEM` lists them)."""
    from noneq.core.checkpoint import default_directory
    from noneq.core.params import parse_assignments
    from noneq.core.registry import get_system
    from noneq.core.results import scalar_results, write_netcdf

    try:
        spec = get_system(system)
        values = spec.resolve(parse_assignments(set_))
        if out is not None:
            _writable_file("--out", out, ".nc")
    except NoneqInputError as error:
        _fail(str(error), EXIT_BAD_INPUT)
    from noneq.core.progress import RichProgress

    if dry_run:
        _print_dry_run(spec, values)
        return
    try:
        with RichProgress() as progress:
            dataset = spec.execute(values, progress=progress, checkpoint_dir=checkpoint_dir or default_directory())
    except NoneqInputError as error:
        _fail(str(error), EXIT_BAD_INPUT)
    except NumericalError as error:
        _fail(f"numerical trouble: {error}", EXIT_NUMERICAL)
    except KeyboardInterrupt:
        _interrupted("the run's last checkpoint (if any) is kept; the same command resumes from it"
                     if spec.checkpoints else "nothing was written")
    if out is not None:
        try:
            write_netcdf(dataset, out)
        except OSError as error:
            _fail(f"--out {str(out)!r}: cannot write ({error.strerror or error})", EXIT_BAD_INPUT)
    scalars = scalar_results(dataset)
    if as_json:
        from noneq._version import __version__

        payload = {"system": spec.name, "noneq_version": __version__, "parameters": values, "values": scalars,
                   "units": {name: dataset[name].attrs.get("units", "") for name in scalars}}
        print(json.dumps(_json_value(payload), allow_nan=False))
    else:
        console = _console()
        for name, value in scalars.items():
            console.print(_value_line(name, value, dataset[name].attrs), highlight=False)
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
    seed: str = typer.Option("0", "--seed", help="root seed; each point's seed derives from it and the point"),
    out: Optional[Path] = typer.Option(None, "--out", help="also write the assembled dataset to this .nc file"),
) -> None:
    """Sweep SYSTEM over a grid of parameters (local processes by default, or a Dask cluster)."""
    from noneq.core.params import parse_assignments
    from noneq.core.progress import RichProgress
    from noneq.core.results import write_netcdf
    from noneq.sweep import sweep

    try:
        grids = parse_assignments(grid, "--grid")
        if not grids:
            raise NoneqInputError("--grid: give at least one swept parameter, NAME=SPEC")
        if out is not None:
            _writable_file("--out", out, ".nc")
        if serial and scheduler:
            raise NoneqInputError("--serial and --scheduler exclude each other")
        root_seed = _seed(seed)
        fixed = parse_assignments(set_)
        if store.exists() and not store.is_dir():
            raise NoneqInputError(f"--store {str(store)!r}: is a file, not a folder")
        _writable_dir("--store", store.parent, shown=store)
        executor = _executor(serial, workers, scheduler)
    except NoneqInputError as error:
        _fail(str(error), EXIT_BAD_INPUT)
    try:
        with RichProgress() as progress:
            dataset = sweep(system, grids, fixed=fixed, store=store, executor=executor, root_seed=root_seed,
                            progress=progress)
    except NoneqInputError as error:
        executor.close()
        _fail(str(error), EXIT_BAD_INPUT)
    except NumericalError as error:
        executor.close()
        _fail(f"numerical trouble: {error}", EXIT_NUMERICAL)
    except OSError as error:
        executor.close()
        _fail(f"--store {str(store)!r}: cannot write ({error.strerror or error})", EXIT_BAD_INPUT)
    except KeyboardInterrupt:
        executor.terminate()
        _interrupted(f"{_stored_points(store)} stored in {str(store)!r}; run the same command again to resume")
    executor.close()
    if out is not None:
        try:
            write_netcdf(dataset, out)
        except OSError as error:
            _fail(f"--out {str(out)!r}: cannot write ({error.strerror or error})", EXIT_BAD_INPUT)
    dims = ", ".join(f"{k}={v}" for k, v in dataset.sizes.items())
    _console().print(f"sweep done: {int(dataset.point_seed.size)} points ({dims}); "
                     f"result in {store / 'result.nc'}")


@app.command()
def reproduce(
    target: str = typer.Argument(..., help="system name, or 'all'"),
    quick: bool = typer.Option(False, "--quick", help="reduced sizes, seconds (same as --profile quick)"),
    profile: str = typer.Option("full", "--profile", help="sizes: quick (seconds), full (the default: the "
                                "paper's sizes where they fit in minutes), paper (the paper's sizes everywhere; "
                                "the kicked particles: ~14 h on 2 cores projected by their cost model, printed "
                                "at the start, ~1-1.5 days measured against its longest runs; the others run "
                                "their full sizes)"),
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
    from noneq.reproduce.context import RunContext
    from noneq.reproduce.table import claim_table, summary_line

    try:
        names = system_names() if target == "all" else [get_system(target).name]
        if experiment and target == "all":
            raise NoneqInputError("--experiment: needs a single system, not 'all'")
        if serial and scheduler:
            raise NoneqInputError("--serial and --scheduler exclude each other")
        if quick and profile not in ("full", "quick"):
            raise NoneqInputError(f"--quick and --profile {profile} exclude each other")
        profile = RunContext(quick=quick, profile="quick" if quick else profile).profile
        systems = [get_system(n) for n in names]
        chosen = {system.name: paper_experiments(system.name, experiment or None) for system in systems}
        _writable_dir("--out", out)
        executor = _executor(serial, workers, scheduler)
    except NoneqInputError as error:
        _fail(str(error), EXIT_BAD_INPUT)
    console = _console()
    failed = False
    for system in systems:
        if profile == "paper":
            from noneq.reproduce.projection import projection_line

            line = projection_line(chosen[system.name], profile, getattr(executor, "workers", 1))
            if line:
                console.print(f"{system.name}: {line}")
        try:
            with RichProgress() as progress:
                result = reproduce_system(system, chosen[system.name], out, profile=profile,
                                          progress=progress, executor=executor)
        except NoneqInputError as error:
            executor.close()
            _fail(str(error), EXIT_BAD_INPUT)
        except NumericalError as error:
            executor.close()
            _fail(f"numerical trouble in {system.name}: {error}", EXIT_NUMERICAL)
        except OSError as error:
            executor.close()
            _fail(f"--out {str(out)!r}: cannot write ({error.strerror or error})", EXIT_BAD_INPUT)
        except KeyboardInterrupt:
            executor.terminate()
            _interrupted(f"{system.name}: the finished points of its grids are kept under "
                         f"{str(out / system.name / '.sweeps')!r}; run the same command again to resume")
        console.print(claim_table(result.claims, title=f"{system.name}: {system.paper}"))
        console.print(f"{system.name}: {summary_line(result.claims)}; files in {result.directory}")
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
    except OSError as error:
        _fail(f"--out {str(out)!r}: cannot write the report ({error.strerror or error})", EXIT_BAD_INPUT)
    _console().print(f"report: {path}")


def _executor(serial: bool, workers: Optional[int], scheduler: Optional[str]):
    """The executor for --serial / --workers / --scheduler; a note when --workers exceeds the usable cores."""
    from noneq.sweep import make_executor
    from noneq.sweep.executors import usable_cores

    if workers is not None and workers > usable_cores() and not serial and scheduler is None:
        warnings.warn(f"--workers {workers}: this machine has {usable_cores()} usable cores; using "
                      f"{usable_cores()} workers", NoneqWarning, stacklevel=2)
    return make_executor("serial" if serial else "processes", workers=workers, scheduler=scheduler)


def _value_line(name: str, value, attrs) -> str:
    """'name = value unit' for the text output: numbers to 6 digits, the meaning of a flag variable (CF
    flag_values / flag_meanings), no unit for dimensionless ('1') values."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        text = str(value).lower() if isinstance(value, bool) else str(value)
    else:
        text = f"{value:.6g}"
    flags = list(np.atleast_1d(attrs.get("flag_values", [])))
    meanings = str(attrs.get("flag_meanings", "")).split()
    if value in flags and len(meanings) == len(flags):
        text += f" ({meanings[flags.index(value)]})"
    unit = str(attrs.get("units", ""))
    return f"{name} = {text}" + (f" {unit}" if unit not in ("", "1") else "")


def _print_dry_run(spec, values) -> None:
    """The resolved parameters and the resource estimate of one run (``--dry-run``)."""
    from noneq.core.resources import available_memory, format_bytes

    console = _console()
    console.print(f"[bold]{spec.name}[/bold] run, parameters: "
                  + ", ".join(f"{k}={v!r}" for k, v in values.items()))
    estimate = spec.estimated(values)
    if estimate is None:
        console.print("estimate: none available for this system")
    else:
        console.print(f"estimate: {estimate.describe()}; available memory {format_bytes(available_memory())}")
    try:
        spec.check_resources(values)
    except NoneqInputError as error:
        _fail(str(error), EXIT_BAD_INPUT)


def _stored_points(store: Path) -> str:
    """'N of M points' for a sweep store (M from its manifest; N the point files present)."""
    stored = len(list((store / "points").glob("point-*.nc"))) if (store / "points").is_dir() else 0
    try:
        grid = json.loads((store / "manifest.json").read_text())["grid"]
        return f"{stored} of {math.prod(len(values) for _, values in grid)} points"
    except (OSError, ValueError, KeyError, TypeError):
        return f"{stored} points"


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Every warning as one line on stderr (no source line, no file name)."""
    text = str(message).strip().splitlines()[0] if str(message).strip() else category.__name__
    kind = "" if issubclass(category, NoneqWarning) else f"{category.__name__}: "
    print(f"noneq: warning: {kind}{text}", file=sys.stderr)


def _system_help(args: List[str]) -> bool:
    """``noneq run|sweep SYSTEM --help``: the command's help followed by the system's parameter table."""
    if len(args) < 3 or args[0] not in ("run", "sweep") or not ({"--help", "-h"} & set(args)):
        return False
    from noneq.core.registry import system_names

    if args[1] not in system_names():
        return False
    app(args=[args[0], "--help"], standalone_mode=False, prog_name="noneq")
    describe(args[1])
    return True


def _click_exceptions():
    """The exception classes of the click that typer runs on (recent typer versions vendor their own)."""
    try:
        from typer._click import exceptions
    except ImportError:
        from click import exceptions
    return exceptions


def main() -> None:
    """Entry point of the console script: click's usage errors become one line and exit code 2."""
    click = _click_exceptions()
    args = sys.argv[1:]
    warnings.showwarning = _show_warning
    warnings.filterwarnings("once", category=RuntimeWarning)
    try:
        if _system_help(args):
            sys.exit(0)
        code = app(args=args, standalone_mode=False, prog_name="noneq")
    except click.NoArgsIsHelpError as error:
        print(error.ctx.get_help() if error.ctx is not None else error.format_message())
        sys.exit(0)
    except click.ClickException as error:  # usage errors, bad option values, unreadable files
        context = getattr(error, "ctx", None)
        hint = f" (see '{context.command_path} --help')" if context is not None else ""
        print(f"noneq: error: {error.format_message()}{hint}", file=sys.stderr)
        sys.exit(EXIT_BAD_INPUT)
    except (getattr(click, "Abort", KeyboardInterrupt), KeyboardInterrupt):
        print("noneq: interrupted", file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)
    sys.exit(code or 0)


if __name__ == "__main__":
    main()
