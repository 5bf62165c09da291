"""The kicked reproduction's claims, pinned: every claim id and verdict of the quick experiments (default run,
computed once per module and reused for the figure and dataset checks) and of the full ones (opt-in, slow)."""

import re
from pathlib import Path

import pytest

from noneq.kicked.paper import EXPERIMENTS
from noneq.reproduce.context import RunContext
from noneq.reproduce.figures import pyplot

QUICK = {
    "fig1-dc-falls-with-m": "reduced-size",
    "fig1-dc-saturates-at-unperturbed": "reproduced",
    "fig1-dc-light": "reduced-size",
    "fig2-classical-small-hbar": "reproduced",
    "fig2-localized-large-hbar": "reduced-size",
    "fig2-uncoupled-localized": "reduced-size",
    "fig2-profile-exponential": "reduced-size",
    "fig2-profile-gaussian": "reproduced",
    "fig2-profile-shape-changes": "reduced-size",
    "fig3a-noise-restores-diffusion": "reproduced",
    "fig3a-classical-at-largest-W": "reproduced",
    "fig3b-transition-with-hbar": "reproduced",
    "fig3b-classical-small-hbar": "reproduced",
    "fig3c-random-kicks-match-pair": "differs",
    "fig4-exponential-decay": "reduced-size",
    "fig4-saturation": "reduced-size",
    "fig4-alpha-grows-as-m-falls": "reduced-size",
    "fig4-thresholds-ordered": "reduced-size",
    "fig5-power-law-weak-K2": "reproduced",
    "fig5-exponential-strong-K2": "reproduced",
    "fig5-rate-independent-of-K2": "reduced-size",
}

FULL = {
    "fig1-dc-falls-with-m": "reproduced",
    "fig1-dc-saturates-at-unperturbed": "reproduced",
    "fig1-dc-light": "reproduced",
    "fig2-classical-small-hbar": "reproduced",
    "fig2-localized-large-hbar": "reduced-size",
    "fig2-uncoupled-localized": "reproduced",
    "fig2-profile-exponential": "reproduced",
    "fig2-profile-gaussian": "differs",
    "fig2-profile-shape-changes": "reproduced",
    "fig3a-noise-restores-diffusion": "reproduced",
    "fig3a-classical-at-largest-W": "reproduced",
    "fig3b-transition-with-hbar": "reproduced",
    "fig3b-classical-small-hbar": "differs",
    "fig3c-random-kicks-match-pair": "differs",
    "fig4-exponential-decay": "reproduced",
    "fig4-saturation": "reduced-size",
    "fig4-alpha-grows-as-m-falls": "reduced-size",
    "fig4-thresholds-ordered": "reproduced",
    "fig5-power-law-weak-K2": "reproduced",
    "fig5-exponential-strong-K2": "reduced-size",
    "fig5-rate-independent-of-K2": "reduced-size",
}


def compute(quick: bool) -> dict:
    """Every experiment's data, in order (the shared runs of `noneq.kicked.paper.runs` are computed once)."""
    context = RunContext(quick=quick)
    return {experiment.name: experiment.compute(context) for experiment in EXPERIMENTS}


def verdicts(data: dict) -> dict[str, str]:
    return {claim.id: claim.verdict for experiment in EXPERIMENTS for claim in experiment.claims(data[experiment.name])}


@pytest.fixture(scope="module")
def quick_data():
    return compute(quick=True)


def test_experiments_in_paper_order():
    assert [e.name for e in EXPERIMENTS] == ["fig1", "fig2", "fig3a", "fig3bc", "fig4", "fig5"]


def test_quick_verdicts_are_pinned(quick_data):
    assert verdicts(quick_data) == QUICK


def slug(heading: str) -> str:
    """GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def test_cited_corrections_and_tests_exist(quick_data):
    root = Path(__file__).resolve().parents[3]
    for experiment in EXPERIMENTS:
        for claim in experiment.claims(quick_data[experiment.name]):
            if claim.verdict in ("reduced-size", "differs"):
                assert claim.explanation.strip(), claim.id
            if claim.correction:
                path, _, anchor = claim.correction.partition("#")
                headings = [line.lstrip("#").strip() for line in (root / path).read_text().splitlines()
                            if line.startswith("#")]
                assert anchor in {slug(h) for h in headings}, claim.correction
            if claim.test:
                path, _, name = claim.test.partition("::")
                assert f"def {name}(" in (root / path).read_text(), claim.test


def test_quick_figures_are_drawn(quick_data):
    for experiment in EXPERIMENTS:
        figures = experiment.plot(quick_data[experiment.name])
        assert figures and all(hasattr(figure, "savefig") for figure in figures.values()), experiment.name
        for figure in figures.values():
            pyplot().close(figure)


def test_quick_datasets_are_labelled(quick_data):
    for name, data in quick_data.items():
        for key, ds in data.items():
            assert ds.attrs["system"] == "kicked" and "parameters" in ds.attrs, (name, key)
            unlabelled = [v for v in ds.data_vars if not {"units", "long_name"} <= set(ds[v].attrs)]
            assert not unlabelled, (name, key, unlabelled)


@pytest.mark.slow
def test_full_verdicts_are_pinned():
    assert verdicts(compute(quick=False)) == FULL
