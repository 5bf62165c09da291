"""Interchangeable executors for sweep points: serial, local processes (default), Dask cluster.

All share one interface, ``map_unordered(function, tasks)``, which runs ``function(**params)`` for every
``(index, params)`` task and yields ``(index, dataset)`` pairs as the points finish, in any order. The caller
(`noneq.sweep.api`) writes each point to the store as it arrives, so results never wait for the slowest point.

- `SerialExecutor`: in this process; simplest to debug.
- `ProcessExecutor`: a pool of local worker processes (``forkserver`` start method: safe with the BLAS and numba
  thread pools of the parent); no server needed. The pool is created on first use and reused until `close`;
  it has at most as many workers as usable cores and starts them as points arrive. Each worker's BLAS/OpenMP
  and numba thread pools are limited to usable cores // workers (at least 1): without it, W workers each
  running a core-count BLAS pool oversubscribe the machine. Workers ignore Ctrl-C (the parent decides:
  `terminate`) and end when the parent process dies, even by SIGKILL. A point function defined in an
  importable module (every registered system) runs from a plain script without an
  ``if __name__ == "__main__":`` guard: the workers start without re-running the script. A point function
  defined in the script itself needs that guard.
- `DaskExecutor`: a ``dask.distributed`` cluster given by its scheduler address (``tcp://HOST:PORT``); dask is
  imported only here, only when this executor is created. Workers need noneq installed; results travel back
  to the client, so the store only has to be visible to the client.
"""

from __future__ import annotations

import contextlib
import os
import sys
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

    def terminate(self) -> None:
        ...


class SerialExecutor:
    """Runs the points one after the other in this process."""

    name = "serial"

    def map_unordered(self, function, tasks):
        for index, params in tasks:
            yield execute_point(function, index, params)

    def close(self) -> None:
        pass

    def terminate(self) -> None:
        pass


def limit_threads(threads: int) -> None:
    """Limit this process's BLAS/OpenMP (threadpoolctl) and numba thread pools to ``threads``.

    The environment variables cover libraries loaded later and processes the worker starts; threadpoolctl acts on
    the libraries already loaded, so numpy's and scipy's BLAS and numba's threading layer are loaded first."""
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(threads)
    import importlib

    for module in ("numpy", "scipy.linalg"):  # scipy's BLAS may be a separate library from numpy's
        importlib.import_module(module)
    import numba
    from threadpoolctl import threadpool_limits

    numba.set_num_threads(min(threads, numba.config.NUMBA_NUM_THREADS))  # may load an OpenMP runtime
    threadpool_limits(limits=threads)


TRACKER_QUIET = "ignore::UserWarning:multiprocessing.resource_tracker"
PARENT_POLL_SECONDS = 1.0  # where the OS cannot signal it, how often a worker checks that the sweep still runs


def _end_with(main_pid: int) -> None:
    """Make this worker end when the sweep's process ``main_pid`` ends, even by SIGKILL.

    A watchdog thread waits on a process file descriptor of ``main_pid`` (Linux) or polls for it, then ends the
    worker. The worker also drops the forkserver's liveness pipe that it inherited, so that the forkserver
    itself notices the sweep's end and exits instead of waiting for its workers."""
    import select
    import threading
    import time

    try:
        from multiprocessing import forkserver

        server = forkserver._forkserver  # noqa: SLF001 - the inherited liveness pipe has no public handle
        if server._forkserver_alive_fd is not None:
            os.close(server._forkserver_alive_fd)
            server._forkserver_alive_fd = None
    except (AttributeError, ImportError, OSError):
        pass

    def alive() -> bool:
        try:
            os.kill(main_pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def watch() -> None:
        try:
            handle = os.pidfd_open(main_pid)
        except (AttributeError, OSError):
            handle = None
        if handle is not None:
            select.select([handle], [], [])  # readable once the process has ended
        else:
            while alive():
                time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    if not alive():
        os._exit(1)
    threading.Thread(target=watch, name="noneq-sweep-watch", daemon=True).start()


def worker_init(threads: int, main_pid: int) -> None:
    """Initializer of every local worker process: thread limits, Ctrl-C left to the sweep's process, and an
    end together with it."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_with(main_pid)
    limit_threads(threads)


def usable_cores() -> int:
    """The number of cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@contextlib.contextmanager
def _main_script_hidden(function: Callable[..., Any]) -> Iterator[None]:
    """While worker processes start: hide the main script from multiprocessing's start-up (which would run it
    again in every worker) when ``function`` does not live in it."""
    main = sys.modules.get("__main__")
    if main is None or getattr(function, "__module__", "__main__") == "__main__":
        yield
        return
    saved = {key: main.__dict__[key] for key in ("__file__", "__spec__") if key in main.__dict__}
    main.__dict__.pop("__file__", None)
    main.__dict__["__spec__"] = None
    try:
        yield
    finally:
        main.__dict__.pop("__spec__", None)
        main.__dict__.update(saved)


class ProcessExecutor:
    """A local pool of at most ``workers`` processes (default and cap: the number of usable cores)."""

    name = "processes"

    def __init__(self, workers: int | None = None):
        usable = usable_cores()
        if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
            raise NoneqInputError(f"--workers {workers!r}: must be a positive integer")
        self.requested = workers
        self.workers = min(workers or usable, usable)
        self.threads_per_worker = max(1, usable // self.workers)
        self._pool = None

    def _get_pool(self):
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # workers stopped by `terminate` leave the pool's queue semaphores to multiprocessing's resource
            # tracker, which removes them and warns at exit; the tracker takes its warning filters from ours
            if TRACKER_QUIET not in sys.warnoptions:
                sys.warnoptions.append(TRACKER_QUIET)

            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["noneq.sweep.executors"])
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context,
                                             initializer=worker_init, initargs=(self.threads_per_worker, os.getpid()))
        return self._pool

    def map_unordered(self, function, tasks):
        from concurrent.futures import as_completed
        from concurrent.futures.process import BrokenProcessPool

        if not tasks:
            return
        pool = self._get_pool()
        with _main_script_hidden(function):  # workers start during the submissions
            futures = [pool.submit(execute_point, function, index, params) for index, params in tasks]
        try:
            for future in as_completed(futures):
                try:
                    yield future.result()
                except BrokenProcessPool:
                    self._pool = None
                    raise RuntimeError(
                        "a sweep worker process died abruptly (killed, out of memory, or a point function "
                        "defined in a script without the `if __name__ == '__main__':` guard)") from None
        except KeyboardInterrupt:
            raise  # the caller terminates the pool: pending points end as broken, not cancelled
        except BaseException:
            for future in futures:
                future.cancel()
            raise

    def terminate(self) -> None:
        """Stop every worker now (after Ctrl-C): running points are abandoned, finished ones are stored."""
        if self._pool is not None:
            processes = list((getattr(self._pool, "_processes", None) or {}).values())
            for process in processes:
                process.terminate()
            for process in processes:
                process.join()
            self._pool.shutdown(wait=True)  # the workers are gone: returns at once
            self._pool = None

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

    def terminate(self) -> None:
        self.close()


def make_executor(kind: str = "processes", *, workers: int | None = None, scheduler: str | None = None) -> Executor:
    """The executor for ``kind`` ('serial', 'processes', 'dask'); a scheduler address implies 'dask'."""
    if scheduler is not None:
        return DaskExecutor(scheduler)
    factories = {"serial": lambda: SerialExecutor(), "processes": lambda: ProcessExecutor(workers)}
    if kind not in factories:
        raise NoneqInputError(f"--executor {kind!r}: must be one of serial, processes (or give --scheduler)")
    return factories[kind]()
