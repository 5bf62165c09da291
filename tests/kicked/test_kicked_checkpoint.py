"""Long runs that survive (issue 15, item 3): quantum runs checkpoint their state, basis sizes, step control and kick
index; a run killed at any checkpoint (kill -9 of a real `noneq run` included) resumes and ends bit for bit as an
uninterrupted one; a checkpoint of other parameters or another noneq version is refused; the progress bar counts
the kicks by their expected cost."""

import glob
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
from typer.testing import CliRunner

from noneq.cli import app
from noneq.core import checkpoint as checkpoint_module
from noneq.core.checkpoint import Checkpoint
from noneq.core.errors import NoneqInputError
from noneq.kicked import costs
from noneq.kicked.longrun import kick_progress
from noneq.kicked.model import KickedParticles
from noneq.kicked.single import evolve_single
from noneq.kicked.two_particle import evolve_two

SOURCE = str(Path(__file__).resolve().parents[2] / "src")
KILL_TIMEOUT = 300  # seconds for one subprocess run (2 busy cores)


class Killed(Exception):
    """Stands for SIGKILL in-process: raised right after the n-th checkpoint was written."""


def interrupted_after(monkeypatch, saves):
    """Make Checkpoint.save raise Killed after the ``saves``-th write (the file is complete by then)."""
    original, count = Checkpoint.save, [0]

    def save(self, arrays, record):
        original(self, arrays, record)
        count[0] += 1
        if count[0] == saves:
            raise Killed

    monkeypatch.setattr(Checkpoint, "save", save)


def same_bits(a, b):
    for name, value in vars(a).items():
        other = getattr(b, name)
        if isinstance(value, np.ndarray):
            assert value.tobytes() == other.tobytes() and value.shape == other.shape, name
        else:
            assert value == other, name


PAIR = dict(modes1=0, modes2=0, substeps=0, kicks=24)  # automatic S (pilot, mid-run at kick 12), growing basis
RERUN = dict(modes1=255, modes2=15, substeps=0, kicks=8)  # fails its end guard once: the rerun attempt


@pytest.mark.parametrize("case, saves", [("pair", 3), ("pair", 14), ("rerun", 11), ("single", 40)])
def test_a_run_killed_at_a_checkpoint_resumes_bit_for_bit(tmp_path, monkeypatch, case, saves):
    if case == "single":
        model, run = KickedParticles(K1=2.3, hbar_eff=0.037, noise_W=0.05), evolve_single
        arguments = dict(modes=0, kicks=80, samples=4, seed=7)
    else:
        model = (KickedParticles(m=0.01, hbar_eff=0.1) if case == "pair"
                 else KickedParticles(K1=5.0, m=0.01, coupling=6.0, hbar_eff=0.3))
        run, arguments = evolve_two, dict(PAIR if case == "pair" else RERUN)
    uninterrupted = run(model, **arguments)
    point = Checkpoint(tmp_path, "kicked-test", {"case": case}, first=0.0, interval=0.0)
    with monkeypatch.context() as patch:
        interrupted_after(patch, saves)
        with pytest.raises(Killed):
            run(model, **arguments, checkpoint=point)
    _, record = point.load()
    if case == "rerun":
        assert record["attempt"] == 1 and not record["automatic"]  # killed inside the rerun
    resumed = run(model, **arguments, checkpoint=Checkpoint(tmp_path, "kicked-test", {"case": case}))
    same_bits(resumed, uninterrupted)
    assert not point.path.exists()  # done: nothing left to resume


def noneq_command(settings, folder):
    args = [sys.executable, "-m", "noneq", "run", "kicked", "--checkpoint-dir", str(folder)]
    for name, value in settings.items():
        args += ["--set", f"{name}={value}"]
    return args


def checkpointed_kick(folder):
    """The kick index of the checkpoint in ``folder`` (-1 when there is none or it is being replaced)."""
    try:
        with np.load(glob.glob(str(folder / "*.npz"))[0]) as data:
            return json.loads(bytes(data["__noneq_checkpoint__"]).decode())["record"]["done"]
    except (IndexError, OSError, ValueError, KeyError):
        return -1


@pytest.mark.parametrize("settings", [
    dict(particles=2, hbar_eff=0.1, m=0.01, kicks=24),  # automatic S and basis, mid-run check at kick 12
    pytest.param(dict(particles=1, K1=2.3, hbar_eff=0.037, noise_W=0.05, samples=4, seed=3, kicks=150),
                 marks=pytest.mark.slow),  # ~15 s, mostly three interpreter starts; in-process above in the default
], ids=["pair", "single"])
def test_kill_9_of_a_real_run_then_the_same_command_ends_bit_for_bit(tmp_path, settings):
    env = dict(os.environ, PYTHONPATH=SOURCE, NONEQ_CHECKPOINT_FIRST="0", NONEQ_CHECKPOINT_INTERVAL="0")
    command = noneq_command(settings, tmp_path / "checkpoints")
    reference = tmp_path / "uninterrupted.nc"
    done = subprocess.run(command + ["--out", str(reference)], env=env, capture_output=True, timeout=KILL_TIMEOUT)
    assert done.returncode == 0, done.stderr[-500:]
    resumed = tmp_path / "resumed.nc"
    process = subprocess.Popen(command + ["--out", str(resumed)], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + KILL_TIMEOUT
    while checkpointed_kick(tmp_path / "checkpoints") < settings["kicks"] // 2 and process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert 0 < checkpointed_kick(tmp_path / "checkpoints") < settings["kicks"] and not resumed.exists()
    again = subprocess.run(command + ["--out", str(resumed)], env=env, capture_output=True, timeout=KILL_TIMEOUT)
    assert again.returncode == 0, again.stderr[-500:]
    with xr.open_dataset(reference) as a, xr.open_dataset(resumed) as b:
        assert set(a.variables) == set(b.variables)
        for name in a.variables:
            assert a[name].values.tobytes() == b[name].values.tobytes(), name
        assert {k: v for k, v in a.attrs.items() if k != "created"} == {k: v for k, v in b.attrs.items()
                                                                           if k != "created"}
    assert not glob.glob(str(tmp_path / "checkpoints" / "*"))


def leave_a_checkpoint(folder, monkeypatch, settings):
    """Run `noneq run kicked` in-process until its first checkpoint is written, then stop it there."""
    from noneq.kicked.system import SYSTEM

    with monkeypatch.context() as patch:
        patch.setenv("NONEQ_CHECKPOINT_FIRST", "0")
        interrupted_after(patch, 1)
        with pytest.raises(Killed):
            SYSTEM.execute(SYSTEM.resolve(settings), checkpoint_dir=folder)
    return glob.glob(str(folder / "*.npz"))


SMALL = dict(K1=2.3, hbar_eff=0.037, kicks=20)


def cli(settings, folder):
    args = ["run", "kicked", "--checkpoint-dir", str(folder), "--json"]
    for name, value in settings.items():
        args += ["--set", f"{name}={value}"]
    return CliRunner().invoke(app, args)


def test_a_checkpoint_of_other_parameters_is_refused_on_the_command_line(tmp_path, monkeypatch):
    [written] = leave_a_checkpoint(tmp_path, monkeypatch, SMALL)
    other = dict(SMALL, kicks=21)
    leave_a_checkpoint(tmp_path / "other", monkeypatch, other)
    [other_path] = glob.glob(str(tmp_path / "other" / "*.npz"))
    os.replace(written, Path(tmp_path / "other") / Path(other_path).name)  # a file put in another run's place
    result = cli(other, tmp_path / "other")
    assert result.exit_code == 2 and "belongs to another computation" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_checkpoint_of_another_noneq_version_is_refused_on_the_command_line(tmp_path, monkeypatch):
    monkeypatch.setattr(checkpoint_module, "__version__", "0.0.0-old")
    leave_a_checkpoint(tmp_path, monkeypatch, SMALL)
    monkeypatch.undo()
    result = cli(SMALL, tmp_path)
    assert result.exit_code == 2 and "written by noneq 0.0.0-old" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_checkpoint_of_another_kind_of_run_is_refused(tmp_path):
    point = Checkpoint(tmp_path, "kicked-test", {}, first=0.0)
    point.save({"c": np.zeros((1, 3))}, {"kind": "two-particle", "done": 1})
    with pytest.raises(NoneqInputError, match="does not hold a single-particle run"):
        evolve_single(KickedParticles(), 0, 5, checkpoint=point)


class Recorder:
    """A Progress that records each task's total and advances."""

    def __init__(self):
        self.tasks = []

    def task(self, description, total):
        import contextlib

        advances = []
        self.tasks.append((description, total, advances))

        def advance(n=1, status=None):
            if n:  # status-only updates (the plain kick count) move nothing
                advances.append(n)

        return contextlib.nullcontext(advance)


def test_progress_counts_kicks_weighted_by_their_expected_cost():
    model = KickedParticles(hbar_eff=0.05)
    weights = costs.pair_kick_weights(model, 100, (107, 15), (2699, 31), (True, True))
    assert weights[-1] > 2 * weights[0]  # the basis is expected to grow
    recorder = Recorder()
    with kick_progress(recorder, "run", weights, done=40) as at:
        for n in range(41, 101):
            at(n)
    _, total, advances = recorder.tasks[0]
    assert total == 100 and sum(advances) == pytest.approx(100.0) and min(advances) > 0
    assert advances[0] == pytest.approx(100 * weights[:40].sum() / weights.sum())  # resumed at kick 40
    assert advances[-1] > advances[1]  # late kicks count more


def test_runs_show_one_task_over_their_kicks():
    recorder = Recorder()
    evolve_single(KickedParticles(hbar_eff=0.2), 0, 6, progress=recorder)
    evolve_two(KickedParticles(m=0.1, hbar_eff=0.3), modes1=0, modes2=0, substeps=40, kicks=3, progress=recorder)
    assert [total for _, total, _ in recorder.tasks] == [6, 3]
    assert all(sum(advances) == pytest.approx(total) for _, total, advances in recorder.tasks)


def test_reproduction_points_checkpoint_in_the_context_folder_and_resume(tmp_path, monkeypatch):
    import pickle

    from noneq.kicked.paper import runs
    from noneq.reproduce.context import RunContext

    point = runs.pair_point(RunContext(scratch=tmp_path))
    assert point.keywords["checkpoint_dir"] == str(tmp_path / "checkpoints")
    assert pickle.loads(pickle.dumps(point)).func is runs.coupled_point  # a sweep sends it to worker processes
    arguments = dict(m=0.1, hbar_eff=0.3, kicks=6, substeps=60, momentum_max=4.0, profile_bin=0.5)
    uninterrupted = runs.coupled_point(**arguments)
    monkeypatch.setenv("NONEQ_CHECKPOINT_FIRST", "0")
    monkeypatch.setenv("NONEQ_CHECKPOINT_INTERVAL", "0")
    with monkeypatch.context() as patch:
        interrupted_after(patch, 3)
        with pytest.raises(Killed):
            point(**arguments)
    assert len(glob.glob(str(tmp_path / "checkpoints" / "kicked-pair-*.npz"))) == 1
    resumed = point(**arguments)
    for name in uninterrupted.variables:
        assert uninterrupted[name].values.tobytes() == resumed[name].values.tobytes(), name
    assert not glob.glob(str(tmp_path / "checkpoints" / "*.npz"))
