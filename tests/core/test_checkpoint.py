"""Checkpoints: atomic round trip, refusal of another computation's or version's file, damaged files, timing."""

import numpy as np
import pytest

from noneq.core import checkpoint as checkpoint_module
from noneq.core.checkpoint import Checkpoint, default_directory
from noneq.core.errors import NoneqInputError, NoneqWarning
from noneq.core.params import Parameter
from noneq.core.system import System


def test_round_trip_is_bit_exact(tmp_path):
    rng = np.random.default_rng(5)
    psi = rng.normal(size=(7, 3)) + 1j * rng.normal(size=(7, 3))
    point = Checkpoint(tmp_path, "kicked", {"kicks": 500, "hbar_eff": 0.01})
    point.save({"psi": psi, "sizes": np.array([7, 3])}, {"kick": 250, "rng": rng.bit_generator.state})
    arrays, record = Checkpoint(tmp_path, "kicked", {"hbar_eff": 0.01, "kicks": 500}).load()
    assert arrays["psi"].tobytes() == psi.tobytes() and arrays["psi"].dtype == psi.dtype
    restored = np.random.default_rng()
    restored.bit_generator.state = record["rng"]
    assert record["kick"] == 250 and restored.normal() == rng.normal()
    point.remove()
    assert point.load() is None


def test_another_computation_or_version_is_refused(tmp_path, monkeypatch):
    point = Checkpoint(tmp_path, "kicked", {"kicks": 500})
    point.save({"x": np.zeros(2)}, {})
    other = Checkpoint(tmp_path, "kicked", {"kicks": 501})
    assert other.path != point.path and other.load() is None  # another computation has another file
    other.path = point.path  # a file renamed by hand
    with pytest.raises(NoneqInputError, match="belongs to another computation"):
        other.load()
    monkeypatch.setattr(checkpoint_module, "__version__", "9.9.9")
    with pytest.raises(NoneqInputError, match="written by noneq .*, this is noneq 9.9.9"):
        point.load()


def test_a_damaged_checkpoint_is_reported_and_ignored(tmp_path):
    point = Checkpoint(tmp_path, "kicked", {"kicks": 500})
    point.save({"x": np.zeros(2)}, {})
    point.path.write_bytes(point.path.read_bytes()[:40])
    with pytest.warns(NoneqWarning, match="unreadable"):
        assert point.load() is None


def test_due_after_first_then_every_interval(tmp_path, monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(checkpoint_module.time, "monotonic", lambda: clock[0])
    point = Checkpoint(tmp_path, "s", {}, first=60.0, interval=180.0)
    assert not point.due()
    clock[0] += 60.0
    assert point.due()
    point.save({}, {})
    clock[0] += 179.0
    assert not point.due()
    clock[0] += 1.0
    assert point.due()
    assert not Checkpoint.disabled().due()


def test_an_unwritable_directory_disables_checkpoints_with_a_warning(tmp_path):
    (tmp_path / "file").write_text("x")
    point = Checkpoint(tmp_path / "file", "s", {})
    with pytest.warns(NoneqWarning, match="cannot write checkpoint"):
        point.save({"x": np.zeros(1)}, {})
    assert not point.enabled and not point.due()


def test_default_directory_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("NONEQ_CHECKPOINT_DIR", str(tmp_path))
    assert default_directory() == tmp_path
    monkeypatch.delenv("NONEQ_CHECKPOINT_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert default_directory() == tmp_path / "cache" / "noneq" / "checkpoints"


def _toy_run(*, a, progress, checkpoint):
    import xarray as xr

    assert checkpoint.identity == {"system": "toy", "parameters": {"a": a}}
    return xr.Dataset({"a": ((), a)})


def test_systems_that_checkpoint_receive_their_checkpoint(tmp_path):
    system = System("toy", "Toy", "none", (Parameter("a", 1.0, "1", "a"),), (), _toy_run, checkpoints=True)
    assert float(system.execute({"a": 2.0}, checkpoint_dir=tmp_path).a) == 2.0


def test_times_follow_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("NONEQ_CHECKPOINT_FIRST", "0")
    monkeypatch.setenv("NONEQ_CHECKPOINT_INTERVAL", "0.5")
    point = Checkpoint(tmp_path, "s", {})
    assert (point.first, point.interval) == (0.0, 0.5) and point.due()
    assert Checkpoint(tmp_path, "s", {}, first=60.0).first == 60.0  # an explicit value wins
    monkeypatch.setenv("NONEQ_CHECKPOINT_FIRST", "soon")
    with pytest.warns(NoneqWarning, match="NONEQ_CHECKPOINT_FIRST"):
        assert Checkpoint(tmp_path, "s", {}).first == checkpoint_module.CHECKPOINT_FIRST_SECONDS
    monkeypatch.delenv("NONEQ_CHECKPOINT_FIRST")
    monkeypatch.delenv("NONEQ_CHECKPOINT_INTERVAL")
    assert checkpoint_module.default_times() == (checkpoint_module.CHECKPOINT_FIRST_SECONDS,
                                                 checkpoint_module.CHECKPOINT_INTERVAL_SECONDS)
