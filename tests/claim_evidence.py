"""The evidence a claim cites must exist: the docs heading of a ``paper-corrected`` verdict's ``correction``
(``docs/papers/<system>.md#<GitHub slug of a heading>``) and the test function of its ``test``
(``tests/...py::test_name``). Shared by the systems' claim tests (tests/<system>/paper/test_<system>_claims.py)."""

import re
from pathlib import Path

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
