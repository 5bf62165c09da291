"""Every claim of the kicked-top reproduction pinned by id to its verdict.

The quick experiments run once per module (the default test run); the same data check that every figure draws
and every dataset is labelled. The paper's sizes are opt-in (``--run-slow``).
"""

import pytest
import xarray as xr

from noneq.kicked_top.paper import EXPERIMENTS
from noneq.reproduce.context import RunContext
from noneq.reproduce.figures import pyplot
from claim_evidence import missing_evidence  # tests/claim_evidence.py

QUICK = {
    "fig1-identical-qubits": "reproduced", "chaos-high-entropy": "reproduced",
    "quantum-classical-resemblance": "reproduced", "low-entropy-y-axis": "reproduced",
    "low-entropy-leaves-y-axis": "reproduced", "blue-region-entropy": "reproduced", "page-value": "reproduced",
    "fig3-low-state-along-y": "reproduced", "fig3-entanglement-contrast": "reproduced",
    "fig3-equal-purity": "reproduced", "fig4-ideal-plateau": "reproduced", "fig4-low-state": "reproduced",
    "fig4-94-after-3": "reproduced", "supp-fluctuations-shrink": "reproduced", "supp-large-kappa": "reproduced",
}

FULL = {
    "fig1-identical-qubits": "reproduced", "chaos-high-entropy": "reproduced",
    "quantum-classical-resemblance": "reproduced", "low-entropy-y-axis": "reproduced",
    "low-entropy-leaves-y-axis": "reproduced", "blue-region-entropy": "reproduced", "page-value": "reproduced",
    "fig3-low-state-along-y": "reproduced", "fig3-entanglement-contrast": "reproduced",
    "fig3-equal-purity": "reproduced", "fig4-ideal-plateau": "reproduced", "fig4-low-state": "reproduced",
    "fig4-94-after-3": "reproduced", "supp-fluctuations-shrink": "reproduced", "supp-large-kappa": "reproduced",
}


def claim_verdicts(data_by_experiment):
    return {claim.id: claim.verdict for experiment in EXPERIMENTS
            for claim in experiment.claims(data_by_experiment[experiment.name])}


@pytest.fixture(scope="module")
def quick_data():
    return {experiment.name: experiment.compute(RunContext(quick=True)) for experiment in EXPERIMENTS}


def test_quick_claims_have_the_pinned_verdicts(quick_data):
    assert claim_verdicts(quick_data) == QUICK


def test_cited_corrections_and_tests_exist(quick_data):
    """Whatever a claim cites as evidence (a docs heading, a test) exists (no claim is paper-corrected today)."""
    assert not missing_evidence([c for e in EXPERIMENTS for c in e.claims(quick_data[e.name])])


def test_claims_state_their_criterion_in_the_project_vocabulary(quick_data):
    for experiment in EXPERIMENTS:
        for claim in experiment.claims(quick_data[experiment.name]):
            assert claim.criterion, claim.id
            text = " ".join(str(part) for part in (claim.statement, claim.criterion, claim.explanation))
            assert "step" not in text, claim.id  # the vocabulary is kicks


def test_every_figure_draws(quick_data):
    plt = pyplot()
    names = []
    for experiment in EXPERIMENTS:
        figures = experiment.plot(quick_data[experiment.name])
        assert figures, experiment.name
        for name, figure in figures.items():
            assert figure.axes, name
            plt.close(figure)
        names += list(figures)
    assert {"fig1b_bloch_vector", "fig2c_time_averaged", "fig2d_classical_stroboscopic", "fig3_pauli_correlators",
            "fig4_overlap", "supp_fluctuations"} <= set(names)


def test_every_dataset_is_labelled(quick_data):
    for experiment in EXPERIMENTS:
        for key, ds in quick_data[experiment.name].items():
            assert isinstance(ds, xr.Dataset), key
            assert "step" not in ds.dims and "system" in ds.attrs, key
            for name, variable in ds.data_vars.items():
                if name == "point_seed":  # added by the sweep machinery
                    continue
                assert {"units", "long_name"} <= set(variable.attrs), (key, name)


@pytest.mark.slow
def test_full_claims_have_the_pinned_verdicts():
    data = {experiment.name: experiment.compute(RunContext(quick=False)) for experiment in EXPERIMENTS}
    assert claim_verdicts(data) == FULL
