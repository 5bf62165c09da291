"""Every claim of the kicked-top reproduction pinned to its verdict (quick sizes in the default run, full sizes
opt-in), with the checks every reproduction gets (tests/paper_checks.py)."""

from noneq.reproduce import paper_experiments
from noneq.reproduce.figures import pyplot
from paper_checks import claim_tests, claims_of  # tests/paper_checks.py

QUICK = {
    "fig1-identical-qubits": "reproduced", "chaos-high-entropy": "reproduced",
    "quantum-classical-resemblance": "reproduced", "low-entropy-y-axis": "reproduced",
    "low-entropy-leaves-y-axis": "reproduced", "blue-region-entropy": "reproduced", "page-value": "reproduced",
    "fig3-low-state-along-y": "reproduced", "fig3-entanglement-contrast": "reproduced",
    "fig3-equal-purity": "reproduced", "fig4-ideal-plateau": "reproduced", "fig4-low-state": "reproduced",
    "fig4-94-after-3": "reproduced", "supp-fluctuations-shrink": "reproduced", "supp-large-kappa": "reproduced",
}
FULL = dict(QUICK)  # the full sizes give the same verdicts

globals().update(claim_tests("kicked-top", QUICK, FULL, corrections=set()))


def test_claims_and_datasets_use_the_project_vocabulary(quick_data):
    for claim in claims_of(paper_experiments("kicked-top"), quick_data):
        assert claim.criterion, claim.id
        text = " ".join(str(part) for part in (claim.statement, claim.criterion, claim.explanation))
        assert "step" not in text, claim.id  # the vocabulary is kicks
    for data in quick_data.values():
        assert all("step" not in ds.dims for ds in data.values())


def test_the_papers_figures_are_all_drawn(quick_data):
    names = []
    for experiment in paper_experiments("kicked-top"):
        figures = experiment.plot(quick_data[experiment.name])
        names += list(figures)
        for figure in figures.values():
            pyplot().close(figure)
    assert {"fig1b_bloch_vector", "fig2c_time_averaged", "fig2d_classical_stroboscopic", "fig3_pauli_correlators",
            "fig4_overlap", "supp_fluctuations"} <= set(names)
