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

Each point file carries its identity in its attrs: the store's fingerprint (a hash of the manifest's identity),
the point's index, parameters and seed, and a checksum of its values. A file that cannot be read, belongs to
another store or grid position, or whose values changed is named in a `NoneqWarning`, removed and recomputed,
never used; a file whose index lies outside the grid is ignored. A complete store can be read without write
access (no lock is taken then).
"""

from __future__ import annotations

import errno
import hashlib
import json
import warnings
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np
import xarray as xr

from noneq.core.errors import NoneqInputError, NoneqWarning
from noneq.core.results import read_netcdf, to_json, write_netcdf, write_text

MANIFEST = "manifest.json"
IDENTITY_KEYS = ("function", "fixed", "grid", "root_seed")
POINT_ATTRS = ("sweep_fingerprint", "sweep_index", "sweep_point", "sweep_seed", "sweep_checksum")


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


def fingerprint(manifest: Mapping[str, Any]) -> str:
    """A hash of what a store computes (the manifest's identity keys)."""
    identity = to_json({key: manifest.get(key) for key in IDENTITY_KEYS})
    return hashlib.sha256(identity.encode()).hexdigest()[:32]


def checksum(dataset: xr.Dataset) -> str:
    """A hash of a point's variables (names, dims, dtypes, values; NaN canonical), blind to its attrs."""
    digest = hashlib.sha256()
    for name in sorted(str(n) for n in dataset.variables):
        variable = dataset.variables[name]
        digest.update(f"{name}|{variable.dims}|".encode())
        values = np.asarray(variable.values)
        if values.dtype.kind in "OUS":
            digest.update(json.dumps(values.astype(str).tolist()).encode())
            continue
        if values.dtype.kind in "fc":
            values = np.where(np.isnan(values), np.nan, values).astype(values.dtype)
        digest.update(values.dtype.str.encode())
        digest.update(np.ascontiguousarray(values).tobytes())
    return digest.hexdigest()


def _acquire_lock(path: Path):
    """The store's lock file, locked; None when the store cannot be written (read-only)."""
    import fcntl

    if path.is_dir():
        raise NoneqInputError(f"--store {str(path.parent)!r}: its 'lock' is a directory, not a file: remove it")
    try:
        handle = open(path, "a+")
    except OSError as error:
        if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return None
        raise NoneqInputError(f"--store {str(path.parent)!r}: cannot open its lock ({error.strerror})") from None
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise NoneqInputError(f"--store {str(path.parent)!r} is in use by another running sweep") from None
    return handle


class SweepStore:
    """A store directory (see module docstring).

    ``writable`` is False for an existing store on a read-only file system or without write permission; such a
    store can only be read (`load_finished`), and `noneq.sweep.api.run_sweep` refuses it when points are
    missing.
    """

    def __init__(self, directory: str | Path, manifest: Mapping[str, Any]):
        self.directory = Path(directory)
        self.points_dir = self.directory / "points"
        self.manifest = json.loads(to_json(manifest))
        self.fingerprint = fingerprint(self.manifest)
        where = f"--store {str(self.directory)!r}"
        if self.directory.exists() and not self.directory.is_dir():
            raise NoneqInputError(f"{where}: exists and is not a directory")
        path = self.directory / MANIFEST
        if path.exists():
            try:
                existing = json.loads(path.read_text())
                if not isinstance(existing, dict):
                    raise ValueError("not a JSON object")
            except (OSError, ValueError, RecursionError) as error:
                raise NoneqInputError(f"{where}: unreadable manifest ({error})") from None
            differences = _differences(existing, self.manifest)
            if differences:
                raise NoneqInputError(
                    f"{where} holds another sweep ({'; '.join(differences)}): "
                    f"use a new store directory, or the same parameters to resume")
        elif self.directory.exists() and any(self.directory.iterdir()):
            raise NoneqInputError(f"{where}: exists, is not empty and is not a sweep store")
        else:
            try:
                self.points_dir.mkdir(parents=True, exist_ok=True)
                write_text(json.dumps(self.manifest, indent=2), path)
            except OSError as error:
                raise NoneqInputError(f"{where}: cannot create the store ({error.strerror or error})") from None
        self._lock = _acquire_lock(self.directory / "lock")
        self.writable = self._lock is not None
        if self.writable:
            self.points_dir.mkdir(parents=True, exist_ok=True)
            for stale in self.points_dir.glob(".point-*.tmp"):  # a write cut short by a kill
                stale.unlink(missing_ok=True)

    def close(self) -> None:
        """Release the store's lock (also released automatically when the process ends)."""
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def point_path(self, index: int) -> Path:
        return self.points_dir / f"point-{index:06d}.nc"

    def write_point(self, index: int, point: Mapping[str, Any], seed: int, dataset: xr.Dataset) -> None:
        """Write one finished point atomically, with its identity and checksum in its attrs."""
        stamped = dataset.copy()
        stamped.attrs = {**dataset.attrs, "sweep_fingerprint": self.fingerprint, "sweep_index": int(index),
                         "sweep_point": to_json(dict(point)), "sweep_seed": int(seed),
                         "sweep_checksum": checksum(dataset)}
        write_netcdf(stamped, self.point_path(index))

    def load_finished(self, points: Sequence[Mapping[str, Any]], seeds: Mapping[int, int]) -> dict[int, xr.Dataset]:
        """The valid stored points {index: dataset} of the grid ``points`` (point i has seed ``seeds[i]``).

        Files with an index outside the grid are ignored; a damaged or misplaced file is named in a
        `NoneqWarning` and removed (when the store is writable), so that its point is computed again.
        """
        loaded: dict[int, xr.Dataset] = {}
        if not self.points_dir.is_dir():
            return loaded
        for path in sorted(self.points_dir.glob("point-*.nc")):
            try:
                index = int(path.stem.split("-", 1)[1])
            except ValueError:
                continue
            if not 0 <= index < len(points):
                continue
            problem, dataset = self._check(path, index, points[index], seeds[index])
            if problem is None:
                loaded[index] = dataset
                continue
            action = "recomputing it" if self.writable else "cannot recompute it (read-only store)"
            warnings.warn(f"sweep store: {path} {problem}: not used, {action}", NoneqWarning, stacklevel=2)
            if self.writable:
                path.unlink(missing_ok=True)
        return loaded

    def _check(self, path: Path, index: int, point: Mapping[str, Any], seed: int):
        try:
            dataset = read_netcdf(path)
        except Exception as error:  # noqa: BLE001 - any unreadable file (empty, truncated, garbage)
            return f"is unreadable ({type(error).__name__})", None
        attrs = dataset.attrs
        if any(key not in attrs for key in POINT_ATTRS):
            return "has no sweep identity", None
        if attrs["sweep_fingerprint"] != self.fingerprint:
            return "belongs to another sweep", None
        if int(attrs["sweep_index"]) != index or attrs["sweep_point"] != to_json(dict(point)) \
                or int(attrs["sweep_seed"]) != int(seed):
            return f"belongs to another grid point ({attrs['sweep_point']})", None
        if attrs["sweep_checksum"] != checksum(dataset):
            return "has values that changed since it was written", None
        dataset.attrs = {k: v for k, v in attrs.items() if k not in POINT_ATTRS}
        return None, dataset

    def write_result(self, dataset: xr.Dataset) -> Path | None:
        """Write the assembled result (skipped, returning None, for a read-only store)."""
        if not self.writable:
            return None
        return write_netcdf(dataset, self.directory / "result.nc")
