"""Claims: a paper's quantitative statement next to what noneq measured.

Verdicts, and the evidence each requires
----------------------------------------
- ``reproduced``: the measurement agrees with the paper within the stated criterion.
- ``paper-corrected``: the paper's statement is wrong and noneq has shown it: the claim cites the derivation of
  the correct statement (``correction``: a section of ``docs/papers/<system>.md``) and the test that checks the
  corrected formula (``test``: ``tests/...::test_name``), and the measurement agrees with the corrected
  statement.
- ``reduced-size``: the run is smaller than the paper's (fewer samples, kicks, a larger hbar_eff, ...) and the
  difference is what that reduction explains: ``explanation`` says what was reduced (paper's size -> ours) and
  why it accounts for the gap.
- ``differs``: noneq disagrees with the paper for a reason it can state (``explanation``) but not settle as a
  proven error of the paper or a size effect: a different convention, a reconstructed model, an assumed value.
- ``failed``: noneq's own consistency check failed, or it disagrees with the paper without an explanation. This
  is a defect to investigate; ``noneq reproduce`` exits non-zero.

A claim's measured values must have passed noneq's own consistency check for any verdict but ``failed``.

Examples
--------
>>> judge("eq37", "mean current", paper=0.09, measured=2.14, criterion="within 1%", agrees=False,
...       correction="docs/papers/currents.md#eq-37", test="tests/currents/test_x.py::test_mean",
...       explanation="the draft drops sqrt(t)").verdict
'paper-corrected'
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

VERDICTS = ("reproduced", "paper-corrected", "reduced-size", "differs", "failed")
EXPLAINED = ("paper-corrected", "reduced-size", "differs")  # verdicts that need an explanation


@dataclass(frozen=True)
class Claim:
    """One checked statement (see module docstring); ``paper`` and ``measured`` are numbers or short strings.

    ``correction`` (docs reference) and ``test`` (test id) are the evidence of a ``paper-corrected`` verdict.
    """

    id: str
    statement: str
    paper: Any
    measured: Any
    criterion: str
    verdict: str
    explanation: str = ""
    correction: str = ""
    test: str = ""

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"claim {self.id!r}: verdict {self.verdict!r} must be one of {VERDICTS}")
        if self.verdict in EXPLAINED and not self.explanation.strip():
            raise ValueError(f"claim {self.id!r}: a {self.verdict!r} verdict needs an explanation")
        if self.verdict == "paper-corrected" and not (self.correction.startswith("docs/papers/")
                                                      and "::" in self.test):
            raise ValueError(f"claim {self.id!r}: a 'paper-corrected' verdict cites its derivation "
                             f"(docs/papers/...) and the test that checks it (tests/...::test_name)")

    def to_dict(self) -> dict[str, Any]:
        return {k: _plain(v) for k, v in asdict(self).items()}


def _plain(value: Any) -> Any:
    if hasattr(value, "item") and callable(value.item) and getattr(value, "ndim", 0) == 0:
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def judge(
    id: str,
    statement: str,
    *,
    paper: Any,
    measured: Any,
    criterion: str,
    agrees: bool,
    consistent: bool = True,
    explanation: str = "",
    correction: str = "",
    test: str = "",
    reduced: bool = False,
) -> Claim:
    """Build a `Claim` with its verdict.

    ``agrees``: the measurement matches the paper under ``criterion`` -> ``reproduced``. Otherwise, when
    ``consistent`` (noneq's own check of the measurement passed) and an ``explanation`` is given: with a
    ``correction`` (and its ``test``) -> ``paper-corrected``; with ``reduced`` -> ``reduced-size``; else
    ``differs``. Without an explanation -> ``failed``. An inconsistent measurement is ``failed`` whatever it
    agrees with.
    """
    if not consistent:
        verdict = "failed"
        explanation = explanation or "noneq's own consistency check failed"
    elif agrees:
        verdict = "reproduced"
    elif not explanation:
        verdict = "failed"
    elif correction:
        verdict = "paper-corrected"
    elif reduced:
        verdict = "reduced-size"
    else:
        verdict = "differs"
    return Claim(id=id, statement=statement, paper=paper, measured=measured, criterion=criterion,
                 verdict=verdict, explanation=explanation, correction=correction, test=test)


def verdict_counts(claims) -> dict[str, int]:
    """How many claims have each verdict (every verdict listed, in `VERDICTS` order)."""
    counts = {v: 0 for v in VERDICTS}
    for c in claims:
        verdict = c.verdict if isinstance(c, Claim) else c.get("verdict")
        if verdict in counts:
            counts[verdict] += 1
    return counts


def format_value(value: Any) -> str:
    """Short text of a claim value: numbers with 4 significant digits, sequences element-wise."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    return str(value)
