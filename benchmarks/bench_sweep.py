"""Sweep executors side by side: parallel efficiency and per-point overhead.

    python benchmarks/bench_sweep.py [--quick] [--dask]

1. Parallel efficiency: a sweep of 64 independent points, each ~1 s of CPU work (`noneq.sweep.demo.demo_point`
   with ``work_seconds``), run serially and on 2 local worker processes in the same process; prints the speed-up
   and the efficiency speed-up / workers (target: close to 2x, i.e. efficiency near 1).
2. Per-point overhead: 200 trivial points (no work), serial and with processes, with and without a store
   (one atomic NetCDF write per point); prints milliseconds per point.
With --dask, the trivial sweep also runs on a local dask.distributed cluster (2 workers on loopback).
--quick uses 16 points of 0.25 s for part 1.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

import numpy as np
import xarray as xr

from noneq.sweep import Grid, ProcessExecutor, SerialExecutor, run_sweep
from noneq.sweep.demo import demo_point


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def grid_of(n: int) -> Grid:
    return Grid((("x", tuple(float(i) for i in range(n))),))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--dask", action="store_true")
    args = parser.parse_args()
    points, work = (16, 0.25) if args.quick else (64, 1.0)
    workers = 2
    print(f"sweep benchmark: {os.cpu_count()} cores, numpy {np.__version__}, xarray {xr.__version__}")

    grid = grid_of(points)
    fixed = {"work_seconds": work}
    t_serial, serial = timed(lambda: run_sweep(demo_point, grid, fixed=fixed, executor=SerialExecutor(),
                                               seed_parameter="seed"))
    pool = ProcessExecutor(workers)
    pool.map_unordered(demo_point, [])  # nothing: the pool starts lazily inside the timed run below
    t_parallel, parallel = timed(lambda: run_sweep(demo_point, grid, fixed=fixed, executor=pool,
                                                   seed_parameter="seed"))
    pool.close()
    xr.testing.assert_identical(serial.drop_attrs(), parallel.drop_attrs())
    speedup = t_serial / t_parallel
    print(f"\n1. {points} points x {work:g} s of work")
    print(f"   serial                   {t_serial:8.2f} s")
    print(f"   processes ({workers} workers)    {t_parallel:8.2f} s   speed-up {speedup:.2f}x, "
          f"efficiency {speedup / workers:.2f} (pool start-up included)")

    trivial = grid_of(200)
    print("\n2. per-point overhead, 200 trivial points (ms per point)")
    rows = []
    for label, make in (("serial", SerialExecutor), ("processes", lambda: ProcessExecutor(workers))):
        for with_store in (False, True):
            executor = make()
            run_sweep(demo_point, grid_of(4), executor=executor)  # warm-up: pool start, imports
            with tempfile.TemporaryDirectory() as folder:
                store = os.path.join(folder, "store") if with_store else None
                t, _ = timed(lambda: run_sweep(demo_point, trivial, executor=executor, store=store))
            executor.close()
            rows.append((label, with_store, 1000 * t / trivial.size))
    if args.dask:
        from distributed import LocalCluster

        from noneq.sweep import DaskExecutor

        with LocalCluster(n_workers=workers, threads_per_worker=1, host="127.0.0.1",
                          dashboard_address=None) as cluster:
            executor = DaskExecutor(cluster.scheduler_address)
            run_sweep(demo_point, grid_of(4), executor=executor)
            t, _ = timed(lambda: run_sweep(demo_point, trivial, executor=executor))
            executor.close()
            rows.append(("dask (2 workers, loopback)", False, 1000 * t / trivial.size))
    for label, with_store, ms in rows:
        print(f"   {label:28s} {'with store ' if with_store else 'no store   '} {ms:7.2f} ms/point")


if __name__ == "__main__":
    main()
