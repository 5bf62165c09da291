"""Sweep stores refuse to use a damaged, edited, misplaced or foreign point file (each is named and recomputed),
ignore stray files, and read a complete store without write access."""

import errno
import json
import shutil

import numpy as np
import pytest
import xarray as xr

from noneq.core.errors import NoneqInputError, NoneqWarning
from noneq.sweep import Grid, run_sweep
from noneq.sweep import store as store_module
from noneq.sweep.demo import demo_point

GRID = Grid((("x", (1.0, 2.0, 3.0)),))


def _run(store, root_seed=3):
    return run_sweep(demo_point, GRID, store=store, root_seed=root_seed, seed_parameter="seed", label="demo")


def _point(store, index):
    return store / "points" / f"point-{index:06d}.nc"


@pytest.fixture
def clean(tmp_path):
    return _run(tmp_path / "reference")


@pytest.mark.parametrize("damage", [
    lambda p: p.write_bytes(b""),
    lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
    lambda p: p.write_bytes(b"garbage" * 100),
])
def test_unreadable_point_files_are_recomputed(tmp_path, clean, damage):
    store = tmp_path / "s"
    _run(store)
    damage(_point(store, 1))
    with pytest.warns(NoneqWarning, match=r"point-000001\.nc is unreadable"):
        again = _run(store)
    xr.testing.assert_identical(again.drop_attrs(), clean.drop_attrs())


def test_edited_values_are_detected(tmp_path, clean):
    store = tmp_path / "s"
    _run(store)
    path = _point(store, 2)
    ds = xr.load_dataset(path, engine="h5netcdf")
    ds["product"] = ds["product"] + 1.0
    ds.to_netcdf(path, engine="h5netcdf")
    with pytest.warns(NoneqWarning, match="values that changed"):
        again = _run(store)
    xr.testing.assert_identical(again.drop_attrs(), clean.drop_attrs())


def test_a_point_copied_to_another_position_is_detected(tmp_path, clean):
    store = tmp_path / "s"
    _run(store)
    shutil.copy(_point(store, 0), _point(store, 2))
    with pytest.warns(NoneqWarning, match="another grid point"):
        again = _run(store)
    xr.testing.assert_identical(again.drop_attrs(), clean.drop_attrs())


def test_a_point_from_another_sweep_is_detected(tmp_path, clean):
    other = tmp_path / "other"
    _run(other, root_seed=4)
    store = tmp_path / "s"
    _run(store)
    shutil.copy(_point(other, 1), _point(store, 1))
    with pytest.warns(NoneqWarning, match="another sweep"):
        again = _run(store)
    xr.testing.assert_identical(again.drop_attrs(), clean.drop_attrs())


def test_stray_files_are_ignored_not_counted(tmp_path, clean):
    store = tmp_path / "s"
    _run(store)
    shutil.copy(_point(store, 0), _point(store, 99))
    (store / "points" / "point-abc.nc").write_bytes(b"x")
    again = _run(store)
    assert again.sizes["x"] == 3
    xr.testing.assert_identical(again.drop_attrs(), clean.drop_attrs())


def test_a_lock_that_is_a_directory_is_an_input_error(tmp_path):
    store = tmp_path / "s"
    _run(store)
    (store / "lock").unlink()
    (store / "lock").mkdir()
    with pytest.raises(NoneqInputError, match="'lock' is a directory"):
        _run(store)


def test_a_store_that_is_a_file_is_an_input_error(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(NoneqInputError, match="not a directory"):
        _run(tmp_path / "f")


def _read_only(monkeypatch):
    real_open = open

    def refusing_open(path, *args, **kwargs):
        if str(path).endswith("lock"):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(store_module, "open", refusing_open, raising=False)


def test_a_complete_read_only_store_is_read(tmp_path, clean, monkeypatch):
    store = tmp_path / "s"
    _run(store)
    _read_only(monkeypatch)
    again = _run(store)
    xr.testing.assert_identical(again.drop_attrs(), clean.drop_attrs())


def test_an_incomplete_read_only_store_is_refused(tmp_path, monkeypatch):
    store = tmp_path / "s"
    _run(store)
    _point(store, 0).unlink()
    _read_only(monkeypatch)
    with pytest.raises(NoneqInputError, match="read-only and 1 of 3 points are missing"):
        _run(store)


def test_point_files_carry_their_identity(tmp_path):
    store = tmp_path / "s"
    _run(store)
    attrs = xr.load_dataset(_point(store, 1), engine="h5netcdf").attrs
    assert json.loads(attrs["sweep_point"]) == {"x": 2.0} and attrs["sweep_index"] == 1
    assert len(attrs["sweep_checksum"]) == 64 and np.int64(attrs["sweep_seed"]) >= 0
