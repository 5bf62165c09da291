"""Every claim of the Otto reproduction pinned to its verdict (quick sizes in the default run, full sizes opt-in),
and the experiments' outputs: datasets labelled, figures drawn. Each quick experiment is computed once."""

import pytest

from noneq.otto.paper.fig2 import JOINT_OPTIMUM_CORRECTION
from noneq.reproduce import paper_experiments
from noneq.reproduce.context import RunContext
from noneq.reproduce.figures import pyplot
from claim_evidence import missing_evidence  # tests/claim_evidence.py

QUICK = {
    "cooling-condition": "reproduced",
    "equal-times": "reproduced",
    "eps-star-near-ca": "reproduced",
    "eps-star-below-plus": "reproduced",
    "high-temperature-eps-plus": "reproduced",
    "joint-optimum-high-temperature": "paper-corrected",  # the joint optimum never reaches beta w << 1
    "low-temperature": "reproduced",
    "invariance": "reproduced",
    "second-law": "reproduced",
    "tight-coupling": "reproduced",
    "lit-bound": "reproduced",
    "engine-small-eta": "reproduced",
    "engine-bounds": "reproduced",
    "nlevel-two-level-limit": "reproduced",
    "nlevel-window": "reproduced",
    "mc-mean-q_c": "reproduced",
    "mc-mean-q_h": "reproduced",
    "mc-mean-work": "reproduced",
    "integral-fluctuation-theorem": "reproduced",
    "friction-slow-limit": "reproduced",
    "friction-commuting": "reproduced",
    "friction-extra-work": "reproduced",
}
FULL = dict(QUICK)  # full sizes (noneq reproduce otto, --run-slow here): the same 22 verdicts

EXPERIMENTS = paper_experiments("otto")


@pytest.fixture(scope="module")
def quick_data():
    """{experiment name: the data of its quick run}, computed once for this module."""
    context = RunContext(quick=True)
    return {experiment.name: experiment.compute(context) for experiment in EXPERIMENTS}


def _verdicts(data_by_name) -> dict[str, str]:
    verdicts = {}
    for experiment in EXPERIMENTS:
        for claim in experiment.claims(data_by_name[experiment.name]):
            assert claim.id not in verdicts, f"claim id {claim.id!r} made twice"
            verdicts[claim.id] = claim.verdict
    return verdicts


def test_quick_claims_have_the_pinned_verdicts(quick_data):
    assert _verdicts(quick_data) == QUICK


def test_cited_corrections_and_tests_exist(quick_data):
    """The paper-corrected claim cites a heading of docs/papers/otto.md and a test function that exist."""
    claims = [c for e in EXPERIMENTS for c in e.claims(quick_data[e.name])]
    assert {(c.correction, c.test) for c in claims if c.verdict == "paper-corrected"} == {JOINT_OPTIMUM_CORRECTION}
    assert not missing_evidence(claims)


@pytest.mark.parametrize("experiment", EXPERIMENTS, ids=lambda e: e.name)
def test_datasets_are_labelled_and_figures_drawn(experiment, quick_data):
    data = quick_data[experiment.name]
    for ds in data.values():
        assert "noneq_version" in ds.attrs and "seed" in ds.attrs
        for name, var in ds.data_vars.items():
            assert "units" in var.attrs and "long_name" in var.attrs, name
    figures = experiment.plot(data)
    assert figures
    for figure in figures.values():
        assert figure.axes
        pyplot().close(figure)


@pytest.mark.slow
def test_full_claims_have_the_pinned_verdicts():
    context = RunContext(quick=False)
    assert _verdicts({e.name: e.compute(context) for e in EXPERIMENTS}) == FULL
