"""The checks every system's reproduction gets (tests/<system>/paper/test_<system>_claims.py): every claim's
verdict pinned in the quick profile (and, opt-in, the full one), the evidence a claim cites exists (the docs
heading of a ``paper-corrected`` verdict's ``correction``, ``docs/papers/<system>.md#<GitHub slug of a
heading>``, and the test function of its ``test``, ``tests/...py::test_name``), datasets labelled, figures drawn.

A system's test module calls ``globals().update(claim_tests("otto", QUICK, FULL, corrections={...}))``; the
fixture ``quick_data`` ({experiment name: data}, computed once per module) serves its own extra tests too.
"""

import re
from pathlib import Path

import pytest

from noneq.reproduce import paper_experiments
from noneq.reproduce.claim import EXPLAINED
from noneq.reproduce.context import RunContext
from noneq.reproduce.figures import pyplot

ROOT = Path(__file__).resolve().parents[1]


def github_slug(heading: str) -> str:
    """GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces to hyphens.

    >>> github_slug("Eq. (37): the mean current")
    'eq-37-the-mean-current'
    """
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def missing_evidence(claims) -> list[str]:
    """What the claims cite that does not exist (empty when every cited heading and test function exists)."""
    missing = []
    for claim in claims:
        if claim.correction:
            document, _, anchor = claim.correction.partition("#")
            path = ROOT / document
            headings = [line.lstrip("#") for line in path.read_text().splitlines() if line.startswith("#")] \
                if path.is_file() else []
            if anchor not in {github_slug(h) for h in headings}:
                missing.append(f"{claim.id}: {claim.correction}")
        if claim.test:
            file, _, function = claim.test.partition("::")
            path = ROOT / file
            if not (path.is_file() and re.search(rf"^def {re.escape(function)}\(", path.read_text(), re.MULTILINE)):
                missing.append(f"{claim.id}: {claim.test}")
    return missing


def compute(experiments, profile: str) -> dict:
    """{experiment name: its data} for ``profile`` ('quick' or 'full')."""
    context = RunContext(profile=profile)
    return {experiment.name: experiment.compute(context) for experiment in experiments}


def claims_of(experiments, data) -> list:
    """Every claim of ``experiments`` on ``data`` ({experiment name: data}), in order."""
    return [claim for experiment in experiments for claim in experiment.claims(data[experiment.name])]


def verdicts(experiments, data) -> dict[str, str]:
    """{claim id: verdict}; each id made once, each explained verdict with its explanation."""
    found = {}
    for claim in claims_of(experiments, data):
        assert claim.id not in found, f"claim id {claim.id!r} made twice"
        assert claim.verdict not in EXPLAINED or claim.explanation.strip(), claim.id
        found[claim.id] = claim.verdict
    return found


def claim_tests(system: str, quick: dict, full: dict, *, corrections=frozenset()) -> dict:
    """The generic tests of ``system``'s reproduction (module docstring); ``corrections``: the
    ``(correction, test)`` pairs its paper-corrected claims must cite."""
    experiments = paper_experiments(system)

    @pytest.fixture(scope="module")
    def quick_data():
        return compute(experiments, "quick")

    def test_quick_claims_have_the_pinned_verdicts(quick_data):
        assert verdicts(experiments, quick_data) == quick

    def test_cited_corrections_and_tests_exist(quick_data):
        claims = claims_of(experiments, quick_data)
        assert {(c.correction, c.test) for c in claims if c.verdict == "paper-corrected"} == set(corrections)
        assert not missing_evidence(claims)

    def test_datasets_are_labelled(quick_data):
        for name, data in quick_data.items():
            for key, ds in data.items():
                assert ds.attrs.get("system") == system, (name, key)
                assert {"parameters", "noneq_version", "seed"} <= set(ds.attrs), (name, key)
                unlabelled = [v for v in ds.data_vars if ds[v].attrs.get("units") is None
                              or not ds[v].attrs.get("long_name")]
                assert not unlabelled, (name, key, unlabelled)

    def test_figures_are_drawn(quick_data):
        for experiment in experiments:
            figures = experiment.plot(quick_data[experiment.name])
            assert figures, experiment.name
            for figure in figures.values():
                assert figure.axes, experiment.name
                pyplot().close(figure)

    @pytest.mark.slow
    def test_full_claims_have_the_pinned_verdicts():
        assert verdicts(experiments, compute(experiments, "full")) == full

    return {name: value for name, value in locals().items() if name.startswith("test_") or name == "quick_data"}
