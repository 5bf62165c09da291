"""A resumable, loss-free store for sweep results: one NetCDF file per finished point.

Layout of a store directory::

    manifest.json          what is being computed: function, fixed parameters, grid, root seed (+ version)
    points/point-000042.nc one file per finished point, written atomically as soon as it arrives
    result.nc              the assembled dataset, written when every point is present
    lock                   held (flock) by the one sweep process working on the store; the OS releases it
                           when that process ends, even by SIGKILL

A store is bound to its manifest: opening it for a different computation (another fixed parameter, grid or
seed) is refused with a message naming what differs, rather than mixing results. Because each point file is
written atomically (temporary file + rename), a sweep killed at any moment, SIGKILL included, leaves only whole
point files behind (plus, at worst, a hidden temporary file, removed on the next opening), and a restart
computes exactly the missing ones.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Mapping

import xarray as xr

from noneq.core.errors import NoneqInputError
from noneq.core.results import read_netcdf, to_json, write_netcdf, write_text

MANIFEST = "manifest.json"
IDENTITY_KEYS = ("function", "fixed", "grid", "root_seed")


def _differences(stored: Mapping[str, Any], wanted: Mapping[str, Any]) -> list[str]:
    """Human-readable differences of the identity keys: 'fixed steps: 5 in the store, 6 now'."""
    out = []
    for key in IDENTITY_KEYS:
        old, new = stored.get(key), wanted.get(key)
        if old == new:
            continue
        if isinstance(old, dict) and isinstance(new, dict):
            for name in sorted(set(old) | set(new)):
                if old.get(name) != new.get(name):
                    out.append(f"{key} {name}: {old.get(name)!r} in the store, {new.get(name)!r} now")
        else:
            out.append(f"{key}: {old!r} in the store, {new!r} now")
    return out


def _acquire_lock(path: Path):
    import fcntl

    handle = open(path, "a+")
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise NoneqInputError(f"--store {str(path.parent)!r} is in use by another running sweep") from None
    return handle


class SweepStore:
    """A store directory (see module docstring)."""

    def __init__(self, directory: str | Path, manifest: Mapping[str, Any]):
        self.directory = Path(directory)
        self.points_dir = self.directory / "points"
        self.manifest = json.loads(to_json(manifest))
        path = self.directory / MANIFEST
        if path.exists():
            try:
                existing = json.loads(path.read_text())
            except (OSError, json.JSONDecodeError) as error:
                raise NoneqInputError(f"--store {str(self.directory)!r}: unreadable manifest ({error})") from None
            differences = _differences(existing, self.manifest)
            if differences:
                raise NoneqInputError(
                    f"--store {str(self.directory)!r} holds another sweep ({'; '.join(differences)}): "
                    f"use a new store directory, or the same parameters to resume")
        elif self.directory.exists() and any(self.directory.iterdir()):
            raise NoneqInputError(f"--store {str(self.directory)!r}: exists, is not empty and is not a sweep store")
        else:
            self.points_dir.mkdir(parents=True, exist_ok=True)
            write_text(json.dumps(self.manifest, indent=2), path)
        self.points_dir.mkdir(parents=True, exist_ok=True)
        self._lock = _acquire_lock(self.directory / "lock")
        for stale in self.points_dir.glob(".point-*.tmp"):  # a write cut short by a kill
            stale.unlink(missing_ok=True)

    def close(self) -> None:
        """Release the store's lock (also released automatically when the process ends)."""
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def point_path(self, index: int) -> Path:
        return self.points_dir / f"point-{index:06d}.nc"

    def finished(self) -> set[int]:
        """Indices of the points already stored (only whole files exist: writes are atomic)."""
        done = set()
        for path in self.points_dir.glob("point-*.nc"):
            try:
                done.add(int(path.stem.split("-")[1]))
            except (IndexError, ValueError):
                continue
        return done

    def write_point(self, index: int, dataset: xr.Dataset) -> None:
        write_netcdf(dataset, self.point_path(index))

    def read_point(self, index: int) -> xr.Dataset:
        return read_netcdf(self.point_path(index))

    def write_result(self, dataset: xr.Dataset) -> Path:
        return write_netcdf(dataset, self.directory / "result.nc")
