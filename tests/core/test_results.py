"""Results: provenance attrs, atomic NetCDF round trip, scalar extraction."""

import json
import os

import numpy as np
import pytest
import xarray as xr

from noneq._version import __version__
from noneq.core.results import (labelled, provenance, read_netcdf, scalar_results, write_netcdf,
                                write_text)


def _dataset():
    ds = xr.Dataset({
        "entropy": labelled(np.linspace(0, 1, 5), "step", "bit", "entropy"),
        "amplitude": labelled(np.exp(1j * np.arange(3)), "k", "1", "complex amplitude"),
        "mean": labelled(0.25, (), "bit", "mean entropy"),
    })
    ds.attrs.update(provenance("demo", {"kappa": 2.5, "j": np.float64(1.5), "steps": np.int64(20)}, seed=7))
    return ds


def test_provenance_records_version_parameters_seed_and_date():
    attrs = _dataset().attrs
    assert attrs["noneq_version"] == __version__
    assert json.loads(attrs["parameters"]) == {"kappa": 2.5, "j": 1.5, "steps": 20}
    assert attrs["seed"] == 7 and attrs["system"] == "demo" and attrs["created"].endswith("+00:00")


def test_netcdf_round_trip_preserves_values_units_and_attrs(tmp_path):
    ds = _dataset()
    path = write_netcdf(ds, tmp_path / "sub" / "run.nc")
    back = read_netcdf(path)
    xr.testing.assert_identical(back, ds)
    assert back.entropy.attrs["units"] == "bit"


def test_atomic_write_leaves_no_temporary_and_keeps_old_file_on_failure(tmp_path):
    target = tmp_path / "out.txt"
    write_text("old", target)

    class Boom(Exception):
        pass

    from noneq.core.results import atomic_write

    def failing_writer(tmp):
        tmp.write_text("partial")
        raise Boom

    with pytest.raises(Boom):
        atomic_write(target, failing_writer)
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_scalar_results_are_plain_numbers():
    assert scalar_results(_dataset()) == {"mean": 0.25}
