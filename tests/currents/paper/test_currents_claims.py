"""Every claim of the currents reproduction pinned to its verdict (quick sizes in the default run, full sizes
opt-in), and the experiments' outputs: datasets labelled, figures drawn. Each quick experiment is computed once.

The paper's wrong statements come out 'paper-corrected' (citing the derivation in docs/papers/currents.md and
the test of the corrected form, both checked to exist), never 'failed'."""

import pytest

from noneq.currents.paper.common import APPENDIX_A_CORRECTION, EQ37_CORRECTION, EQ38_CORRECTION
from noneq.reproduce import paper_experiments
from noneq.reproduce.context import RunContext
from noneq.reproduce.figures import pyplot
from claim_evidence import missing_evidence  # tests/claim_evidence.py

QUICK = {
    "eq37-mean": "paper-corrected",  # eq. (37) is wrong: <Q(t)> = (rho_a - rho_b) sqrt(t / pi)
    "mean-lattice-continuum": "reproduced",
    "eq38-annealed": "reproduced",
    "eq38-quenched-label": "paper-corrected",  # the quenched covariance is not eq. (38)
    "cumulants-3-4": "reproduced",
    "final-time-dg": "reproduced",
    "eq26-symmetry": "reproduced",
    "eq27-28-even": "reproduced",
    "appendix-a": "paper-corrected",  # Appendix A is first order in lambda only
    "eq49-sep": "reproduced",
    "eq48-sep": "reproduced",
    "equal-time-ratio": "reproduced",
    "dg-step-variance": "reproduced",
    "dg-step-variance-quenched": "reproduced",
    "finite-time-step": "reduced-size",  # the paper's large-t statement at t = 15: O(t^-1/2) corrections
    "mft-solver-walkers": "reproduced",
    "mft-sep-finite-lambda": "reproduced",
    "mft-eq49": "reproduced",
    "mft-eq48": "reproduced",
    "mft-dg-step": "reproduced",
    "mft-lattice-step-annealed": "reproduced",
    "mft-lattice-step-quenched": "reproduced",
}
FULL = {  # full sizes (noneq reproduce currents): the same verdicts
    "eq37-mean": "paper-corrected",
    "mean-lattice-continuum": "reproduced",
    "eq38-annealed": "reproduced",
    "eq38-quenched-label": "paper-corrected",
    "cumulants-3-4": "reproduced",
    "final-time-dg": "reproduced",
    "eq26-symmetry": "reproduced",
    "eq27-28-even": "reproduced",
    "appendix-a": "paper-corrected",
    "eq49-sep": "reproduced",
    "eq48-sep": "reproduced",
    "equal-time-ratio": "reproduced",
    "dg-step-variance": "reproduced",
    "dg-step-variance-quenched": "reproduced",
    "finite-time-step": "reduced-size",
    "mft-solver-walkers": "reproduced",
    "mft-sep-finite-lambda": "reproduced",
    "mft-eq49": "reproduced",
    "mft-eq48": "reproduced",
    "mft-dg-step": "reproduced",
    "mft-lattice-step-annealed": "reproduced",
    "mft-lattice-step-quenched": "reproduced",
}

EXPERIMENTS = paper_experiments("currents")


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
            assert claim.verdict != "differs" or claim.explanation, claim.id
            verdicts[claim.id] = claim.verdict
    return verdicts


def test_quick_claims_have_the_pinned_verdicts(quick_data):
    assert _verdicts(quick_data) == QUICK


def test_cited_corrections_and_tests_exist(quick_data):
    """Every paper-corrected claim cites a heading of docs/papers/currents.md and a test function that exist."""
    claims = [c for e in EXPERIMENTS for c in e.claims(quick_data[e.name])]
    cited = {(c.correction, c.test) for c in claims if c.verdict == "paper-corrected"}
    assert cited == {EQ37_CORRECTION, EQ38_CORRECTION, APPENDIX_A_CORRECTION}
    assert not missing_evidence(claims)


def test_datasets_are_labelled(quick_data):
    for name, data in quick_data.items():
        for key, ds in data.items():
            assert ds.attrs.get("system") == "currents", (name, key)
            for variable in ds.data_vars.values():
                assert variable.attrs.get("units") is not None and variable.attrs.get("long_name"), \
                    (name, key, variable.name)


def test_figures_are_drawn(quick_data):
    plt = pyplot()
    for experiment in EXPERIMENTS:
        figures = experiment.plot(quick_data[experiment.name])
        assert figures, experiment.name
        for figure in figures.values():
            assert figure.axes and all(ax.has_data() for ax in figure.axes), experiment.name
            plt.close(figure)


@pytest.mark.slow
def test_full_claims_have_the_pinned_verdicts():
    context = RunContext(quick=False)
    assert _verdicts({e.name: e.compute(context) for e in EXPERIMENTS}) == FULL
