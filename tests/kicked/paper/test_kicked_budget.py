"""The kicked reproduction's profiles and their projected wall time (`noneq.kicked.paper.budget`,
`noneq.reproduce.projection`): the paper profile's sizes are the paper's, every run of it passes the system's
validation and refusal without running, and the projection is the cost model's per-run estimates."""

import pytest

from noneq.core import resources
from noneq.kicked import system
from noneq.kicked.paper import budget, fig1, fig2, fig3a, fig3bc, fig4, fig5, runs
from noneq.reproduce import paper_experiments
from noneq.reproduce.projection import projected_seconds, projected_wall_seconds

PAPER_KICKS = 500  # the paper's t_f (Figs. 1-4)
PAPER_REALIZATIONS = 50  # the paper's noise realizations (Fig. 3)
PAPER_TRAJECTORIES = 10_000  # the paper's classical ensemble
SMALLEST_HBAR = 0.01  # Fig. 2's smallest hbar_eff, for m = 0.001 and m = 0.01
NIGHT_SECONDS = 10 * 3600.0  # "a night on 2 cores": Fig. 5's paper size must be projected within it
WORKERS = 2
PAPER_MACHINE_MEMORY = 16 * 2 ** 30  # the paper profile must fit a 16 GiB machine, whatever machine runs the test


@pytest.fixture(autouse=True)
def paper_machine(monkeypatch):
    """The memory refusal judged for PAPER_MACHINE_MEMORY, not for the machine that runs the tests."""
    monkeypatch.setattr(resources, "available_memory", lambda: PAPER_MACHINE_MEMORY)


def plans(profile):
    return {"fig1": fig1.plan_fig1(profile), "fig2": fig2.plan_fig2(profile), "fig3a": fig3a.plan_fig3(profile),
            "fig3bc": fig3bc.plan_fig3bc(profile), "fig4": fig4.plan_fig4(profile), "fig5": fig5.plan_fig5(profile)}


def test_paper_profile_has_the_papers_sizes():
    size = runs.TRANSITION_SIZES["paper"]
    assert size["kicks"] == PAPER_KICKS and size["classical_samples"] == PAPER_TRAJECTORIES
    assert set(size["grid"]) == {0.001, 0.01}
    assert all(min(grid) == SMALLEST_HBAR for grid in size["grid"].values())
    assert fig3bc.SAMPLES["paper"] == fig3a.SIZES["paper"]["samples"] == PAPER_REALIZATIONS
    assert fig3a.SIZES["paper"]["kicks"] == fig1.SIZES["paper"]["kicks"] == PAPER_KICKS
    assert fig1.SIZES["paper"]["samples"] == PAPER_TRAJECTORIES
    assert fig5.HBAR["paper"] < fig5.HBAR["full"]


def test_every_paper_run_passes_validation_and_runs_at_the_papers_sizes():
    plan = plans("paper")
    quantum = [v for name in ("fig2", "fig4") for v in plan[name] if v["dynamics"] == "quantum"]
    assert {v["kicks"] for v in quantum} | {v["kicks"] for v in plan["fig3bc"]} == {PAPER_KICKS}
    for mass in (0.001, 0.01):
        assert min(v["hbar_eff"] for v in quantum if v.get("m") == mass and v["particles"] == 2) == SMALLEST_HBAR
    assert {v["samples"] for v in plan["fig3bc"]} == {PAPER_REALIZATIONS}
    for name, runs_of in plan.items():
        estimates = budget.seconds(runs_of)  # validates each: refused runs raise NoneqInputError
        assert len(estimates) == len(runs_of) and all(s > 0.0 for s in estimates), name
    fig5_seconds = budget.seconds(plan["fig5"])
    assert projected_wall_seconds(fig5_seconds, WORKERS) < NIGHT_SECONDS


@pytest.mark.parametrize("profile", ["quick", "full", "paper"])
def test_projection_is_the_cost_model_summed_over_workers(profile):
    experiments = paper_experiments("kicked")
    projected = projected_seconds(experiments, profile, WORKERS)
    assert list(projected) == [e.name for e in experiments]
    for name, plan in plans(profile).items():
        seconds = [system.estimate(system.SYSTEM.resolve(dict(v))).seconds for v in plan]
        assert projected[name] == pytest.approx(max(sum(seconds) / WORKERS, max(seconds)), rel=1e-12)


def test_profiles_grow():
    experiments = paper_experiments("kicked")
    totals = [sum(projected_seconds(experiments, p, WORKERS).values()) for p in ("quick", "full", "paper")]
    assert totals[0] < totals[1] < totals[2]


def as_plan(name, p):
    """The budget entry of a recorded sweep point (the same parameters, written as `noneq run kicked` ones)."""
    if name == "seeded_dc_point":
        return budget.classical_pair(m=p["m"], coupling=p["coupling"], kicks=p["kicks"], samples=p["samples"])
    if name == "coupled_point":
        return budget.pair(m=p["m"], hbar_eff=p["hbar_eff"], kicks=p["kicks"], substeps=p["substeps"],
                           coupling=p["coupling"], K1=p["K1"], K2=p.get("K2", 0.0), mode_margin=p["mode_margin"],
                           modes2_margin=p.get("modes2_margin", 0.0))
    if name == "uncoupled_point":
        return budget.single(hbar_eff=p["hbar_eff"], kicks=p["kicks"], mode_margin=p["mode_margin"], K=p["K1"])
    if name == "random_kick_point":
        return budget.single(hbar_eff=p["hbar_eff"], kicks=p["kicks"], mode_margin=p.get("mode_margin", 2.0),
                             K=p["K"], noise_W=p["noise_W"], samples=p["samples"])
    if name == "noise_point":
        return budget.single(hbar_eff=fig3a.HBAR, kicks=p["kicks"], mode_margin=system.AUTO_MODE_MARGIN, K=fig3a.K,
                             noise_W=p["noise_W"], samples=p["samples"])
    raise AssertionError(f"a sweep point function the budget does not know: {name}")


def frozen(values):
    return tuple(sorted(values.items()))


def test_plans_list_exactly_the_sweep_points_the_experiments_run(kicked_quick):
    """The points each quick experiment ran (recorded by tests/kicked/paper/conftest.py; shared runs counted by the
    first experiment that computes them) are its plan's."""
    plan = plans("quick")
    direct = {"fig1": 1, "fig2": 1, "fig3a": 1}  # runs called directly, not swept (classical references)
    _, points = kicked_quick
    assert list(points) == [e.name for e in paper_experiments("kicked")]
    for experiment in paper_experiments("kicked"):
        recorded = sorted(frozen(as_plan(name, p)) for name, p in points[experiment.name])
        planned = sorted(frozen(v) for v in plan[experiment.name])
        assert set(recorded) <= set(planned), experiment.name
        assert len(planned) - len(recorded) == direct.get(experiment.name, 0), experiment.name
