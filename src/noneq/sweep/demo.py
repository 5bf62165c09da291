"""A small physics-free point function for exercising sweeps (tests, benchmarks, examples).

``demo_point(x, y, seed, work_seconds)`` returns a dataset with a deterministic part (x * y), a random part
drawn from ``seed`` (so seeding is visible in the results) and, if asked, burns ``work_seconds`` of CPU time
(busy arithmetic, not sleep: a stand-in for real work when timing executors). With the environment variable
NONEQ_SWEEP_MARKERS set to a directory, each call leaves a marker file ``x_y_pid_random`` there when it starts
(used to count evaluations and to find the worker processes).
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

import numpy as np
import xarray as xr


def demo_point(x: float, y: float = 1.0, seed: int = 0, work_seconds: float = 0.0,
               sleep_seconds: float = 0.0) -> xr.Dataset:
    """A toy sweep point (see module docstring)."""
    markers = os.environ.get("NONEQ_SWEEP_MARKERS")
    if markers:
        Path(markers, f"{x!r}_{y!r}_{os.getpid()}_{uuid.uuid4().hex}").touch()
    if sleep_seconds:
        time.sleep(sleep_seconds)
    end = time.perf_counter() + work_seconds
    accumulator = 0.0
    while time.perf_counter() < end:
        accumulator += float(np.sum(np.sin(np.arange(2000.0))))
    rng = np.random.default_rng(seed)
    return xr.Dataset({
        "product": ((), float(x * y), {"units": "1", "long_name": "x times y"}),
        "noise": (("sample",), rng.normal(size=4), {"units": "1", "long_name": "normal draws from the seed"}),
    }, coords={"sample": np.arange(4)})


def thread_limits_point(x: float = 0.0) -> xr.Dataset:
    """The BLAS (largest pool, threadpoolctl) and numba thread counts of the process that runs this point."""
    import numba
    from threadpoolctl import threadpool_info

    blas = max((pool["num_threads"] for pool in threadpool_info()), default=1)
    return xr.Dataset({
        "blas_threads": ((), int(blas), {"units": "1", "long_name": "BLAS/OpenMP threads"}),
        "numba_threads": ((), int(numba.get_num_threads()), {"units": "1", "long_name": "numba threads"}),
    })
