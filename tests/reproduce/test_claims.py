"""The claim verdict logic and the reproduction runner, on a toy system with no physics."""

import json

import numpy as np
import pytest
import xarray as xr

from noneq.core.params import Parameter
from noneq.core.system import System
from noneq.reproduce import Claim, Experiment, judge, reproduce_system
from noneq.reproduce.figures import pyplot


def test_verdicts():
    base = dict(paper=1.0, measured=1.0, criterion="equal")
    assert judge("a", "s", agrees=True, **base).verdict == "reproduced"
    assert judge("a", "s", agrees=False, explanation="known finite-size effect", **base).verdict == "differs"
    assert judge("a", "s", agrees=False, **base).verdict == "failed"
    assert judge("a", "s", agrees=True, consistent=False, **base).verdict == "failed"


def test_differs_requires_explanation_and_verdict_is_checked():
    with pytest.raises(ValueError, match="explanation"):
        Claim("a", "s", 1, 2, "c", "differs")
    with pytest.raises(ValueError, match="verdict"):
        Claim("a", "s", 1, 2, "c", "maybe")


def _toy_system(agrees: bool) -> tuple[System, tuple[Experiment, ...]]:
    def compute(context):
        n = 3 if context.quick else 10
        with context.progress.task("toy", n) as advance:
            advance(n)
        return {"line": xr.Dataset({"y": ("x", np.arange(n) ** 2.0)}, coords={"x": np.arange(n)})}

    def plot(data):
        plt = pyplot()
        fig, ax = plt.subplots()
        ax.plot(data["line"].x, data["line"].y)
        return {"toy_figure": fig}

    def claims(data):
        return [judge("toy-claim", "y grows", paper="grows", measured=float(data["line"].y[-1]),
                      criterion="last > 0", agrees=agrees)]

    return (System("toy", "Toy", "none", (Parameter("a", 1.0, "1", "a"),), (), lambda a: None),
            (Experiment("line", "a line", compute, plot, claims),))


def test_runner_writes_data_figures_and_claims(tmp_path):
    result = reproduce_system(*_toy_system(True), tmp_path, quick=True)
    folder = tmp_path / "toy"
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["claims.json", "line__line.nc", "run.json", "toy_figure.pdf", "toy_figure.png"]
    claims = json.loads((folder / "claims.json").read_text())
    assert claims[0]["id"] == "toy-claim" and claims[0]["measured"] == 4.0
    assert set(claims[0]) >= {"id", "statement", "paper", "measured", "verdict", "explanation"}
    assert (folder / "toy_figure.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    run = json.loads((folder / "run.json").read_text())
    assert run["mode"] == "quick" and run["experiments"][0]["name"] == "line"
    assert not result.failed


def test_runner_reports_failed_claims(tmp_path):
    assert reproduce_system(*_toy_system(False), tmp_path).failed


def _sweeping_system() -> tuple[System, tuple[Experiment, ...]]:
    from noneq.sweep.demo import demo_point

    def compute(context):
        ds = context.sweep("grid", demo_point, {"x": [1.0, 2.0, 3.0]}, root_seed=3, seed_parameter="seed")
        return {"grid": ds}

    return (System("sweepy", "Sweepy", "none", (), (), lambda: None),
            (Experiment("grid", "a grid", compute, lambda data: {}, lambda data: []),))


def test_experiment_grids_resume_from_an_interrupted_run(tmp_path, monkeypatch):
    from noneq.sweep import Grid, run_sweep
    from noneq.sweep.demo import demo_point

    # an interrupted earlier run left two finished points in the experiment's scratch store
    scratch = tmp_path / "sweepy" / ".sweeps" / "full" / "grid" / "grid"
    run_sweep(demo_point, Grid((("x", (1.0, 2.0, 3.0)),)), store=scratch, root_seed=3, seed_parameter="seed",
              label="grid")
    (scratch / "points" / "point-000001.nc").unlink()
    markers = tmp_path / "markers"
    markers.mkdir()
    monkeypatch.setenv("NONEQ_SWEEP_MARKERS", str(markers))
    reproduce_system(*_sweeping_system(), tmp_path)
    assert [p.name.split("_")[0] for p in markers.iterdir()] == ["2.0"]  # only the missing point ran
    assert not (tmp_path / "sweepy" / ".sweeps" / "full" / "grid").exists()  # scratch removed when done
    data = xr.open_dataset(tmp_path / "sweepy" / "grid__grid.nc", engine="h5netcdf")
    assert list(data.x.values) == [1.0, 2.0, 3.0]
    data.close()


def test_claim_table_keeps_bracketed_text():
    from rich.console import Console

    from noneq.reproduce.table import claim_table

    claim = judge("range", "values in [0, 1]", paper="[bold]x", measured=[0.5, 0.7], criterion="within [0, 1]",
                  agrees=True)
    console = Console(record=True, width=200)
    console.print(claim_table([claim]))
    text = console.export_text()
    assert "values in [0, 1]" in text and "within [0, 1]" in text and "[bold]x" in text and "[0.5, 0.7]" in text


def test_verdicts_carry_the_evidence_they_require():
    from noneq.reproduce.claim import verdict_counts
    from noneq.reproduce.table import summary_line

    common = dict(paper=1.0, measured=2.0, criterion="within 1%", agrees=False)
    corrected = judge("a", "s", **common, explanation="the paper's eq. 3 drops a sign",
                      correction="docs/papers/" + "toy.md#eq-3",  # made up: only the form is checked
                      test="tests/toy/test_toy.py::test_eq3")
    reduced = judge("b", "s", **common, explanation="100 kicks instead of 500", reduced=True)
    differs = judge("c", "s", **common, explanation="assumed W = 0.01")
    failed = judge("d", "s", **common)
    inconsistent = judge("e", "s", paper=1.0, measured=1.0, criterion="=", agrees=True, consistent=False)
    assert [c.verdict for c in (corrected, reduced, differs, failed, inconsistent)] == [
        "paper-corrected", "reduced-size", "differs", "failed", "failed"]
    with pytest.raises(ValueError, match="cites its derivation"):
        Claim("x", "s", 1, 2, "c", "paper-corrected", explanation="why", correction="elsewhere.md", test="t")
    with pytest.raises(ValueError, match="needs an explanation"):
        Claim("x", "s", 1, 2, "c", "reduced-size")
    claims = [corrected, reduced, differs, failed, inconsistent]
    assert verdict_counts(claims) == {"reproduced": 0, "paper-corrected": 1, "reduced-size": 1, "differs": 1,
                                      "failed": 2}
    assert summary_line(claims) == "1 paper-corrected, 1 reduced-size, 1 differs, 2 failed"
    assert summary_line([]) == "0 failed"
