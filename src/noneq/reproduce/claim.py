"""Claims: a paper's quantitative statement next to what noneq measured.

Verdicts
--------
``reproduced``: the measurement agrees with the paper within the stated criterion.
``differs``: it does not, and noneq knows why (the explanation, required, says why: a defect of the paper, a
    different convention, a finite-size effect, ...). The measurement itself passed noneq's own consistency check.
``failed``: noneq's own consistency check failed, or it disagrees with the paper without an explanation. This is
    a defect to investigate; ``noneq reproduce`` exits non-zero.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

VERDICTS = ("reproduced", "differs", "failed")


@dataclass(frozen=True)
class Claim:
    """One checked statement (see module docstring); ``paper`` and ``measured`` are numbers or short strings."""

    id: str
    statement: str
    paper: Any
    measured: Any
    criterion: str
    verdict: str
    explanation: str = ""

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"claim {self.id!r}: verdict {self.verdict!r} must be one of {VERDICTS}")
        if self.verdict == "differs" and not self.explanation.strip():
            raise ValueError(f"claim {self.id!r}: a 'differs' verdict needs an explanation")

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
) -> Claim:
    """Build a `Claim` with its verdict.

    ``agrees``: the measurement matches the paper under ``criterion`` -> ``reproduced``.
    Otherwise, if ``consistent`` (noneq's own check of the measurement passed) and an ``explanation`` is
    given -> ``differs``; else ``failed``. An inconsistent measurement is ``failed`` whatever it agrees with.
    """
    if not consistent:
        verdict = "failed"
        explanation = explanation or "noneq's own consistency check failed"
    elif agrees:
        verdict = "reproduced"
    elif explanation:
        verdict = "differs"
    else:
        verdict = "failed"
    return Claim(id=id, statement=statement, paper=paper, measured=measured, criterion=criterion,
                 verdict=verdict, explanation=explanation)


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
