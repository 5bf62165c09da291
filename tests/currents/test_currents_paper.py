"""Reproduction experiments: claims come out with the expected verdicts (quick sizes)."""

import pytest

from noneq.currents.paper import EXPERIMENTS
from noneq.reproduce.context import RunContext

EXPECTED = {  # claim id -> verdict: the draft's wrong statements must come out 'differs', never 'failed'
    "eq37-mean": "differs", "mean-lattice-continuum": "reproduced", "eq38-annealed": "reproduced",
    "eq38-quenched-label": "differs", "cumulants-3-4": "reproduced", "final-time-dg": "reproduced",
    "eq49-sep": "reproduced", "eq48-sep": "reproduced", "equal-time-ratio": "reproduced",
    "dg-step-variance": "reproduced", "dg-step-variance-quenched": "reproduced", "finite-time-step": "differs",
    "eq26-symmetry": "reproduced",
    "eq27-28-even": "reproduced", "appendix-a": "differs",
    "mft-solver-walkers": "reproduced", "mft-sep-finite-lambda": "reproduced", "mft-eq49": "reproduced",
    "mft-eq48": "reproduced", "mft-dg-step": "reproduced", "mft-lattice-step-annealed": "reproduced",
    "mft-lattice-step-quenched": "reproduced",
}


@pytest.mark.parametrize("experiment", EXPERIMENTS, ids=lambda e: e.name)
def test_quick_claims_have_expected_verdicts(experiment):
    data = experiment.compute(RunContext(quick=True))
    for claim in experiment.claims(data):
        assert claim.verdict == EXPECTED[claim.id], (claim.id, claim.explanation, claim.criterion)
