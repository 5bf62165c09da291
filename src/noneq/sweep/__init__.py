"""System-agnostic parameter sweeps: grids, executors (serial, processes, Dask), resumable stores."""

from noneq.sweep.api import run_sweep, sweep
from noneq.sweep.executors import DaskExecutor, Executor, ProcessExecutor, SerialExecutor, make_executor
from noneq.sweep.grid import Grid, build_grid, parse_spec
from noneq.sweep.seeds import point_seed
from noneq.sweep.store import SweepStore

__all__ = ["DaskExecutor", "Executor", "Grid", "ProcessExecutor", "SerialExecutor", "SweepStore", "build_grid",
           "make_executor", "parse_spec", "point_seed", "run_sweep", "sweep"]
