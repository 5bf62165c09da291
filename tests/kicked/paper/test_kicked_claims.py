"""Every claim of the kicked reproduction pinned to its verdict (quick sizes in the default run, full sizes
opt-in), with the checks every reproduction gets (tests/paper_checks.py)."""

import pytest

from noneq.reproduce import paper_experiments
from paper_checks import claim_tests  # tests/paper_checks.py

QUICK = {
    "fig1-dc-falls-with-m": "reduced-size",
    "fig1-dc-saturates-at-unperturbed": "differs",
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
    "fig1-dc-saturates-at-unperturbed": "differs",
    "fig1-dc-light": "reproduced",
    "fig2-classical-small-hbar": "reproduced",
    "fig2-localized-large-hbar": "reproduced",
    "fig2-uncoupled-localized": "reproduced",
    "fig2-profile-exponential": "reproduced",
    "fig2-profile-gaussian": "differs",
    "fig2-profile-shape-changes": "reproduced",
    "fig3a-noise-restores-diffusion": "reproduced",
    "fig3a-classical-at-largest-W": "reproduced",
    "fig3b-transition-with-hbar": "reproduced",
    "fig3b-classical-small-hbar": "reduced-size",
    "fig3c-random-kicks-match-pair": "differs",
    "fig4-exponential-decay": "reproduced",
    "fig4-saturation": "reproduced",
    "fig4-alpha-grows-as-m-falls": "reduced-size",
    "fig4-thresholds-ordered": "reproduced",
    "fig5-power-law-weak-K2": "reproduced",
    "fig5-exponential-strong-K2": "reduced-size",
    "fig5-rate-independent-of-K2": "reduced-size",
}

globals().update(claim_tests("kicked", QUICK, FULL, corrections=set()))


@pytest.fixture(scope="module")
def quick_data(kicked_quick):
    """The quick data, computed once for this module and test_kicked_budget.py (conftest.py)."""
    return kicked_quick[0]


def test_experiments_in_paper_order():
    assert [e.name for e in paper_experiments("kicked")] == ["fig1", "fig2", "fig3a", "fig3bc", "fig4", "fig5"]
