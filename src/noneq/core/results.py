"""Results as labelled data: provenance attributes and atomic NetCDF writing.

Every dataset noneq produces carries, in its attrs:
``noneq_version``, ``system``, ``created`` (UTC, ISO 8601), ``parameters`` (JSON of the full parameter set),
``seed`` (the root seed of every random draw, or -1 when the computation draws nothing) and, for reproduction
runs, ``experiment``. Each data variable carries ``units`` and ``long_name``.

Files are written atomically: to a temporary file in the target directory, flushed to disk, then renamed over
the target, so a reader never sees a half-written file and an interrupted write leaves the old file intact.
They get the permissions of an ordinary new file (0666 masked by the process's umask, e.g. 0644), not the
0600 of the temporary file.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Callable, Mapping

import numpy as np
import xarray as xr

from noneq._version import __version__

NO_SEED = -1  # recorded as the seed of a computation that draws no random numbers


def _jsonable(value: Any) -> Any:
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def to_json(value: Any) -> str:
    """JSON text of parameters or claims (numpy scalars and arrays converted)."""
    return json.dumps(_jsonable(value), sort_keys=True)


def provenance(
    system: str, parameters: Mapping[str, Any], *, seed: int = NO_SEED, **extra: Any
) -> dict[str, Any]:
    """Attributes recording how a dataset was made (see module docstring)."""
    attrs = {
        "noneq_version": __version__,
        "system": system,
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "parameters": to_json(dict(parameters)),
        "seed": int(seed),
    }
    for key, value in extra.items():
        attrs[key] = value if isinstance(value, (str, int, float)) else to_json(value)
    return attrs


def labelled(data: Any, dims: tuple[str, ...] | str, units: str, long_name: str,
             **coords: Any) -> xr.Variable | xr.DataArray:
    """A labelled variable: dims, ``units`` and ``long_name`` attrs (the labelling every output variable gets).

    Without ``coords`` it is a bare `xarray.Variable` (cheap to assemble into a Dataset: no index alignment);
    with ``coords`` (e.g. ``pauli=labels``) a DataArray carrying them.
    """
    if isinstance(dims, str):
        dims = (dims,)
    attrs = {"units": units, "long_name": long_name}
    if coords:
        return xr.DataArray(np.asarray(data), dims=dims, coords=coords, attrs=attrs)
    return xr.Variable(dims, np.asarray(data), attrs=attrs)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: str | os.PathLike, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp_path)`` and atomically move the result to ``path``; returns the final path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def write_netcdf(dataset: xr.Dataset, path: str | os.PathLike) -> Path:
    """Write ``dataset`` atomically as NetCDF-4 (h5netcdf engine). Complex variables are stored natively."""
    return atomic_write(path, lambda tmp: dataset.to_netcdf(tmp, engine="h5netcdf", invalid_netcdf=True))


def write_text(text: str, path: str | os.PathLike) -> Path:
    """Write a text file atomically (UTF-8)."""
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def read_netcdf(path: str | os.PathLike) -> xr.Dataset:
    """Load a dataset written by `write_netcdf` fully into memory (the file is closed afterwards)."""
    with xr.open_dataset(path, engine="h5netcdf") as ds:
        return ds.load()


def scalar_results(dataset: xr.Dataset) -> dict[str, Any]:
    """The 0-dimensional data variables of a dataset as plain Python numbers (for ``--json``)."""
    out: dict[str, Any] = {}
    for name, var in dataset.data_vars.items():
        if var.ndim == 0:
            value = var.values.item()
            if isinstance(value, complex):
                value = {"real": value.real, "imag": value.imag}
            out[name] = value
    return out
