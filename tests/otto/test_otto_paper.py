"""The reproduction runs end to end in quick mode: datasets labelled, no failed claim, figures drawn."""

from noneq.reproduce import paper_experiments
from noneq.reproduce.context import RunContext


def test_quick_reproduction_has_no_failed_claim_and_labelled_outputs():
    context = RunContext(quick=True)
    for experiment in paper_experiments("otto"):
        data = experiment.compute(context)
        for ds in data.values():
            assert "noneq_version" in ds.attrs and "seed" in ds.attrs
            for var in ds.data_vars.values():
                assert "units" in var.attrs and "long_name" in var.attrs
        claims = experiment.claims(data)
        assert claims and all(c.verdict != "failed" for c in claims), [c for c in claims if c.verdict == "failed"]
        figures = experiment.plot(data)
        assert figures
        from noneq.reproduce.figures import pyplot
        for figure in figures.values():
            pyplot().close(figure)
