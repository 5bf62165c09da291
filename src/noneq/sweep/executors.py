"""Interchangeable executors for sweep points: serial, local processes (default), Dask cluster.

All share one interface, ``map_unordered(function, tasks)``, which runs ``function(**params)`` for every
``(index, params)`` task and yields ``(index, dataset)`` pairs as the points finish, in any order. The caller
(`noneq.sweep.api`) writes each point to the store as it arrives, so results never wait for the slowest point.

- `SerialExecutor`: in this process; simplest to debug.
- `ProcessExecutor`: a pool of local worker processes (``forkserver`` start method: safe with the BLAS and numba
  thread pools of the parent); no server needed. The pool is created on first use and reused until `close`.
  Each worker's BLAS/OpenMP and numba thread pools are limited to usable cores // workers (at least 1): without
  it, W workers each running a core-count BLAS pool oversubscribe the machine, and small threaded products
  (e.g. an ODE right-hand side) slow down by an order of magnitude.
  As with any spawn-like start method, a script that uses it must guard its entry point with
  ``if __name__ == "__main__":`` (workers re-import the main module).
- `DaskExecutor`: a ``dask.distributed`` cluster given by its scheduler address (``tcp://HOST:PORT``); dask is
  imported only here, only when this executor is created. Workers need noneq installed; results travel back
  to the client, so the store only has to be visible to the client.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Iterator, Protocol, Sequence

import xarray as xr

from noneq.core.errors import NoneqInputError

Task = tuple[int, dict[str, Any]]


def execute_point(function: Callable[..., xr.Dataset], index: int, params: dict[str, Any]) -> tuple[int, xr.Dataset]:
    """Run one point (in whichever process the executor chose) and check what it returned."""
    dataset = function(**params)
    if not isinstance(dataset, xr.Dataset):
        raise TypeError(f"sweep point {index}: the point function returned {type(dataset).__name__}, "
                        f"not an xarray.Dataset")
    return index, dataset


class Executor(Protocol):
    name: str

    def map_unordered(self, function: Callable[..., xr.Dataset], tasks: Sequence[Task]
                      ) -> Iterator[tuple[int, xr.Dataset]]:
        ...

    def close(self) -> None:
        ...


class SerialExecutor:
    """Runs the points one after the other in this process."""

    name = "serial"

    def map_unordered(self, function, tasks):
        for index, params in tasks:
            yield execute_point(function, index, params)

    def close(self) -> None:
        pass


def limit_threads(threads: int) -> None:
    """Limit this process's BLAS/OpenMP (threadpoolctl) and numba thread pools to ``threads`` (worker initializer).
    The environment variables cover libraries loaded later and processes the worker starts; threadpoolctl acts on
    the libraries already loaded, so numpy's and scipy's BLAS and numba's
    threading layer are loaded first."""
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(threads)
    import importlib

    for module in ("numpy", "scipy.linalg"):  # scipy's BLAS may be a separate library from numpy's
        importlib.import_module(module)
    import numba
    from threadpoolctl import threadpool_limits

    numba.set_num_threads(min(threads, numba.config.NUMBA_NUM_THREADS))  # may load an OpenMP runtime
    threadpool_limits(limits=threads)


class ProcessExecutor:
    """A local pool of ``workers`` processes (default: the number of usable cores)."""

    name = "processes"

    def __init__(self, workers: int | None = None):
        usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
            raise NoneqInputError(f"--workers {workers!r}: must be a positive integer")
        self.workers = workers or usable
        self.threads_per_worker = max(1, usable // self.workers)
        self._pool = None

    def _get_pool(self):
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            context = multiprocessing.get_context("forkserver")
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context,
                                             initializer=limit_threads, initargs=(self.threads_per_worker,))
        return self._pool

    def map_unordered(self, function, tasks):
        from concurrent.futures import as_completed

        from concurrent.futures.process import BrokenProcessPool

        pool = self._get_pool()
        futures = [pool.submit(execute_point, function, index, params) for index, params in tasks]
        try:
            for future in as_completed(futures):
                try:
                    yield future.result()
                except BrokenProcessPool:
                    self._pool = None
                    raise RuntimeError(
                        "a sweep worker process died abruptly (killed, out of memory, or a script without "
                        "the `if __name__ == '__main__':` guard that process pools need)") from None
        finally:
            for future in futures:
                future.cancel()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskExecutor:
    """Points submitted to a dask.distributed scheduler at ``address`` (e.g. ``tcp://10.0.0.5:8786``)."""

    name = "dask"

    def __init__(self, address: str, *, timeout: float = 30.0):
        if not isinstance(address, str) or "://" not in address:
            raise NoneqInputError(f"--scheduler {address!r}: must be a scheduler address such as tcp://HOST:PORT")
        try:
            from dask.distributed import Client
        except ImportError:
            raise NoneqInputError("--scheduler needs dask.distributed: pip install 'noneq[dask]'") from None
        try:
            self.client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise NoneqInputError(f"--scheduler {address!r}: cannot connect ({error})") from None
        self.address = address

    def map_unordered(self, function, tasks):
        from dask.distributed import as_completed

        futures = [self.client.submit(execute_point, function, index, params, pure=False) for index, params in tasks]
        try:
            for future in as_completed(futures, loop=self.client.loop):
                yield future.result()
        finally:
            pending = [future for future in futures if not future.done()]
            if pending:
                self.client.cancel(pending)

    def close(self) -> None:
        self.client.close()


def make_executor(kind: str = "processes", *, workers: int | None = None, scheduler: str | None = None) -> Executor:
    """The executor for ``kind`` ('serial', 'processes', 'dask'); a scheduler address implies 'dask'."""
    if scheduler is not None:
        return DaskExecutor(scheduler)
    factories = {"serial": lambda: SerialExecutor(), "processes": lambda: ProcessExecutor(workers)}
    if kind not in factories:
        raise NoneqInputError(f"--executor {kind!r}: must be one of serial, processes (or give --scheduler)")
    return factories[kind]()
