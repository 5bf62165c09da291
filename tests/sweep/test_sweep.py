"""Sweeps end to end: assembly, seeds, backends (serial, processes, a real Dask cluster), resuming, refusal."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest
import xarray as xr

from noneq.core.errors import NoneqInputError
from noneq.sweep import Grid, ProcessExecutor, SerialExecutor, point_seed, run_sweep, sweep
from noneq.sweep.demo import demo_point, thread_limits_point

GRID = Grid((("x", (0.5, 1.0, 2.0)), ("y", (1.0, 3.0))))
KILL_WAIT_SECONDS = 60  # generous upper bound for the killed sweep to store its first points


def _sweep(executor, store=None):
    return run_sweep(demo_point, GRID, fixed={"work_seconds": 0.0}, executor=executor, store=store,
                     root_seed=11, seed_parameter="seed")


def test_assembled_dataset_has_sweep_dims_values_and_seeds():
    ds = _sweep(SerialExecutor())
    assert ds["product"].dims == ("x", "y") and ds["noise"].dims == ("x", "y", "sample")
    np.testing.assert_array_equal(ds["product"].values, np.outer([0.5, 1.0, 2.0], [1.0, 3.0]))
    for x in (0.5, 1.0, 2.0):
        for y in (1.0, 3.0):
            seed = point_seed(11, {"x": x, "y": y})
            assert int(ds.point_seed.sel(x=x, y=y)) == seed
            expected = np.random.default_rng(seed).normal(size=4)
            np.testing.assert_array_equal(ds.noise.sel(x=x, y=y).values, expected)
    assert ds.attrs["seed"] == 11 and json.loads(ds.attrs["parameters"]) == {"work_seconds": 0.0}


def test_seeds_depend_on_root_and_point_only():
    assert point_seed(1, {"x": 0.5, "y": 1.0}) == point_seed(1, {"y": 1.0, "x": 0.5})
    assert point_seed(1, {"x": 0.5}) != point_seed(2, {"x": 0.5})
    assert point_seed(1, {"x": 0.5}) != point_seed(1, {"x": 0.25})


def test_serial_processes_and_dask_give_identical_datasets(tmp_path):
    distributed = pytest.importorskip("distributed")
    serial = _sweep(SerialExecutor())
    processes = ProcessExecutor(workers=2)
    try:
        parallel = _sweep(processes, store=tmp_path / "processes")
    finally:
        processes.close()
    xr.testing.assert_identical(serial.drop_attrs(), parallel.drop_attrs())
    from noneq.sweep import DaskExecutor

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        executor = DaskExecutor(cluster.scheduler_address)
        try:
            on_dask = _sweep(executor, store=tmp_path / "dask")
        finally:
            executor.close()
    xr.testing.assert_identical(serial.drop_attrs(), on_dask.drop_attrs())
    assert on_dask.attrs["executor"] == "dask"


def test_resume_computes_only_missing_points(tmp_path, monkeypatch):
    store = tmp_path / "store"
    first = _sweep(SerialExecutor(), store=store)
    for index in (1, 4):
        (store / "points" / f"point-{index:06d}.nc").unlink()
    markers = tmp_path / "markers"
    markers.mkdir()
    monkeypatch.setenv("NONEQ_SWEEP_MARKERS", str(markers))
    second = _sweep(SerialExecutor(), store=store)
    assert sorted(p.name.split("_")[:2] for p in markers.iterdir()) == [["0.5", "3.0"], ["2.0", "1.0"]]
    xr.testing.assert_identical(first.drop_attrs(), second.drop_attrs())
    assert len(list((store / "points").iterdir())) == GRID.size


def test_store_of_another_sweep_is_refused(tmp_path):
    store = tmp_path / "store"
    _sweep(SerialExecutor(), store=store)
    with pytest.raises(NoneqInputError, match="fixed work_seconds: 0.0 in the store, 0.001 now"):
        run_sweep(demo_point, GRID, fixed={"work_seconds": 0.001}, store=store, root_seed=11,
                  seed_parameter="seed")
    with pytest.raises(NoneqInputError, match="root_seed: 11 in the store, 12 now"):
        run_sweep(demo_point, GRID, fixed={"work_seconds": 0.0}, store=store, root_seed=12,
                  seed_parameter="seed")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    with pytest.raises(NoneqInputError, match="not a sweep store"):
        run_sweep(demo_point, GRID, store=tmp_path / "other")


KILLED_SWEEP = textwrap.dedent("""
    import sys
    from noneq.sweep import Grid, ProcessExecutor, run_sweep
    from noneq.sweep.demo import demo_point, thread_limits_point

    if __name__ == "__main__":
        grid = Grid((("x", tuple(float(i) for i in range(12))),))
        executor = ProcessExecutor(workers=2)
        run_sweep(demo_point, grid, fixed={"sleep_seconds": float(sys.argv[2])}, store=sys.argv[1],
                  executor=executor, root_seed=5, seed_parameter="seed")
        executor.close()
""")


def test_sweep_killed_with_sigkill_resumes_with_every_point_once(tmp_path):
    store = tmp_path / "store"
    script = tmp_path / "killed_sweep.py"
    script.write_text(KILLED_SWEEP)
    process = subprocess.Popen([sys.executable, str(script), str(store), "0.4"], start_new_session=True)
    deadline = time.monotonic() + KILL_WAIT_SECONDS
    while time.monotonic() < deadline:
        stored = list((store / "points").glob("point-*.nc")) if (store / "points").exists() else []
        if len(stored) >= 3:
            break
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # the sweep and its workers, mid-flight
    process.wait()
    survivors = sorted(p.name for p in (store / "points").glob("point-*.nc"))
    assert 3 <= len(survivors) < 12, survivors
    assert not (store / "result.nc").exists()
    markers = tmp_path / "markers"
    markers.mkdir()
    env = {**os.environ, "NONEQ_SWEEP_MARKERS": str(markers)}
    subprocess.run([sys.executable, str(script), str(store), "0.4"], check=True, env=env, timeout=120)
    assert len(list(markers.iterdir())) == 12 - len(survivors)  # only the missing points ran
    files = sorted(p.name for p in (store / "points").iterdir())
    assert files == [f"point-{i:06d}.nc" for i in range(12)]  # every point exactly once, no temporaries
    resumed = xr.open_dataset(store / "result.nc", engine="h5netcdf").load()
    # the uninterrupted sweep, without the sleep (it changes no value; the attributes that record it are dropped)
    reference = run_sweep(demo_point, Grid((("x", tuple(float(i) for i in range(12))),)),
                          fixed={"sleep_seconds": 0.0}, root_seed=5, seed_parameter="seed")
    xr.testing.assert_identical(reference.drop_attrs(), resumed.drop_attrs())


def test_system_sweep_validates_every_point_before_running():
    with pytest.raises(NoneqInputError, match="'j' = 20"):
        sweep("kicked-top", {"j": "1.5,20"}, fixed={"T1": 10, "T2": 10}, executor="serial")


def test_system_sweep_matches_single_runs():
    from noneq.core.registry import get_system

    ds = sweep("kicked-top", {"kappa": "0.5,2.5"}, fixed={"kicks": 4, "theta": 1.0}, executor="serial")
    system = get_system("kicked-top")
    for kappa in (0.5, 2.5):
        single = system.run({"kappa": kappa, "kicks": 4, "theta": 1.0})
        assert float(ds.mean_entropy.sel(kappa=kappa)) == float(single.mean_entropy)


def test_a_store_serves_one_sweep_at_a_time(tmp_path):
    from noneq.sweep import SweepStore

    manifest = {"function": "f", "fixed": {}, "grid": [["x", [1.0]]], "root_seed": 0}
    first = SweepStore(tmp_path / "store", manifest)
    with pytest.raises(NoneqInputError, match="in use by another running sweep"):
        SweepStore(tmp_path / "store", manifest)
    first.close()
    SweepStore(tmp_path / "store", manifest).close()


def test_assembled_variables_keep_units_and_long_names():
    ds = _sweep(SerialExecutor())
    assert ds["product"].attrs == {"units": "1", "long_name": "x times y"}
    assert ds["noise"].attrs["long_name"] == "normal draws from the seed"
    assert ds["point_seed"].attrs["units"] == "1"


def test_process_workers_share_the_cores_instead_of_oversubscribing():
    executor = ProcessExecutor(workers=2)
    try:
        ds = run_sweep(thread_limits_point, Grid((("x", (0.0, 1.0)),)), executor=executor)
    finally:
        executor.close()
    expected = executor.threads_per_worker
    assert expected == max(1, len(os.sched_getaffinity(0)) // 2)
    assert set(ds.blas_threads.values.tolist()) == {expected}
    assert set(ds.numba_threads.values.tolist()) == {expected}


def test_points_with_different_coordinates_keep_their_variables_dims():
    from noneq.sweep.assemble import assemble

    def point(n, x):
        return xr.Dataset({"profile": (("momentum",), np.arange(n) * x), "scalar": ((), x)},
                          coords={"momentum": np.linspace(0.0, 1.0, n)})

    ds = assemble(Grid((("x", (1.0, 2.0)),)), {0: point(3, 1.0), 1: point(5, 2.0)}, {0: 1, 1: 2})
    assert ds.scalar.dims == ("x",) and ds.point_seed.dims == ("x",)
    assert ds.profile.dims == ("x", "momentum") and ds.sizes["momentum"] == 5
    np.testing.assert_array_equal(ds.profile.sel(x=1.0).values, [0.0, np.nan, 1.0, np.nan, 2.0])
